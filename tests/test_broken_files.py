"""A corpus of broken files, each with the message it must produce, in every kind of file the office edits.

Each case copies the shipped data/ (and examples/data/, for plans, reports and events) into tmp_path, breaks one
file in one way and reads the whole archive, as `python -m generator validate` and `mkdocs build` do. It then
checks that only that file is reported, with the expected Chinese words, on the expected line (taken from the
broken text itself) and field. test_validation.py and test_progress_validation.py hold the everyday mistakes
(typos, unknown names, duplicate ids); this file holds what breaks the file itself or its types, and extends
the few such cases there (Tab, GBK, BOM, empty file, duplicate key, alias, impossible date) to the other kinds
of file. Then: ids that could become paths, a wrong type in every field of every schema, and huge or hostile
files (50 MB, "billion laughs"), which must be refused quickly.
"""

from __future__ import annotations

import contextlib
import copy
import datetime as dt
import errno
import json
import os
import re
import shutil
import subprocess
import sys
import time
import tracemalloc
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pytest
import yaml
from mistakes import entries, line_of, show

from generator.engine import aside
from generator.read import schema
from generator.read.load import MAX_BYTES, MAX_LISTED, MAX_TEXT, load_yaml
from generator.read.problems import DataError, field_path
from generator.read.registry import read_archive
from generator.site import generate
from generator.site.opendata import FORMATS

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "data"
EXAMPLES = REPO / "examples" / "data"
AS_OF = dt.date(2026, 1, 31)

# Files of data/ ...
UNITS = "2025/units.yaml"
LEADERS = "2025/leaders.yaml"
FORMS = "2025/forms.yaml"
TASKS = "2025/registers/tasks.yaml"
PROJECTS = "2025/registers/projects.yaml"
PERSONNEL = "2025/registers/personnel.yaml"
BANFA = "2025/documents/banfa-1.yaml"
REN = "2025/documents/ren-1.yaml"
# ... and of examples/data/ (prefix "ex:"): a plan, a report, an event.
PLAN = "ex:2025/plans/qjytyj.yaml"  # 区教育体育局
MARCH = "ex:2025/reports/2025-03.yaml"
EVENT = "ex:2025/events/2025-05-flood-season-check.yaml"

ENTRY_015 = '  - id: "015"\n    unit: 区金融运行监测中心\n    submitted: 2025-04-08\n'  # in MARCH
CJK = re.compile(r"[\u4e00-\u9fff]")


# -- helpers


def copies(tmp_path: Path, with_examples: bool) -> tuple[Path, Path | None]:
    data = tmp_path / "data"
    if not data.exists():
        shutil.copytree(DATA, data)
    if not with_examples:
        return data, None
    examples = tmp_path / "examples"
    if not examples.exists():
        shutil.copytree(EXAMPLES, examples)
    return data, examples


def locate(tmp_path: Path, file: str) -> tuple[Path, Path | None, Path]:
    """(data copy, examples copy or None, the copied file) for "2025/…" or "ex:2025/…"."""
    in_examples = file.startswith("ex:")
    data, examples = copies(tmp_path, in_examples)
    return data, examples, (examples / file[3:] if in_examples else data / file)


def problems_of(data: Path, examples: Path | None) -> list:
    with pytest.raises(DataError) as info:
        read_archive(data, examples)
    return info.value.problems


def first_non_ascii_line(text: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if not line.isascii())


# -- how to break a file: functions of its bytes

Break = Callable[[bytes], bytes]


def sub(old: str, new: str) -> Break:
    def apply(raw: bytes) -> bytes:
        text = raw.decode("utf-8")
        assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times"
        return text.replace(old, new).encode("utf-8")

    return apply


def whole(text: str | bytes) -> Break:
    return lambda raw: text if isinstance(text, bytes) else text.encode("utf-8")


def append(text: str) -> Break:
    return lambda raw: raw + text.encode("utf-8")


def encoded(codec: str) -> Break:
    return lambda raw: raw.decode("utf-8").encode(codec)


def then(*steps: Break) -> Break:
    def apply(raw: bytes) -> bytes:
        for step in steps:
            raw = step(raw)
        return raw

    return apply


BOM = lambda raw: b"\xef\xbb\xbf" + raw  # noqa: E731  (as Windows Notepad saves UTF-8)

