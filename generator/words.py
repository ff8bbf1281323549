"""Dates, numbers, clauses and status words as the documents write them: plain text, for every layer (no import of
the package)."""

from __future__ import annotations

import datetime as dt
import re

DONE, ON_TRACK, BEHIND, MISSING = "已完成", "序时推进", "进度滞后", "未报送"
STATUS_CLASSES = {DONE: "done", ON_TRACK: "on-track", BEHIND: "behind", MISSING: "missing"}  # CSS: status-…, chart-…
STATUSES = tuple(STATUS_CLASSES)  # in this order wherever they are counted or listed

_CN_DIGITS = "〇一二三四五六七八九"
_CLAUSE_END = re.compile(r"[，；。：！？]")


def one_of(words: tuple[str, ...]) -> str:
    """("甲", "乙", "丙") → 甲、乙或丙."""
    return "、".join(words[:-1]) + "或" + words[-1]


def chinese_date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def chinese_number(n: int) -> str:
    """1..99 as Chinese numerals, as the documents write them (试用期一年, 十二个月)."""
    if n < 10:
        return _CN_DIGITS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _CN_DIGITS[tens]) + "十" + (_CN_DIGITS[ones] if ones else "")


def number(value: float) -> str:
    """6000.0 → 6000, 1.99 → 1.99: numbers as the documents write them."""
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def lead(text: str, length: int) -> str:
    """The text's first clauses, as many as fit in `length` characters (at least one, however long), then … when
    more follows: a title is cut where a clause ends, never in the middle of a word or number."""
    text = " ".join(str(text).split())
    if len(text) <= length:
        return text
    ends = [match.start() for match in _CLAUSE_END.finditer(text)]
    cut = max((end for end in ends if end <= length), default=ends[0] if ends else len(text))
    return text[:cut] + ("…" if _CLAUSE_END.sub("", text[cut:]) else "")  # not for a final 。 alone
