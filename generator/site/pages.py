"""The site's generated pages: which exist, at which URL, rendered from which template."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import cached_property, partial
from typing import Callable

from generator.derive.bulletins import LABELS, Bulletin, mentions
from generator.derive.deadlines import schedule
from generator.derive.progress import Progress
from generator.model import Document, Group, Item, Leader, Register, Unit, Year, by_reporting_unit
from generator.read.history import History, newest
from generator.site import charts, opendata
from generator.site.feed import atom
from generator.site.urls import Urls

FEED = "feed.xml"


@dataclass(frozen=True)
class Article:
    """A page that is one publication (a notice, an item, a bulletin), as the meta tags of government pages say."""

    published: dt.date | None  # its 发布日期, when known (history.py)
    issuers: tuple[str, ...] = ()  # a notice's own; otherwise the site's 主办单位 is its source


@dataclass(frozen=True)
class Page:
    uri: str  # source path in the docs tree, e.g. "2025/tasks/053.md" → /2025/tasks/053/
    make: Callable[[], str] = field(repr=False, compare=False)  # its Markdown (`mkdocs build` renders it aside)
    date: dt.date | None = None  # what a reader may order search results by: see `year_pages`
    updated: dt.date | None = None  # its content's 更新日期 (history.py), for sitemap.xml
    article: Article | None = None

    @cached_property
    def markdown(self) -> str:
        return self.make()


def rendered(env, template: str, **context) -> str:
    return env.get_template(template).render(**context)


def home_page(
    env,
    years: list[Year],
    issued: dict[int, list[Bulletin]],
    progress: dict[int, Progress],
    example: bool,
    updated: dt.date | None,
) -> Page:
    return Page(
        "index.md",
        partial(
            rendered, env, "home.md.j2", years=years, Urls=Urls, bulletins=issued, progress=progress, example=example
        ),
        updated=updated,
    )


def feed_page(years: list[Year], issued: dict[int, list[Bulletin]], example: bool, updated: dt.date | None) -> Page:
    return Page(FEED, partial(atom, years, issued, example), updated=updated)


def year_pages(
    env, year: Year, progress: Progress, issued: list[Bulletin], tables: list[opendata.Table], history: History
) -> list[Page]:
    """The year's pages, each rendered when its Markdown is first asked for; `tables` are its downloads'.
    Dated: a notice (成文日期), an item and the personnel changes (their notice's), a bulletin (its own).
    Updated (更新日期): a notice, an item as `history` has it, a bulletin on its date; a page that lists them as the
    newest of those, and one about the whole year as the newest of its data and bulletins."""
    urls = Urls(year.year)
    documents = {d: history.document(year.year, d).updated for d in year.documents}
    items = {item: history.item(year.year, item).updated for item in year.items()}
    whole = newest([history.newest(year.year), *(b.date for b in issued)])

    def page(
        uri: str,
        template: str,
        date: dt.date | None = None,
        updated: dt.date | None = whole,
        article: Article | None = None,
        **context,
    ) -> Page:
        return Page(
            uri,
            partial(rendered, env, template, year=year, urls=urls, progress=progress, history=history, **context),
            date,
            updated,
            article,
        )

    pages = [page(urls.home(), "year.md.j2", bulletins=issued)]
    mentioned = mentions(issued, year)
    pages += [
        page(
            urls.document(d), "document.md.j2", d.date, documents[d], Article(d.published, tuple(d.issuers)), document=d
        )
        for d in year.documents
    ]
    for register in year.registers:
        pages.append(
            page(
                urls.register(register),
                "register.md.j2",
                updated=newest([documents[register.document], *map(items.get, register.items)]),
                register=register,
                files=opendata.files(urls, opendata.register_table(register)),
            )
        )
        pages += [
            page(
                urls.item(item),
                "item.md.j2",
                register.document.date,
                items[item],
                Article(history.item(year.year, item).published),
                item=item,
                mentioned=mentioned.get(item, []),
            )
            for item in register.items
        ]
    pages.append(
        page(urls.bulletins(), "bulletins.md.j2", bulletins=issued, kind=None, labels=LABELS, by_month=_by_month)
    )
    pages += [
        page(
            urls.bulletins_of(kind),
            "bulletins.md.j2",
            updated=max(b.date for b in issued if b.kind == kind),
            bulletins=[b for b in issued if b.kind == kind],
            kind=kind,
            labels=LABELS,
            by_month=_by_month,
        )
        for kind in LABELS
        if any(b.kind == kind for b in issued)
    ]
    pages += [
        page(urls.bulletin(b), f"bulletin-{b.kind}.md.j2", b.date, b.date, Article(b.date), bulletin=b) for b in issued
    ]
    items_of = _items_by_leader(year)
    pages.append(page(urls.dashboard(), "dashboard.md.j2", charts=_dashboard_charts(year, progress, items_of)))
    pages.append(
        page(
            urls.schedule(),
            "schedule.md.j2",
            deadlines=schedule(year),
            rules=_notice_rules(year),
            reviews=_quarterly_reviews(year),
        )
    )
    pages.append(
        page(
            urls.downloads(),
            "downloads.md.j2",
            tables=tables,
            families=_families(tables),
            files={table.name: opendata.files(urls, table.name) for table in tables},
            formats=opendata.FORMATS,
            types=opendata.TYPE_LABELS,
        )
    )
    if year.personnel:
        pages.append(
            page(
                urls.personnel(),
                "personnel.md.j2",
                max(p.document.date for p in year.personnel),
                newest(documents[p.document] for p in year.personnel),
                files=opendata.files(urls, opendata.PERSONNEL_TABLE),
            )
        )
    pages.append(page(urls.leaders(), "leaders.md.j2", items_of=items_of))
    pages += [
        page(
            urls.leader(leader),
            "leader.md.j2",
            updated=newest(map(items.get, items_of[leader])),
            leader=leader,
            items=items_of[leader],
            led=_by_register(year, items_of[leader]),
        )
        for leader in year.leaders
    ]
    roles_of = _roles_by_unit(year)
    pages.append(page(urls.units(), "units.md.j2", sides=_sides(year), roles_of=roles_of))
    split = _split_from(year)
    pages += [
        page(
            urls.unit(unit),
            "unit.md.j2",
            updated=newest(map(items.get, sum(roles_of[unit].values(), []))),
            unit=unit,
            roles=roles_of[unit],
            split_from=split.get(unit),
        )
        for unit in year.units
    ]
    return pages


def nav(years: list[Year]) -> list:
    """MkDocs nav: home, each published year's views (items are reached from them)."""
    entries: list = [{"首页": "index.md"}]
    for year in years:
        urls = Urls(year.year)
        section = [{"概览": urls.home()}, {"公文": [urls.document(d) for d in reversed(year.documents)]}]
        section += [{r.kind.title: urls.register(r)} for r in year.registers]
        if year.personnel:
            section.append({"人事任免": urls.personnel()})
        section += [
            {"通报": urls.bulletins()},
            {"推进情况总览": urls.dashboard()},
            {"报送与认定规则": urls.schedule()},
            {"按牵头领导": urls.leaders()},
            {"按责任单位": urls.units()},
            {"数据下载": urls.downloads()},
        ]
        entries.append({f"{year.year}年": section})
    return entries


def _by_month(bulletins: list[Bulletin]) -> list[tuple[dt.date, list[Bulletin]]]:
    """Bulletins by the month they were issued in (its first day), newest first, in their own order within it."""
    months: dict[dt.date, list[Bulletin]] = {}
    for bulletin in bulletins:
        months.setdefault(bulletin.date.replace(day=1), []).append(bulletin)
    return sorted(months.items(), reverse=True)


def _items_by_leader(year: Year) -> dict[Leader, list[Item]]:
    """Each leader's items, across all registers (one pass over the items)."""
    items_of: dict[Leader, list[Item]] = {leader: [] for leader in year.leaders}
    for item in year.items():
        for leader in dict.fromkeys(item.leaders):
            items_of[leader].append(item)
    return items_of


def _by_register(year: Year, items: list[Item]) -> list[tuple[Register, list[Item], list[tuple[Group, int]]]]:
    """`items` by register, in the year's order (registers with none left out), each with its count per group."""
    rows = []
    for register in year.registers:
        own = [item for item in items if item.register is register]
        groups = [(group, count) for group in register.groups if (count := sum(item.group is group for item in own))]
        rows += [(register, own, groups)] if own else []
    return rows


def _split_from(year: Year) -> dict[Unit, str]:
    """Units named only by splitting a shared 责任单位 clause (两地科技局 → 区科技局, 高唐县科技局): the shortest such
    clause, as printed. A unit written out anywhere, under its name or an alias, is not among them."""
    clauses: dict[Unit, set[str]] = {}
    for item in year.items():
        for ref in item.units:
            written = not item.responsible or any(
                name in item.responsible for name in (ref.unit.name, *ref.unit.aliases)
            )
            clauses.setdefault(ref.unit, set()).add("" if written else item.responsible)
    return {unit: min(found, key=len) for unit, found in clauses.items() if "" not in found}


def _roles_by_unit(year: Year) -> dict[Unit, dict[str, list[Item]]]:
    """Per unit, the items it leads (牵头) and those it shares (配合 / 负责), across all registers (one pass)."""
    roles: dict[Unit, dict[str, list[Item]]] = {unit: {"牵头": [], "参与": []} for unit in year.units}
    for item in year.items():
        lead = {ref.unit for ref in item.units if ref.lead}
        for unit in dict.fromkeys(ref.unit for ref in item.units):
            roles[unit]["牵头" if unit in lead else "参与"].append(item)
    return roles


def _sides(year: Year) -> dict[str, list[Unit]]:
    sides: dict[str, list[Unit]] = {}
    for unit in year.units:
        sides.setdefault(unit.side, []).append(unit)
    return sides


def _dashboard_charts(year: Year, progress: Progress, items_of: dict[Leader, list[Item]]) -> dict[str, str]:
    """The dashboard's charts, each an SVG with its data table; empty before any month is assessed."""
    if not progress.months:
        return {}
    registers = [(r.kind.title, progress.counts(r.items)) for r in year.registers]
    groups = [
        (f"{r.kind.item}·{g.title}", progress.counts(items))
        for r in year.registers
        if r.groups
        for g, items in r.grouped()
    ]
    leaders = [(leader.name, progress.counts(items_of[leader])) for leader in year.leaders]
    units = [(unit.name, progress.counts(items)) for unit, items in by_reporting_unit(year.items()).items()]
    units.sort(key=lambda row: -sum(row[1].values()))
    months = [(f"{m}月", progress.counts(year.items(), m)) for m in progress.months]
    return {
        "按台账": charts.status_bars("各台账事项当前状态", registers),
        "按类别": charts.status_bars("各类别事项当前状态", groups),
        "按牵头领导": charts.status_bars("各位牵头领导所领事项当前状态", leaders),
        "按责任单位": charts.status_bars("各报送单位所报事项当前状态", units),
        "逐月趋势": charts.trend("各月事项状态", months),
    }


def _families(
    tables: list[opendata.Table],
) -> list[tuple[str, list[opendata.Table], list[tuple[opendata.Field, list]]]]:
    """The 数据下载 page's sections: (family, its tables, [(field, the tables that have it when not all do)]);
    the union of the tables' fields, each after its predecessor."""
    families: dict[str, list[opendata.Table]] = {}
    for table in tables:
        families.setdefault(table.family, []).append(table)
    result = []
    for family, members in families.items():
        fields: list[opendata.Field] = []
        for table in members:
            for i, f in enumerate(table.fields):
                if f not in fields:
                    fields.insert(fields.index(table.fields[i - 1]) + 1 if i else 0, f)
        having = {f: [t for t in members if f in t.fields] for f in fields}
        result.append((family, members, [(f, having[f] if len(having[f]) < len(members) else []) for f in fields]))
    return result


def _notice_rules(year: Year) -> list[tuple[Document, list[str]]]:
    """The sentences of the forms' notices that say when to report and when progress is made known, as printed."""
    rules = []
    for document in dict.fromkeys(form.document for form in year.forms):  # in order, once each
        sentences = [
            s + "。"
            for block in document.body
            if not block.heading
            for s in block.text.split("。")
            if re.search(r"报督查室|一通报", s)
        ]
        rules += [(document, sentences)] if sentences else []
    return rules


def _quarterly_reviews(year: Year) -> dict[Register, str]:
    """For a register the site tracks quarterly, the sentence of its items that has it reviewed each quarter."""
    return {
        register: sentence
        for register in year.registers
        if len(register.kind.report_months) < 12
        for item in register.items
        for sentence in item.text.split("。")
        if re.match("每季度.*督导", sentence)
    }
