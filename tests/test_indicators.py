"""量化指标 (item indicators) are transcribed from the item's own text, and every stated target has one."""
from __future__ import annotations

import re

import pytest

# Measure words that make a number a quantity to be achieved (年/月/日, 级, 号, 届 are left out on purpose:
# they name dates, ratings, lines and editions, not targets).
QUANTITY_UNITS = ("万平方米|平方米|个百分点|千米|公里|万人次|人次|场次|亿美元|亿元|万元|万户|万人|"
                  "个|万|家|所|条|场|人|户|%|亿|座|栋|项|处|套|辆|台|次|张|名|吨|元|亩|件")
QUANTITY = re.compile(rf"\d+(?:\.\d+)?\s*(?:余|多)?(?:{QUANTITY_UNITS})")

# Items whose text has a quantity pattern but deliberately no indicator.
NO_INDICATOR = {
    "projects": {
        "01": "“每人提供100元补贴”是补贴标准，不是本年要完成的数量",
    },
    "tasks": {},
    "measures": {
        "14": "“每季度召开1次联席会议”是会议制度的频次，不是本年要完成的数量",
        "15": "“原则上每年至少举行1次高层会商”是会商制度的频次，不是本年要完成的数量",
    },
}


def written(target: float) -> str:
    """The target as the text writes it: 6000, not 6000.0; 1.99 as is."""
    return str(int(target)) if float(target).is_integer() else repr(float(target))


def items(year):
    for kind in NO_INDICATOR:
        for item in year.register(kind).items:
            yield kind, item


def test_every_indicator_is_transcribed_from_its_text(year):
    for kind, item in items(year):
        names = [i.name for i in item.indicators]
        assert len(names) == len(set(names)), f"{kind} {item.id}: duplicate indicator names"
        for indicator in item.indicators:
            assert indicator.target > 0 and indicator.name and indicator.unit
            assert indicator.direction in ("不少于", "不超过")
            # the number must not be the tail of a longer number (e.g. 6 inside 16 or 1.6); a range such as
            # 1-2个 gives its lower bound as the target; 1500余个 is 1500 个
            pattern = (rf"(?<![\d.]){re.escape(written(indicator.target))}(?:[-—～~]\d+)?\s*(?:余|多)?"
                       rf"{re.escape(indicator.unit)}")
            assert re.search(pattern, item.text), (
                f"{kind} {item.id}: {indicator.name} {written(indicator.target)} {indicator.unit} is not in the text")


def test_ceilings_are_written_as_ceilings(year):
    for kind, item in items(year):
        for indicator in item.indicators:
            if indicator.direction == "不超过":
                assert re.search("以内|不超过|以下|控制在", item.text), f"{kind} {item.id}: {indicator.name}"


def test_every_project_with_a_number_has_indicators(year):
    missing = [item.id for item in year.register("projects").items
               if re.search(r"\d", item.text) and not item.indicators and item.id not in NO_INDICATOR["projects"]]
    assert missing == []


@pytest.mark.parametrize("kind", ["tasks", "measures"])
def test_every_stated_quantity_has_indicators(year, kind):
    missing = [item.id for item in year.register(kind).items
               if QUANTITY.search(item.text) and not item.indicators and item.id not in NO_INDICATOR[kind]]
    assert missing == []


def test_allow_list_is_current(year):
    """Every allow-listed item exists, states a quantity and really has no indicator (else drop it from the list)."""
    for kind, reasons in NO_INDICATOR.items():
        by_id = {item.id: item for item in year.register(kind).items}
        for id in reasons:
            assert id in by_id and QUANTITY.search(by_id[id].text) and not by_id[id].indicators, f"{kind} {id}"


def test_spot_checks(year):
    projects = {item.id: item for item in year.register("projects").items}
    [school] = [i for i in projects["08"].indicators if i.name == "新增学位"]
    assert (school.target, school.unit, school.direction) == (6000, "个", "不少于")
    [housing] = [item for item in projects.values() if "老旧小区" in item.text]
    assert any((i.target, i.unit) == (130, "万平方米") for i in housing.indicators)
    [employment] = [i for i in projects["05"].indicators if i.name == "新增城镇就业"]
    assert (employment.target, employment.unit) == (1.99, "万人")
    tasks = {item.id: item for item in year.register("tasks").items}
    assert {(i.target, i.unit) for i in tasks["001"].indicators} >= {(5.6, "%"), (1.85, "亿美元")}
