"""The progress files of a year, cross-checked against its registers.

    plans/*.yaml          a unit's 落实计划表 (附件3): quarterly targets per item
    reports/YYYY-MM.yaml  a month's 落实情况表 (附件4): one entry per item; `submitted` empty = not reported yet
    events/*.yaml         major-event bulletins (重大事项一事一通报)

Contacts (填报人, 联系电话, 负责人签字) are checked by the schema and never read into records: they are not published.
"""
from __future__ import annotations

import datetime as dt
import re

from .deadlines import month_end
from .load import Source
from .model import KINDS, PUBLIC, Event, Item, PlanEntry, Report, Unit, Year, parse_blocks, parse_date
from .problems import Problem

CONTENT = ("progress", "problems", "next_steps", "stage_met", "completed")  # `target` comes prefilled from the plan
REQUIRED_WHEN_SUBMITTED = ("progress", "next_steps", "stage_met")
LABELS = {"progress": "完成情况", "next_steps": "下一步计划", "stage_met": "是否完成阶段任务目标"}


class TrackingChecks:
    """Mixed into the year's builder: reads plans, reports and events once the registers are built."""

    year: int
    sources: dict[str, list[Source]]
    problems: list[Problem]

    def track(self, year: Year, units: dict[str, Unit]) -> None:
        items = {(item.kind.slug, item.id): item for item in year.items()}
        for source in self.sources["plan"]:
            self._plan(source, items, units)
        for source in sorted(self.sources["report"], key=lambda s: s.path.name):
            month = self._month_of(source)
            if month is not None:
                self._report(source, month, items, units)
                year.months.append(month)
        year.months.sort()
        seen: dict = {}
        year.events = [self._event(source, items) for source in self.sources["event"]
                       if self._first(source, ("id",), source.data["id"], seen, "通报编号")]
        year.events.sort(key=lambda e: (e.date, e.id))

    # -- shared

    def _entries(self, source: Source):
        """(path, register slug, entry) of each item entry in the file's tasks/projects/measures sections."""
        for slug in KINDS:
            for i, entry in enumerate(source.data.get(slug, [])):
                yield (slug, i), slug, entry

    def _item(self, source: Source, path: tuple, slug: str, item_id: str, items: dict) -> Item | None:
        item = items.get((slug, item_id))
        if item is None:
            self._unresolved("register", source.problem(path, f"{KINDS[slug].title}中没有编号为“{item_id}”的事项。",
                                                        f"registers/ 中 kind: {slug} 的台账里某个事项的 id"))
        return item

    def _unit(self, source: Source, path: tuple, name: str, units: dict) -> Unit | None:
        unit = units.get(name)
        if unit is None:
            self._unresolved("units", source.problem(path, f"“{name}”不在责任单位名册中。",
                                                     "units.yaml 中的单位名称或其他写法（aliases）"))
        return unit

    def _responsible(self, source: Source, path: tuple, unit: Unit, item: Item) -> bool:
        if any(ref.unit is unit for ref in item.units):
            return True
        self.problems.append(source.problem(path, f"“{unit.name}”不是{item.kind.item}{item.no}的责任单位。",
                                            "这个事项的责任单位：" + "、".join(ref.name for ref in item.units)))
        return False

    # -- plans

    def _plan(self, source: Source, items: dict, units: dict) -> None:
        data = source.data
        unit = self._unit(source, ("unit",), data["unit"], units)
        entries = list(self._entries(source))
        if not entries:
            self.problems.append(source.problem((), "计划表中没有任何事项。", "在 tasks、projects 或 measures 下列出事项"))
        for path, slug, entry in entries:
            item = self._item(source, path + ("id",), slug, entry["id"], items)
            if item is None or unit is None or not self._responsible(source, path + ("id",), unit, item):
                continue
            if item.plan is not None:
                self.problems.append(source.problem(path + ("id",), f"{item.kind.item}{item.no}已有落实计划"
                                                    f"（{item.plan.unit.name}），同一事项只能有一份。",
                                                    "删除重复的一条，或改正事项编号"))
                continue
            targets = entry["targets"]
            item.plan = PlanEntry(item, unit, parse_date(data["filed"]), [targets[q] for q in ("q1", "q2", "q3", "q4")],
                                  entry.get("principal", ""), entry.get("deputy", ""), entry.get("remarks", ""))

    # -- reports

    def _month_of(self, source: Source) -> int | None:
        match = re.fullmatch(r"(\d{4})-(\d{2})\.yaml", source.path.name)
        if match and int(match[1]) == self.year and 1 <= int(match[2]) <= 12:
            return int(match[2])
        self.problems.append(Problem(source.path, 0, 0, "", f"文件名“{source.path.name}”不是{self.year}年的月份。",
                                     f"以所报月份命名，例如 {self.year}-03.yaml（{self.year}年3月）"))
        return None

    def _report(self, source: Source, month: int, items: dict, units: dict) -> None:
        for name in source.data.get("contacts", {}):
            if name not in units:
                self._unresolved("units", source.problem(("contacts", name), f"“{name}”不在责任单位名册中。",
                                                         "units.yaml 中的单位名称", at_key=True))
        last_day = month_end(self.year, month)
        seen: dict = {}
        for path, slug, entry in self._entries(source):
            item = self._item(source, path + ("id",), slug, entry["id"], items)
            if item in seen:
                self.problems.append(source.problem(path + ("id",), f"{item.kind.item}{item.no}在{month}月已有一条"
                                                    f"（{seen[item]}），同一事项每月只能报送一条。", "合并为一条，删除另一条"))
                continue
            if item is not None:
                seen[item] = f"第{source.marks[path + ('id',)][0]}行"
            unit = self._unit(source, path + ("unit",), entry["unit"], units)
            usable = self._entry_complete(source, path, entry, item, last_day)
            if not usable or item is None or unit is None or not self._responsible(source, path + ("unit",), unit, item):
                continue
            item.reports[month] = Report(
                item, month, unit, parse_date(entry["submitted"]) if entry.get("submitted") else None,
                *(entry.get(key) or "" for key in ("target", "progress", "problems", "next_steps")),
                stage_met=entry.get("stage_met") != "否", completed=entry.get("completed") == "是",
                values={k: v for k, v in (entry.get("indicators") or {}).items() if v is not None})

    def _entry_complete(self, source: Source, path: tuple, entry: dict, item: Item | None, month_end: dt.date) -> bool:
        """Checks one entry on its own; False (with problems) when it cannot be used."""
        before = len(self.problems)
        if item is not None:
            self._indicator_names(source, path, entry, item)
        filled = [key for key in CONTENT if entry.get(key) is not None]
        filled += ["indicators"] if any(v is not None for v in (entry.get("indicators") or {}).values()) else []
        if not entry.get("submitted"):
            if filled:
                self.problems.append(source.problem(path + (filled[0],), "已填写报送内容，但缺少报送日期（submitted），"
                                                    "这条报送不会被统计。", "填写报送日期，例如 submitted: 2025-04-03"))
            return len(self.problems) == before
        if parse_date(entry["submitted"]) < month_end:
            self.problems.append(source.problem(path + ("submitted",), f"报送日期 {entry['submitted']} 早于所报月份结束"
                                                f"（{month_end.month}月{month_end.day}日）。",
                                                "月度情况在当月结束后报送；检查日期或文件名中的月份"))
        for key in REQUIRED_WHEN_SUBMITTED:
            if entry.get(key) is None:
                self.problems.append(source.problem(path + (key,), f"已报送，但“{LABELS[key]}”（{key}）没有填写。",
                                                    "填写这一栏" + ("：是 或 否" if key == "stage_met" else ""), at_key=key in entry))
        if entry.get("completed") == "是" and entry.get("stage_met") == "否":
            self.problems.append(source.problem(path + ("completed",), "填了“全部完成：是”，但“是否完成阶段任务目标”为“否”，两者矛盾。",
                                                "全部完成的事项，阶段任务目标也填 是"))
        return len(self.problems) == before

    def _indicator_names(self, source: Source, path: tuple, entry: dict, item: Item) -> None:
        names = [indicator.name for indicator in item.indicators]
        for name in entry.get("indicators") or {}:
            if name not in names:
                self.problems.append(source.problem(
                    path + ("indicators", name), f"{item.kind.item}{item.no}没有名为“{name}”的指标。",
                    "这个事项的指标：" + "、".join(names) if names else "这个事项没有量化指标，删除 indicators", at_key=True))

    # -- major events

    def _event(self, source: Source, items: dict) -> Event:
        data = source.data
        related = []
        for slug, ids in data.get("related", {}).items():
            for j, item_id in enumerate(ids):
                item = self._item(source, ("related", slug, j), slug, item_id, items)
                if item is not None:
                    related.append(item)
        return Event(data["id"], data["title"], parse_date(data["date"]), parse_blocks(data["body"]), related,
                     data.get("disclosure", PUBLIC))
