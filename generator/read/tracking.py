"""The progress files of a year, cross-checked against its registers.

    plans/*.yaml          a unit's 落实计划表 (附件3): quarterly targets per item
    reports/YYYY-MM.yaml  a month's 落实情况表 (附件4): one entry per item; `submitted` empty = not reported yet
    events/*.yaml         major-event bulletins (重大事项一事一通报)

Contacts (填报人, 联系电话, 负责人签字) are checked by the schema and never read into records: they are not published.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

from generator.derive.deadlines import month_end
from generator.model import KINDS, PUBLIC, Event, Item, PlanEntry, Report, Unit, parse_blocks, parse_date
from generator.read.load import Source
from generator.read.problems import Problem

CONTENT = ("progress", "problems", "next_steps", "stage_met", "completed")  # `target` comes prefilled from the plan
REQUIRED_WHEN_SUBMITTED = ("progress", "next_steps", "stage_met")
LABELS = {"progress": "完成情况", "next_steps": "下一步计划", "stage_met": "是否完成阶段任务目标"}


Items = dict[tuple[str, str], Item]  # (register slug, id) → item
Units = dict[str, Unit]  # a unit's name, or another way of writing it → the unit


def plans(sources: list[Source], items: Items, units: Units, broken: set[str]) -> tuple[list[PlanEntry], list[Problem]]:
    """The entries of the units' plans, one per item at most, and the problems found; a reference into a file that
    failed to load (of a kind in `broken`: "units", "register") is not checked."""
    found: dict[Item, PlanEntry] = {}
    problems: list[Problem] = []
    for source in sources:
        data = source.data
        unit = _unit(source, ("unit",), data["unit"], units, broken, problems)
        entries = list(_entries(source))
        if not entries:
            problems.append(source.problem((), "计划表中没有任何事项。", "在 tasks、projects 或 measures 下列出事项"))
        for path, slug, entry in entries:
            item = _item(source, path + ("id",), slug, entry["id"], items, broken, problems)
            if item is None or unit is None or not _responsible(source, path + ("id",), unit, item, problems):
                continue
            if item in found:
                problems.append(
                    source.problem(
                        path + ("id",),
                        f"{item.kind.item}{item.no}已有落实计划（{found[item].unit.name}），同一事项只能有一份。",
                        "删除重复的一条，或改正事项编号",
                    )
                )
                continue
            targets = [entry["targets"][q] for q in ("q1", "q2", "q3", "q4")]
            found[item] = PlanEntry(
                item,
                unit,
                parse_date(data["filed"]),
                targets,
                entry.get("principal", ""),
                entry.get("deputy", ""),
                entry.get("remarks", ""),
            )
    return list(found.values()), problems


def reports(
    sources: list[Source], year: int, items: Items, units: Units, broken: set[str]
) -> tuple[list[int], list[Report], list[Problem]]:
    """The months reported (sorted), the reports that can be used, in the order of their months, and the problems
    found."""
    months: list[int] = []
    found: list[Report] = []
    problems: list[Problem] = []
    for source in sorted(sources, key=lambda s: s.path.name):
        month = _month_of(source, year, problems)
        if month is not None:
            found += _report(source, year, month, items, units, broken, problems)
            months.append(month)
    return sorted(months), found, problems


def events(sources: list[Source], items: Items, broken: set[str]) -> tuple[list[Event], list[Problem]]:
    """The major events (by date, then id) and the problems found; their ids are checked unique by the caller."""
    found: list[Event] = []
    problems: list[Problem] = []
    for source in sources:
        data = source.data
        related = []
        for slug, ids in data.get("related", {}).items():
            for j, item_id in enumerate(ids):
                item = _item(source, ("related", slug, j), slug, item_id, items, broken, problems)
                if item is not None:
                    related.append(item)
        found.append(
            Event(
                data["id"],
                data["title"],
                parse_date(data["date"]),
                parse_blocks(data["body"]),
                related,
                data.get("disclosure", PUBLIC),
            )
        )
    return sorted(found, key=lambda e: (e.date, e.id)), problems


# -- shared


def _entries(source: Source) -> Iterator[tuple[tuple, str, dict]]:
    """(path, register slug, entry) of each item entry in the file's tasks/projects/measures sections."""
    for slug in KINDS:
        for i, entry in enumerate(source.data.get(slug, [])):
            yield (slug, i), slug, entry


def _item(
    source: Source, path: tuple, slug: str, item_id: str, items: Items, broken: set[str], problems: list[Problem]
) -> Item | None:
    item = items.get((slug, item_id))
    if item is None and "register" not in broken:  # else the item may well be in the file that failed to load
        problems.append(
            source.problem(
                path,
                f"{KINDS[slug].title}中没有编号为“{item_id}”的事项。",
                f"registers/ 中 kind: {slug} 的台账里某个事项的 id",
            )
        )
    return item


def _unit(
    source: Source, path: tuple, name: str, units: Units, broken: set[str], problems: list[Problem]
) -> Unit | None:
    unit = units.get(name)
    if unit is None and "units" not in broken:
        problems.append(
            source.problem(path, f"“{name}”不在责任单位名册中。", "units.yaml 中的单位名称或其他写法（aliases）")
        )
    return unit


