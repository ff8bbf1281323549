"""Deadlines on China's working-day calendar (statutory holidays and make-up working days included).

The routine is set by 市中政办发〔2025〕1号: the plan (附件3) is due on 2月18日, and each month's
report (附件4) within 5 working days of the next month.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from types import MappingProxyType
from typing import Mapping

import chinese_calendar

PLAN_DUE = (2, 18)  # month, day
REPORT_WORKING_DAYS = 5
PENDING = "待国务院办公厅公布放假安排后确定"  # a deadline in a year whose 放假安排 is not known yet


class CalendarError(Exception):
    """The holiday calendar does not cover a year yet (the State Council publishes each year's late in the year before)."""


@dataclass(frozen=True)
class Arrangement:
    """A year's 放假安排 as the State Council published it, for a year the library does not cover yet
    (data/holidays.yaml)."""

    holidays: frozenset[dt.date]
    workdays: frozenset[dt.date]  # weekend days worked instead (调休上班)

    def is_working_day(self, day: dt.date) -> bool:
        return day in self.workdays or (day.weekday() < 5 and day not in self.holidays)


Published = Mapping[int, Arrangement]  # year → its arrangement
LIBRARY_ONLY: Published = MappingProxyType({})


def covered(year: int) -> bool:
    """Whether the library knows the year's arrangement."""
    try:
        chinese_calendar.is_workday(dt.date(year, 1, 1))
    except NotImplementedError:
        return False
    return True


def nth_working_day(year: int, month: int, n: int, published: Published = LIBRARY_ONLY) -> dt.date:
    day = dt.date(year, month, 1)
    count = 0
    while True:
        if _is_working_day(day, published):
            count += 1
            if count == n:
                return day
        day += dt.timedelta(days=1)


def report_deadline(year: int, month: int, published: Published = LIBRARY_ONLY) -> dt.date:
    """Last day to submit the report of `month`: the 5th working day of the month after."""
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    return nth_working_day(following.year, following.month, REPORT_WORKING_DAYS, published)


def report_deadlines(year: int, published: Published = LIBRARY_ONLY) -> dict[int, dt.date]:
    """Month → its report's deadline, for the months whose deadline the calendar can tell yet."""
    deadlines = {}
    for month in range(1, 13):
        try:
            deadlines[month] = report_deadline(year, month, published)
        except CalendarError:
            break  # the next year is not published yet: nor is any later month's
    return deadlines


def plan_deadline(year: int) -> dt.date:
    return dt.date(year, *PLAN_DUE)


def _is_working_day(day: dt.date, published: Published) -> bool:
    if day.year in published:
        return published[day.year].is_working_day(day)
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:
        raise CalendarError(
            f"节假日日历（chinesecalendar {chinese_calendar.__version__}）尚未包含{day.year}年的放假安排，"
            f"无法计算{day.year}年的报送期限。国务院办公厅公布当年放假安排后，在 data/holidays.yaml 中照通知填写，"
            "或升级 requirements.txt 中的 chinesecalendar。"
        ) from None
