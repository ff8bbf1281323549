"""Status rules, deadlines, indicator arithmetic and bulletin contents, on a small fixture quarter.

tests/fixtures/progress/2025/ holds three monthly report files and one event, read together with the
real registers. The report deadlines of 2025: January's 2月10日, February's 3月7日, March's 4月8日.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest
from conftest import ROOT, run

from generator.derive.bulletins import COMPLETION, EVENT, MONTHLY, QUARTERLY, bulletins
from generator.derive.deadlines import late, plan_deadline, report_deadline
from generator.derive.progress import Reading, derive
from generator.derive.workdays import CalendarError
from generator.model import Indicator
from generator.read import targets
from generator.read.problems import DataError
from generator.read.registry import read_archive
from generator.site import generate
from generator.site.render import progress_bar
from generator.words import BEHIND, DONE, MISSING, ON_TRACK

FIXTURE = ROOT / "tests" / "fixtures" / "progress"


@pytest.fixture(scope="module")
def year():
    return read_archive(ROOT / "data", FIXTURE).years[0]


def item(year, slug, item_id):
    return next(i for i in year.register(slug).items if i.id == item_id)


# -- deadlines on the working-day calendar


@pytest.mark.parametrize(
    "month, due, why",
    [
        (9, dt.date(2025, 10, 14), "国庆中秋放假 10月1日至8日；11日（周六）调休上班"),
        (1, dt.date(2025, 2, 10), "春节放假至2月4日；2月8日（周六）调休上班"),
        (4, dt.date(2025, 5, 12), "劳动节放假 5月1日至5日"),
        (3, dt.date(2025, 4, 8), "清明节 4月4日至6日"),
        (12, dt.date(2026, 1, 8), "次年元旦放假 1月1日至3日，1月4日（周日）调休上班"),
    ],
)
def test_report_deadline_is_the_fifth_working_day(month, due, why):
    assert report_deadline(2025, month) == due, why


def test_plan_deadline_is_set_by_the_notice():
    assert plan_deadline(2025) == dt.date(2025, 2, 18)


def test_a_year_the_calendar_does_not_cover_fails_clearly():
    with pytest.raises(CalendarError, match="尚未包含2027年的放假安排"):
        report_deadline(2026, 12)


def year_2026(tmp_path) -> Path:
    """data/ with a year 2026: the registers of 2025 with every 2025 made 2026. December's report falls due in
    January 2027, which the holiday calendar does not cover yet."""
    data = tmp_path / "data"
    for source in (ROOT / "data" / "2025").rglob("*.yaml"):
        path = data / "2026" / source.relative_to(ROOT / "data" / "2025")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(re.sub(r"(?<!\d)2025(?!\d)", "2026", source.read_text("utf-8")), "utf-8")
    return data


def test_a_month_whose_deadline_is_not_published_yet_is_a_state_not_an_error(tmp_path):
    """In early January the office prepares December's report: the site goes on building, and says when the
    deadline will be known."""
    data = year_2026(tmp_path)
    assert run("--data", data, "--today", "2027-01-04", "new-report", "2026-12").returncode == 0
    assert run("--data", data, "validate").returncode == 0
    status = run("--data", data, "--today", "2027-01-04", "status", "2026-12")
    assert status.returncode == 0 and "报送期限待国务院办公厅公布放假安排后确定" in status.stdout
    year = read_archive(data).years[0]
    assert 11 in year.deadlines and 12 not in year.deadlines
    [schedule] = [
        p.markdown for p in generate(read_archive(data), dt.date(2027, 1, 4)).pages if p.uri == "2026/schedule.md"
    ]
    assert "| 12月落实情况表（附件4） | 待国务院办公厅公布放假安排后确定 |" in schedule
    assert '| 11月落实情况表（附件4） | <span class="nowrap">2026年12月7日</span> |' in schedule


HOLIDAYS = """# yaml-language-server: $schema=../generator/schemas/holidays.schema.json
years:
  - year: 2027
    source: 国务院办公厅关于2027年部分节假日安排的通知（示例）
    holidays:
      - {{name: 元旦, from: 2027-01-01, to: {last}}}
    workdays: [{workdays}]