BILLION_LAUGHS = (
    "\n".join(
        [
            "# yaml-language-server: $schema=../../../generator/schemas/register.schema.json",
            'lol0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]',
        ]
        + [f"lol{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]
    )
    + "\n"
)


@dataclass(frozen=True)
class Case:
    name: str
    file: str  # the file broken: "2025/…" in data/, "ex:2025/…" in examples/data/
    edit: Break
    message: tuple[str, ...]  # words the message must contain
    expected: tuple[str, ...] = ()  # words the "应为" part must contain
    at: str | Callable[[str], int] | None = None  # text of the broken file on whose line the problem is; a function
    # of the original text giving the line; None: the whole file (line 0)
    field: str | None = None  # the field path, when the problem is in a field

    def __str__(self) -> str:
        return self.name


CORPUS = [
    # YAML syntax: the line, and what is wrong with it in words
    Case(
        "syntax/missing-colon/units",
        UNITS,
        sub("    name: 区财政局\n", "    name 区财政局\n"),
        ("缺少冒号",),
        ("英文冒号",),
        at="    name 区财政局",
    ),
    Case(
        "syntax/full-width-colon/report",
        MARCH,
        sub(ENTRY_015, ENTRY_015.replace("submitted: ", "submitted：")),
        ("这一行", "全角冒号"),
        ("英文冒号",),
        at="    submitted：2025-04-08",
    ),
    Case(
        "syntax/no-space-after-colon/plan",
        PLAN,
        sub("filed: 2025-02-12", "filed:2025-02-12"),
        ("冒号后没有空格",),
        ("加一个空格",),
        at="filed:2025-02-12",
    ),
    Case(
        "syntax/second-document/document",
        BANFA,
        append("---\nid: banfa-2\n"),
        ("第二份内容", "---"),
        ("删除",),
        at="---\n",
    ),
    Case(
        "syntax/unclosed-bracket/event",
        EVENT,
        sub('tasks: ["050", "085", "107"]', 'tasks: ["050", "085", "107"'),
        ("行开始的方括号", "没有成对"),
        ("补上缺少的括号",),
        at=lambda text: line_of(text, 'tasks: ["050"') + 1,
    ),
    # a quote not closed: said at its line, whether YAML ran to the end of the file or to a quote lines later
    Case(
        "syntax/unclosed-quote/document",
        REN,
        sub("title: 关于", 'title: "关于'),
        ("这一行的引号没有成对",),
        ("补上缺少的引号",),
        at='title: "关于',
    ),
    Case(
        "syntax/unclosed-quote-closed-lines-later/register",
        TASKS,
        sub("title: 2025年", 'title: "2025年'),
        ("这一行的引号没有成对",),
        ("补上缺少的引号",),
        at='title: "2025年',
    ),
    Case(
        "syntax/missing-dash-merges-two-items/projects",
        PROJECTS,
        sub('  - id: "02"\n', '    id: "02"\n'),
        ("字段“id”重复出现", "内容丢失"),
        ("只写一次",),
        at='    id: "02"',
        field="items › 第1项 › id",
    ),
    Case(
        "syntax/undefined-alias/personnel",
        PERSONNEL,
        sub("post: 副处级领导干部}\n  - {person: 张教莲", "post: *post}\n  - {person: 张教莲"),
        ("锚点和别名",),
        ("不使用 & 和 *",),
        at="post: *post}",
    ),
    Case(
        "syntax/tag/document",
        BANFA,
        sub("date: 2025-01-24", "date: !!timestamp 2025-01-24"),
        ("不支持的写法", "!!timestamp"),
        ("直接写出来",),
        at="date: !!timestamp",
        field="date",
    ),
    Case(
        "syntax/merge-key/plan",
        PLAN,
        sub("contact: {name: 示例填报人", "contact: {<<: {}, name: 示例填报人"),
        ("合并键 <<",),
        at="contact: {<<",
        field="contact",
    ),
    Case(
        "syntax/control-character/leaders",
        LEADERS,
        sub("name: 王延安", "name: 王\x07延安"),
        ("控制字符（U+0007）",),
        ("删除",),
        at="name: 王\x07延安",
    ),
    Case(
        "syntax/too-deep/forms",
        FORMS,
        append("extra: " + "[" * 1200 + "]" * 1200 + "\n"),
        ("嵌套太深",),
        ("成对",),
        at="extra: [",
    ),
    # a ` #` after unquoted text: YAML would drop the rest of the line as a comment
    Case(
        "comment-after-text/report",
        MARCH,
        sub("完成全年目标的42%。\n", "完成全年目标的42% #另有2亿元在途。\n"),
        ("“#另有2亿元在途。”", "注释", "不被读取"),
        ("英文引号", "单独写在一行"),
        at="#另有2亿元在途",
        field="tasks › 第15项 › progress",
    ),
    Case(
        "comment-after-text/units",
        UNITS,
        sub("    name: 区财政局\n", "    name: 区财政局 # 原区财政局\n"),
        ("“区财政局”之后的“# 原区财政局”", "注释"),
        at="# 原区财政局",
        field="units › 第3项 › name",
    ),
    # Tab indentation, in each kind of file (a register is in test_validation.py)
    Case(
        "tab/units",
        UNITS,
        sub("  - id: qczj\n    name: 区财政局\n", "  - id: qczj\n\tname: 区财政局\n"),
        ("Tab",),
        ("空格",),
        at="\tname: 区财政局",
    ),
    Case(
        "tab/report",
        MARCH,
        sub(ENTRY_015, ENTRY_015.replace("    submitted:", "\tsubmitted:")),
        ("Tab",),
        ("空格",),
        at="\tsubmitted: 2025-04-08",
    ),
    Case(
        "tab/plan",
        PLAN,
        sub('  - id: "061"\n    targets:\n', '  - id: "061"\n\ttargets:\n'),
        ("Tab",),
        ("空格",),
        at="\ttargets:",
    ),
    # a file saved as GBK (Windows' "ANSI" for Chinese) or UTF-16 (Notepad's "Unicode"): named, with how to save
    # as UTF-8, on the line of the first byte that is not UTF-8
    Case("gbk/units", UNITS, encoded("gbk"), ("GBK", "不是 UTF-8"), ("UTF-8", "另存为"), at=first_non_ascii_line),
    Case("gbk/report", MARCH, encoded("gbk"), ("GBK",), ("UTF-8",), at=first_non_ascii_line),
    Case("gbk/plan", PLAN, encoded("gb18030"), ("GBK",), ("UTF-8",), at=first_non_ascii_line),
    Case("gbk/register", TASKS, encoded("gbk"), ("GBK",), ("UTF-8",), at=first_non_ascii_line),
    Case("gbk-with-bom/event", EVENT, then(encoded("gbk"), BOM), ("GBK",), ("UTF-8",), at=first_non_ascii_line),
    Case(
        "gbk-line-pasted-into-utf8/register",
        PROJECTS,
        lambda raw: raw.replace("为民办20件实事".encode(), "为民办20件实事".encode("gbk"), 1),
        ("不是 UTF-8", "复制粘贴"),
        ("重新输入",),
        at=lambda text: line_of(text, "为民办20件实事"),
    ),
    Case(
        "latin-byte/leaders",
        LEADERS,
        lambda raw: raw.replace(b"leaders:\n", b"leaders: \xff\n", 1),
        ("不是 UTF-8",),
        ("UTF-8",),
        at=lambda text: line_of(text, "leaders:\n"),
    ),
    Case("utf16/leaders", LEADERS, encoded("utf-16"), ("UTF-16", "Unicode"), ("UTF-8",)),
    # full-width digits where a number, a date or a month is expected: said, with the half-width value
    Case(
        "full-width/no/register",
        TASKS,
        sub('  - id: "012"\n    seq: 12\n', '  - id: "012"\n    seq: １２\n'),
        ("“１２”", "类型不对", "全角数字", "半角数字：12"),
        ("12",),
        at="    seq: １２",
        field="items › 第12项 › seq",
    ),
    Case(
        "full-width/group/register",
        TASKS,
        sub('  - id: "012"\n    seq: 12\n    group: 2\n', '  - id: "012"\n    seq: 12\n    group: ２\n'),
        ("全角数字", "半角数字：2"),
        ("整数",),
        at="    group: ２",
        field="items › 第12项 › group",
    ),
    Case(
        "full-width/date/document",
        BANFA,
        sub("date: 2025-01-24", "date: 2025-０１-24"),
        ("“2025-０１-24”", "全角数字", "半角数字：2025-01-24"),
        ("2025-01-24",),
        at="date: 2025-０１-24",
        field="date",
    ),
    Case(
        "full-width/filed/plan",
        PLAN,
        sub("filed: 2025-02-12", "filed: ２０２５-０２-１２"),
        ("全角数字", "2025-02-12"),
        ("2025-02-12",),
        at="filed: ２０２５",
        field="filed",
    ),
    Case(
        "full-width/submitted/report",
        MARCH,
        sub(ENTRY_015, ENTRY_015.replace("2025-04-08", "2025-04-0８")),
        ("全角数字", "2025-04-08"),
        ("2025-04-08",),
        at="    submitted: 2025-04-0８",
        field="tasks › 第15项 › submitted",
    ),
    Case(
        "full-width/month-day/report",
        MARCH,
        sub(ENTRY_015, ENTRY_015.replace("2025-04-08", "４月８日")),
        ("“４月８日”", "全角数字", "写法不对"),
        ("YYYY-MM-DD",),
        at="    submitted: ４月８日",
        field="tasks › 第15项 › submitted",
    ),
    Case(
        "full-width/chinese-date/event",
        EVENT,
        sub("date: 2025-05-28", "date: 2025年５月２８日"),
        ("全角数字", "日期要写作 YYYY-MM-DD"),
        ("写作 2025-05-28",),
        at="date: 2025年",
        field="date",
    ),
    Case(
        "full-width/indicator/report",
        MARCH,
        sub(
            "indicators: {新增科创金融机构: 4, 扩大科创基金管理规模: 4.2}",
            "indicators: {新增科创金融机构: ４, 扩大科创基金管理规模: 4.2}",
        ),
        ("全角数字", "半角数字：4"),
        ("数字",),
        at="indicators: {新增科创金融机构: ４",
        field="tasks › 第15项 › indicators › 新增科创金融机构",
    ),
    Case(
        "full-width/probation/personnel",
        PERSONNEL,
        sub(
            "post: 副局长, probation_months: 12}\n  - {person: 张良",
            "post: 副局长, probation_months: １２}\n  - {person: 张良",
        ),
        ("全角数字", "半角数字：12"),
        ("12",),
        at="probation_months: １２",
        field="appointments › 第2项 › probation_months",
    ),
    Case(
        "full-width/attachment/forms",
        FORMS,
        sub("    attachment: 3\n", "    attachment: ３\n"),
        ("全角数字", "半角数字：3"),
        at="    attachment: ３",
        field="forms › 第1项 › attachment",
    ),
    Case(
        "full-width/id/units",
        UNITS,
        sub("  - id: qczj\n", "  - id: qczj１\n"),
        ("“qczj１”", "写法不对", "全角数字"),
        ("qczj1",),
        at="  - id: qczj１",
        field="units › 第3项 › id",
    ),
    Case(
        "full-width/id/report",
        MARCH,
        sub(ENTRY_015, ENTRY_015.replace('id: "015"', 'id: "０１５"')),
        ("全角数字", "015"),
        ("015",),
        at='  - id: "０１５"',
        field="tasks › 第15项 › id",
    ),
    # empty files and files of comments only, in each kind (a document and leaders.yaml: test_validation.py)
    Case("empty/report", MARCH, whole(""), ("空",)),
    Case("comments-only/plan", PLAN, whole("# 区教育体育局落实计划表\n# 待填写\n"), ("空",), ("填写内容",)),
    Case("blank-lines-only/units", UNITS, whole("\n   \n\t\n"), ("空",)),
    Case("only-document-marker/event", EVENT, whole("# 重大事项通报\n---\n"), ("空",)),
    Case("only-null/register", PROJECTS, whole("~\n"), ("空",)),
    # duplicate keys: the second would silently replace the first
    Case(
        "duplicate/top-level-list/units",
        UNITS,
        append("units:\n  - {id: extra, name: 额外单位, side: 市中区}\n"),
        ("字段“units”重复出现", "第3行已有", "内容丢失"),
        at="units:\n  - {id: extra",
        field="units",
    ),
    Case(
        "duplicate/entry-field/report",
        MARCH,
        sub(ENTRY_015, ENTRY_015 + "    submitted: 2025-04-04  # 又一次\n"),
        ("字段“submitted”重复出现",),
        at="    submitted: 2025-04-04  # 又一次",
        field="tasks › 第15项 › submitted",
    ),
    Case(
        "duplicate/flow-mapping/leaders",
        LEADERS,
        sub("{id: wang-yanan, name: 王延安}", "{id: wang-yanan, name: 王延安, name: 王莹}"),
        ("字段“name”重复出现",),
        at="王延安, name: 王莹}",
        field="leaders › 第2项 › name",
    ),
    Case(
        "duplicate/quarter/plan",
        PLAN,
        sub(
            "累计新建、续建教育设施2处左右，累计新增学位2400个左右。\n",
            "累计新建、续建教育设施2处左右，累计新增学位2400个左右。\n      q1: 全面推进。\n",
        ),
        ("字段“q1”重复出现",),
        at="      q1: 全面推进。",
        field="tasks › 第2项 › targets › q1",
    ),
    Case(
        "duplicate/contacts-unit/report",
        MARCH,
        sub(
            '  区财政局: {name: 示例填报人, phone: "13800000002", signatory: 示例负责人}\n',
            '  区财政局: {name: 示例填报人, phone: "13800000002", signatory: 示例负责人}\n'
            "  区财政局: {name: 另一填报人}\n",
        ),
        ("字段“区财政局”重复出现",),
        at="  区财政局: {name: 另一填报人}",
        field="contacts › 区财政局",
    ),
    # anchors and aliases: "billion laughs" is refused at once, at the first alias, in a bounded report
    Case(
        "billion-laughs/register",
        TASKS,
        whole(BILLION_LAUGHS),
        ("锚点和别名",),
        ("不使用 & 和 *",),
        at="lol1: &a1",
        field="lol1 › 第1项",
    ),
    Case(
        "alias/contacts/report",
        MARCH,
        then(
            sub("  区发展改革局: {name: 示例填报人,", "  区发展改革局: &c {name: 示例填报人,"),
            sub(
                '  区工业和信息化局: {name: 示例填报人, phone: "13800000001", signatory: 示例负责人}',
                "  区工业和信息化局: *c",
            ),
        ),
        ("锚点和别名",),
        ("不使用 & 和 *",),
        at="  区工业和信息化局: *c",
        field="contacts › 区工业和信息化局",
    ),
    Case(
        "alias/recursive/event",
        EVENT,
        append("loop: &l [*l]\n"),
        ("锚点和别名",),
        at="loop: &l [*l]",
        field="loop › 第1项",
    ),
    # dates that do not exist, or are written otherwise, in each kind (a document's 2025-02-30: test_validation.py)
    Case(
        "date/feb-29-of-2025/plan",
        PLAN,
        sub("filed: 2025-02-12", "filed: 2025-02-29"),
        ("“2025-02-29”", "不是真实存在的日期"),
        ("YYYY-MM-DD",),
        at="filed: 2025-02-29",
        field="filed",
    ),
    Case(
        "date/april-31/report",
        MARCH,
        sub(ENTRY_015, ENTRY_015.replace("2025-04-08", "2025-04-31")),
        ("“2025-04-31”", "不是真实存在的日期"),
        at="    submitted: 2025-04-31",
        field="tasks › 第15项 › submitted",
    ),
    Case(
        "date/month-13/event",
        EVENT,
        sub("date: 2025-05-28", "date: 2025-13-01"),
        ("不是真实存在的日期",),
        at="date: 2025-13-01",
        field="date",
    ),
    Case(
        "date/chinese/document",
        REN,
        sub("date: 2025-03-22", "date: 2025年3月22日"),
        ("“2025年3月22日”", "写法不对"),
        ("写作 2025-03-22",),
        at="date: 2025年3月22日",
        field="date",
    ),
    Case(
        "date/slashes/document",
        BANFA,
        sub("date: 2025-01-24", "date: 2025/1/24"),
        ("写法不对",),
        ("写作 2025-01-24",),
        at="date: 2025/1/24",
        field="date",
    ),
    Case(
        "date/time-added/report",
        MARCH,
        sub(ENTRY_015, ENTRY_015.replace("2025-04-08", "2025-04-08 10:30")),
        ("写法不对",),
        ("YYYY-MM-DD",),
        at="    submitted: 2025-04-08 10:30",
        field="tasks › 第15项 › submitted",
    ),
    Case(
        "number/too-long/register",
        TASKS,
        sub('  - id: "012"\n    seq: 12\n', '  - id: "012"\n    seq: 1' + "0" * 5000 + "\n"),
        ("数字太长",),
        at="    seq: 10000",
        field="items › 第12项 › seq",
    ),
]


def expected_line(case: Case, original: str, broken: bytes) -> int:
    if case.at is None:
        return 0
    if callable(case.at):
        return case.at(original)
    text = broken.decode("utf-8", "replace").removeprefix("\ufeff")
    return line_of(text, case.at)


@pytest.mark.parametrize("case", CORPUS, ids=str)
def test_broken_file_gives_its_message(tmp_path, case):
    data, examples, path = locate(tmp_path, case.file)
    original = path.read_bytes()
    broken = case.edit(original)
    path.write_bytes(broken)
    started = time.monotonic()
    problems = problems_of(data, examples)
    assert time.monotonic() - started < 10
    assert {p.file for p in problems} == {path}, "only the broken file is reported:\n\n" + show(problems)
    line = expected_line(case, original.decode("utf-8"), broken)
    matching = [p for p in problems if p.line == line and all(word in p.message for word in case.message)]
    assert matching, f"expected {case.message} at line {line}, got:\n\n" + show(problems)
    problem = matching[0]
    assert all(word in problem.expected for word in case.expected), show([problem])
    assert CJK.search(problem.message) and "Traceback" not in str(problem)
    if case.field is not None:
        assert problem.field == case.field
    assert all(p.line > 0 for p in problems) or case.at is None, show(problems)


# -- accepted as they are

ACCEPTED = [
    ("bom/report", MARCH, BOM),
    ("bom/plan", PLAN, BOM),
    ("bom/units", UNITS, BOM),
    ("bom/event", EVENT, BOM),
    ("crlf-line-ends/register", TASKS, lambda raw: raw.replace(b"\n", b"\r\n")),
    ("bom-and-crlf/report", MARCH, lambda raw: BOM(raw.replace(b"\n", b"\r\n"))),
    ("tab-after-colon/register", TASKS, sub('  - id: "012"\n    seq: 12\n', '  - id: "012"\n    seq:\t12\n')),
    ("no-final-newline/leaders", LEADERS, lambda raw: raw.rstrip(b"\n")),
    ("leap-day-of-2024/document", BANFA, sub("date: 2025-01-24", "date: 2024-02-29")),
    (
        "leading-zero-number-is-decimal/register",
        TASKS,
        sub('  - id: "012"\n    seq: 12\n', '  - id: "012"\n    seq: 012\n'),
    ),
]


def summary(archive) -> list:
    """What the pages are made of, as plain values: every record of every year."""
    out = []
    for year in archive.years:
        out.append([(d.id, d.number, d.date, [b.text for b in d.body]) for d in year.documents])
        out.append([(u.id, u.name, u.side, u.aliases) for u in year.units])
        out.append([(leader.id, leader.name) for leader in year.leaders])
        for item in year.items():
            out.append(
                (
                    item.kind.slug,
                    item.id,
                    item.no,
                    item.text,
                    [r.name for r in item.units],
                    [leader.name for leader in item.leaders],
                    item.plan and item.plan.targets,
                    {m: (r.submitted, r.progress, r.values) for m, r in item.reports.items()},
                )
            )
        out.append([(e.id, e.title, e.date) for e in year.events])
        out.append([(c.person, c.post) for p in year.personnel for c in p.appointments + p.removals])
    return out


@pytest.mark.parametrize("name, file, edit", ACCEPTED, ids=[a[0] for a in ACCEPTED])
def test_accepted_variants_read_the_same(tmp_path, name, file, edit):
    data, examples, path = locate(tmp_path, file)
    before = summary(read_archive(data, examples))
    path.write_bytes(edit(path.read_bytes()))
    after = summary(read_archive(data, examples))
    if name.startswith("leap-day"):
        assert ("banfa-1", "市中政办发〔2025〕1号", dt.date(2024, 2, 29)) in [d[:3] for d in after[0]]
    else:
        assert after == before


# -- full-width digits in a file or folder name, where the name is the month or the year


def test_full_width_month_in_a_report_file_name(tmp_path):
    data, examples = copies(tmp_path, True)
    reports = examples / "2025" / "reports"
    (reports / "2025-12.yaml").rename(reports / "2025-１２.yaml")
    problems = problems_of(data, examples)
    assert [(p.file.name, p.line) for p in problems] == [("2025-１２.yaml", 0)], show(problems)
    assert "全角数字" in problems[0].message and "2025-12.yaml" in problems[0].expected


def test_full_width_year_folder_is_not_a_second_2025(tmp_path):
    data, _ = copies(tmp_path, False)
    shutil.copytree(data / "2025", data / "２０２５")
    problems = problems_of(data, None)
    assert [(p.file.name, p.line) for p in problems] == [("２０２５", 0)], show(problems)
    assert "全角数字" in problems[0].message and problems[0].expected.endswith("2025")


# -- links and special files: refused by name, their targets never read

SECRET = "PASSWORD=hunter2-outside-the-repository\n"


@pytest.mark.parametrize(
    "where, target",
    [
        ("ex:2025/events/outside.yaml", "event"),  # valid YAML from outside: it would be published
        ("ex:2025/events/secrets.yaml", "secrets"),  # not YAML: its first lines would be quoted
        ("2025/documents/secrets.yaml", "secrets"),
        ("ex:2025/events/elsewhere", "folder"),  # a linked folder of events
        ("2026", "folder"),  # a linked year
    ],
)
def test_a_link_in_data_is_refused_by_name_and_never_followed(tmp_path, where, target):
    data, examples, link = locate(tmp_path, where)
    outside = tmp_path / "outside"
    (outside / "events").mkdir(parents=True)
    event = (EXAMPLES / EVENT[3:]).read_text("utf-8").replace("title: ", "title: 仓库外的通报", 1)
    (outside / "event.yaml").write_text(event, "utf-8")
    (outside / "events" / "event.yaml").write_text(event, "utf-8")
    (outside / "secrets").write_text(SECRET, "utf-8")
    link.symlink_to(
        {"event": outside / "event.yaml", "secrets": outside / "secrets", "folder": outside / "events"}[target]
    )

    problems = problems_of(data, examples)
    assert [(p.file, p.line) for p in problems] == [(link, 0)], show(problems)
    assert "链接" in problems[0].message
    example = ["--example", examples] if examples else []
    result = subprocess.run(
        [sys.executable, "-m", "generator", "--data", data, *example, "validate"],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1 and link.name in result.stderr and "Traceback" not in result.stderr, result.stderr
    assert "仓库外的通报" not in result.stdout + result.stderr and "hunter2" not in result.stdout + result.stderr


def test_a_pipe_in_data_is_refused_without_waiting_on_it(tmp_path):
    data, _, _ = locate(tmp_path, TASKS)
    pipe = data / "2025" / "documents" / "pipe.yaml"
    os.mkfifo(pipe)  # reading it would wait forever for a writer
    problems = problems_of(data, None)
    assert [(p.file, p.line) for p in problems] == [(pipe, 0)], show(problems)


# -- huge and hostile files: refused quickly, without reading them whole


def test_a_50_mb_file_is_refused_before_it_is_read(tmp_path):
    data, examples, path = locate(tmp_path, MARCH)
    with path.open("r+b") as file:  # sparse: 50 MB on paper, nothing on disk
        file.truncate(50 * 1024 * 1024)
    tracemalloc.start()
    started = time.monotonic()
    try:
        with pytest.raises(DataError) as info:
            load_yaml(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert time.monotonic() - started < 1
    assert peak < 1024 * 1024, f"{peak} bytes allocated: the file was read"
    [problem] = info.value.problems
    assert (problem.file, problem.line) == (path, 0)
    assert "文件太大（50 MB）" in problem.message and "5 MB" in problem.message and "内存" in problem.message
    assert "data/" in problem.expected
    problems = problems_of(data, examples)  # and the whole archive says just that
    assert [p.message for p in problems] == [problem.message]


def test_just_over_the_limit_is_refused_and_just_under_is_read(tmp_path):
    path = tmp_path / "big.yaml"
    head = "units:\n  - {id: x, name: 某单位, side: 市中区}\n"
    comment = "# 很长的说明" + "。" * 80 + "\n"
    path.write_text(head + comment * ((MAX_BYTES - len(head.encode())) // len(comment.encode())), "utf-8")
    assert MAX_BYTES - 300 < path.stat().st_size <= MAX_BYTES
    assert load_yaml(path).data == {"units": [{"id": "x", "name": "某单位", "side": "市中区"}]}
    path.write_bytes(path.read_bytes() + b"# " + b"x" * 100 + b"\n")
    with pytest.raises(DataError) as info:
        load_yaml(path)
    assert "文件太大（5 MB）" in info.value.problems[0].message or "超过数据文件 5 MB" in info.value.problems[0].message


@pytest.mark.parametrize(
    "file, text", [(TASKS, "    text: 举办第十五届全民健身运动会"), (REN, "  - 免去"), (MARCH, "    progress: ")]
)
def test_a_text_of_a_megabyte_is_refused_at_its_line_and_one_as_long_as_allowed_is_read(tmp_path, file, text):
    data, examples, path = locate(tmp_path, file)
    original = path.read_text("utf-8")
    at = original.index(text) + len(text)
    line = original.count("\n", 0, at) + 1
    length = len(original[original.rindex(" ", 0, at) + 1 : original.index("\n", at)])  # the text's own characters
    path.write_text(original[:at] + "字" * (MAX_TEXT - length) + original[at:], "utf-8")
    read_archive(data, examples)
    path.write_text(original[:at] + "字" * 1_000_000 + original[at:], "utf-8")
    [problem] = problems_of(data, examples)
    assert (problem.file, problem.line) == (path, line)
    assert f"超过每段 {MAX_TEXT} 字的上限" in problem.message


def test_billion_laughs_is_refused_fast_with_a_bounded_report(tmp_path):
    path = tmp_path / "laughs.yaml"
    path.write_text(BILLION_LAUGHS, "utf-8")
    started = time.monotonic()
    with pytest.raises(DataError) as info:
        load_yaml(path)
    assert time.monotonic() - started < 1
    problems = info.value.problems
    assert len(problems) == MAX_LISTED + 1  # 81 aliases: the first ten, and one counting the rest
    assert problems[0].line == line_of(BILLION_LAUGHS, "lol1: &a1") and problems[0].column == len("lol1: &a1 [") + 1
    assert "另有 71 处别名" in problems[-1].message


def test_a_billion_laughs_file_as_big_as_allowed_is_still_fast(tmp_path):
    path = tmp_path / "laughs.yaml"
    lines = ["a0: &a0 [lol]"] + [f"a{i}: &a{i} [*a{i - 1}, *a{i - 1}]" for i in range(1, 20_000)]  # 2^20000 lols
    path.write_text("\n".join(lines) + "\n", "utf-8")
    started = time.monotonic()
    with pytest.raises(DataError) as info:
        load_yaml(path)
    assert time.monotonic() - started < 10
    assert len(info.value.problems) == MAX_LISTED + 1


# -- ids become URLs and file names: every id field refuses what could be a path

ID_FIELDS = [  # (where, file, old, new with {id}, field)
    ("item id", TASKS, '  - id: "004"\n', "  - id: '{id}'\n", "items › 第4项 › id"),
    ("document id", REN, "id: ren-1\n", "id: '{id}'\n", "id"),
    ("unit id", UNITS, "  - id: qczj\n", "  - id: '{id}'\n", "units › 第3项 › id"),
    ("leader id", LEADERS, "{id: wang-yanan,", "{id: '{id}',", "leaders › 第2项 › id"),
    ("form id", FORMS, "  - id: plan\n", "  - id: '{id}'\n", "forms › 第1项 › id"),
    (
        "form's document",
        FORMS,
        "  - id: plan\n    document: banfa-1\n",
        "  - id: plan\n    document: '{id}'\n",
        "forms › 第1项 › document",
    ),
    ("register's document", PROJECTS, "document: banfa-1\n", "document: '{id}'\n", "document"),
    ("personnel's document", PERSONNEL, "document: ren-1\n", "document: '{id}'\n", "document"),
    ("plan entry id", PLAN, '  - id: "061"\n', "  - id: '{id}'\n", "tasks › 第1项 › id"),
    ("report entry id", MARCH, '  - id: "015"\n', "  - id: '{id}'\n", "tasks › 第15项 › id"),
    ("event id", EVENT, "id: 2025-05-flood-season-check\n", "id: '{id}'\n", "id"),
    (
        "event's related item",
        EVENT,
        'tasks: ["050", "085", "107"]',
        'tasks: ["050", \'{id}\', "107"]',
        "related › tasks › 第2项",
    ),
]
PATH_LIKE = [
    "../../etc",
    "..",
    ".",
    "a/b",
    "/etc/passwd",
    "a\\b",
    "C:",
    "-rf",
    "",
    "index.html",
    "ABC",
    "a b",
    "%2e%2e",
    "０１",
    "a" * 41,
    "编号",
    "a\u200bb",
]


@pytest.mark.parametrize("where, file, old, new, field", ID_FIELDS, ids=[f[0] for f in ID_FIELDS])
def test_path_like_id_is_refused_in_every_id_field(tmp_path, where, file, old, new, field):
    data, examples, path = locate(tmp_path, file)
    text = path.read_text("utf-8")
    assert text.count(old) == 1
    broken = text.replace(old, new.replace("{id}", "../../etc"))
    path.write_text(broken, "utf-8")
    problems = problems_of(data, examples)  # the whole archive: one problem, nothing else trips over it
    assert [(p.file, p.field) for p in problems] == [(path, field)], show(problems)
    assert problems[0].line == line_of(broken, "../../etc") and "“../../etc” 的写法不对" in problems[0].message
    assert "小写英文字母" in problems[0].expected
    schema_name = {
        "registers": "register",
        "documents": "document",
        "plans": "plan",
        "reports": "report",
        "events": "event",
    }.get(path.parent.name, path.stem)
    schema_name = "personnel" if path.name == "personnel.yaml" else schema_name
    for bad in PATH_LIKE:  # the other path-like ids, file by file (the schema alone decides)
        path.write_text(text.replace(old, new.replace("{id}", bad)), "utf-8")  # in single quotes, \\ is a backslash
        found = schema.check(load_yaml(path), schema_name)
        assert [p.field for p in found] == [field], (bad, show(found))


def test_pages_and_downloads_are_named_from_ids_only(tmp_path):
    """Every generated path is made of validated ids, numbers and fixed words, never of a file's name: with the
    data files renamed (their names are free, but for the reports' months), the paths are still the ids'."""
    data, examples = copies(tmp_path, True)
    renamed = [
        (data / "2025" / "documents", "banfa-1.yaml", "第一号 通知（定稿）.yaml"),
        (data / "2025" / "registers", "tasks.yaml", "年度工作任务 ..yaml"),
        (examples / "2025" / "plans", "qjytyj.yaml", "区教育体育局 计划 (2).yaml"),
        (examples / "2025" / "events", "2025-05-flood-season-check.yaml", "汛前检查.yaml"),
    ]
    for folder, old, new in renamed:
        (folder / old).rename(folder / new)
    site = generate(read_archive(data, examples), AS_OF)
    uris = [page.uri for page in site.pages] + [d.uri for d in site.downloads]
    safe = re.compile(
        r"(?:[0-9]{4}/)?(?:[a-z0-9][a-z0-9-]*/){0,2}[a-z0-9][a-z0-9-]*\.(?:md|xml|json|"
        + "|".join(f.ext for f in FORMATS)
        + ")"
    )
    assert [uri for uri in uris if not safe.fullmatch(uri)] == []
    assert len(uris) == len(set(uris))
    for uri in (
        "2025/documents/banfa-1.md",
        "2025/tasks/001.md",
        "2025/bulletins/event-2025-05-flood-season-check.md",
        "2025/units/qjytyj.md",
        "2025/data/tasks.csv",
    ):
        assert uri in uris, uri


# -- a wrong type in every field of every schema

SCHEMA_FILES = {  # schema → sample files, which together hold every field (plus EXTRA)
    "units": [UNITS],
    "leaders": [LEADERS],
    "forms": [FORMS],
    "document": [BANFA, REN],
    "register": [TASKS, "2025/registers/measures.yaml", "2025/registers/projects.yaml"],
    "personnel": [PERSONNEL],
    "plan": [PLAN],
    "report": [MARCH],
    "event": [
        EVENT,
        "ex:2025/events/2025-07-industry-aid-meeting.yaml",
        "ex:2025/events/2025-09-livelihood-projects-review.yaml",
    ],
}
EXTRA = {  # fields no shipped file uses: set on the first entry, with a valid value, so they are covered too
    "document": {
        ("published",): "2025-01-26",
        ("index_no",): "11370103004221456X/2025-00001",
        ("enclosed",): False,
        ("kind",): "解读",
        ("interprets",): "ren-1",
        ("topic",): "综合政务",
        ("validity",): "有效",
    },
    "register": {
        ("items", 0, "disclosure"): "主动公开",
        ("items", 0, "indicators"): [{"name": "新增学位", "target": "6000个", "own_name": False}],
    },
    "personnel": {
        ("appointments", 0, "disclosure"): "主动公开",
        ("removals", 0, "probation_months"): 12,
        ("removals", 0, "disclosure"): "主动公开",
    },
    "plan": {("tasks", 0, "remarks"): "示例备注", ("measures", 0, "remarks"): "示例备注"},
    "report": {("measures", 0, "indicators"): {"签约项目": 3}},
}
SENTINEL = "@@这里@@"


def _set(data, path: tuple, value) -> None:
    for part in path[:-1]:
        data = data[part]
    data[path[-1]] = value


FREE_KEYS = ("contacts", "indicators")  # maps keyed by data (unit names, indicator names) in reports


def _pattern(path: tuple) -> tuple:
    """("items", 3, "seq") → ("items", "*", "seq"); a key of a map keyed by data → "?"."""
    return tuple(
        "*" if isinstance(p, int) else "?" if i and path[i - 1] in FREE_KEYS and not isinstance(p, int) else p
        for i, p in enumerate(path)
    )


def _fields(value, seen: set | None = None):
    """(path, value) of every field and list item, once per field pattern (the first entry having it)."""
    seen = set() if seen is None else seen
    fields = []
    for path, sub in entries(value):
        if path and _pattern(path) not in seen:
            seen.add(_pattern(path))
            fields.append((path, sub))
    return fields


def _schema_fields(name: str) -> set[tuple]:
    """Field patterns the schema defines ("*" for a list item, "?" for a free key), refs followed."""
    schemas = {p.name: json.loads(p.read_text("utf-8")) for p in schema.SCHEMA_DIR.glob("*.schema.json")}
    found: set[tuple] = set()

    def walk(node, base, path):
        while "$ref" in node:
            file, _, fragment = node["$ref"].partition("#")
            base = file or base
            target = schemas[base]
            for part in filter(None, fragment.split("/")):
                target = target[part]
            node = {**target, **{k: v for k, v in node.items() if k != "$ref"}}
        if len(path) > 6:
            return
        for key, sub in node.get("properties", {}).items():
            found.add(path + (key,))
            walk(sub, base, path + (key,))
        if isinstance(node.get("items"), dict):
            found.add(path + ("*",))
            walk(node["items"], base, path + ("*",))
        if isinstance(node.get("additionalProperties"), dict):
            walk(node["additionalProperties"], base, path + ("?",))

    walk(schemas[f"{name}.schema.json"], f"{name}.schema.json", ())
    return found


def _samples() -> dict[str, list[tuple[str, dict]]]:
    samples = {}
    for name, files in SCHEMA_FILES.items():
        samples[name] = []
        for file in files:
            path = (EXAMPLES / file[3:]) if file.startswith("ex:") else DATA / file
            data = load_yaml(path).data
            if file == files[0]:
                for field, value in EXTRA.get(name, {}).items():
                    _set(data, field, value)
            samples[name].append((file, _trim(data)))
    return samples


def _trim(value, key=None):
    """`value` with only the list entries (and map keys) that hold a field no earlier one has: small, same fields."""
    if isinstance(value, dict):
        items = list(value.items())[:2] if key in FREE_KEYS else value.items()
        return {k: _trim(v, k) for k, v in items}
    if isinstance(value, list):
        kept, seen = [], set()
        for entry in value:
            patterns = {_pattern(path) for path, _ in _fields(entry)}
            if not kept or patterns - seen:
                kept.append(_trim(entry))
                seen |= patterns
        return kept
    return value


SAMPLES = _samples()


def _wrong_values(value) -> list[tuple[str, object]]:
    if isinstance(value, bool):
        return [("text-for-boolean", "是"), ("null", None)]
    if isinstance(value, (int, float)):
        return [("text-for-number", "十二"), ("list-for-number", [1, 2]), ("null", None)]
    if isinstance(value, str):
        return [
            ("list-for-text", ["甲", "乙"]),
            ("mapping-for-text", {"甲": "乙"}),
            ("number-for-text", 12),
            ("null", None),
        ]
    if isinstance(value, list):
        return [("mapping-for-list", {"甲": 1}), ("text-for-list", "甲、乙"), ("null", None)]
    if isinstance(value, dict):
        return [("list-for-mapping", ["甲"]), ("text-for-mapping", "甲"), ("null", None)]
    return [("list-for-empty", ["甲"]), ("mapping-for-empty", {"甲": 1})]  # a field left empty (None)


def _wrong_types() -> list[tuple]:
    cases = []
    for name, samples in SAMPLES.items():
        seen: set = set()  # each field once per schema, from whichever sample file has it first
        cases += [
            (name, file, path, label, wrong)
            for file, data in samples
            for path, value in _fields(data, seen)
            for label, wrong in _wrong_values(value)
        ]
    return cases


WRONG_TYPES = _wrong_types()


def test_the_wrong_type_cases_cover_every_field_of_every_schema():
    for name, samples in SAMPLES.items():
        covered = {_pattern(path) for _, data in samples for path, _ in _fields(data)}
        missing = {f for f in _schema_fields(name) if len(f) <= 5 and "?" not in f} - covered
        assert missing == set(), (name, missing)


@pytest.mark.parametrize(
    "name, file, path, label, wrong", WRONG_TYPES, ids=[f"{w[0]}:{field_path(w[2])}:{w[3]}" for w in WRONG_TYPES]
)
def test_wrong_type_in_a_field_is_a_problem_at_that_field(tmp_path, name, file, path, label, wrong):
    data = copy.deepcopy(dict(SAMPLES[name])[file])
    _set(data, path, SENTINEL)
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10_000)
    line = line_of(text, SENTINEL)
    target = tmp_path / "file.yaml"
    target.write_text(
        text.replace(f"'{SENTINEL}'", SENTINEL).replace(SENTINEL, json.dumps(wrong, ensure_ascii=False)), "utf-8"
    )
    source = load_yaml(target)  # the YAML itself is fine
    _set(data, path, wrong)
    assert source.data == data
    problems = schema.check(source, name)
    validator = schema._validator(name)
    if validator.is_valid(data):  # e.g. null where a field may be left empty
        assert problems == []
        return
    assert problems, f"{label} at {field_path(path)} is not reported"
    here = [p for p in problems if p.field == field_path(path) and p.line == line]
    assert here, f"expected a problem at {field_path(path)}, line {line}; got:\n\n" + show(problems)
    assert all(CJK.search(p.message) and p.line > 0 for p in problems), show(problems)


WHOLE = {
    "units": ("units", 0, "name"),
    "leaders": ("leaders", 0, "name"),
    "forms": ("forms", 0, "title"),
    "document": ("title",),
    "register": ("items", 0, "text"),
    "personnel": ("appointments", 0, "post"),
    "plan": ("tasks", 0, "targets", "q1"),
    "report": ("tasks", 0, "progress"),
    "event": ("title",),
}


@pytest.mark.parametrize("name", sorted(SCHEMA_FILES))
def test_wrong_type_through_the_whole_archive(tmp_path, name):
    """One wrong type per kind of file in the real data: one problem, in that file, and nothing else trips."""
    data_dir, examples, path = locate(tmp_path, SCHEMA_FILES[name][0])
    sample = load_yaml(path).data
    field = WHOLE[name]
    _set(sample, field, ["甲", "乙"])
    text = yaml.safe_dump(sample, allow_unicode=True, sort_keys=False, width=10_000)
    path.write_text(text, "utf-8")
    problems = problems_of(data_dir, examples)
    assert [(p.file, p.field) for p in problems] == [(path, field_path(field))], show(problems)
    assert "类型不对" in problems[0].message and problems[0].line > 0


# -- a failed build loses nothing: the previous site stays byte for byte; nothing is written elsewhere

MKDOCS = Path(sys.executable).with_name("mkdocs")


def mkdocs_build(cwd: Path, *args: str, env: dict | None = None):
    return subprocess.run(
        [str(MKDOCS), "build", "--strict", "--quiet", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONDONTWRITEBYTECODE": "1", **(env or {})},
    )


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if re.search(r"\.(building|old)-\d+$", p.name))


def project(root: Path) -> str:
    """A copy of the project's site sources in `root` (content, theme, data, mkdocs.yml); its mkdocs.yml text."""
    shutil.copytree(REPO / "content", root / "docs")
    shutil.copytree(REPO / "theme", root / "theme")
    copies(root, False)
    config = (REPO / "mkdocs.yml").read_text("utf-8").replace("docs_dir: content", "docs_dir: docs")
    (root / "mkdocs.yml").write_text(config, "utf-8")
    return config


def test_a_failed_build_leaves_the_previous_site_byte_identical(tmp_path):
    """A build that fails after writing pages (a broken link under --strict, an exception while rendering) leaves
    site/ exactly as it was, and no temporary folder; a successful one replaces site/ as a whole."""
    config = project(tmp_path)
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "stale.html").write_text("from an older build", "utf-8")

    first = mkdocs_build(tmp_path)
    assert first.returncode == 0, first.stderr
    site = tmp_path / "site"
    assert not (site / "stale.html").exists(), "the new site replaces the old one as a whole"
    before = snapshot(site)
    assert "index.html" in before and "2025/tasks/053/index.html" in before
    assert leftovers(tmp_path) == []

    page = next(p for p in sorted((tmp_path / "docs").rglob("*.md")))
    text = page.read_text("utf-8")
    page.write_text(text + "\n[断开的链接](no-such-page.md)\n", "utf-8")
    broken_link = mkdocs_build(tmp_path)
    assert broken_link.returncode != 0 and "no-such-page.md" in broken_link.stderr
    assert snapshot(site) == before
    assert leftovers(tmp_path) == []
    page.write_text(text, "utf-8")

    (tmp_path / "boom.py").write_text(
        "def on_post_page(output, page, config):\n"
        "    if page.file.src_uri == '2025/tasks/053.md':\n"
        "        raise RuntimeError('模板出错')\n"
        "    return output\n",
        "utf-8",
    )
    (tmp_path / "mkdocs.yml").write_text(config + "\nhooks:\n  - boom.py\n", "utf-8")
    exception = mkdocs_build(tmp_path)
    assert exception.returncode != 0 and "模板出错" in exception.stderr
    assert snapshot(site) == before
    assert leftovers(tmp_path) == []


@contextlib.contextmanager
def tmpfs(path: Path, megabytes: int):
    """A real tmpfs of that size mounted at `path` (as root); skipped where mounting is not allowed, and the
    simulated tests below stand in."""
    path.mkdir(parents=True, exist_ok=True)
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={megabytes}m", "tmpfs", str(path)], capture_output=True, text=True
    )
    if mounted.returncode != 0:
        pytest.skip(f"no tmpfs here ({mounted.stderr.strip()}): test_a_mount_point_swap_simulated stands in")
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], check=True)


