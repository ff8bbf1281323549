"""Deadlines on China's working-day calendar (statutory holidays and make-up working days included).

The routine is set by 市中政办发〔2025〕1号: the plan (附件3) is due on 2月18日, and each month's
report (附件4) within 5 working days of the next month.
"""
from __future__ import annotations

import datetime as dt

import chinese_calendar

PLAN_DUE = (2, 18)  # month, day
REPORT_WORKING_DAYS = 5


class CalendarError(Exception):
    """The holiday calendar does not cover a year yet (the State Council publishes each year's late in the year before)."""


def nth_working_day(year: int, month: int, n: int) -> dt.date:
    day = dt.date(year, month, 1)
    count = 0
    while True:
        if _is_working_day(day):
            count += 1
            if count == n:
                return day
        day += dt.timedelta(days=1)


def report_deadline(year: int, month: int) -> dt.date:
    """Last day to submit the report of `month`: the 5th working day of the month after."""
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    return nth_working_day(following.year, following.month, REPORT_WORKING_DAYS)


def plan_deadline(year: int) -> dt.date:
    return dt.date(year, *PLAN_DUE)


def _is_working_day(day: dt.date) -> bool:
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:
        raise CalendarError(
            f"节假日日历（chinesecalendar {chinese_calendar.__version__}）尚未包含{day.year}年的放假安排，"
            f"无法计算{day.year}年的报送期限。国务院办公厅公布当年放假安排后，升级 requirements.txt 中的 chinesecalendar 即可。"
        ) from None
