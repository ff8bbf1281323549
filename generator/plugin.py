"""MkDocs plugin: validates `data/` and adds the generated pages, so `mkdocs build` and `serve` just work.

`mkdocs build` is atomic (aside.py): a failed build, strict-mode warnings included, leaves the previous site as it
was. `serve`, `gh-deploy` and `--dirty` build in place.
With `--strict`, warnings fail the build even with `--quiet` (and are shown).
`mkdocs build` renders the pages and writes the downloads in processes of their own while MkDocs works
(background.py); `serve` makes them itself, once per year, and keeps them for the next rebuild.
"""
from __future__ import annotations

import errno
import logging
from dataclasses import replace
from pathlib import Path

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.exceptions import Abort, PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files
from mkdocs.utils.meta import get_data

from . import background, disclosure, forked, history, identity
from .aside import AsideBuild
from .pages import nav
from .problems import DataError
from .progress import build_date
from .registry import Cache, read_archive
from .search import SearchIndexPlugin
from .site import Site


class RegistersConfig(Config):
    data_dir = c.Type(str, default="data")
    example_dir = c.Optional(c.Type(str))  # example progress data read alongside data/: every page says 示例数据
    mirror = c.Type(bool, default=False)  # a preview or mirror (GitHub Pages): not official, whatever the settings say


log = logging.getLogger("mkdocs.plugins.registers")