def hidden_leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if re.search(r"\.(building|old)-\d+$", p.name))


def test_a_site_that_is_a_mount_point_is_replaced_whole_and_never_emptied(tmp_path):
    """site/ as a mounted volume (a container's, a tmpfs, an NFS share) cannot be renamed: its content is replaced.
    A good build replaces it whole; a failed one, or one that finds the volume full, leaves it as it was."""
    project(tmp_path)
    with tmpfs(tmp_path / "site", 64) as site:
        (site / "stale.html").write_text("from an older build", "utf-8")
        first = mkdocs_build(tmp_path)
        assert first.returncode == 0, first.stderr
        before = snapshot(site)
        assert "index.html" in before and "stale.html" not in before
        assert leftovers(tmp_path) == hidden_leftovers(site) == []

        page = next(p for p in sorted((tmp_path / "docs").rglob("*.md")))
        text = page.read_text("utf-8")
        page.write_text(text + "\n[断开的链接](no-such-page.md)\n", "utf-8")
        broken = mkdocs_build(tmp_path)
        assert broken.returncode != 0 and snapshot(site) == before
        page.write_text(text, "utf-8")

        disk = os.statvfs(site)
        used = (disk.f_blocks - disk.f_bfree) * disk.f_frsize
        subprocess.run(
            ["mount", "-o", f"remount,size={used // 1024 + 1024}k", str(site)], check=True
        )  # no room for two
        full = mkdocs_build(tmp_path)
        said = full.stdout + full.stderr
        assert full.returncode != 0 and "Traceback" not in said, said
        assert "网站已生成，但无法替换" in said and "No space left" in said and "新生成的网站在" in said
        assert snapshot(site) == before and hidden_leftovers(site) == []


