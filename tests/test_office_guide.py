"""The office's guide (content/office/index.md) shows real commands with their real output: this test runs
them in order, in a copy of the data, and compares what they print with what the guide shows.

In the guide, a ```console block holds `$ command` lines, each followed by its output; a line `…` stands
for any number of lines, and `…` inside a line for any text. Between blocks, HTML comments do what a
person would do: `<!-- guide: fill FILE -->` (a unit fills in its form), `<!-- guide: set FILE CELL VALUE -->`
(changes one cell), `<!-- guide: edit FILE "OLD" "NEW" -->` (an edit in a text editor), `<!-- guide: upload
FILE -->` (a form uploaded to inbox/ on the forge's web page), `<!-- guide: start again -->` (the next section
starts from the data the guide began with). `<!-- guide: summary COMMAND -->` before a
`<div class="job-summary" markdown>` is the command a workflow runs, and the div the summary it writes on the
run's page.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import EXAMPLES, ROOT
from openpyxl import load_workbook

GUIDE = ROOT / "content" / "office" / "index.md"
TODAY = dt.datetime(2025, 4, 9, 9, tzinfo=dt.timezone(dt.timedelta(hours=8)))  # March's deadline was 4月8日
STEP = re.compile(
    r"```console\n(.*?)```"
    r"|<!-- guide: summary (.*?) -->\n<div class=\"job-summary\" markdown>\n\n(.*?)\n</div>"
    r"|<!-- guide: (.*?) -->",
    re.S,
)


def steps(text: str):
    for block, command, summary, action in STEP.findall(text):
        if action:
            yield "action", shlex.split(action)
        elif command:
            yield "summary", (command, summary)
        else:
            for command in re.split(r"^\$ ", block, flags=re.M)[1:]:
                line, _, output = command.partition("\n")
                yield "command", (line, output)


def matches(expected: str, actual: str) -> bool:
    pattern = "".join(
        r"(?:.*\n)*" if line == "…" else ".*".join(map(re.escape, line.split("…"))) + r"\n"
        for line in expected.splitlines()
    )
    return re.fullmatch(pattern, actual) is not None


def run(line: str, cwd: Path, env: dict) -> str:
    words = [sys.executable if word == ".venv/bin/python" else word for word in shlex.split(line)]
    result = subprocess.run(words, cwd=cwd, env=env, capture_output=True, text=True)
    return result.stdout + result.stderr


def fill(path: Path) -> None:
    """What a unit does with its form: every row filled, the first behind schedule, indicators reported
    (the footer with 填报人 and 联系电话 stays blank here: the guide is published)."""
    workbook = load_workbook(path)
    sheet = workbook.active
    header = {cell.value: cell.column for cell in sheet[4] if cell.value}
    label = next(cell for cell in sheet[3] if cell.value == "填报时间：")
    sheet.cell(3, label.column + 1, dt.date(2025, 4, 3))
    rows = [r for r in range(5, sheet.max_row + 1) if re.match(r"(任务|实事|措施)\d+$", str(sheet.cell(r, 1).value))]
    for n, row in enumerate(rows):
        behind = n == 0
        answers = {
            "完成情况": "示例：完成第一阶段工作。" if behind else "示例：按计划推进。",
            "存在问题": "示例：个别环节进度较慢。" if behind else "示例：无",
            "下一步计划": "示例：加快推进，下月补齐进度。" if behind else "示例：继续推进。",
            "是否完成阶段任务目标": "否" if behind else "是",
            "是否全部完成（是/否）": "否",
        }
        for label, value in answers.items():
            sheet.cell(row, header[label], value)
        names = sheet.cell(row, header["指标完成值"]).value
        if names:
            sheet.cell(row, header["指标完成值"], "\n".join(f"{name}1" for name in names.splitlines()))
    workbook.save(path)


def act(words: list[str], cwd: Path, env: dict) -> None:
    if words == ["start", "again"]:
        for command in ("git reset -q --hard", "git clean -q -d -x -f"):
            subprocess.run(shlex.split(command), cwd=cwd, env=env, check=True)
        return
    verb, target, *rest = words
    path = cwd / target
    if verb == "upload":
        (cwd / "inbox").mkdir(exist_ok=True)
        shutil.copy(path, cwd / "inbox" / path.name)
    elif verb == "fill":
        fill(path)
    elif verb == "set":
        workbook = load_workbook(path)
        workbook.active[rest[0]] = rest[1]
        workbook.save(path)
    elif verb == "edit":
        text = path.read_text("utf-8")
        assert rest[0] in text, f"{rest[0]!r} not in {target}"
        path.write_text(text.replace(rest[0], rest[1], 1), "utf-8")
    else:
        raise AssertionError(f"unknown guide action {verb}")


def test_the_guide_shows_real_commands_and_their_real_output(tmp_path):
    work = tmp_path / "office"
    shutil.copytree(ROOT / "data", work / "data")
    shutil.copytree(EXAMPLES / "2025" / "plans", work / "data" / "2025" / "plans")  # the units' plans are in
    env = {
        **os.environ,
        "SOURCE_DATE_EPOCH": str(int(TODAY.timestamp())),
        "GIT_AUTHOR_NAME": "办公室",
        "GIT_AUTHOR_EMAIL": "office@example.invalid",
        "GIT_COMMITTER_NAME": "办公室",
        "GIT_COMMITTER_EMAIL": "office@example.invalid",
    }
    for command in ("git init -q -b main", "git add data", "git commit -q -m 2025年落实计划"):
        subprocess.run(shlex.split(command), cwd=work, env=env, check=True)
    ran = 0
    for kind, step in steps(GUIDE.read_text("utf-8")):
        if kind == "action":
            act(step, work, env)
            continue
        line, expected = step
        if kind == "summary":
            summary = tmp_path / "summary.md"
            summary.unlink(missing_ok=True)
            run(f"{line} --summary {summary}", work, env)
            actual = summary.read_text("utf-8")
            assert matches(expected.rstrip("\n") + "\n", actual), (
                f"{line}\n--- the guide shows:\n{expected}\n--- the summary:\n{actual}"
            )
            ran += 1
            continue
        actual = run(line, work, env)
        assert matches(expected, actual), (
            f"$ {line}\n--- the guide shows:\n{expected}--- the command printed:\n{actual}"
        )
        ran += 1
    assert ran >= 8
