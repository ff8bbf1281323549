"""Every deadline of the office's routine, in one place. 市中政办发〔2025〕1号 sets them: the plan (附件3) is due on
2月18日, and each month's report (附件4) within 5 working days of the next month, on China's working-day calendar
(workdays.py); a month is reported once it has ended. A report or plan filed after its deadline is late (迟报).
"""

from __future__ import annotations

import calendar
import datetime as dt

from generator.derive.workdays import LIBRARY_ONLY, CalendarError, Published, nth_working_day
from generator.model import PlanEntry, Report, Year

PLAN_DUE = (2, 18)  # month, day
REPORT_WORKING_DAYS = 5
PENDING = "待国务院办公厅公布放假安排后确定"  # a deadline in a year whose 放假安排 is not known yet


def plan_deadline(year: int) -> dt.date:
    return dt.date(year, *PLAN_DUE)


def plan_late(year: Year, plan: PlanEntry) -> bool:
    return plan.filed > plan_deadline(year.year)


def month_end(year: int, month: int) -> dt.date:
    """The month's last day: its report is submitted on it at the earliest."""
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def report_deadline(year: int, month: int, published: Published = LIBRARY_ONLY) -> dt.date:
    """Last day to submit the report of `month`: the 5th working day of the month after."""
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    return nth_working_day(following.year, following.month, REPORT_WORKING_DAYS, published)


def report_deadlines(year: int, published: Published = LIBRARY_ONLY) -> dict[int, dt.date]:
    """Month → its report's deadline, for the months whose deadline the calendar can tell yet (`Year.deadlines`)."""
    deadlines = {}
    for month in range(1, 13):
        try:
            deadlines[month] = report_deadline(year, month, published)
        except CalendarError:
            break  # the next year is not published yet: nor is any later month's
    return deadlines


def passed(year: Year, month: int, as_of: dt.date) -> bool:
    """Whether the report deadline of `month` is known and over by `as_of` (the month can be assessed)."""
    deadline = year.deadlines.get(month)
    return deadline is not None and deadline < as_of


def late(year: Year, report: Report) -> bool:
    deadline = year.deadlines.get(report.month)
    return bool(report.submitted and deadline and report.submitted > deadline)


def schedule(year: Year) -> list[tuple[str, dt.date | str]]:
    """(what is due, by when) for the year; PENDING where the 放假安排 is not published yet."""
    return [("落实计划表（附件3）", plan_deadline(year.year))] + [
        (f"{month}月落实情况表（附件4）", year.deadlines.get(month, PENDING)) for month in range(1, 13)
    ]