def test_a_mount_point_swap_simulated(tmp_path, monkeypatch):
    """Without root: the same swap, with the renames a mount point refuses refused (EBUSY, EXDEV)."""
    target, new = tmp_path / "site", tmp_path / "site.building-1"
    for folder, name in ((target, "old.html"), (new, "new.html")):
        (folder / "sub").mkdir(parents=True)
        (folder / name).write_text(name, "utf-8")
        (folder / "sub" / name).write_text(name, "utf-8")
    real = os.replace

    def replace(source, destination):
        if Path(source) == target:
            raise OSError(errno.EBUSY, "Device or resource busy", str(source))
        if Path(source).parent == new:
            raise OSError(errno.EXDEV, "Invalid cross-device link", str(source))
        real(source, destination)

    monkeypatch.setattr(aside.os, "replace", replace)
    aside._swap(new, target)
    assert snapshot(target) == {"new.html": b"new.html", "sub/new.html": b"new.html"} and not new.exists()


def test_a_full_disk_while_writing_pages_keeps_the_old_site_and_says_so(tmp_path):
    project(tmp_path)
    with tmpfs(tmp_path / "disk", 2) as disk:
        (disk / "site").mkdir()
        (disk / "site" / "index.html").write_text("已发布的网站", "utf-8")
        full = mkdocs_build(tmp_path, "--site-dir", str(disk / "site"))
        assert full.returncode != 0 and "Traceback" not in full.stderr, full.stderr
        assert "磁盘空间不足" in full.stderr and "原有 site/ 保持不变" in full.stderr
        assert snapshot(disk / "site") == {"index.html": "已发布的网站".encode()} and leftovers(disk) == []


