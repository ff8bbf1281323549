"""The office's monthly routine: a prefilled report file to fill, and who has reported what."""

from __future__ import annotations

import datetime as dt
import json

from generator.derive.deadlines import PENDING, late, passed
from generator.derive.progress import Progress
from generator.model import KINDS, Item, Year, by_reporting_unit
from generator.words import chinese_date


def expected(progress: Progress, month: int) -> list[Item]:
    """Items that must report `month`: those due that month, but for those reported complete in an earlier month."""
    return [
        item
        for item in progress.year.items()
        if month in item.kind.report_months
        and (not progress.of(item).completed_in or progress.of(item).completed_in >= month)
    ]


def report_file(progress: Progress, month: int) -> str:
    """The YAML of a month's 落实情况表, one empty entry per item expected, ready to fill in."""
    year = progress.year
    deadline = year.deadlines.get(month)
    lines = [
        "# yaml-language-server: $schema=../../../generator/schemas/report.schema.json",
        f"# {year.year}年{month}月落实情况表（附件4）"
        + (f"，报送期限：{chinese_date(deadline)}。" if deadline else "。"),
        (
            "# 每个事项一条。报送后填写 submitted（报送日期，例如 2025-04-03）、progress（完成情况）、"
            "problems（存在问题）、"
        ),
        "# next_steps（下一步计划）、stage_met（是否完成阶段任务目标：是 或 否）；全部完成的事项 completed 填 是。",
        "# 尚未报送的事项保持 submitted 为空。填报人、联系电话和负责人签字写在 contacts 中，不会公开。",
        "contacts: {}",
    ]
    quarter = (month - 1) // 3
    items = expected(progress, month)
    for slug in KINDS:
        own = [item for item in items if item.kind.slug == slug]
        if not own:
            continue
        lines.append(f"{slug}:")
        for item in own:
            lines += _entry(item, quarter)
    return "\n".join(lines) + "\n"


def _entry(item: Item, quarter: int) -> list[str]:
    text = " ".join(item.text.split())
    lines = [
        f"  # {item.kind.item}{item.no}：{text[:40]}{'…' if len(text) > 40 else ''}",
        f"  - id: {_quoted(item.id)}",
        f"    unit: {_quoted(item.reporting_unit.name)}",
        "    submitted:",
    ]
    if item.plan:
        lines.append(f"    target: {_quoted(item.plan.targets[quarter])}")
    lines += [f"    {key}:" for key in ("progress", "problems", "next_steps", "stage_met", "completed")]
    if item.indicators:
        lines.append("    indicators:")
        lines += [
            f"      {_quoted(indicator.name)}:  # 目标 {indicator.target.printed}，填数字（单位：{indicator.unit}）"
            for indicator in item.indicators
        ]
    return lines


def _quoted(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a valid YAML double-quoted scalar


def status_report(progress: Progress, month: int) -> str:
    """Per unit: what is reported, late and missing for `month`; the items behind each gap."""
    year = progress.year
    deadline = year.deadlines.get(month)
    over = passed(year, month, progress.as_of)
    items = expected(progress, month)
    by_unit = by_reporting_unit(items)
    total = _tally(progress, items, month)
    state = "已过期限" if over else "尚未到期"
    lines = [
        f"{year.year}年{month}月落实情况报送情况（截至{chinese_date(progress.as_of)}；"
        f"报送期限{chinese_date(deadline) + '，' + state if deadline else PENDING}）",
        f"应报 {len(items)} 项：已报 {len(total['reported'])} 项（其中迟报 {len(total['late'])} 项），"
        f"{'未报送' if over else '待报送'} {len(total['missing'])} 项。",
        "",
    ]
    tallies = {unit: _tally(progress, unit_items, month) for unit, unit_items in by_unit.items()}
    for unit, tally in sorted(tallies.items(), key=lambda entry: (-len(entry[1]["missing"]), entry[0].name)):
        lines.append(
            f"{'✗' if tally['missing'] and over else '✓'} {unit.name}：应报 {len(by_unit[unit])}，"
            f"已报 {len(tally['reported'])}，迟报 {len(tally['late'])}，"
            f"{'未报' if over else '待报'} {len(tally['missing'])}"
        )
        lines += [f"    {'未报' if over else '待报'}：{_name(item)}" for item in tally["missing"]]
        lines += [
            f"    迟报：{_name(item)}（{chinese_date(item.reports[month].submitted)}报送）" for item in tally["late"]
        ]
    return "\n".join(lines)


def _tally(progress: Progress, items: list[Item], month: int) -> dict[str, list[Item]]:
    tally: dict[str, list[Item]] = {"reported": [], "late": [], "missing": []}
    for item in items:
        report = item.reports.get(month)
        if report is None or report.submitted is None:
            tally["missing"].append(item)
            continue
        tally["reported"].append(item)
        if late(progress.year, report):
            tally["late"].append(item)
    return tally


def _name(item: Item) -> str:
    text = " ".join(item.text.split())
    return f"{item.kind.item}{item.no}（{text[:24]}{'…' if len(text) > 24 else ''}）"


def month_of(text: str, years: list[Year]) -> tuple[Year, int]:
    """'2025-03' → (the year 2025, 3); ValueError with a message in Chinese otherwise."""
    try:
        day = dt.date.fromisoformat(f"{text}-01")
    except ValueError:
        raise ValueError(f"“{text}”不是月份，应写作 YYYY-MM，例如 2025-03。") from None
    year = next((y for y in years if y.year == day.year), None)
    if year is None:
        raise ValueError(f"data/ 中没有 {day.year} 年的台账。")
    return year, day.month
