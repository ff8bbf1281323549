"""Builds that do again only what changed: the office's preview (`mkdocs serve --dirty`), shown again about a second
after a save at any archive size, and CI's rebuild over a cache of the previous build (`mkdocs build --dirty` with
SITE_CACHE).

- Scope (`serve` only): the newest `years` of the archive are previewed (0: all), and any year whose files change
  while serving; the rest is the full build's. Start-up does not wait for ten years of pages.
- Incremental: with `--dirty`, MkDocs builds again only the pages whose source is newer than their HTML. This makes
  that exact for this site: the generated pages and downloads are files of their own, each written only when its
  content changed, so its modification time says whether it did; a page in the nav is read for its title, which the
  nav of the pages built again shows; when what every page shows changes (the nav and its titles, the theme,
  mkdocs.yml, the generator's code, the settings, the commit the dates come from), the site folder is emptied and
  every page is built again; files of pages gone are removed.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import logging
import os
import shutil
import tempfile
from dataclasses import replace
from pathlib import Path

from mkdocs.structure.files import File
from mkdocs.structure.nav import Navigation
from mkdocs.utils import clean_directory

from generator.model import Archive, Year

log = logging.getLogger("mkdocs.plugins.registers")
CODE = Path(__file__).parent.parent  # the generator: its templates and code make the pages


class Scope:
    def __init__(self, years: int):
        self.years = years
        self.read: dict[int, Year] = {}  # the records of the last read: the cache hands out the same until edited
        self.edited: set[int] = set()
        self.kept: list[int] = []

    def of(self, archive: Archive) -> Archive:
        """The archive as previewed: its newest years and those edited since serving began."""
        self.edited |= {year.year for year in archive.years if self.read.get(year.year, year) is not year}
        self.read = {year.year: year for year in archive.years}
        kept = [
            year for n, year in enumerate(archive.years) if not self.years or n < self.years or year.year in self.edited
        ]
        if len(kept) < len(archive.years) and [year.year for year in kept] != self.kept:
            left = sorted(set(self.read) - {year.year for year in kept})
            log.info(
                f"预览包含 {'、'.join(str(year.year) for year in kept)} 年；{_span(left)} 年不在预览中"
                "（修改其数据时自动加入；预览全部年份：PREVIEW_YEARS=0 mkdocs serve --dirty）"
            )
        self.kept = [year.year for year in kept]
        return replace(archive, years=kept)


class Incremental:
    """`cache`: a folder kept between builds (CI); None for one of this process's own (`serve`)."""

    def __init__(self, cache: Path | None):
        self.kept = cache is not None
        self.folder = cache or Path(tempfile.mkdtemp(prefix="registers-preview-"))
        self.folder.mkdir(parents=True, exist_ok=True)
        self.mark = self.folder / "shown"  # what every page showed at the last build, as a digest
        self.shown = self.mark.read_text("utf-8") if self.kept and self.mark.is_file() else ""
        self.search = self.folder / "search.json" if self.kept else None  # the search index's records

    def file(self, config, uri: str, content: str | bytes) -> File:
        """A generated page or download as a file of the folder, rewritten only when it changed."""
        path = self.folder / "docs" / uri
        data = content.encode("utf-8") if isinstance(content, str) else content
        if not path.is_file() or path.read_bytes() != data:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        return File.generated(config, uri, abs_src_path=str(path))

    def settle(self, nav: Navigation, config, shown: tuple) -> None:
        """Before MkDocs reads the pages: each page of the nav is read for its title, which the nav of the pages built
        again shows (MkDocs reads only those); if what every page shows changed, every page is built again."""
        for page in nav.pages:
            page.read_source(config)
        digest = hashlib.sha256(repr((shown, [(p.url, p.title) for p in nav.pages], _code(config))).encode())
        if digest.hexdigest() != self.shown:
            clean_directory(config.site_dir)
            self.shown = digest.hexdigest()
            if self.kept:
                self.mark.write_text(self.shown, "utf-8")

    def read_rest(self, files, config) -> None:
        """Once MkDocs has read the pages it builds again: the others read too, for what sitemap.xml and the nav
        take from each (its title, a staff page's front matter)."""
        for file in files.documentation_pages():
            if file.page.markdown is None:
                file.page.read_source(config)

    def prune(self, files, config) -> None:
        """The site's files that this build did not make (a page removed since the last), removed."""
        made = {file.dest_uri for file in files}
        for template in config.theme.static_templates:
            made |= {template, f"{template}.gz"}
        site = Path(config.site_dir)
        for root, _, names in os.walk(site, topdown=False):
            here = Path(root).relative_to(site)
            if here.parts and here.parts[0].startswith("search-index"):
                continue
            for name in names:
                if (here / name).as_posix() not in made:
                    (Path(root) / name).unlink()
            if here.parts and not os.listdir(root):
                os.rmdir(root)

    def close(self) -> None:
        if not self.kept:
            shutil.rmtree(self.folder, ignore_errors=True)


def quiet_dirty_warning() -> None:
    """MkDocs warns of every dirty build that its nav may be inaccurate, which `strict` counts as a failure;
    Incremental keeps the nav exact, so the warning goes."""
    build_log = logging.getLogger("mkdocs.commands.build")
    if not any(isinstance(f, _DirtyWarning) for f in build_log.filters):
        build_log.addFilter(_DirtyWarning())


class _DirtyWarning(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("A 'dirty' build is being performed")


def _span(years: list[int]) -> str:
    return f"{years[0]}–{years[-1]}" if len(years) > 1 else str(years[0])


def _code(config) -> str:
    """A digest of what shapes every page beyond the data: mkdocs.yml, the theme, the generator, their versions."""
    digest = hashlib.sha256(Path(config.config_file_path).read_bytes())
    for name in ("mkdocs", "mkdocs-material"):
        digest.update(importlib.metadata.version(name).encode())
    for folder in [CODE] + ([Path(config.theme.custom_dir)] if config.theme.custom_dir else []):
        for path in sorted(path for path in folder.rglob("*") if path.is_file() and "__pycache__" not in path.parts):
            digest.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()
