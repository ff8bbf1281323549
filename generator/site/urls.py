"""Where each page is: its path in the docs tree, derived from ids only (never from titles), and its address."""

from __future__ import annotations

import posixpath

from generator.derive.bulletins import Bulletin
from generator.model import Document, Item, Leader, Register, Unit


def address(uri: str) -> str:
    """A page's path in the docs tree → its address from the site's root, as MkDocs writes it (use_directory_urls):
    2025/tasks/053.md → 2025/tasks/053/, 2025/index.md → 2025/."""
    path = uri.removesuffix(".md")
    return path.removesuffix("index") if posixpath.basename(path) == "index" else f"{path}/"


class Urls:
    """Page paths, derived from ids only (never from titles), so they stay stable."""

    def __init__(self, year: int):
        self.year = year

    def home(self) -> str:
        return f"{self.year}/index.md"

    def document(self, document: Document) -> str:
        return f"{self.year}/documents/{document.id}.md"

    def register(self, register: Register) -> str:
        return f"{self.year}/{register.kind.slug}/index.md"

    def item(self, item: Item) -> str:
        return f"{self.year}/{item.kind.slug}/{item.id}.md"

    def personnel(self) -> str:
        return f"{self.year}/personnel.md"

    def leaders(self) -> str:
        return f"{self.year}/leaders/index.md"

    def leader(self, leader: Leader) -> str:
        return f"{self.year}/leaders/{leader.id}.md"

    def units(self) -> str:
        return f"{self.year}/units/index.md"

    def unit(self, unit: Unit) -> str:
        return f"{self.year}/units/{unit.id}.md"

    def bulletins(self) -> str:
        return f"{self.year}/bulletins/index.md"

    def bulletins_of(self, kind: str) -> str:
        """The bulletins of one kind (monthly, quarterly, completion, event): the index's filters, without a script."""
        return f"{self.year}/bulletins/{kind}.md"

    def bulletin(self, bulletin: Bulletin) -> str:
        return f"{self.year}/bulletins/{bulletin.slug}.md"

    def dashboard(self) -> str:
        return f"{self.year}/dashboard.md"

    def lagging(self) -> str:
        """The dashboard's list of the items behind schedule now (its heading's id)."""
        return f"{self.year}/dashboard.md#当前进度滞后的事项"

    def schedule(self) -> str:
        return f"{self.year}/schedule.md"

    def downloads(self) -> str:
        """The 数据下载 page; the files sit beside it."""
        return f"{self.year}/data/index.md"

    def data(self, name: str, ext: str) -> str:
        """A download file (not a page), e.g. 2025/data/tasks.csv; `name` is an `opendata.Table` name."""
        return f"{self.year}/data/{name}.{ext}"

    def datapackage(self) -> str:
        return f"{self.year}/data/datapackage.json"
