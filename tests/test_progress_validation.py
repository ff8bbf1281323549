"""Realistic office mistakes in the progress files (plans/, reports/, events/): each must be reported in Chinese,
at the right file, line and field.

Like test_validation.py, every test copies the shipped data/ and the fictitious example in examples/data/ into
tmp_path, edits the text of a real example file, and reads both roots as one archive
(`read_archive(data, extra=examples)`). Expected lines come from the edited text itself, never hard-coded.

Most edits are made to one entry of the March report (reports/2025-03.yaml): 任务15, reported by
区金融运行监测中心 on 2025-04-08, with two indicators (新增科创金融机构, 扩大科创基金管理规模).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from mistakes import line_of, only_problem, the_problem

from generator.read.problems import DataError
from generator.read.registry import read_archive

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "data"
EXAMPLES = REPO / "examples" / "data"

MARCH = "2025/reports/2025-03.yaml"
EDU_PLAN = "2025/plans/qjytyj.yaml"  # 区教育体育局: tasks 061, 101; projects 08, 10, 17; measures 13
MIIT_PLAN = "2025/plans/qgyhxxhj.yaml"  # 区工业和信息化局
WOMEN_PLAN = "2025/plans/qfl.yaml"  # 区妇联: task 100 only
FLOOD = "2025/events/2025-05-flood-season-check.yaml"
INDUSTRY_AID = "2025/events/2025-07-industry-aid-meeting.yaml"

# The unreported placeholder that `python -m generator new-report` writes for 任务15 (target prefilled from the plan).
PLACEHOLDER_015 = """\
  - id: "015"
    unit: "区金融运行监测中心"
    submitted:
    target: "开展前期调研，摸清工作底数，建立工作台账，启动各项工作，累计新增科创金融机构4家左右，累计扩大科创基金管理规模4亿元左右。"
    progress:
    problems:
    next_steps:
    stage_met:
    completed:
    indicators:
      "新增科创金融机构":  # 目标 10家，填数字（单位：家）
      "扩大科创基金管理规模":  # 目标 10亿元，填数字（单位：亿元）
"""  # noqa: E501 (the target line, as the command writes it)


# -- helpers


def copies(tmp_path: Path) -> tuple[Path, Path]:
    """Copies of data/ and examples/data/ in tmp_path (made once per test)."""
    data, examples = tmp_path / "data", tmp_path / "examples"
    if not data.exists():
        shutil.copytree(DATA, data)
        shutil.copytree(EXAMPLES, examples)
    return data, examples


def entry_of(relpath: str, item_id: str) -> str:
    """The text of the entry `- id: "<item_id>"` in the shipped example file, up to the next entry or comment."""
    lines = (EXAMPLES / relpath).read_text("utf-8").splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if line == f'  - id: "{item_id}"\n')
    end = next((i for i in range(start + 1, len(lines)) if not lines[i].startswith("    ")), len(lines))
    return "".join(lines[start:end])


def index_of(relpath: str, section: str, item_id: str) -> int:
    """1-based position of the entry for `item_id` in `section` of the shipped example file (as in 第N项)."""
    data = yaml.safe_load((EXAMPLES / relpath).read_text("utf-8"))
    return next(i for i, entry in enumerate(data[section], 1) if entry["id"] == item_id)


def edit(tmp_path: Path, relpath: str, old: str, new: str, at: str | None = None) -> int:
    """Replace `old` (occurring once) by `new` in the copy of examples/`relpath`; the line of `at` (default `new`)."""
    _, examples = copies(tmp_path)
    path = examples / relpath
    text = path.read_text("utf-8")
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {relpath}"
    text = text.replace(old, new)
    path.write_text(text, "utf-8")
    return line_of(text, new if at is None else at)


def edit_entry(tmp_path: Path, relpath: str, item_id: str, old: str, new: str, at: str | None = None) -> int:
    """Replace `old` (occurring once in the entry of `item_id`) by `new`; the line of `at` (default `new`) in it."""
    entry = entry_of(relpath, item_id)
    assert entry.count(old) == 1, f"{old!r} occurs {entry.count(old)} times in entry {item_id} of {relpath}"
    edited = entry.replace(old, new)
    start = edit(tmp_path, relpath, entry, edited)
    return start + edited[: edited.index(new if at is None else at)].count("\n")


def problems_of(tmp_path: Path) -> list:
    data, examples = copies(tmp_path)
    with pytest.raises(DataError) as info:
        read_archive(data, extra=examples)
    return info.value.problems


def single(tmp_path: Path, relpath: str, line: int):
    """The problem at `relpath`:`line`, which must be the only one reported (one mistake, one message)."""
    return only_problem(problems_of(tmp_path), copies(tmp_path)[1] / relpath, line)


def field_015(key: str = "") -> str:
    """The field path of 任务15's entry (or one of its keys) in the March report."""
    return f"tasks › 第{index_of(MARCH, 'tasks', '015')}项" + (f" › {key}" if key else "")


