"""The generated part of one MkDocs build, for the plugin (plugin.py): read → derive → site, then what MkDocs asks
for — the pages and downloads as files, the nav, each page's 更新日期 and meta tags."""

from __future__ import annotations

import logging
from dataclasses import replace
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.utils.meta import get_data

from generator.derive.progress import build_date
from generator.engine.preview import Incremental, Scope
from generator.engine.search import SearchIndexPlugin
from generator.read import history
from generator.read.problems import DataError
from generator.read.registry import Cache, read_archive
from generator.site import Site, identity

log = logging.getLogger("mkdocs.plugins.registers")


class Generated:
    def __init__(
        self,
        data_dir: Path,
        example_dir: Path | None,
        mirror: bool,
        scope: Scope | None,
        incremental: Incremental | None,
    ):
        self.folders = [path for path in (data_dir, example_dir) if path]
        self.example = example_dir is not None
        self.mirror = mirror  # a preview or mirror (GitHub Pages): not official, whatever the settings say
        self.scope = scope  # `serve`: the years previewed
        self.incremental = incremental
        self.cache = Cache() if scope else None  # what was read, for the next rebuild of `serve`
        self.site = Site(self.example)  # kept by `serve`: a year whose records did not change keeps its pages
        self.noted = ""  # why pages have no 发布日期 and 更新日期, once said

    def configure(self, config) -> None:
        """Reads and renders the data; gives MkDocs the nav, and the theme the settings (config.extra)."""
        try:
            archive = read_archive(*self.folders, cache=self.cache)
        except DataError as err:
            raise PluginError(f"数据检查未通过，网站未生成（原有 site/ 保持不变）：\n\n{err.report()}") from None
        if self.scope:
            archive = self.scope.of(archive)
        self.settings = replace(archive.settings, official=False) if self.mirror else archive.settings
        if not self.scope and not config.site_url and self.settings.site_url:
            config.site_url = self.settings.site_url  # `serve` sets its own address: the settings' is for the tags
        site_url = self.settings.site_url if self.scope else config.site_url or ""
        config.extra["identity"] = identity.theme(self.settings, config.site_name, site_url)
        config.extra["example"] = self.example  # the theme shows the 示例数据 banner
        self.robots = identity.robots(site_url)
        self.history = history.read(self.folders, Path(config.docs_dir))
        if self.history.note and self.history.note != self.noted:
            log.info(self.history.note)  # not a warning: a build without history is a good build
        self.noted = self.history.note
        again = bool(self.site.years)
        for year in self.site.render(archive, build_date(), self.history):
            if again:
                log.info(f"已重新生成 {year} 年的页面")  # its data changed (or the day did)
        if not config.nav:
            config.nav = self.site.menu() + sorted(_hand_written(Path(config.docs_dir)))
        self.updated = {page.uri: page.updated for page in self.site.pages}
        self.columns = identity.columns(config.nav)
        self.articles = identity.articles(self.site.pages)

    def files(self, config) -> list[File]:
        """The generated pages, downloads, robots.txt and, on the official site, the 党政机关网站标识 image."""
        made = [(page.uri, page.markdown) for page in self.site.pages]
        made += [(download.uri, download.content) for download in self.site.downloads]  # CSV, JSON, Excel…
        made.append(("robots.txt", self.robots))
        if self.incremental:
            files = [self.incremental.file(config, uri, content) for uri, content in made]
        else:
            files = [File.generated(config, uri, content=content) for uri, content in made]
        if mark := identity.mark_uri(self.settings):
            files.append(File.generated(config, mark, abs_src_path=str(self.settings.mark)))
        if not self.scope:
            self.site = Site(self.example)  # no rebuild will reuse the records: 10 years, 40 MB less at the peak
        return files

    def shown(self, config) -> tuple:
        """What every page shows beyond its own Markdown: when it changes, the preview builds every page again."""
        return repr(config.extra), self.history.note, self.history.root, tuple(self.updated)

    def date(self, files: Files, config) -> None:
        """Each page's 更新日期 (theme/sitemap.xml's lastmod): its content's, or its file's last commit; none when
        unknown (no history), rather than MkDocs' build date. A dirty build's pages not built again are read first."""
        if self.incremental:
            self.incremental.read_rest(files, config)
        for file in files.documentation_pages():
            uri = file.src_uri
            updated = self.updated[uri] if uri in self.updated else self.history.file(file.abs_src_path)
            file.page.lastmod = updated.isoformat() if updated else None
            if updated:
                file.page.update_date = file.page.lastmod

    def page_tags(self, uri: str, title: str) -> list[tuple[str, str]]:
        """The page's own meta tags for machines that read government pages (theme/main.html)."""
        column = identity.column_of(uri, self.columns)
        return identity.page_tags(title, column, self.articles.get(uri), self.settings.sponsor)

    def inform(self, index: SearchIndexPlugin) -> None:
        """What the search index knows of the data beyond the pages' text: a unit's other names find what its name
        finds; results may be ordered by date; an item's text, which its title shortens, may be typed in pinyin."""
        published = self.site.published
        index.synonyms = {alias: unit.name for year in published for unit in year.units for alias in unit.aliases}
        index.dates = {page.uri: page.date for page in self.site.pages if page.date}
        index.vocabulary = [item.text for year in published for item in year.items()]
        index.kept = self.incremental.search if self.incremental else None

    def settle(self, nav: Navigation, config) -> None:
        """Before a dirty build reads the pages: what it builds again (preview.py)."""
        if self.incremental:
            self.incremental.settle(nav, config, self.shown(config))

    def prune(self, files: Files, config) -> None:
        """After a dirty build: the files of pages gone, removed."""
        if self.incremental:
            self.incremental.prune(files, config)

    def close(self) -> None:
        if self.incremental:
            self.incremental.close()


def _hand_written(docs_dir: Path) -> list[str]:
    """The hand-written pages for the readers' nav: not the staff's (front matter `staff: true`)."""
    return [
        path.relative_to(docs_dir).as_posix()
        for path in docs_dir.rglob("*.md")
        if not get_data(path.read_text(encoding="utf-8"))[1].get("staff")
    ]
