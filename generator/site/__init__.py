"""The generated pages and downloads of an archive, rendered again only for the years that changed.

`mkdocs serve` rebuilds after each edit. The plugin keeps one `Site`, and one `registry.Cache`, across its
rebuilds: a year whose records are the very objects of the last render (the cache did not read it again),
on the same day, keeps its pages and downloads. The home page and the feed, which list every year, are
rendered each time.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from generator.derive.bulletins import Bulletin, bulletins
from generator.derive.progress import Progress, derive
from generator.derive.publish import public_view
from generator.model import Archive, Disclosure, Settings, Year
from generator.read.history import History, newest
from generator.site import disclosure, identity, opendata
from generator.site.opendata import Download
from generator.site.pages import Page, feed_page, home_page, nav, year_pages
from generator.site.render import environment
from generator.site.urls import Urls


@dataclass
class _Rendered:
    year: Year  # as read: the cache hands out the same object while its files are unchanged
    as_of: dt.date
    history: History  # read once per commit: the same object until HEAD moves
    index_code: str  # the settings' code the 索引号 are made with
    public: Year
    progress: Progress
    issued: list[Bulletin]
    pages: list[Page]
    downloads: list[Download]


def generate(archive: Archive, as_of: dt.date, example: bool = False, history: History | None = None) -> Site:
    """The pages and downloads of the published `archive` (see `publish`), each made when first asked for; dated
    from `history` (none by default)."""
    site = Site(example)
    site.render(archive, as_of, history or History())
    return site


class Site:
    def __init__(self, example: bool = False):
        self.example = example
        self.env = environment()
        self.years: dict[int, _Rendered] = {}  # newest first, as the archive lists them
        self.settings = Settings()
        self.disclosure = Disclosure()
        self.pages: list[Page] = []
        self.downloads: list[Download] = []

    def render(self, archive: Archive, as_of: dt.date, history: History) -> list[int]:
        """Lists the pages and downloads of `archive`, each made when first asked for; returns the years listed anew
        (the others, with what was made of them, are kept as they were)."""
        self.settings = archive.settings
        self.disclosure = archive.disclosure
        changed = []
        years = {}
        for year in archive.years:
            done = self.years.get(year.year)
            if (
                done is None
                or done.year is not year
                or done.as_of != as_of
                or done.history is not history
                or done.index_code != self.settings.index_code
            ):
                done = self._render_year(year, as_of, history)
                changed.append(year.year)
            years[year.year] = done
        self.years = years
        issued = {number: done.issued for number, done in years.items()}
        progress = {number: done.progress for number, done in years.items()}
        pages = [page for done in years.values() for page in done.pages]
        updated = newest(page.updated for page in pages)
        self.pages = [
            home_page(self.env, self.published, issued, progress, self.example, updated),
            *pages,
            feed_page(self.published, issued, self.example, updated),
            *disclosure.pages(self.env, self.published, self.disclosure, self.settings, updated),
            Page(identity.SITEMAP, lambda: identity.SITEMAP_PAGE),
        ]
        self.downloads = [download for done in years.values() for download in done.downloads]
        self.downloads += disclosure.downloads(self.published, as_of)
        return changed

    def menu(self) -> list:
        """The readers' menu of the generated pages, as mkdocs.yml's `nav` (the hand-written pages go after it)."""
        return nav(self.published) + [disclosure.nav(self.disclosure, self.published)]

    @property
    def published(self) -> list[Year]:
        """The years as published (see `publish.published`), newest first."""
        return [done.public for done in self.years.values()]

    def _render_year(self, year: Year, as_of: dt.date, history: History) -> _Rendered:
        public = public_view(year)
        history.date_documents(public, self.settings.index_code)
        progress = derive(public, as_of)
        issued = bulletins(progress)
        tables = opendata.tables(public, progress, self.example)
        return _Rendered(
            year,
            as_of,
            history,
            self.settings.index_code,
            public,
            progress,
            issued,
            year_pages(self.env, public, progress, issued, tables, history),
            opendata.year_downloads(public, tables, as_of, Urls(year.year), self.example),
        )