class RegistersPlugin(BasePlugin[RegistersConfig]):
    atomic = False  # set by on_startup: only `mkdocs build` (clean) builds aside and swaps
    aside: AsideBuild | None = None  # the build under way, beside the site it replaces
    built = False  # every post_build ran; a strict-mode abort comes after, through on_build_error
    site: Site | None = None  # kept, with the cache of what was read, across the rebuilds of `mkdocs serve`
    # `mkdocs build` renders the pages and writes the downloads in processes of their own (background.py)
    stream: background.PageStream | None = None
    writer: background.DownloadWriter | None = None
    noted = ""  # why pages have no 发布日期 and 更新日期, once said

    def on_startup(self, *, command, dirty):
        self.atomic = command == "build" and not dirty
        self.serving = command == "serve"  # then no fork: the server runs threads
        self.cache = Cache() if self.serving else None  # what was read, for the next rebuild (memory: only then)

    def on_config(self, config):
        if config.strict and logging.getLogger("mkdocs").level > logging.WARNING:
            # `--quiet` raises mkdocs' logger to ERROR, so warnings are never made and `--strict` lets a broken
            # link through (MkDocs 1.6). Under --strict a warning fails the build: show it, and count it.
            logging.getLogger("mkdocs").setLevel(logging.WARNING)
        root = Path(config.config_file_path).parent
        self.data_dir = root / self.config.data_dir
        example_dir = root / self.config.example_dir if self.config.example_dir else None
        try:
            archive = read_archive(self.data_dir, example_dir, cache=self.cache, forking=not self.serving)
        except DataError as err:
            raise PluginError(f"数据检查未通过，网站未生成（原有 site/ 保持不变）：\n\n{err.report()}") from None
        config.extra["example"] = example_dir is not None  # the theme shows the 示例数据 banner
        settings = replace(archive.settings, official=False) if self.config.mirror else archive.settings
        self._identify(settings, config)
        self.watched = [path for path in (self.data_dir, example_dir) if path]
        self.history = history.read(self.watched, Path(config.docs_dir))
        if self.history.note and self.history.note != self.noted:
            log.info(self.history.note)  # not a warning: a build without history is a good build
        self.noted = self.history.note
        self._render(archive, example_dir is not None)
        self.updated = {page.uri: page.updated for page in self.site.pages}
        if index := config.plugins.get("search-index"):
            _inform(index, self.site)
        if not self.serving and forked.available():  # the pages are rendered meanwhile
            streamed = [page for page in self.site.pages if background.PageStream.takes(page)]
            self.stream = background.PageStream(streamed)
        if not config.nav:
            config.nav = (nav(self.site.published) + [disclosure.nav(self.site.disclosure, self.site.published)]
                          + sorted(_hand_written(Path(config.docs_dir))))
        self.columns = identity.columns(config.nav)
        self.articles = identity.articles(self.site.pages)
        if self.atomic:
            self.aside, self.built = AsideBuild(Path(config.site_dir)), False
            config.site_dir = str(self.aside.folder)
        return config

    def _identify(self, settings, config) -> None:
        """The settings to the theme (config.extra.identity); their site_url for MkDocs, unless mkdocs.yml gives one
        (`serve` sets its own address: the settings' is kept for the meta tags)."""
        if not self.serving and not config.site_url and settings.site_url:
            config.site_url = settings.site_url
        self.settings = settings
        self.site_url = settings.site_url if self.serving else config.site_url or ""
        config.extra["identity"] = identity.theme(settings, config.site_name, self.site_url)

    def _render(self, archive, example: bool) -> None:
        rebuild = self.site is not None and self.site.example == example
        if not rebuild:
            self.site = Site(example)
        for year in self.site.render(archive, build_date(), self.history):
            if rebuild:
                log.info(f"已重新生成 {year} 年的页面")  # its data changed (or the day did)

    def on_pre_page(self, page, *, config, files):
        """The page's 更新日期, which theme/sitemap.xml gives as lastmod (`page.lastmod`): its content's, or its file's
        last commit; none when unknown (no history), rather than MkDocs' build date (`update_date`, which MkDocs also
        dates sitemap.xml.gz by), which would say every page changed that day."""
        uri = page.file.src_uri
        updated = self.updated[uri] if uri in self.updated else self.history.file(page.file.abs_src_path)
        page.lastmod = updated.isoformat() if updated else None
        if updated:
            page.update_date = page.lastmod
        return page

    def on_post_build(self, config):
        self.built = True

    def on_build_error(self, error):
        self.built = False  # on_shutdown, which MkDocs runs after a failed build too, discards it
        self._stop_workers()
        if isinstance(error, OSError):  # a full disk, say: said in words, not as a traceback
            cause = "磁盘空间不足" if error.errno in (errno.ENOSPC, errno.EDQUOT) else error.strerror
            raise PluginError(f"写入网站文件时出错：{cause}（{error.filename or ''}），网站未生成（原有 site/ 保持不变）。") from None

    def on_shutdown(self):
        self._stop_workers()
        aside, self.aside = self.aside, None
        if aside is None:
            return
        if not self.built:
            aside.discard()
            return
        try:
            aside.swap_in()
        except OSError as err:
            raise Abort(f"网站已生成，但无法替换 {aside.target}（{err}）；新生成的网站在 {aside.folder}。") from None
        log.info(f"已用新生成的网站整体替换 {aside.target}")

    def on_files(self, files: Files, config) -> Files:
        for source_map in [file for file in files if file.src_uri.endswith(".map")]:  # Material's, for its developers
            files.remove(source_map)
        site = self.site
        if not self.serving:  # no rebuild will reuse the records (10 years: 40 MB less at the peak)
            self.site = None
        if self.stream is not None:
            made = self._made_aside(site, config)
        else:  # serving (made once a year, kept for the next rebuild), or no fork
            made = _made_here(site, config)
        for file in made + self._identity_files(config):
            files.append(file)
        return files

    def _identity_files(self, config) -> list[File]:
        """The 网站地图 page, robots.txt and, on the official site, the 党政机关网站标识 image."""
        made = [File.generated(config, identity.SITEMAP, content=identity.SITEMAP_PAGE),
                File.generated(config, "robots.txt", content=identity.robots(self.site_url))]
        if mark := identity.mark_uri(self.settings):
            made.append(File.generated(config, mark, abs_src_path=str(self.settings.mark)))
        return made

    def on_page_context(self, context, page, config, nav):
        """The page's own meta tags for machines that read government pages (theme/main.html)."""
        column = identity.column_of(page.file.src_uri, self.columns)
        context["page_tags"] = identity.page_tags(page.title or "", column, self.articles.get(page.file.src_uri),
                                                  self.settings.sponsor)
        return context

    def _made_aside(self, site: Site, config) -> list[File]:
        """The pages rendered, and the downloads written, by processes of their own while MkDocs works."""
        self.writer = background.DownloadWriter(site.downloads, Path(config.site_dir))  # site_dir is clean now
        streamed = [background.StreamedPage.of(config, uri, self.stream) for uri in self.stream.uris]
        feed = [File.generated(config, page.uri, content=page.markdown) for page in site.pages
                if not background.PageStream.takes(page)]  # made here
        written = [File.generated(config, d.uri, abs_src_path=str(path))
                   for d, path in zip(site.downloads, self.writer.paths)]
        return streamed + feed + written

    def on_env(self, env, config, files):
        if self.writer is not None:  # every page is read; MkDocs copies the downloads next
            self.writer.wait()
            self._stop_workers()
        return env

    def _stop_workers(self):
        for worker in (self.stream, self.writer):
            if worker is not None:
                worker.stop()
        self.stream = self.writer = None

    def on_serve(self, server, config, builder):
        for path in self.watched:
            server.watch(str(path))
        return server


def _made_here(site: Site, config) -> list[File]:
    return ([File.generated(config, page.uri, content=page.markdown) for page in site.pages]
            + [File.generated(config, d.uri, content=d.content) for d in site.downloads])  # CSV, JSON, Excel…


def _inform(index: SearchIndexPlugin, site: Site) -> None:
    """What the search index knows of the data beyond the pages' text: a unit's other names find what its name finds;
    results may be ordered by date; an item's text, which its title shortens, may be typed in pinyin."""
    index.synonyms = {alias: unit.name for year in site.published for unit in year.units for alias in unit.aliases}
    index.dates = {page.uri: page.date for page in site.pages if page.date}
    index.vocabulary = [item.text for year in site.published for item in year.items()]


def _hand_written(docs_dir: Path) -> list[str]:
    """The hand-written pages for the readers' nav: not the staff's (front matter `staff: true`)."""
    return [path.relative_to(docs_dir).as_posix() for path in docs_dir.rglob("*.md")
            if not get_data(path.read_text(encoding="utf-8"))[1].get("staff")]