def _responsible(source: Source, path: tuple, unit: Unit, item: Item, problems: list[Problem]) -> bool:
    if any(ref.unit is unit for ref in item.units):
        return True
    problems.append(
        source.problem(
            path,
            f"“{unit.name}”不是{item.kind.item}{item.no}的责任单位。",
            "这个事项的责任单位：" + "、".join(ref.name for ref in item.units),
        )
    )
    return False


# -- reports


def _month_of(source: Source, year: int, problems: list[Problem]) -> int | None:
    match = re.fullmatch(r"(\d{4})-(\d{2})\.yaml", source.path.name)
    if match and int(match[1]) == year and 1 <= int(match[2]) <= 12:
        return int(match[2])
    problems.append(
        Problem(
            source.path,
            0,
            0,
            "",
            f"文件名“{source.path.name}”不是{year}年的月份。",
            f"以所报月份命名，例如 {year}-03.yaml（{year}年3月）",
        )
    )
    return None


def _report(
    source: Source, year: int, month: int, items: Items, units: Units, broken: set[str], problems: list[Problem]
) -> list[Report]:
    if "units" not in broken:
        problems += [
            source.problem(("contacts", name), f"“{name}”不在责任单位名册中。", "units.yaml 中的单位名称", at_key=True)
            for name in source.data.get("contacts", {})
            if name not in units
        ]
    last_day = month_end(year, month)
    found: list[Report] = []
    seen: dict = {}
    for path, slug, entry in _entries(source):
        item = _item(source, path + ("id",), slug, entry["id"], items, broken, problems)
        if item in seen:
            problems.append(
                source.problem(
                    path + ("id",),
                    f"{item.kind.item}{item.no}在{month}月已有一条（{seen[item]}），同一事项每月只能报送一条。",
                    "合并为一条，删除另一条",
                )
            )
            continue
        if item is not None:
            seen[item] = f"第{source.marks[path + ('id',)][0]}行"
        unit = _unit(source, path + ("unit",), entry["unit"], units, broken, problems)
        entry_problems = _entry_problems(source, path, entry, item, last_day)
        problems += entry_problems
        if (
            entry_problems
            or item is None
            or unit is None
            or not _responsible(source, path + ("unit",), unit, item, problems)
        ):
            continue
        found.append(
            Report(
                item,
                month,
                unit,
                parse_date(entry["submitted"]) if entry.get("submitted") else None,
                *(entry.get(key) or "" for key in ("target", "progress", "problems", "next_steps")),
                stage_met=entry.get("stage_met") != "否",
                completed=entry.get("completed") == "是",
                values={k: v for k, v in (entry.get("indicators") or {}).items() if v is not None},
            )
        )
    return found


def _entry_problems(source: Source, path: tuple, entry: dict, item: Item | None, last_day: dt.date) -> list[Problem]:
    """One entry checked on its own: it cannot be used when there is any problem."""
    problems = _indicator_names(source, path, entry, item) if item is not None else []
    filled = [key for key in CONTENT if entry.get(key) is not None]
    filled += ["indicators"] if any(v is not None for v in (entry.get("indicators") or {}).values()) else []
    if not entry.get("submitted"):
        if filled:
            problems.append(
                source.problem(
                    path + (filled[0],),
                    "已填写报送内容，但缺少报送日期（submitted），这条报送不会被统计。",
                    "填写报送日期，例如 submitted: 2025-04-03",
                )
            )
        return problems
    if parse_date(entry["submitted"]) < last_day:
        problems.append(
            source.problem(
                path + ("submitted",),
                f"报送日期 {entry['submitted']} 早于所报月份结束（{last_day.month}月{last_day.day}日）。",
                "月度情况在当月结束后报送；检查日期或文件名中的月份",
            )
        )
    for key in REQUIRED_WHEN_SUBMITTED:
        if entry.get(key) is None:
            problems.append(
                source.problem(
                    path + (key,),
                    f"已报送，但“{LABELS[key]}”（{key}）没有填写。",
                    "填写这一栏" + ("：是 或 否" if key == "stage_met" else ""),
                    at_key=key in entry,
                )
            )
    if entry.get("completed") == "是" and entry.get("stage_met") == "否":
        problems.append(
            source.problem(
                path + ("completed",),
                "填了“全部完成：是”，但“是否完成阶段任务目标”为“否”，两者矛盾。",
                "全部完成的事项，阶段任务目标也填 是",
            )
        )
    return problems


def _indicator_names(source: Source, path: tuple, entry: dict, item: Item) -> list[Problem]:
    names = [indicator.name for indicator in item.indicators]
    return [
        source.problem(
            path + ("indicators", name),
            f"{item.kind.item}{item.no}没有名为“{name}”的指标。",
            "这个事项的指标：" + "、".join(names) if names else "这个事项没有量化指标，删除 indicators",
            at_key=True,
        )
        for name in entry.get("indicators") or {}
        if name not in names
    ]
