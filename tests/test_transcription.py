"""The registers say exactly what the notices say (sources/), with the extraction's artifacts repaired."""

from __future__ import annotations

import re

import pytest
from conftest import ARTIFACTS, ROOT, SOURCE

REPAIRS = {"†": "《", "‡": "》", "‚": "“", "‛": "”", "„": "〈", "‟": "〉", "〃": "·", "臵": "置"}
PAGE_HEADER = "序号类别重点任务牵头领导责任单位（加黑的为牵头单位）"


def repaired_source() -> str:
    """The source as one line: glyphs repaired, 〔year〕 in 文号, no whitespace (padding and line wraps), no page
    headers."""
    text = SOURCE.read_text("utf-8")
    for glyph, char in REPAIRS.items():
        text = text.replace(glyph, char)
    text = re.sub(r"\s+", "", text).replace(PAGE_HEADER, "")
    text = re.sub(r"“(\d{4})”(\d+)号", r"〔\1〕\2号", text)
    return re.sub(r"“(责任单位：[^”]*)”", r"（\1）", text)


@pytest.fixture(scope="module")
def source():
    return repaired_source()


def test_counts(year):
    counts = {r.kind.slug: len(r.items) for r in year.registers}
    assert counts == {"tasks": 109, "projects": 20, "measures": 18}
    assert len(year.register("tasks").groups) == 8
    assert len(year.register("measures").groups) == 3
    [personnel] = year.personnel
    assert (len(personnel.appointments), len(personnel.removals)) == (6, 3)
    assert [d.number for d in year.documents] == [
        "市中政办发〔2025〕1号",
        "市中政办字〔2025〕1号",
        "市中政任〔2025〕1号",
    ]


def test_every_task_row_reads_as_in_the_source(year, source):
    for item in year.register("tasks").items:
        row = item.text + "".join(leader.name for leader in item.leaders) + "、".join(ref.name for ref in item.units)
        assert row in source, f"task {item.no}"


def test_every_project_row_reads_as_in_the_source(year, source):
    for item in year.register("projects").items:
        row = item.text + "".join(leader.name for leader in item.leaders) + "".join(ref.name for ref in item.units)
        assert f"{item.no}{row}" in source, f"project {item.no}"


def test_every_measure_reads_as_in_the_source(year, source):
    register = year.register("measures")
    for item in register.items:
        assert f"{item.no}.{item.text}（责任单位：{item.responsible}）" in source, f"measure {item.no}"
        assert item.group.title in source
    for block in register.intro:
        assert block.text in source


def test_documents_read_as_in_the_source(year, source):
    for document in year.documents:
        assert document.number in source and document.title in source
        for block in document.body:
            assert block.text in source, block.text
        assert document.disclosure == "主动公开" and document.disclosure_note == "此件公开发布"


def test_personnel_matches_the_notice(year):
    [personnel] = year.personnel
    body = "".join(block.text for block in personnel.document.body)
    for change in personnel.appointments:
        probation = "（试用期一年）" if change.probation_months == 12 else ""
        assert f"{change.person}同志为{change.organisation}{change.post}{probation}" in body
    for change in personnel.removals:
        assert f"{change.person}同志的{change.organisation}{change.post}职务" in body
    assert [c.person for c in personnel.appointments if c.probation_months] == ["张教莲", "张良"]


@pytest.mark.parametrize(
    "number, expected",
    [
        (53, "实施杆石桥、六里山、七里山等14个片区、130万平方米老旧小区改造工程。"),
        (
            8,
            "创新弹性灵活供应方式，争取济南市新型产业园用地（M9）政策试点，推动土地资源优化配置和高效利用，全面释放园区空间发展潜能。",
        ),
        (68, "深化“双随机、一公开”监管，严格执行《公平竞争审查条例》，加大知识产权保护力度。"),
    ],
)
def test_task_text_character_by_character(year, number, expected):
    assert year.register("tasks").items[number - 1].text == expected


def test_repaired_details(year):
    tasks, projects, measures = (year.register(k) for k in ("tasks", "projects", "measures"))
    assert tasks.items[0].group.title == "经济社会发展主要预期目标"
    assert "增长6.5%左右" in tasks.items[0].text
    assert [leader.name for leader in tasks.items[11].leaders] == ["王莹"]
    assert [r.name for r in tasks.items[46].units][:2] == ["济南中央商埠区发展促进中心", "区商务局"]
    assert "“教育·家”大讲堂" in projects.items[16].text
    assert "示范型“暖阳‘食’光”长者食堂" in projects.items[13].text
    assert measures.items[14].responsible == "两地区（县）政府办公室、发展改革局"
    assert measures.items[16].responsible == "两地区（县）委组织部"
    assert "（鲁政办字〔2024〕125号）" in measures.intro[0].text
    assert "〈关于支持强县产业帮扶弱县推动跨越提升的若干措施〉" in measures.intro[0].text


def test_first_listed_unit_is_marked_lead(year):
    for kind in ("tasks", "projects"):
        for item in year.register(kind).items:
            assert [ref.lead for ref in item.units] == [True] + [False] * (len(item.units) - 1)


def test_both_sides_of_a_measure_are_units(year):
    [first] = [item for item in year.register("measures").items if item.no == 1]
    assert {(ref.unit.name, ref.unit.side) for ref in first.units} == {
        ("区发展改革局", "市中区"),
        ("高唐县发展改革局", "高唐县"),
    }


def test_no_artifact_glyph_in_data():
    for path in (ROOT / "data").rglob("*.yaml"):
        text = path.read_text("utf-8")
        assert not set(text) & set(ARTIFACTS), path
        assert not re.search(r"[\u4e00-\u9fff] +[\u4e00-\u9fff]", text), f"stray space in {path}"