# -- the shipped example and the prefilled placeholder are valid


def test_shipped_example_reads_without_problems(tmp_path):
    data, examples = copies(tmp_path)
    year = read_archive(data, extra=examples).years[0]
    assert year.months == list(range(1, 13))
    assert len(year.events) == 4


def test_prefilled_placeholder_is_valid_and_counts_as_not_reported(tmp_path):
    edit(tmp_path, MARCH, entry_of(MARCH, "015"), PLACEHOLDER_015)
    data, examples = copies(tmp_path)
    year = read_archive(data, extra=examples).years[0]  # no DataError
    item = next(item for item in year.items() if item.kind.slug == "tasks" and item.id == "015")
    assert item.reports[3].submitted is None
    assert item.reports[3].values == {}
    assert item.reports[4].submitted is not None  # the other months are untouched


# -- unknown items


def test_unknown_item_in_a_report(tmp_path):
    line = edit_entry(tmp_path, MARCH, "015", '  - id: "015"', '  - id: "110"')  # there are 109 tasks
    p = single(tmp_path, MARCH, line)
    assert p.field == field_015("id")
    assert "年度工作任务中没有编号为“110”的事项" in p.message


def test_unknown_item_in_a_plan(tmp_path):
    line = edit(tmp_path, EDU_PLAN, '  - id: "061"', '  - id: "610"')
    p = single(tmp_path, EDU_PLAN, line)
    assert p.field == "tasks › 第1项 › id"
    assert "没有编号为“610”的事项" in p.message


def test_unknown_item_in_an_event(tmp_path):
    line = edit(tmp_path, FLOOD, 'tasks: ["050", "085", "107"]', 'tasks: ["050", "850", "107"]')
    p = single(tmp_path, FLOOD, line)
    assert p.field == "related › tasks › 第2项"
    assert "没有编号为“850”的事项" in p.message


# -- report file names


@pytest.mark.parametrize("name", ["2024-12.yaml", "2025-3.yaml", "三月.yaml", "2025-13.yaml"])
def test_report_file_not_named_for_a_month_of_the_year(tmp_path, name):
    _, examples = copies(tmp_path)
    wrong = examples / "2025" / "reports" / name
    (examples / MARCH).rename(wrong)
    problems = problems_of(tmp_path)
    assert [(p.file, p.line, p.field) for p in problems] == [(wrong, 0, "")], "\n\n".join(map(str, problems))
    assert f"“{name}”不是2025年的月份" in problems[0].message
    assert "2025-03.yaml" in problems[0].expected


# -- entries of a month


def test_item_reported_twice_in_one_month(tmp_path):
    entry = entry_of(MARCH, "015")
    second = entry.replace("submitted: 2025-04-08", "submitted: 2025-04-09")
    line = edit(tmp_path, MARCH, entry, entry + second, at=second)
    p = single(tmp_path, MARCH, line)
    assert p.field == f"tasks › 第{index_of(MARCH, 'tasks', '015') + 1}项 › id"  # the second one
    assert "任务15在3月已有一条（第" in p.message and "每月只能报送一条" in p.message


