"""量化指标 (item indicators): every target is derived here from its item's own text, independently of the generator,
and the site shows it as the text writes it; every stated target has an indicator."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from generator.model import OWN_NAME
from generator.read import targets

# Measure words that make a number a quantity to be achieved (年/月/日, 级, 号, 届 are left out on purpose:
# they name dates, ratings, lines and editions, not targets).
QUANTITY_UNITS = (
    "万平方米|平方米|个百分点|千米|公里|万人次|人次|场次|亿美元|亿元|万元|万户|万人|"
    "个|万|家|所|条|场|人|户|%|亿|座|栋|项|处|套|辆|台|次|张|名|吨|元|亩|件"
)
NUMBER = r"\d+(?:\.\d+)?"
# A quantity as a Chinese text writes it, qualifiers included: 不少于3万人次, 1—2个, 1500余个, 5.6%左右.
QUANTITY = re.compile(
    rf"(?P<before>不少于|不低于|至少|不超过|不高于)?(?<![\d.])(?P<low>{NUMBER})"
    rf"(?:(?P<dash>[—\-～~])(?P<high>{NUMBER}))?(?P<more>余|多)?(?P<unit>{QUANTITY_UNITS})"
    rf"(?P<after>左右|以上|以内|以下)?"
)

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


def items(year):
    for kind in NO_INDICATOR:
        for item in year.register(kind).items:
            yield kind, item


def quantities(text: str) -> dict[str, re.Match]:
    """Each quantity the text states, by the phrase as written."""
    return {match[0]: match for match in QUANTITY.finditer(text)}


def test_every_target_reads_as_its_text_writes_it(year):
    for kind, item in items(year):
        stated = quantities(item.text)
        for indicator in item.indicators:
            target = indicator.target
            where = f"{kind} {item.id} {indicator.name}"
            assert target.printed in stated, f"{where}: “{target.printed}” is not a whole quantity of the text"
            match = stated[target.printed]
            assert target.low == float(match["low"]) and target.unit == match["unit"], where
            assert target.high == (float(match["high"]) if match["high"] else None), where
            qualifier = match["before"] or match["more"] or match["after"] or match["dash"] or ""
            assert target.qualifier == qualifier, where


def test_every_name_is_words_of_the_text_or_says_it_is_not(year):
    for kind, item in items(year):
        names = [i.name for i in item.indicators]
        assert len(names) == len(set(names)), f"{kind} {item.id}: duplicate indicator names"
        for indicator in item.indicators:
            assert indicator.own_name or indicator.name in item.text, f"{kind} {item.id}: {indicator.name}"
            assert indicator.label.endswith(OWN_NAME) == indicator.own_name


def test_the_notices_qualifiers_are_all_kept(year):
    """The qualifiers the notices use, each kept on at least one target (a range by its dash)."""
    qualifiers = {i.target.qualifier for _, item in items(year) for i in item.indicators}
    assert {"左右", "以上", "不少于", "余", "—", "-", ""} <= qualifiers


def test_the_item_pages_show_each_target_as_written(year, site: Path):
    for kind, item in items(year):
        if not item.indicators:
            continue
        page = BeautifulSoup((site / str(year.year) / kind / item.id / "index.html").read_text(), "html.parser")
        rows = {
            tr.find_all("td")[0].text: tr.find_all("td")[1].text
            for tr in page.select("article table tr")
            if len(tr.find_all("td")) >= 2
        }
        for indicator in item.indicators:
            assert rows[indicator.label] == indicator.target.printed, f"{kind} {item.id} {indicator.name}"
            assert indicator.target.printed in item.text


def test_every_project_with_a_number_has_indicators(year):
    missing = [
        item.id
        for item in year.register("projects").items
        if re.search(r"\d", item.text) and not item.indicators and item.id not in NO_INDICATOR["projects"]
    ]
    assert missing == []


@pytest.mark.parametrize("kind", ["tasks", "measures"])
def test_every_stated_quantity_has_indicators(year, kind):
    missing = [
        item.id
        for item in year.register(kind).items
        if QUANTITY.search(item.text) and not item.indicators and item.id not in NO_INDICATOR[kind]
    ]
    assert missing == []


def test_allow_list_is_current(year):
    """Every allow-listed item exists, states a quantity and really has no indicator (else drop it from the list)."""
    for kind, reasons in NO_INDICATOR.items():
        by_id = {item.id: item for item in year.register(kind).items}
        for id in reasons:
            assert id in by_id and QUANTITY.search(by_id[id].text) and not by_id[id].indicators, f"{kind} {id}"


def test_spot_checks(year):
    def target(kind, id, name):
        item = next(i for i in year.register(kind).items if i.id == id)
        return next(i.target for i in item.indicators if i.name == name)

    assert target("tasks", "001", "地区生产总值增长").printed == "5.6%左右"
    assert target("tasks", "001", "参与核算规模以上服务业营收增长").approximate
    community = target("tasks", "102", "创建全国示范性老年友好型社区")
    assert (community.printed, community.low, community.high) == ("1—2个", 1, 2)
    assert target("projects", "14", "创建全国示范性老年友好型社区").printed == "1-2个"
    assert (target("tasks", "054", "充电桩").printed, target("tasks", "054", "充电桩").qualifier) == ("1500余个", "余")
    assert target("projects", "04", "中医上门服务").printed == "不少于3万人次"
    assert (target("projects", "05", "新增城镇就业").low, target("projects", "05", "新增城镇就业").unit) == (
        1.99,
        "万人",
    )


@pytest.mark.parametrize("printed", ["6000", "六千个", "0个", "2—1个", "不少于1500余个"])
def test_a_target_is_a_number_above_zero_a_unit_and_at_most_one_qualifier(printed):
    assert targets.parse(printed) is None


@pytest.mark.parametrize(
    "text, printed, stated",
    [
        ("增长5.6%左右；", "5.6%左右", True),
        ("增长5.6%左右；", "5.6%", False),  # 左右 left out
        ("社区1—2个", "2个", False),
        ("社区1—2个", "1—2个", True),  # half a range
        ("不少于3万人次", "3万人次", False),
        ("充电桩1500余个", "1500个", False),
        ("服务16万人次以上", "6万人次以上", False),
        ("水质提高至95%以上", "95%以上", True),  # 至 is not a range's dash
    ],
)
def test_a_target_is_stated_only_when_the_text_writes_it_whole(text, printed, stated):
    assert targets.stated_in(text, printed) is stated
