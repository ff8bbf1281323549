"""China's working-day calendar (statutory holidays and make-up working days included), on which the report
deadlines fall (deadlines.py)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from types import MappingProxyType
from typing import Mapping

import chinese_calendar


class CalendarError(Exception):
    """The holiday calendar does not cover a year yet (the State Council publishes each year's late in the year
    before)."""


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