def test_item_reported_twice_is_reported_even_when_the_first_entry_is_wrong(tmp_path):
    entry = entry_of(MARCH, "015")
    first = entry.replace("submitted: 2025-04-08", "submitted: 2025-03-20")  # early: has a problem of its own
    line = edit(tmp_path, MARCH, entry, first + entry, at=entry)
    problems = problems_of(tmp_path)
    assert len(problems) == 2, "\n\n".join(map(str, problems))
    assert "每月只能报送一条" in the_problem(problems, copies(tmp_path)[1] / MARCH, line).message


@pytest.mark.parametrize("written", ["完成", "已完成", "✓", "true"])
def test_stage_met_not_yes_or_no(tmp_path, written):
    line = edit_entry(tmp_path, MARCH, "015", "    stage_met: 是\n", f"    stage_met: {written}\n")
    p = single(tmp_path, MARCH, line)
    assert p.field == field_015("stage_met")
    assert f"“{written}” 不是允许的取值" in p.message
    assert "是、否" in p.expected


def stage_met_completed(tmp_path: Path):
    line = edit_entry(tmp_path, MARCH, "015", "    stage_met: 是\n", "    stage_met: 完成\n")
    return single(tmp_path, MARCH, line)


def test_stage_met_choices_do_not_show_python_none(tmp_path):
    assert "None" not in stage_met_completed(tmp_path).expected


def test_stage_met_message_names_the_column(tmp_path):
    assert "（是否完成阶段任务目标）" in stage_met_completed(tmp_path).message


def test_completed_but_stage_not_met_is_a_contradiction(tmp_path):
    line = edit_entry(
        tmp_path,
        MARCH,
        "015",
        "    stage_met: 是\n    completed: 否\n",
        "    stage_met: 否\n    completed: 是\n",
        at="    completed: 是",
    )
    p = single(tmp_path, MARCH, line)
    assert p.field == field_015("completed")
    assert "两者矛盾" in p.message


def test_submitted_before_the_month_ends(tmp_path):
    line = edit_entry(tmp_path, MARCH, "015", "submitted: 2025-04-08", "submitted: 2025-03-20")
    p = single(tmp_path, MARCH, line)
    assert p.field == field_015("submitted")
    assert "报送日期 2025-03-20 早于所报月份结束（3月31日）" in p.message


def test_submitted_not_a_real_date(tmp_path):
    line = edit_entry(tmp_path, MARCH, "015", "submitted: 2025-04-08", "submitted: 2025-02-30")
    p = single(tmp_path, MARCH, line)
    assert p.field == field_015("submitted")
    assert "“2025-02-30” 不是真实存在的日期（报送日期）" in p.message
    assert "YYYY-MM-DD" in p.expected


@pytest.mark.parametrize(
    "old, new, key",
    [
        ("    progress:\n", "    progress: 已完成前期调研，建立工作台账。\n", "progress"),
        ("    stage_met:\n", "    stage_met: 是\n", "stage_met"),
    ],
)
def test_content_without_submitted_date_is_reported_not_dropped(tmp_path, old, new, key):
    """The unreported placeholder of 任务45 in March, filled in but without the date it was submitted."""
    line = edit_entry(tmp_path, MARCH, "045", old, new)
    p = single(tmp_path, MARCH, line)
    assert p.field == f"tasks › 第{index_of(MARCH, 'tasks', '045')}项 › {key}"
    assert "缺少报送日期（submitted）" in p.message and "不会被统计" in p.message


def required_line(key: str) -> str:
    """The line of `key` in 任务15's March entry, as shipped."""
    return next(line for line in entry_of(MARCH, "015").splitlines(keepends=True) if line.startswith(f"    {key}:"))


@pytest.mark.parametrize(
    "key, label, removed",
    [
        ("progress", "完成情况", True),  # the line deleted, key and all: reported at the entry
        ("next_steps", "下一步计划", False),  # the text deleted, the key left empty
        ("stage_met", "是否完成阶段任务目标", False),
    ],
)
def test_submitted_without_required_content(tmp_path, key, label, removed):
    new = "" if removed else f"    {key}:\n"
    line = edit_entry(tmp_path, MARCH, "015", required_line(key), new, at='  - id: "015"' if removed else new)
    p = single(tmp_path, MARCH, line)
    assert p.field == field_015(key)
    assert f"已报送，但“{label}”（{key}）没有填写" in p.message


