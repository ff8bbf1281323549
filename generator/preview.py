"""`mkdocs serve`: the office's preview, shown again about a second after a save at any archive size.

- Scope: the newest `years` of the archive are previewed (0: all), and any year whose files change while serving;
  the rest is the full build's. Start-up does not wait for ten years of pages.
- With `--dirty`, MkDocs builds again only the pages whose source is newer than their HTML. The preview makes that
  exact for this site: the generated pages and downloads are files of their own, each written only when its content
  changed, so its modification time says whether it did; a page in the nav that is not built again is read for its
  title, which the others' nav shows; and when what every page shows changes (the nav and its titles, the theme,
  mkdocs.yml, the settings, the commit the dates come from), the served folder is emptied and every page is built.
"""
from __future__ import annotations

import logging
import shutil
import tempfile
from dataclasses import replace
from pathlib import Path

from mkdocs.structure.files import File
from mkdocs.structure.nav import Navigation
from mkdocs.utils import clean_directory

from .model import Archive, Year

log = logging.getLogger("mkdocs.plugins.registers")


class Preview:
    def __init__(self, years: int, dirty: bool):
        self.years = years
        self.dirty = dirty
        self.folder = Path(tempfile.mkdtemp(prefix="registers-preview-"))
        self.read: dict[int, Year] = {}  # the records of the last read: the cache hands out the same until edited
        self.edited: set[int] = set()
        self.kept: list[int] = []
        self.shown: tuple = ()  # what every page showed at the last build

    def scope(self, archive: Archive) -> Archive:
        """The archive as previewed: its newest years and those edited since serving began."""
        self.edited |= {year.year for year in archive.years if self.read.get(year.year, year) is not year}
        self.read = {year.year: year for year in archive.years}
        kept = [year for n, year in enumerate(archive.years)
                if not self.years or n < self.years or year.year in self.edited]
        if len(kept) < len(archive.years) and [year.year for year in kept] != self.kept:
            left = sorted(set(self.read) - {year.year for year in kept})
            log.info(f"预览包含 {'、'.join(str(year.year) for year in kept)} 年；{_span(left)} 年不在预览中"
                     "（修改其数据时自动加入；预览全部年份：PREVIEW_YEARS=0 mkdocs serve --dirty）")
        self.kept = [year.year for year in kept]
        return replace(archive, years=kept)

    def file(self, config, uri: str, content: str | bytes) -> File:
        """A generated page or download as a file of the preview's folder, rewritten only when it changed."""
        path = self.folder / uri
        data = content.encode("utf-8") if isinstance(content, str) else content
        if not path.is_file() or path.read_bytes() != data:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        return File.generated(config, uri, abs_src_path=str(path))

    def settle(self, nav: Navigation, config, shown: tuple) -> None:
        """Before MkDocs reads the pages: each page of the nav is read for its title, which the nav of the pages built
        again shows (MkDocs reads only those); if what every page shows changed (`shown`, and the nav's titles), every page is built again."""
        if not self.dirty:
            return
        for page in nav.pages:
            page.read_source(config)
        shown = (shown, [(page.url, page.title) for page in nav.pages], _stamps(config))
        if shown != self.shown:
            clean_directory(config.site_dir)
        self.shown = shown

    def close(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


def quiet_dirty_warning() -> None:
    """MkDocs warns of every dirty build that its nav may be inaccurate, which `strict` counts as a failure; the
    preview keeps the nav exact (`settle`), so the warning goes."""
    build_log = logging.getLogger("mkdocs.commands.build")
    if not any(isinstance(f, _DirtyWarning) for f in build_log.filters):
        build_log.addFilter(_DirtyWarning())


class _DirtyWarning(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("A 'dirty' build is being performed")


def _span(years: list[int]) -> str:
    return f"{years[0]}–{years[-1]}" if len(years) > 1 else str(years[0])


def _stamps(config) -> list[tuple[str, int]]:
    """mkdocs.yml's and the theme's files' modification times."""
    paths = [Path(config.config_file_path)]
    if custom := config.theme.custom_dir:
        paths += sorted(path for path in Path(custom).rglob("*") if path.is_file())
    return [(str(path), path.stat().st_mtime_ns) for path in paths]