def tracked_copy(tmp_path: Path) -> Path:
    """The repository's files (as they are now) in a fresh git repository, so that `git status` sees only what
    a command writes, whatever else happens in the real one meanwhile."""
    files = subprocess.run(["git", "ls-files", "-z"], cwd=REPO, capture_output=True, check=True).stdout.split(b"\0")
    copy_root = tmp_path / "repo"
    for name in filter(None, (f.decode() for f in files)):
        source = REPO / name
        if source.is_file():
            (copy_root / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, copy_root / name)
    git = ["git", "-c", "user.name=test", "-c", "user.email=test@example.invalid", "-c", "init.defaultBranch=main"]
    for command in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "copy"]):
        subprocess.run(git + command, cwd=copy_root, check=True, capture_output=True)
    return copy_root


def status(repo: Path) -> list[str]:
    out = subprocess.run(
        ["git", "status", "--porcelain", "--ignored", "--untracked-files=all"],
        cwd=repo,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return sorted(out.splitlines())


def test_builds_and_render_write_only_into_their_output_folder(tmp_path):
    repo = tracked_copy(tmp_path)
    home, temp = tmp_path / "home", tmp_path / "tmp"
    home.mkdir()
    temp.mkdir()
    env = {"HOME": str(home), "TMPDIR": str(temp), "XDG_CACHE_HOME": str(home / ".cache")}
    before = status(repo)

    built = mkdocs_build(repo, env=env)  # the README's build: mkdocs.yml, into site/
    assert built.returncode == 0, built.stderr
    example = mkdocs_build(repo, "-f", "mkdocs.example.yml", env=env)  # into site-example/
    assert example.returncode == 0, example.stderr
    pages = tmp_path / "pages"
    rendered = subprocess.run(
        [sys.executable, "-m", "generator", "render", "--out", str(pages)],
        cwd=repo,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env={**os.environ, **env, "PYTHONDONTWRITEBYTECODE": "1"},
    )
    assert rendered.returncode == 0, rendered.stderr

    after = [line for line in status(repo) if not line.startswith(("!! site/", "!! site-example/"))]
    assert after == before, "written outside site/ and site-example/"
    assert (repo / "site" / "index.html").exists() and (repo / "site-example" / "index.html").exists()
    assert leftovers(repo) == [] and leftovers(tmp_path) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["home", "pages", "repo", "tmp"]
    assert {p.relative_to(pages).parts[0] for p in pages.rglob("*")} == {
        "2025",
        "index.md",
        "feed.xml",
        ".rendered",
        "guide.md",
        "sitemap.md",
        "disclosure",
        "robots.txt",
        "nav.yml",
    }
    assert list(home.rglob("*")) == [], "nothing is written into the home folder"
    assert list(temp.iterdir()) == [], "nothing is left in the temp folder"