def test_submitted_without_progress_nor_stage_met_reports_each(tmp_path):
    entry = entry_of(MARCH, "015")
    edited = entry.replace(required_line("progress"), "").replace(required_line("stage_met"), "    stage_met:\n")
    start = edit(tmp_path, MARCH, entry, edited)
    problems = problems_of(tmp_path)
    assert len(problems) == 2, "\n\n".join(map(str, problems))
    file = copies(tmp_path)[1] / MARCH
    assert "“完成情况”（progress）没有填写" in the_problem(problems, file, start).message
    stage_met = the_problem(problems, file, start + edited[: edited.index("    stage_met:")].count("\n"))
    assert "“是否完成阶段任务目标”（stage_met）没有填写" in stage_met.message
    assert "是 或 否" in stage_met.expected


# -- units


def test_report_by_a_unit_not_responsible_for_the_item(tmp_path):
    line = edit_entry(tmp_path, MARCH, "015", "    unit: 区金融运行监测中心\n", "    unit: 区发展改革局\n")
    p = single(tmp_path, MARCH, line)
    assert p.field == field_015("unit")
    assert "“区发展改革局”不是任务15的责任单位" in p.message
    assert "区金融运行监测中心" in p.expected


def test_report_by_an_unknown_unit(tmp_path):
    line = edit_entry(tmp_path, MARCH, "015", "    unit: 区金融运行监测中心\n", "    unit: 区金融中心\n")
    p = single(tmp_path, MARCH, line)
    assert p.field == field_015("unit")
    assert "“区金融中心”不在责任单位名册中" in p.message


def test_unknown_unit_in_contacts(tmp_path):
    line = edit(tmp_path, MARCH, "  区金融运行监测中心: {name:", "  区金融中心: {name:")
    p = single(tmp_path, MARCH, line)
    assert p.field == "contacts › 区金融中心"
    assert "“区金融中心”不在责任单位名册中" in p.message


# -- indicators


def test_indicator_the_item_does_not_have(tmp_path):
    line = edit_entry(tmp_path, MARCH, "015", "扩大科创基金管理规模: 4.2", "科创基金规模: 4.2", at="    indicators:")
    p = single(tmp_path, MARCH, line)
    assert p.field == field_015("indicators › 科创基金规模")
    assert "任务15没有名为“科创基金规模”的指标" in p.message
    assert "新增科创金融机构、扩大科创基金管理规模" in p.expected


@pytest.mark.parametrize(
    "written, message, expected",
    [
        ("-4", "“-4” 太小（截至本月累计完成值）", "不小于 0"),
        ("4家", "“4家” 的类型不对（截至本月累计完成值）", "数字"),
    ],
)
def test_indicator_value_not_a_count(tmp_path, written, message, expected):
    line = edit_entry(
        tmp_path, MARCH, "015", "新增科创金融机构: 4,", f"新增科创金融机构: {written},", at="    indicators:"
    )
    p = single(tmp_path, MARCH, line)
    assert p.field == field_015("indicators › 新增科创金融机构")
    assert message in p.message
    assert expected in p.expected


# -- plans


def test_item_planned_in_two_plan_files(tmp_path):
    """区工业和信息化局 also files a plan for 任务2, already planned by the lead unit 区发展改革局 (qfzggj.yaml)."""
    duplicate = (
        '  - id: "002"\n    targets:\n      q1: 配合开展前期调研。\n      q2: 配合推进。\n'
        "      q3: 配合推进。\n      q4: 配合做好总结。\n"
    )
    line = edit(tmp_path, MIIT_PLAN, "tasks:\n", "tasks:\n" + duplicate, at=duplicate)
    p = single(tmp_path, MIIT_PLAN, line)
    assert p.field == "tasks › 第1项 › id"
    assert "任务2已有落实计划（区发展改革局），同一事项只能有一份" in p.message