"""


@pytest.mark.parametrize(
    "last, workdays, due",
    [
        ("2027-01-03", "", dt.date(2027, 1, 8)),  # 1日（周五）至3日放假：4日至8日是五个工作日
        ("2027-01-04", "", dt.date(2027, 1, 11)),  # 放假至4日（周一）：第五个工作日是下周一
        ("2027-01-04", "2027-01-09", dt.date(2027, 1, 9)),  # 9日（周六）调休上班
    ],
)
def test_the_office_records_a_published_arrangement_the_calendar_lacks(tmp_path, last, workdays, due):
    data = year_2026(tmp_path)
    (data / "holidays.yaml").write_text(HOLIDAYS.format(last=last, workdays=workdays), "utf-8")
    assert read_archive(data).years[0].deadlines[12] == due
    assert run("--data", data, "--today", "2027-01-04", "new-report", "2026-12").returncode == 0
    status = run("--data", data, "--today", "2027-01-04", "status", "2026-12")
    assert f"报送期限{due.year}年{due.month}月{due.day}日" in status.stdout


@pytest.mark.parametrize(
    "change, message, line",
    [
        (("year: 2027", "year: 2026"), "节假日日历已包含2026年的放假安排", 3),
        (("to: 2027-01-03", "to: 2026-12-30"), "最后一天 2026-12-30 早于第一天 2027-01-01", 6),
        (("to: 2027-01-03", "to: 2027-01-32"), "不是真实存在的日期", 6),
    ],
)
def test_mistakes_in_the_arrangement_are_named(tmp_path, change, message, line):
    data = year_2026(tmp_path)
    (data / "holidays.yaml").write_text(HOLIDAYS.format(last="2027-01-03", workdays="").replace(*change), "utf-8")
    with pytest.raises(DataError) as info:
        read_archive(data)
    [problem] = info.value.problems
    assert (problem.file.name, problem.line) == ("holidays.yaml", line) and message in problem.message, problem


# -- status month by month


def test_statuses_follow_the_rules(year):
    progress = derive(year, dt.date(2025, 4, 1))  # January and February assessed; March not yet due
    assert progress.months == [1, 2]
    assert progress.of(item(year, "projects", "08")).statuses == {1: ON_TRACK, 2: DONE}
    assert progress.of(item(year, "projects", "07")).statuses == {1: BEHIND, 2: ON_TRACK}
    assert progress.of(item(year, "tasks", "001")).statuses == {1: ON_TRACK, 2: MISSING}
    assert progress.of(item(year, "projects", "01")).statuses == {1: MISSING, 2: MISSING}  # a placeholder only
    assert progress.of(item(year, "projects", "02")).statuses == {1: MISSING, 2: MISSING}  # no entry at all


def test_a_month_is_assessed_once_its_deadline_has_passed(year):
    assert derive(year, dt.date(2025, 4, 8)).months == [1, 2]  # the deadline day itself still counts
    assert derive(year, dt.date(2025, 4, 9)).months == [1, 2, 3]
    assert derive(year, dt.date(2025, 2, 10)).months == []


def test_completion_is_recorded_once_and_stays(year):
    progress = derive(year, dt.date(2025, 4, 9))
    project = progress.of(item(year, "projects", "08"))
    assert project.completed_in == 2 and project.statuses[3] == DONE and project.current == DONE
    completions = [b for b in bulletins(progress) if b.kind == COMPLETION]
    assert [(b.item.id, b.date) for b in completions] == [("08", dt.date(2025, 3, 5))]


def test_gaotang_measures_are_assessed_at_the_end_of_each_quarter(year):
    measure = year.register("measures").items[0]
    assert derive(year, dt.date(2025, 4, 1)).of(measure).statuses == {}
    assert derive(year, dt.date(2025, 4, 9)).of(measure).statuses == {3: MISSING}


def test_current_status_is_the_latest_assessed_month(year):
    assert derive(year, dt.date(2025, 4, 1)).of(item(year, "projects", "07")).current == ON_TRACK
    assert derive(year, dt.date(2025, 4, 9)).of(item(year, "projects", "07")).current == BEHIND


def test_a_late_report_counts_and_is_marked(year):
    progress = derive(year, dt.date(2025, 4, 9))
    task = item(year, "tasks", "001")
    assert late(year, task.reports[1])  # 2月12日, after 2月10日
    assert not late(year, item(year, "projects", "07").reports[1])  # on the deadline day
    assert progress.of(task).statuses[1] == ON_TRACK


def test_timeline_is_newest_first_and_stops_at_completion(year):
    progress = derive(year, dt.date(2025, 4, 9))
    timeline = progress.of(item(year, "projects", "08")).timeline()
    assert [(month, status) for month, status, _ in timeline] == [(3, DONE), (2, DONE), (1, ON_TRACK)]
    task = progress.of(item(year, "tasks", "001")).timeline()
    assert [(month, status, report is None) for month, status, report in task] == [
        (3, MISSING, True),
        (2, MISSING, True),
        (1, ON_TRACK, False),
    ]


# -- indicators


def test_indicator_values_are_the_latest_reported(year):
    progress = derive(year, dt.date(2025, 4, 9))
    project = progress.of(item(year, "projects", "08"))
    january = {r.indicator.name: r for r in project.readings(1)}
    assert january["新增学位"].value == 1000 and january["新建、续建中小学、幼儿园"].value is None
    assert str(progress_bar(january["新增学位"])).endswith(" 16%")  # 1000/6000 = 16.7%: never rounded up
    latest = {r.indicator.name: r for r in project.readings()}
    assert latest["新增学位"].value == 6000
    assert 'value="100"' in progress_bar(latest["新增学位"])


def indicator(target: str) -> Indicator:
    return Indicator("指标", targets.parse(target))


def shown(target: str, value: float | None) -> str:
    return str(progress_bar(Reading(indicator(target), value)))


def test_indicator_arithmetic():
    over = shown("6000个", 6600)
    assert 'value="100"' in over and over.endswith(" 110%")  # the bar is full; the figure says 110%
    assert shown("6000个", 5999).endswith(" 99%") and shown("6000个", None) == "—"
    assert Reading(indicator("6000个"), 1740).percent == 29  # exact, never rounded up
    assert Reading(indicator("1.99万人"), 0.5771).percent == 29  # 28.99…% in binary floating point


@pytest.mark.parametrize(
    "target, value, expected",
    [
        # 左右 states no tolerance: no verdict on either side of the number, nor on it
        ("5.6%左右", 5.5, "约数目标，不作判断"),
        ("5.6%左右", 5.6, "约数目标，不作判断"),
        ("5.6%左右", 5.7, "约数目标，不作判断"),
        # a range is reached at its lower end, and says when it is passed
        ("1—2个", 0, " 0%"),
        ("1—2个", 0.5, " 50%"),
        ("1—2个", 1, "在目标区间内"),
        ("1—2个", 2, "在目标区间内"),
        ("1-2个", 3, "超过目标区间"),
        # floors: 以上, 不少于, 余 and a bare number are reached at the number written
        ("350个以上", 349, " 99%"),
        ("350个以上", 350, " 100%"),
        ("不少于3万人次", 3, " 100%"),
        ("1500余个", 1500, " 100%"),
        # ceilings: at the number is within it
        ("3%以内", 3, "未超过上限"),
        ("3%以内", 3.01, "超过上限"),
        ("不超过5.5%", 5.5, "未超过上限"),
        ("5%以下", 5.2, "超过上限"),
    ],
)
def test_each_qualifier_has_its_rule(target, value, expected):
    assert shown(target, value).endswith(expected)


# -- bulletins


def test_bulletins_of_the_fixture_quarter(year):
    issued = bulletins(derive(year, dt.date(2025, 4, 9)))
    assert [(b.kind, b.slug, b.date) for b in issued] == [
        (MONTHLY, "monthly-03", dt.date(2025, 4, 8)),
        (QUARTERLY, "quarterly-1", dt.date(2025, 4, 8)),
        (EVENT, "event-drill", dt.date(2025, 3, 20)),
        (MONTHLY, "monthly-02", dt.date(2025, 3, 7)),
        (COMPLETION, "completed-projects-08", dt.date(2025, 3, 5)),
        (MONTHLY, "monthly-01", dt.date(2025, 2, 10)),
    ]
    assert issued[0].title == "2025年3月为民办20件实事推进情况通报"
    assert issued[1].title == "2025年第一季度重点工作推进情况通报"


def test_quarterly_summary_counts(year):
    progress = derive(year, dt.date(2025, 4, 9))
    [quarterly] = [b for b in bulletins(progress) if b.kind == QUARTERLY]
    summary = quarterly.summary
    total = len(year.items())
    overall = dict(summary.by_register)
    assert overall["合计"] == {DONE: 1, BEHIND: 1, MISSING: total - 2}
    assert overall["为民办实事"] == {DONE: 1, BEHIND: 1, MISSING: 18}
    assert overall["年度工作任务"] == {MISSING: 109}
    assert [i.id for i in summary.completed] == ["08"] and [i.id for i in summary.behind] == ["07"]
    assert len(summary.missing) == total - 2
    tasks_by_category = next(rows for title, _, rows in summary.by_group if title == "年度工作任务")
    assert sum(sum(counts.values()) for _, counts in tasks_by_category) == 109
    leaders = dict(summary.by_leader)
    assert leaders["张同园"][BEHIND] == 1 and leaders["张源"][DONE] == 1  # 实事7 and 实事8


def test_monthly_bulletin_page_lists_every_project(year):
    pages = {p.uri: p.markdown for p in generate(read_archive(ROOT / "data", FIXTURE), dt.date(2025, 4, 9)).pages}
    january = pages["2025/bulletins/monthly-01.md"]
    assert january.count("### [实事") == 20
    assert "居民意见征集进度慢" in january and "进度滞后" in january
    assert "| 新增学位 | 6000个 | 1000个 |" in january
    quarterly = pages["2025/bulletins/quarterly-1.md"]
    assert "雨季影响施工" in quarterly  # the problems of the items behind schedule


def test_a_plan_filed_after_the_deadline_is_marked_late(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    (data / "2025" / "plans").mkdir()
    (data / "2025" / "plans" / "qjyj.yaml").write_text(
        'unit: 区教育体育局\nfiled: 2025-02-19\nprojects:\n  - id: "08"\n'
        "    targets: {q1: 开工, q2: 建设, q3: 建设, q4: 完成}\n",
        "utf-8",
    )
    pages = {p.uri: p.markdown for p in generate(read_archive(data), dt.date(2025, 3, 1)).pages}
    assert (
        '区教育体育局填报，<span class="nowrap">2025年2月19日</span>'
        '（迟报：报送期限为<span class="nowrap">2025年2月18日</span>）' in pages["2025/projects/08.md"]
    )
    assert "| 四季度 | 完成 |" in pages["2025/projects/08.md"]
