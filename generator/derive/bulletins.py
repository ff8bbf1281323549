"""The bulletins (通报) the office publishes from the reports, as the notice 市中政办发〔2025〕1号 sets:
the livelihood projects every month, overall progress every quarter, each completed item at once,
and each major event on its own.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from generator.derive.progress import Progress
from generator.model import Event, Item, Year
from generator.words import BEHIND, MISSING, chinese_number, lead

MONTHLY, QUARTERLY, COMPLETION, EVENT = "monthly", "quarterly", "completion", "event"
LABELS = {MONTHLY: "月度通报", QUARTERLY: "季度通报", COMPLETION: "完成通报", EVENT: "重大事项通报"}


@dataclass
class Summary:
    """A quarterly bulletin's content: counts by status, and the items completed, behind and missing."""

    by_register: list[tuple[str, Counter]]  # 合计 first
    by_group: list[tuple[str, str, list[tuple[str, Counter]]]]  # (register, groups label, rows)
    by_leader: list[tuple[str, Counter]]
    completed: list[Item]  # completed within the quarter
    behind: list[Item]
    missing: list[Item]


@dataclass(eq=False)
class Bulletin:
    kind: str
    slug: str  # URL segment, unique within a year
    title: str
    date: dt.date
    month: int | None = None  # the month a monthly or quarterly bulletin covers (a quarter's last month)
    item: Item | None = None  # a completion bulletin's item
    event: Event | None = None
    summary: Summary | None = None

    @property
    def label(self) -> str:
        return LABELS[self.kind]


def bulletins(progress: Progress) -> list[Bulletin]:
    """Every bulletin of the year, newest first."""
    year = progress.year
    found: list[Bulletin] = []
    projects = year.register("projects")
    for month in progress.months:
        deadline = year.deadlines[month]
        if projects and projects.items:
            found.append(
                Bulletin(
                    MONTHLY,
                    f"monthly-{month:02d}",
                    f"{year.year}年{month}月为民办{len(projects.items)}件实事推进情况通报",
                    deadline,
                    month,
                )
            )
        if month % 3 == 0:
            quarter = chinese_number(month // 3)
            found.append(
                Bulletin(
                    QUARTERLY,
                    f"quarterly-{month // 3}",
                    f"{year.year}年第{quarter}季度重点工作推进情况通报",
                    deadline,
                    month,
                    summary=summarise(progress, month),
                )
            )
    for item in year.items():
        report = progress.of(item).completion
        if report:
            found.append(
                Bulletin(
                    COMPLETION,
                    f"completed-{item.kind.slug}-{item.id}",
                    f"{item.kind.item}{item.no}已完成：{lead(item.text, 30)}",
                    report.submitted,
                    report.month,
                    item=item,
                )
            )
    found += [Bulletin(EVENT, f"event-{event.id}", event.title, event.date, event=event) for event in year.events]
    found.sort(key=lambda b: (list(LABELS).index(b.kind), b.slug))
    found.sort(key=lambda b: b.date, reverse=True)
    return found


def summarise(progress: Progress, month: int) -> Summary:
    """The state of every item at the end of the quarter whose last month is `month`."""
    year = progress.year
    items = year.items()
    quarter = range(month - 2, month + 1)
    return Summary(
        by_register=[("合计", progress.counts(items, month))]
        + [(r.kind.title, progress.counts(r.items, month)) for r in year.registers],
        by_group=[
            (
                r.kind.title,
                r.groups_label or "分组",
                [(g.title, progress.counts(group_items, month)) for g, group_items in r.grouped()],
            )
            for r in year.registers
            if r.groups
        ],
        by_leader=[
            (leader.name, progress.counts([i for i in items if leader in i.leaders], month)) for leader in year.leaders
        ],
        completed=[i for i in items if progress.of(i).completed_in in quarter],
        behind=[i for i in items if progress.of(i).statuses.get(month) == BEHIND],
        missing=[i for i in items if progress.of(i).statuses.get(month) == MISSING],
    )


def mentions(issued: list[Bulletin], year: Year) -> dict[Item, list[Bulletin]]:
    """Each item's bulletins, in the order of `issued`: its completion bulletin and every bulletin that names it
    (a monthly one each livelihood project, a quarterly one those completed, behind or not reported, an event its
    items)."""
    found: dict[Item, list[Bulletin]] = {}
    for bulletin in issued:
        for item in dict.fromkeys(_named(bulletin, year)):
            found.setdefault(item, []).append(bulletin)
    return found


def _named(bulletin: Bulletin, year: Year) -> list[Item]:
    if bulletin.kind == MONTHLY:
        return year.register("projects").items
    if bulletin.kind == QUARTERLY:
        return bulletin.summary.completed + bulletin.summary.behind + bulletin.summary.missing
    if bulletin.kind == COMPLETION:
        return [bulletin.item]
    return bulletin.event.items
