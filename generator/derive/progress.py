"""Each item's status month by month, derived from the reports (pure functions, no I/O).

The rules, as published on each year's 报送与认定规则 page:
- a month is assessed once its report deadline has passed (5th working day of the next month), for the
  items due that month (Gaotang measures only in a quarter's last month: see `Kind.report_months`);
- 已完成 from the month an item is first reported complete (recorded once; no more reports needed);
- otherwise 序时推进 if that month's report says the stage target is met, 进度滞后 if it says not;
- 未报送 if no report was submitted by the time the month is assessed.
A report submitted after the deadline counts, and is marked late (迟报).
"""

from __future__ import annotations

import datetime as dt
import os
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from generator.derive.deadlines import passed
from generator.model import Indicator, Item, Report, Year
from generator.words import BEHIND, DONE, MISSING, ON_TRACK

NO_VERDICT = "约数目标，不作判断"
CHINA = dt.timezone(dt.timedelta(hours=8))  # deadlines and "today" are days in Beijing time


def build_date() -> dt.date:
    """The day the site describes: SOURCE_DATE_EPOCH when set (reproducible builds), else today."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = dt.datetime.fromtimestamp(int(epoch), CHINA) if epoch else dt.datetime.now(CHINA)
    return moment.date()


@dataclass
class Reading:
    """An indicator's value reached so far, against its target."""

    indicator: Indicator
    value: float | None = None

    @property
    def percent(self) -> int:
        """Whole percent of the number written (a range's lower end), never rounded up; in decimal so that 1740 of
        6000 is 29, not 28.999…"""
        return int(Decimal(str(self.value or 0)) * 100 / Decimal(str(self.indicator.target.low)))

    @property
    def verdict(self) -> str:
        """The value against the target, by the rule for its qualifier (the rules page states them); empty while
        nothing is reported, and for a floor, whose percentage says how far it has come."""
        target, value = self.indicator.target, self.value
        if value is None:
            return ""
        if target.approximate:  # the notices do not say how near 5.6%左右 is near enough
            return NO_VERDICT
        if target.ceiling:
            return "未超过上限" if value <= target.low else "超过上限"
        if target.high is not None and value >= target.low:
            return "在目标区间内" if value <= target.high else "超过目标区间"
        return ""


@dataclass
class ItemProgress:
    item: Item
    statuses: dict[int, str] = field(default_factory=dict)  # assessed month → status
    completed_in: int | None = None

    @property
    def completion(self) -> Report | None:
        return self.item.reports[self.completed_in] if self.completed_in else None

    @property
    def current(self) -> str | None:
        if self.completed_in:
            return DONE
        return self.statuses[max(self.statuses)] if self.statuses else None

    def readings(self, month: int = 12) -> list[Reading]:
        """Each indicator with the latest value reported up to `month`."""
        values: dict[str, float] = {}
        for report in self.submitted(month):
            values.update(report.values)
        return [Reading(indicator, values.get(indicator.name)) for indicator in self.item.indicators]

    def timeline(self) -> list[tuple[int, str | None, Report | None]]:
        """(month, status, submitted report) newest first: assessed months up to completion, and every month
        reported."""
        reported = {report.month: report for report in self.submitted()}
        months = {m for m in self.statuses if not self.completed_in or m <= self.completed_in} | set(reported)
        return [(m, self.statuses.get(m), reported.get(m)) for m in sorted(months, reverse=True)]

    def submitted(self, month: int = 12) -> list[Report]:
        """Submitted reports up to `month`, oldest first."""
        return [r for m, r in sorted(self.item.reports.items()) if m <= month and r.submitted]


@dataclass
class Progress:
    """The progress of a year's items as of one day."""

    year: Year
    as_of: dt.date
    months: list[int]  # tracked months whose deadline has passed, oldest first
    items: dict[Item, ItemProgress]

    def of(self, item: Item) -> ItemProgress:
        return self.items[item]

    def counts(self, items: list[Item], month: int | None = None) -> Counter:
        """Statuses of `items` in `month` (default: their current status); unassessed items are not counted."""
        statuses = (self.items[i].current if month is None else self.items[i].statuses.get(month) for i in items)
        return Counter(status for status in statuses if status)

    def behind(self, items: list[Item]) -> list[Item]:
        """Those of `items` whose current status is 进度滞后."""
        return [item for item in items if self.items[item].current == BEHIND]


def derive(year: Year, as_of: dt.date) -> Progress:
    months = [m for m in year.months if passed(year, m, as_of)]
    return Progress(year, as_of, months, {item: _item_progress(item, months) for item in year.items()})


def _item_progress(item: Item, months: list[int]) -> ItemProgress:
    progress = ItemProgress(item)
    progress.completed_in = next((m for m, r in sorted(item.reports.items()) if r.submitted and r.completed), None)
    for month in months:
        if month in item.kind.report_months or month == progress.completed_in:
            progress.statuses[month] = _status(item, month, progress.completed_in)
    return progress


def _status(item: Item, month: int, completed_in: int | None) -> str:
    if completed_in and completed_in <= month:
        return DONE
    report = item.reports.get(month)
    if report is None or report.submitted is None:
        return MISSING
    return ON_TRACK if report.stage_met else BEHIND
