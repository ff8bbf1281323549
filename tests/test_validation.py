"""Realistic office mistakes in data/: each must be reported in Chinese, at the right file, line and field.

Every test copies the shipped data/ into tmp_path and edits the text of a real file, so the expected
line numbers come from the edited text itself, not from hard-coded numbers.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from mistakes import line_of, only_problem, the_problem

from generator.read.problems import DataError
from generator.read.registry import read_archive

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "data"
TASKS = "2025/registers/tasks.yaml"
PROJECTS = "2025/registers/projects.yaml"
BANFA = "2025/documents/banfa-1.yaml"
LEADERS = "2025/leaders.yaml"

# Text of task 004 in tasks.yaml, used as an anchor for edits.
TASK_4_TEXT = "    text: 推进国网山东电力战新产业园建设，聚力打造全国首个电力战新产业集聚区。\n"


# -- helpers


def copy_data(tmp_path: Path) -> Path:
    copy = tmp_path / "data"
    if not copy.exists():
        shutil.copytree(DATA, copy)
    return copy


def break_data(tmp_path: Path, relpath: str, old: str, new: str, at: str | None = None) -> tuple[Path, int]:
    """Replace `old` (occurring once) by `new` in a copy of data/; return the copy and the line of `at` (default
    `new`)."""
    copy = copy_data(tmp_path)
    path = copy / relpath
    text = path.read_text("utf-8")
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {relpath}"
    text = text.replace(old, new)
    path.write_text(text, "utf-8")
    return copy, line_of(text, new if at is None else at)


def problems_of(copy: Path) -> list:
    with pytest.raises(DataError) as info:
        read_archive(copy)
    return info.value.problems


# -- YAML itself


def test_missing_closing_brace_is_a_yaml_error_on_that_line_or_the_next(tmp_path):
    copy, line = break_data(
        tmp_path, LEADERS, "  - {id: wang-yanan, name: 王延安}", "  - {id: wang-yanan, name: 王延安"
    )
    problems = problems_of(copy)
    p = only_problem(problems, copy / LEADERS, line + 1)  # the parser notices on the next line ...
    assert "YAML" in p.message
    assert "上一行" in p.expected  # ... and the report says to look at the previous line too


def test_bad_indentation_is_a_yaml_error_on_that_line(tmp_path):
    copy, line = break_data(
        tmp_path,
        TASKS,
        '  - id: "002"\n    seq: 2\n    group: 2\n',
        '  - id: "002"\n    seq: 2\n     group: 2\n',
        at="     group: 2",
    )
    p = only_problem(problems_of(copy), copy / TASKS, line)
    assert "YAML" in p.message
    assert "缩进" in p.expected


def test_tab_indentation_is_reported_on_its_line(tmp_path):
    copy, line = break_data(
        tmp_path,
        TASKS,
        '  - id: "002"\n    seq: 2\n    group: 2\n',
        '  - id: "002"\n    seq: 2\n\tgroup: 2\n',
        at="\tgroup: 2",
    )
    p = only_problem(problems_of(copy), copy / TASKS, line)
    assert "YAML" in p.message and "Tab" in p.message


def test_duplicate_key_in_an_item_is_an_error_not_silently_kept(tmp_path):
    first = "    text: 推进国网山东电力战新产业园建设。\n"
    copy, line = break_data(tmp_path, TASKS, TASK_4_TEXT, first + TASK_4_TEXT, at=TASK_4_TEXT)
    p = only_problem(problems_of(copy), copy / TASKS, line)
    assert p.field == "items › 第4项 › text"
    assert "重复" in p.message and "text" in p.message
    assert f"第{line - 1}行" in p.message  # where the first one is


def test_anchor_and_alias_are_refused_at_the_alias(tmp_path):
    copy, _ = break_data(
        tmp_path,
        TASKS,
        "聚力打造济南都市工业经济区。\n    leaders: [栾长征]",
        "聚力打造济南都市工业经济区。\n    leaders: &a [栾长征]",
    )
    copy, line = break_data(
        tmp_path,
        TASKS,
        "共同构建济南西部发展新空间。\n    leaders: [栾长征]",
        "共同构建济南西部发展新空间。\n    leaders: *a",
        at="    leaders: *a",
    )
    problems = problems_of(copy)
    assert [p.field for p in problems] == ["items › 第3项 › leaders"]
    assert "锚点" in problems[0].message and "别名" in problems[0].message
    assert problems[0].line == line, "the line should be that of the alias (*a), where field 第3项 is"


def test_merge_key_is_reported_not_a_crash(tmp_path):
    measures = "2025/registers/measures.yaml"
    copy, line = break_data(
        tmp_path,
        measures,
        '  - id: "01"\n    seq: 1\n    group: 2\n',
        '  - id: "01"\n    seq: 1\n    <<: &g {group: 2}\n',
        at="    <<: &g",
    )
    copy, _ = break_data(
        tmp_path, measures, '  - id: "02"\n    seq: 2\n    group: 2\n', '  - id: "02"\n    seq: 2\n    <<: *g\n'
    )
    p = the_problem(problems_of(copy), copy / measures, line)
    assert "YAML" in p.message and "<<" in p.message


# -- schema: fields and types


def test_unknown_field_points_at_the_misspelt_key(tmp_path):
    typo = TASK_4_TEXT.replace("text:", "txet:")
    copy, line = break_data(tmp_path, TASKS, TASK_4_TEXT, typo)
    p = the_problem(problems_of(copy), copy / TASKS, line)
    assert p.field == "items › 第4项 › txet"
    assert "未知字段" in p.message and "“txet”" in p.message
    assert p.expected.startswith("是不是 text？只能使用这些字段：id、")  # the field meant, then all allowed


def test_an_unknown_field_like_no_allowed_one_gets_no_guess(tmp_path):
    copy, line = break_data(tmp_path, TASKS, TASK_4_TEXT, TASK_4_TEXT.replace("text:", "remark:"))
    p = the_problem(problems_of(copy), copy / TASKS, line)
    assert p.expected.startswith("只能使用这些字段：")


def test_missing_required_field_points_at_the_item(tmp_path):
    copy, line = break_data(tmp_path, TASKS, TASK_4_TEXT, "", at='  - id: "004"')
    p = only_problem(problems_of(copy), copy / TASKS, line)
    assert p.field == "items › 第4项"
    assert "缺少必填字段“text”" in p.message


def test_each_missing_field_is_named(tmp_path):
    units = (
        "    units:\n      - {name: 区工业和信息化局, lead: true}\n      - {name: 济南能源互联网产业发展促进中心}\n"
        "      - {name: 山东电力战新产业园项目工作推进专班成员单位}\n"
    )
    copy, line = break_data(
        tmp_path,
        TASKS,
        TASK_4_TEXT + "    leaders: [栾长征, 王延安]\n" + units,
        "    leaders: [栾长征, 王延安]\n",
        at='  - id: "004"',
    )
    messages = sorted(p.message for p in problems_of(copy) if p.line == line)
    assert messages == ["缺少必填字段“text”（内容）。", "缺少必填字段“units”（责任单位）。"]


@pytest.mark.parametrize(
    "old, new, field, found, wanted",
    [
        ('  - id: "004"\n    seq: 4\n', '  - id: "004"\n    seq: 五\n', "items › 第4项 › seq", "五", "整数"),
        (
            "集聚区。\n    leaders: [栾长征, 王延安]",
            "集聚区。\n    leaders: 栾长征、王延安",
            "items › 第4项 › leaders",
            "栾长征、王延安",
            "列表",
        ),
    ],
)
def test_wrong_type(tmp_path, old, new, field, found, wanted):
    at = new.split("\n")[1]
    copy, line = break_data(tmp_path, TASKS, old, new, at=at)
    p = only_problem(problems_of(copy), copy / TASKS, line)
    assert p.field == field
    assert f"“{found}”" in p.message and "类型不对" in p.message
    assert wanted in p.expected


def test_id_written_as_number_asks_for_quotes(tmp_path):
    copy, line = break_data(tmp_path, TASKS, '  - id: "001"', "  - id: 001")
    p = only_problem(problems_of(copy), copy / TASKS, line)
    assert p.field == "items › 第1项 › id"
    assert "类型不对" in p.message
    assert "引号" in p.expected
    assert "001" in p.message, "the message should quote the id as written (001), not as YAML read it"


def test_duplicate_item_ids(tmp_path):
    first = line_of((DATA / TASKS).read_text("utf-8"), '  - id: "001"')
    copy, line = break_data(tmp_path, TASKS, '  - id: "002"', '  - id: "001"', at="    seq: 2\n")
    p = only_problem(problems_of(copy), copy / TASKS, line - 1)  # the second "001"
    assert p.field == "items › 第2项 › id"
    assert "“001”" in p.message and "重复" in p.message and f"第{first}行" in p.message


@pytest.mark.parametrize("bad_id", ["../../etc", "Banfa 1"])
def test_unsafe_id_is_refused(tmp_path, bad_id):
    copy, line = break_data(tmp_path, BANFA, "id: banfa-1", f"id: {bad_id}")
    p = only_problem(problems_of(copy), copy / BANFA, line)
    assert p.field == "id"
    assert f"“{bad_id}”" in p.message and "写法不对" in p.message
    assert "小写英文字母" in p.expected


@pytest.mark.parametrize("date", ["2025-02-30", "2025.1.24"])
def test_impossible_or_malformed_date(tmp_path, date):
    copy, line = break_data(tmp_path, BANFA, "date: 2025-01-24", f"date: {date}")
    p = only_problem(problems_of(copy), copy / BANFA, line)
    assert p.field == "date"
    assert f"“{date}”" in p.message and "日期" in p.message
    assert "YYYY-MM-DD" in p.expected


# -- cross-references


def test_unknown_leader(tmp_path):
    copy, line = break_data(tmp_path, PROJECTS, "    leaders: [王莹]", "    leaders: [王  莹]")
    p = only_problem(problems_of(copy), copy / PROJECTS, line)
    assert p.field == "items › 第3项 › leaders › 第1项"
    assert "“王  莹”" in p.message and "牵头领导名册" in p.message
    assert "空格" in p.expected


def test_unknown_unit(tmp_path):
    copy, line = break_data(tmp_path, PROJECTS, "{name: 区城管局, lead: true}", "{name: 区城市管理局, lead: true}")
    p = only_problem(problems_of(copy), copy / PROJECTS, line)
    assert p.field == "items › 第2项 › units › 第1项 › name"
    assert "“区城市管理局”" in p.message and "责任单位名册" in p.message


@pytest.mark.parametrize(
    "relpath, old, new, found",
    [
        (
            TASKS,
            "{name: 地区生产总值增长, target: 5.6%左右}",
            "{name: 地区生产总值增长, target: 5.6%}",
            "5.6%",
        ),  # 左右 lost
        (PROJECTS, "社区, target: 1-2个}", "社区, target: 2个}", "2个"),  # a range collapsed
        (
            PROJECTS,
            "社区, target: 1-2个}",
            "社区, target: 1—2个}",
            "1—2个",
        ),  # the text has a hyphen: copied, not retyped
    ],
)
def test_a_target_must_be_written_whole_as_in_the_text(tmp_path, relpath, old, new, found):
    copy, line = break_data(tmp_path, relpath, old, new)
    p = only_problem(problems_of(copy), copy / relpath, line)
    assert p.field.endswith("› indicators › 第1项 › target") or p.field.endswith("› indicators › 第4项 › target")
    assert f"没有完整写出“{found}”" in p.message and "左右" in p.expected


def test_a_target_must_have_a_number_and_a_unit(tmp_path):
    copy, line = break_data(tmp_path, PROJECTS, "{name: 新增学位, target: 6000个}", "{name: 新增学位, target: 六千个}")
    p = only_problem(problems_of(copy), copy / PROJECTS, line)
    assert "“六千个”不是原文中“数字＋单位”的写法" in p.message and "1500余个" in p.expected


def test_a_target_in_the_old_form_says_how_to_write_it(tmp_path):
    copy, line = break_data(
        tmp_path, PROJECTS, "{name: 新增学位, target: 6000个}", "{name: 新增学位, target: 6000, unit: 个}"
    )
    target, unit = problems_of(copy)  # both on the line
    assert (target.line, unit.line) == (line, line) and "未知字段“unit”" in unit.message
    assert (
        "“6000” 的类型不对（目标）" in target.message
        and "照原文抄写" in target.expected
        and "引号" not in target.expected
    )


def test_an_indicator_name_is_words_of_the_text_or_marked_as_the_sites(tmp_path):
    copy, line = break_data(
        tmp_path, PROJECTS, "{name: 新增学位, target: 6000个}", "{name: 新增学位数, target: 6000个}"
    )
    p = only_problem(problems_of(copy), copy / PROJECTS, line)
    assert p.field == "items › 第8项 › indicators › 第2项 › name"
    assert "“新增学位数”不是事项内容中的原话" in p.message and "own_name: true" in p.expected
    (copy / PROJECTS).write_text(
        (copy / PROJECTS)
        .read_text()
        .replace("新增学位数, target: 6000个}", "新增学位数, target: 6000个, own_name: true}")
    )
    [item] = [i for i in read_archive(copy).years[0].register("projects").items if i.id == "08"]
    assert item.indicators[1].label == "新增学位数（本站拟名）"


def test_register_of_an_unknown_document(tmp_path):
    copy, line = break_data(tmp_path, PROJECTS, "document: banfa-1", "document: banfa-01")
    p = only_problem(problems_of(copy), copy / PROJECTS, line)
    assert p.field == "document"
    assert "“banfa-01”" in p.message
    assert "banfa-1" in p.expected  # lists the documents that exist


def test_attachment_the_document_lacks(tmp_path):
    copy, line = break_data(tmp_path, PROJECTS, "attachment: 2", "attachment: 5")
    p = only_problem(problems_of(copy), copy / PROJECTS, line)
    assert p.field == "attachment"
    assert "附件5" in p.message


# -- related items


def test_a_related_item_that_does_not_exist(tmp_path):
    copy, line = break_data(tmp_path, PROJECTS, '[{kind: tasks, id: "053"}]', '[{kind: tasks, id: "530"}]')
    p = only_problem(problems_of(copy), copy / PROJECTS, line)
    assert p.field == "items › 第7项 › related › 第1项 › id"
    assert "年度工作任务中没有编号为“530”的事项" in p.message and "kind: tasks" in p.expected


def test_an_item_related_to_itself(tmp_path):
    copy, line = break_data(tmp_path, PROJECTS, '[{kind: tasks, id: "053"}]', '[{kind: projects, id: "07"}]')
    p = only_problem(problems_of(copy), copy / PROJECTS, line)
    assert p.field == "items › 第7项 › related › 第1项"
    assert "为民办实事第7项写成了与自身相关" in p.message


def test_a_link_is_written_once_on_either_side(tmp_path):
    first = line_of((DATA / PROJECTS).read_text("utf-8"), '[{kind: tasks, id: "053"}]')
    copy, line = break_data(
        tmp_path,
        TASKS,
        "      - {name: 老旧小区改造, target: 130万平方米}\n",
        '      - {name: 老旧小区改造, target: 130万平方米}\n    related: [{kind: projects, id: "07"}]\n',
        at='    related: [{kind: projects, id: "07"}]',
    )
    p = only_problem(problems_of(copy), copy / TASKS, line)
    assert "年度工作任务第53项与为民办实事第7项的关联已写过" in p.message and f"projects.yaml 第{first}行" in p.message
    assert "只在其中一项写一次" in p.expected


# -- files


def test_utf8_bom_is_accepted(tmp_path):
    copy = copy_data(tmp_path)
    for relpath in (LEADERS, TASKS):
        path = copy / relpath
        path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    shipped, with_bom = read_archive(DATA).years[0], read_archive(copy).years[0]
    assert len(with_bom.leaders) == len(shipped.leaders)
    assert [len(r.items) for r in with_bom.registers] == [len(r.items) for r in shipped.registers]


def test_utf8_bom_keeps_line_numbers(tmp_path):
    copy, line = break_data(tmp_path, BANFA, "date: 2025-01-24", "date: 2025-02-30")
    path = copy / BANFA
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert only_problem(problems_of(copy), path, line).field == "date"


def test_invisible_control_character_is_refused(tmp_path):
    copy, line = break_data(
        tmp_path,
        TASKS,
        TASK_4_TEXT,
        TASK_4_TEXT.replace("text: 推进", 'text: "推进\\x01').replace("集聚区。\n", '集聚区。"\n'),
    )
    problem = only_problem(problems_of(copy), copy / TASKS, line)
    assert problem.field.endswith("text") and "控制字符（U+0001）" in problem.message


def test_gbk_file_gives_an_encoding_error(tmp_path):
    copy = copy_data(tmp_path)
    path = copy / LEADERS
    path.write_bytes(path.read_text("utf-8").encode("gbk"))
    problems = problems_of(copy)
    assert [p.file for p in problems] == [path]
    assert "UTF-8" in problems[0].message


@pytest.mark.parametrize(
    "relpath, text",
    [
        ("2025/documents/banfa-2.yaml", ""),
        (LEADERS, "# 牵头领导名册\n# leaders:\n#   - {id: wang-ying, name: 王莹}\n"),
    ],
)
def test_empty_or_comments_only_file(tmp_path, relpath, text):
    copy = copy_data(tmp_path)
    (copy / relpath).write_text(text, "utf-8")
    problems = problems_of(copy)
    assert [p.file for p in problems] == [copy / relpath]
    assert "空" in problems[0].message


@pytest.mark.parametrize(
    "stray", ["2025/notes.txt", "2025/registers/tasks.yml", "notes.txt", "2025/documents/old/banfa-1.yaml"]
)
def test_stray_file_is_reported_not_ignored(tmp_path, stray):
    copy = copy_data(tmp_path)
    (copy / stray).parent.mkdir(parents=True, exist_ok=True)
    if stray.endswith(".yml"):
        (copy / TASKS).rename(copy / stray)
    else:
        (copy / stray).write_text("备忘\n", "utf-8")
    problems = problems_of(copy)
    assert [p.file for p in problems] == [copy / stray]
    assert "不会被读取" in problems[0].message


# -- several mistakes at once


def test_several_mistakes_in_different_files_are_all_reported(tmp_path):
    mistakes = [
        (LEADERS, "  - {id: wang-yanan, name: 王延安}", "  - {id: wang-yanan, name: 王延安", 1),  # noticed a line later
        (BANFA, "date: 2025-01-24", "date: 2025-02-30", 0),
        (TASKS, TASK_4_TEXT, TASK_4_TEXT.replace("text:", "txet:"), 0),
        ("2025/forms.yaml", "    title: 2025年年度工作任务落实计划表", "    titel: 2025年年度工作任务落实计划表", 0),
    ]
    expected = []
    for relpath, old, new, later in mistakes:
        copy, line = break_data(tmp_path, relpath, old, new)
        expected.append((copy / relpath, line + later))
    problems = problems_of(copy)
    assert len(problems) >= len(mistakes)
    for file, line in expected:
        the_problem(problems, file, line)


def test_reference_mistake_is_reported_together_with_a_mistake_in_an_unrelated_file(tmp_path):
    forms = "2025/forms.yaml"
    copy, forms_line = break_data(
        tmp_path, forms, "    title: 2025年年度工作任务落实计划表", "    titel: 2025年年度工作任务落实计划表"
    )
    copy, leader_line = break_data(tmp_path, PROJECTS, "    leaders: [王莹]", "    leaders: [王  莹]")
    problems = problems_of(copy)
    the_problem(problems, copy / forms, forms_line)
    the_problem(problems, copy / PROJECTS, leader_line)


# -- the command line and the MkDocs build


def run_validate(data: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "generator", "--data", str(data), "validate"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=REPO,
    )


def test_cli_reports_problems_with_file_and_line(tmp_path):
    copy, line = break_data(tmp_path, BANFA, "date: 2025-01-24", "date: 2025-02-30")
    result = run_validate(copy)
    assert result.returncode == 1
    assert "banfa-1.yaml" in result.stderr and f"第{line}行" in result.stderr
    assert "2025-02-30" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_cli_never_shows_a_traceback_for_a_merge_key(tmp_path):
    copy, line = break_data(
        tmp_path,
        TASKS,
        '  - id: "002"\n    seq: 2\n    group: 2\n',
        '  - id: "002"\n    seq: 2\n    <<: {group: 2}\n',
        at="    <<:",
    )
    result = run_validate(copy)
    assert result.returncode == 1
    assert "tasks.yaml" in result.stderr and f"第{line}行" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_cli_passes_on_shipped_data():
    result = run_validate(DATA)
    assert result.returncode == 0, result.stderr
    assert "✓" in result.stdout and "Traceback" not in result.stderr


def test_mkdocs_build_on_broken_data_keeps_previous_site(tmp_path):
    shutil.copy(REPO / "mkdocs.yml", tmp_path)
    for folder in ("content", "theme"):
        shutil.copytree(REPO / folder, tmp_path / folder)
    copy_data(tmp_path)
    mkdocs = Path(sys.executable).with_name("mkdocs")

    def build() -> subprocess.CompletedProcess:
        return subprocess.run(
            [str(mkdocs), "build", "--strict", "-q"],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            encoding="utf-8",
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        )

    first = build()
    assert first.returncode == 0, first.stdout + first.stderr
    index = tmp_path / "site" / "index.html"
    before = index.read_bytes()

    break_data(tmp_path, BANFA, "date: 2025-01-24", "date: 2025-02-30")
    second = build()
    output = second.stdout + second.stderr
    assert second.returncode != 0
    assert "banfa-1.yaml" in output and "2025-02-30" in output
    assert "Traceback" not in output
    assert index.exists(), "mkdocs removed site/ before the data check failed"
    assert index.read_bytes() == before
