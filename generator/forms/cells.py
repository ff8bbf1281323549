"""A filled cell's value as the generator stores it: text exactly as typed, 是/否, a date, a 序号, indicator values.
What cannot be read raises BadCell with what was found and what is expected."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from generator.forms.layout import label
from generator.model import Item
from generator.words import chinese_date, number

LIMIT = 2000  # characters in one cell: a report is a summary, the full material goes elsewhere
YES_NO = ("是", "否")


class BadCell(Exception):
    """A cell that cannot be read: what was found, and what is expected (args)."""


_FULL_WIDTH = str.maketrans("０１２３４５６７８９．－／", "0123456789.-/")
_SERIALS = range(20000, 80000)  # Excel's day numbers for the years 1954–2119


def squeeze(text) -> str:
    """A label without any spaces or line breaks, as typed or wrapped."""
    return re.sub(r"\s+", "", str(text or ""))


def blank(value, key: str = "") -> bool:
    if key == "indicators" and isinstance(value, str):  # the prefilled names alone are blank
        return all(re.fullmatch(r"\s*|[^：:]*[：:]\s*", line) for line in value.splitlines())
    return value is None or (isinstance(value, str) and not value.strip())


def shown(cell):
    """A cell's value; a number shown as a percentage (typed 50%, stored 0.5) as the text shown."""
    value = cell.value
    if isinstance(value, (int, float)) and not isinstance(value, bool) and "%" in cell.number_format:
        return number(float(Decimal(str(value)) * 100)) + "%"
    return value


def parse_text(value) -> str | None:
    """The text exactly as typed, line breaks and punctuation kept; None when blank."""
    if blank(value):
        return None
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, (int, float)):
        return number(value)
    if isinstance(value, (dt.date, dt.datetime)):
        raise BadCell(
            f"这一格被识别成了日期（{chinese_date(value)}），不是文字。", "把单元格格式设为“文本”，再重新填写"
        )
    if len(value) > LIMIT:
        raise BadCell(f"共 {len(value)} 字，超过每格 {LIMIT} 字的上限。", f"精简到 {LIMIT} 字以内，详细材料另行报送")
    return value


def parse_yes_no(value) -> str | None:
    text = parse_text(value)
    if text is None:
        return None
    if text.strip() in YES_NO:
        return text.strip()
    raise BadCell(f"“{text}” 不是“是”或“否”。", "是 或 否")


def parse_date(value) -> dt.date | None:
    """A date cell, or a date written 2025-04-03, 2025/4/3 or 2025年4月3日."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = squeeze(value)
    if not text:
        return None
    if isinstance(value, (int, float)) or text.isascii() and text.isdigit():
        if int(float(text)) in _SERIALS:
            day = dt.date(1899, 12, 30) + dt.timedelta(days=int(float(text)))
            raise BadCell(
                f"“{text}” 是 Excel 的日期序号（{chinese_date(day)}），单元格没有设成日期格式。",
                f"把单元格格式设为“日期”，或直接写 {day.isoformat()}",
            )
        raise BadCell(f"“{text}” 不是日期。", "写作 2025-04-03 或 2025年4月3日")
    _half_width(text)
    match = re.fullmatch(r"(\d{4})(?:[-/.](\d{1,2})[-/.](\d{1,2})|年(\d{1,2})月(\d{1,2})日)", text)
    if match is None:
        raise BadCell(f"“{text}” 不是日期。", "写作 2025-04-03 或 2025年4月3日")
    year, month, day = (int(part) for part in match.groups() if part)
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise BadCell(f"日期“{text}”不存在。", "真实存在的日期，例如 2025-04-03") from None


def _half_width(text: str) -> None:
    if re.search(r"[０-９]", text):
        raise BadCell(f"“{text}” 中有全角数字。", f"半角数字 {text.translate(_FULL_WIDTH)}")


def parse_label(value) -> tuple[str, int]:
    """任务12 → ("任务", 12)."""
    text = squeeze(value)
    _half_width(text)
    match = re.fullmatch(r"(任务|实事|措施)([0-9]+)", text)
    if match is None:
        raise BadCell(f"序号“{text}”无法识别。", "预填的序号，例如 任务12、实事8、措施3")
    return match[1], int(match[2])


def parse_indicators(value, item: Item) -> dict[str, int | float]:
    """Lines 名称：数值 → {名称: 数值}; a name left without a value is not reported."""
    text = parse_text(value)
    names = {indicator.name: indicator for indicator in item.indicators}
    values: dict[str, int | float] = {}
    for line in (text or "").splitlines():
        if not line.strip():
            continue
        name, colon, written = re.fullmatch(r"([^：:]*)([：:]?)(.*)", line.strip(), re.S).groups()
        name = name.strip()
        if not colon:
            raise BadCell(f"“{line.strip()}”中没有“：”。", "每行写作 名称：数值，例如 新增学位：2400")
        if name not in names:
            raise BadCell(
                f"{label(item)}没有名为“{name}”的指标。",
                "这个事项的指标：" + "、".join(names) if names else "清空这一格：这个事项没有量化指标",
            )
        if name in values:
            raise BadCell(f"指标“{name}”写了两次。", "每个指标只写一行")
        if written.strip():
            values[name] = _number(written.strip(), names[name].unit)
    return values


def _number(text: str, unit: str) -> int | float:
    _half_width(text)
    digits = text[: -len(unit)].strip() if unit and text.endswith(unit) else text
    if not re.fullmatch(r"[0-9]+(\.[0-9]+)?", digits):
        raise BadCell(f"“{text}” 不是数值。", f"只填不小于 0 的数字，例如 2400（单位：{unit}）")
    value = float(digits)
    return int(value) if value.is_integer() and "." not in digits else value


PARSERS = {"stage_met": parse_yes_no, "completed": parse_yes_no}