def test_plan_for_an_item_of_another_unit(tmp_path):
    """区妇联 copies a line of 区教育体育局's plan: 任务61 is not theirs."""
    line = edit(tmp_path, WOMEN_PLAN, '  - id: "100"', '  - id: "061"')
    p = single(tmp_path, WOMEN_PLAN, line)
    assert p.field == "tasks › 第1项 › id"
    assert "“区妇联”不是任务61的责任单位" in p.message
    assert "区教育体育局" in p.expected


def test_plan_of_an_unknown_unit(tmp_path):
    line = edit(tmp_path, EDU_PLAN, "unit: 区教育体育局\n", "unit: 区教体局\n")
    p = single(tmp_path, EDU_PLAN, line)
    assert p.field == "unit"
    assert "“区教体局”不在责任单位名册中" in p.message


def test_plan_without_any_item(tmp_path):
    _, examples = copies(tmp_path)
    text = (examples / WOMEN_PLAN).read_text("utf-8")
    line = edit(tmp_path, WOMEN_PLAN, text[text.index("tasks:") :], "", at="unit: 区妇联")
    p = single(tmp_path, WOMEN_PLAN, line)
    assert p.field == ""
    assert "计划表中没有任何事项" in p.message


# -- events


def duplicate_event(tmp_path: Path) -> tuple[str, int]:
    """May's bulletin copied to start a June one: title and date changed, the id forgotten."""
    _, examples = copies(tmp_path)
    june = "2025/events/2025-06-flood-season-followup.yaml"
    text = (examples / FLOOD).read_text("utf-8")
    text = text.replace("title: （示例）关于汛前防汛", "title: （示例）关于汛期防汛").replace(
        "date: 2025-05-28", "date: 2025-06-27"
    )
    (examples / june).write_text(text, "utf-8")
    return june, line_of(text, "id: 2025-05-flood-season-check")


def test_two_events_with_the_same_id(tmp_path):
    june, line = duplicate_event(tmp_path)
    p = single(tmp_path, june, line)
    assert "通报编号“2025-05-flood-season-check”重复" in p.message
    assert "2025-05-flood-season-check.yaml" in p.message  # where the first one is


def test_two_events_with_the_same_id_name_the_field_and_first_line(tmp_path):
    june, line = duplicate_event(tmp_path)
    p = single(tmp_path, june, line)
    assert p.field == "id"
    assert f"2025-05-flood-season-check.yaml 第{line}行" in p.message


# -- several mistakes at once


def test_several_mistakes_in_different_files_are_all_reported(tmp_path):
    report_line = edit_entry(tmp_path, MARCH, "015", "    stage_met: 是\n", "    stage_met: 完成\n")  # schema
    plan_line = edit(tmp_path, EDU_PLAN, '  - id: "061"', '  - id: "610"')  # cross-check
    event_line = edit(tmp_path, INDUSTRY_AID, 'measures: ["14", "16", "18"]', 'measures: ["14", "61", "18"]')
    problems = problems_of(tmp_path)
    examples = copies(tmp_path)[1]
    assert len(problems) == 3, "\n\n".join(map(str, problems))
    the_problem(problems, examples / MARCH, report_line)
    the_problem(problems, examples / EDU_PLAN, plan_line)
    the_problem(problems, examples / INDUSTRY_AID, event_line)


# -- the command line


def test_cli_reports_a_progress_mistake_without_traceback(tmp_path):
    line = edit_entry(tmp_path, MARCH, "015", "submitted: 2025-04-08", "submitted: 2025-03-20")
    data, examples = copies(tmp_path)
    result = subprocess.run(
        [sys.executable, "-m", "generator", "--data", str(data), "--example", str(examples), "validate"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=REPO,
    )
    assert result.returncode == 1, result.stdout + result.stderr
    assert "2025-03.yaml" in result.stderr and f"第{line}行" in result.stderr
    assert "早于所报月份结束" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
