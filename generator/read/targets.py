"""A quantity target as an item's text writes it: 5.6%左右, 350个以上, 不少于3万人次, 1500余个, 1—2个, 3%以内.

The registers copy each target from the text, character for character; this module reads its parts and checks
that the text really says it, with nothing before or after it left out (5.6% of 5.6%左右, 2个 of 1—2个).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

BEFORE = ("不少于", "不低于", "至少", "不超过", "不高于")  # qualifiers written before the number
AFTER = ("左右", "以上", "以内", "以下")  # … and after the unit
CEILINGS = ("不超过", "不高于", "以内", "以下")
APPROXIMATE = "左右"
DASHES = "—－-～~"  # not 至: 提高至95% is a target, not the end of a range
_DASH = f"[{re.escape(DASHES)}]"
_NUMBER = r"\d+(?:\.\d+)?"
_PHRASE = re.compile(
    rf"(?P<before>{'|'.join(BEFORE)})?(?P<low>{_NUMBER})(?:(?P<dash>{_DASH})(?P<high>{_NUMBER}))?"
    rf"(?P<more>余|多)?(?P<unit>[^\d\s]+?)(?P<after>{'|'.join(AFTER)})?"
)


@dataclass(frozen=True)
class Target:
    printed: str  # as the text writes it
    low: float  # the number written; a range's lower end
    unit: str
    qualifier: str = ""  # 左右, 以上, 不少于, 余, 以内, … as written; a range has its dash
    high: float | None = None  # a range's upper end

    @property
    def approximate(self) -> bool:
        return self.qualifier == APPROXIMATE

    @property
    def ceiling(self) -> bool:
        return self.qualifier in CEILINGS


def parse(printed: str) -> Target | None:
    """The parts of a target such as 5.6%左右, or None when it is not written as a number (above zero: progress is a
    share of it) and a unit, with at most one qualifier."""
    match = _PHRASE.fullmatch(printed)
    if not match or float(match["low"]) == 0 or (match["high"] and float(match["high"]) <= float(match["low"])):
        return None
    qualifier = match["before"] or match["more"] or match["after"] or match["dash"] or ""
    if sum(bool(match[part]) for part in ("before", "more", "after", "dash")) > 1:
        return None
    return Target(
        printed, float(match["low"]), match["unit"], qualifier, float(match["high"]) if match["high"] else None
    )


def stated_in(text: str, printed: str) -> bool:
    """Whether `text` writes the target `printed` whole: not as part of a longer number, range or qualifier."""
    for match in re.finditer(re.escape(printed), text):
        before, after = text[: match.start()], text[match.end() :]
        if re.search(rf"(?:[\d.]|{_DASH})$", before) or re.match(r"[\d.]", after):
            continue
        if not printed.startswith(BEFORE) and before.endswith(BEFORE):
            continue
        if not printed.endswith(AFTER) and after.startswith(AFTER):
            continue
        return True
    return False
