"""The office's month in a browser: the forms workflow (.github/workflows/forms.yml) run step by step as a shell
script in a scratch git repository, as the forge would run it on a pull request that uploads forms to inbox/; and
`python -m generator inbox` / `form pack`, which hold its logic."""

from __future__ import annotations

import datetime as dt
import http.server
import io
import json
import os
import re
import shutil
import subprocess
import threading
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, run
from filling import TODAY, UNIT, Form, export, fill_report, snapshot, unit_items
from msoffcrypto.format.ooxml import OOXMLFile
from openpyxl import load_workbook

from generator.derive.progress import derive
from generator.forms.layout import label
from generator.office import expected
from generator.read.registry import read_archive

WORKFLOW = ROOT / ".github" / "workflows" / "forms.yml"
BRANCH = "上传3月表格"
OTHER_UNIT = "区民政局"
EPOCH = str(int(dt.datetime(2025, 4, 5, 12, tzinfo=dt.timezone.utc).timestamp()))  # TODAY, for the workflow


def filled_form(data: Path, month: int = 3, changes: dict | None = None) -> Path:
    """区教育体育局's report form for `month`, exported by the command and filled in; `changes`: (序号, column) →
    value."""
    _, items = unit_items(data, month)
    form, _ = fill_report(
        export(data, "report", f"2025-{month:02d}", "--unit", UNIT), items, dt.datetime(2025, month + 1, 3)
    )
    for (no, column), value in (changes or {}).items():
        form.cell(no, column).value = value
    return form.save(f"{UNIT}-{month}-filled.xlsx")


def fill_other(data: Path, month: int = 3) -> Path:
    """Another unit's form, filled in."""
    year = read_archive(data).years[0]
    items = [
        item
        for item in expected(derive(year, dt.date.fromisoformat(TODAY)), month)
        if item.reporting_unit.name == OTHER_UNIT
    ]
    form = Form(export(data, "report", f"2025-{month:02d}", "--unit", OTHER_UNIT), OTHER_UNIT)
    for item in items:
        form.cell(label(item), "完成情况").value = f"{label(item)}按计划推进。"
        form.cell(label(item), "下一步计划").value = "继续推进。"
        form.cell(label(item), "是否完成阶段任务目标").value = "是"
        form.cell(label(item), "指标完成值").value = "\n".join(f"{i.name}：1" for i in item.indicators) or None
    form.labelled("填报时间").value = dt.datetime(2025, month + 1, 3)
    return form.save(f"{OTHER_UNIT}-{month}-filled.xlsx")


# -- a scratch repository with a branch to push to, and the workflow's steps


def git(repo: Path, *args) -> str:
    result = subprocess.run(
        ["git", "-c", "core.quotePath=false", *args], cwd=repo, capture_output=True, text=True, env=GIT_ENV
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


GIT_ENV = {
    **{k: v for k, v in os.environ.items() if not k.startswith("GIT_")},
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_AUTHOR_NAME": "市中区办公室",
    "GIT_AUTHOR_EMAIL": "office@example.invalid",
    "GIT_COMMITTER_NAME": "市中区办公室",
    "GIT_COMMITTER_EMAIL": "office@example.invalid",
}


@pytest.fixture
def repo(data, tmp_path) -> Path:
    """The office's repository with a pull request branch, as the forge's checkout of it: origin is a bare copy."""
    origin, work = tmp_path / "origin.git", tmp_path / "work"
    work.mkdir()
    shutil.copytree(data, work / "data")
    shutil.copytree(ROOT / "inbox", work / "inbox")
    (work / ".venv").symlink_to(ROOT / ".venv")
    git(work, "init", "-q", "-b", "main")
    (work / ".git" / "info" / "exclude").write_text(".venv\n", encoding="utf-8")
    git(work, "add", "-A")
    git(work, "commit", "-q", "-m", "初始")
    git(tmp_path, "clone", "-q", "--bare", str(work), str(origin))
    git(work, "remote", "add", "origin", str(origin))
    git(work, "switch", "-q", "-c", BRANCH)
    return work


def upload(repo: Path, *files: Path, names: tuple[str, ...] = ()) -> None:
    """As the forge's web page does: the files into inbox/, committed on the branch and pushed."""
    for i, path in enumerate(files):
        shutil.copy(path, repo / "inbox" / (names[i] if i < len(names) else path.name))
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "Add files via upload")
    git(repo, "push", "-q", "origin", f"HEAD:refs/heads/{BRANCH}")


class Comments(http.server.BaseHTTPRequestHandler):
    """The forge's API for comments on a pull request: records each POST."""

    received: list = []

    def do_POST(self):
        length = int(self.headers["Content-Length"])
        Comments.received.append((self.path, self.headers["Authorization"], json.loads(self.rfile.read(length))))
        self.send_response(201)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def forge():
    Comments.received = []
    server = http.server.HTTPServer(("127.0.0.1", 0), Comments)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


# The steps left out: the forge's own actions (uses:), the setup (.venv is linked in) and the preview build
# (tests/test_site.py builds the site).
SKIPPED = {"准备", "检查数据并生成预览网站"}


def run_job(job: str, repo: Path, tmp_path: Path, expressions: dict) -> list[tuple[str, int, str]]:
    """The job's run: steps as the forge runs them (a failed step skips the rest but for always() and failure()
    steps), each `${{ … }}` replaced by its value in `expressions`; returns (name, exit code, output) per step run."""
    steps = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))["jobs"][job]["steps"]
    temp = tmp_path / "runner-temp"
    temp.mkdir(exist_ok=True)
    summary = tmp_path / "step-summary.md"
    env = {**GIT_ENV, "RUNNER_TEMP": str(temp), "GITHUB_STEP_SUMMARY": str(summary), "SOURCE_DATE_EPOCH": EPOCH}
    ran, failed = [], False
    for step in steps:
        if "run" not in step or step.get("name") in SKIPPED:
            continue
        condition = step.get("if", "success()")
        if not ("always()" in condition or ("failure()" in condition) == failed):
            continue
        values = {key: _expand(value, expressions) for key, value in (step.get("env") or {}).items()}
        result = subprocess.run(
            ["bash", "-e", "-c", _expand(step["run"], expressions)],
            cwd=repo,
            env={**env, **values},
            capture_output=True,
            text=True,
            timeout=300,
        )
        ran.append((step["name"], result.returncode, result.stdout + result.stderr))
        failed |= result.returncode != 0 and not step.get("continue-on-error")
    return ran


def _expand(text: str, expressions: dict) -> str:
    return re.sub(r"\$\{\{\s*(.*?)\s*\}\}", lambda m: str(expressions[m[1]]), str(text))


def pull_request(forge: str, labels: tuple = ()) -> dict:
    return {
        "github.head_ref": BRANCH,
        "github.token": "token-of-the-run",
        "github.api_url": forge,
        "github.repository": "office/site",
        "github.event.pull_request.number": 7,
        "contains(github.event.pull_request.labels.*.name, '替换已有内容')": str("替换已有内容" in labels).lower(),
    }


def outcome(ran) -> dict[str, int]:
    return {name: code for name, code, _ in ran}


def pushed(repo: Path) -> str:
    """The branch's head on the forge."""
    git(repo, "fetch", "-q", "origin")
    return git(repo, "rev-parse", f"origin/{BRANCH}").strip()


# -- forms in: the workflow on a pull request


def test_clean_forms_become_one_commit_of_the_data_change(repo, tmp_path, forge):
    data = repo / "data"
    upload(repo, filled_form(data), fill_other(data), names=("教育局3月.xlsx", "微信图片_民政.xlsx"))
    uploaded = git(repo, "rev-parse", "HEAD").strip()
    ran = run_job("inbox", repo, tmp_path, pull_request(forge))
    assert outcome(ran) == {"导入 inbox/ 中的表格": 0, "提交到合并请求的分支": 0, "运行摘要": 0}, ran
    assert pushed(repo) == git(repo, "rev-parse", "HEAD").strip() != uploaded
    assert git(repo, "rev-list", "--count", f"{uploaded}..HEAD").strip() == "1"
    changed = git(repo, "diff", "--name-status", uploaded, "HEAD").splitlines()
    assert sorted(changed) == [
        "A\tdata/2025/reports/2025-03.yaml",
        "D\tinbox/微信图片_民政.xlsx",
        "D\tinbox/教育局3月.xlsx",
    ]
    in_register_order = [unit.name for unit in read_archive(data).years[0].units if unit.name in (UNIT, OTHER_UNIT)]
    assert git(repo, "log", "-1", "--format=%B").strip() == "导入2025年3月落实情况表：" + "、".join(in_register_order)
    year = read_archive(data).years[0]
    reported = {item.reporting_unit.name for item in year.items() if 3 in item.reports and item.reports[3].submitted}
    assert reported == {UNIT, OTHER_UNIT}
    page = (tmp_path / "step-summary.md").read_text(encoding="utf-8")
    assert page.startswith("**✓ 已导入2025年3月落实情况表**") and "2 个文件" in page
    assert Comments.received == []
    assert git(repo, "cat-file", "-e", "HEAD~1:inbox/教育局3月.xlsx") == ""  # the uploads stay in the history


def test_one_bad_cell_leaves_the_branch_untouched_and_names_the_cell(repo, tmp_path, forge):
    data = repo / "data"
    _, items = unit_items(data, 3)
    bad = filled_form(data, changes={(label(items[0]), "是否完成阶段任务目标"): "差不多"})
    cell = Form(bad).cell(label(items[0]), "是否完成阶段任务目标").coordinate
    upload(repo, fill_other(data), bad, names=("民政.xlsx", "教育.xlsx"))
    before, files = pushed(repo), snapshot(repo / "data")
    ran = run_job("inbox", repo, tmp_path, pull_request(forge))
    assert outcome(ran) == {"导入 inbox/ 中的表格": 1, "运行摘要": 0, "在合并请求上留言": 0}, ran
    assert pushed(repo) == before and snapshot(repo / "data") == files
    assert sorted(p.name for p in (repo / "inbox").iterdir()) == ["README.md", "教育.xlsx", "民政.xlsx"]
    line = f"✗ {UNIT}!{cell}：“差不多” 不是“是”或“否”。应为：是 或 否"
    output = ran[0][2]
    assert "inbox/教育.xlsx：" in output and line in output
    page = (tmp_path / "step-summary.md").read_text(encoding="utf-8")
    assert page.startswith("**✗ 表格有问题，没有写入任何文件**") and line in page
    [(path, authorization, body)] = Comments.received
    assert path == "/repos/office/site/issues/7/comments" and authorization == "token token-of-the-run"
    assert body["body"] == page

    # corrected and uploaded again under the same name: the batch goes through
    upload(repo, filled_form(data), names=("教育.xlsx",))
    (tmp_path / "step-summary.md").unlink()
    ran = run_job("inbox", repo, tmp_path, pull_request(forge))
    assert outcome(ran)["提交到合并请求的分支"] == 0, ran
    assert sorted(p.name for p in (repo / "inbox").iterdir()) == ["README.md"]
    assert pushed(repo) == git(repo, "rev-parse", "HEAD").strip()


@pytest.mark.parametrize("sign", ["label", "file"])
def test_filled_entries_are_replaced_only_when_the_pull_request_says_so(repo, tmp_path, forge, sign):
    data = repo / "data"
    upload(repo, filled_form(data), names=("教育.xlsx",))
    assert outcome(run_job("inbox", repo, tmp_path, pull_request(forge)))["提交到合并请求的分支"] == 0
    _, items = unit_items(data, 3)
    upload(
        repo,
        filled_form(data, changes={(label(items[0]), "完成情况"): "更正后的完成情况。"}),
        names=("教育-更正.xlsx",),
    )
    before = pushed(repo)
    ran = run_job("inbox", repo, tmp_path, pull_request(forge))
    assert outcome(ran)["导入 inbox/ 中的表格"] == 1 and pushed(repo) == before
    assert "有 1 处会替换已有内容" in ran[0][2] and "标签“替换已有内容”" in ran[0][2]
    assert "← 替换已有内容" in ran[0][2] and "更正后的完成情况。" in ran[0][2]
    labels = ("替换已有内容",) if sign == "label" else ()
    if sign == "file":
        (repo / "inbox" / "replace").write_text("", encoding="utf-8")
        upload(repo)
    ran = run_job("inbox", repo, tmp_path, pull_request(forge, labels))
    assert outcome(ran)["提交到合并请求的分支"] == 0, ran
    year = read_archive(data).years[0]
    assert (
        next(i for i in year.items() if i is not None and i.id == items[0].id).reports[3].progress
        == "更正后的完成情况。"
    )
    assert sorted(p.name for p in (repo / "inbox").iterdir()) == ["README.md"]  # the sign removed with the form


def test_nothing_uploaded_is_nothing_to_do(repo, tmp_path, forge):
    before = git(repo, "rev-parse", "HEAD")
    ran = run_job("inbox", repo, tmp_path, pull_request(forge))
    assert outcome(ran) == {"导入 inbox/ 中的表格": 0, "提交到合并请求的分支": 0, "运行摘要": 0}
    assert git(repo, "rev-parse", "HEAD") == before and "没有上传的表格" in ran[0][2]


# -- forms in: every mistake its own message, and nothing of the batch written


def encrypted(path: Path) -> bytes:
    out = io.BytesIO()
    with path.open("rb") as file:
        OOXMLFile(file).encrypt("1234", out)
    return out.getvalue()


def truncated(path: Path) -> bytes:
    return path.read_bytes()[:2000]


def not_a_form(path: Path) -> bytes:
    book = load_workbook(path)
    book.active["A1"] = "2025年各单位通讯录"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def last_year(path: Path) -> bytes:
    book = load_workbook(path)
    book.active["A1"] = book.active["A1"].value.replace("2025", "2024")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


BATCH_MISTAKES = {
    "password": (encrypted, "设置了打开密码，无法读取"),
    "corrupted": (truncated, "不是 .xlsx 文件，无法读取"),
    "text": (lambda path: "会议纪要".encode("utf-8"), "不是 .xlsx 文件，无法读取"),
    "old xls": (lambda path: bytes.fromhex("d0cf11e0a1b11ae1") + bytes(1000), "是旧版 Excel 文件（.xls）"),
    "not a form": (not_a_form, "不是落实计划表或落实情况表"),
    "last year's": (last_year, "这是2024年的表格，data/ 中没有2024年的台账"),
}


@pytest.mark.parametrize("mistake", BATCH_MISTAKES)
def test_a_bad_file_in_the_batch_stops_it_all(data, tmp_path, mistake):
    make, message = BATCH_MISTAKES[mistake]
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    shutil.copy(fill_other(data), inbox / "民政.xlsx")
    (inbox / "第二个.xlsx").write_bytes(make(filled_form(data)))
    before = snapshot(data)
    result = run("--data", data, "--today", TODAY, "inbox", inbox)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert message in result.stderr and "第二个.xlsx" in result.stderr and "没有写入任何文件" in result.stderr
    assert snapshot(data) == before and sorted(p.name for p in inbox.iterdir()) == ["民政.xlsx", "第二个.xlsx"]


def test_the_same_unit_twice_another_month_and_another_units_items(data, tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    form = filled_form(data)
    shutil.copy(form, inbox / "a.xlsx")
    shutil.copy(form, inbox / "b.xlsx")
    shutil.copy(filled_form(data, month=2), inbox / "二月.xlsx")
    sheet = Form(fill_other(data), OTHER_UNIT)
    _, items = unit_items(data, 3)
    sheet.sheet.cell(5, 1).value = label(items[0])  # an item 区教育体育局 reports
    sheet.save("other.xlsx")
    shutil.copy(sheet.path.with_name("other.xlsx"), inbox / "民政.xlsx")
    before = snapshot(data)
    result = run("--data", data, "--today", TODAY, "inbox", inbox)
    assert result.returncode == 1 and snapshot(data) == before
    assert f"是{UNIT}的同一张表（2025年3月落实情况表）" in result.stderr
    assert "这一批表格不是同一个月的" in result.stderr and f"{inbox}/二月.xlsx：2025年2月落实情况表" in result.stderr
    assert f"{label(items[0])}由{UNIT}报送，不是{OTHER_UNIT}牵头报送的事项" in result.stderr


def test_a_blank_form_is_not_taken_for_a_filled_one(data, tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    shutil.copy(export(data, "report", "2025-03", "--unit", UNIT), inbox / "教育.xlsx")
    result = run("--data", data, "--today", TODAY, "inbox", inbox)
    assert result.returncode == 1 and "没有填写任何事项（可能是下发的空白表格）" in result.stderr


def test_contacts_are_kept_and_not_published(repo, tmp_path, forge):
    data = repo / "data"
    upload(repo, filled_form(data), names=("教育.xlsx",))
    run_job("inbox", repo, tmp_path, pull_request(forge))
    stored = yaml.safe_load((data / "2025" / "reports" / "2025-03.yaml").read_text(encoding="utf-8"))
    assert stored["contacts"][UNIT] == {"name": "张　三", "phone": "13800000000", "signatory": "李四"}


# -- forms out


def test_the_monthly_pack_has_each_units_form_and_the_offices_workbook(repo, tmp_path, forge):
    (repo / "data" / "2025" / "plans" / "qjytyj.yaml").unlink()  # a unit without its plan for the year
    ran = run_job("out", repo, tmp_path, {"inputs.month": "2025-03"})
    assert outcome(ran) == {"生成各单位的表格": 0}, ran
    year = read_archive(repo / "data").years[0]
    reports = repo / "forms" / "2025年3月落实情况表"
    units = {item.reporting_unit.name for item in year.items() if 3 in item.kind.report_months}
    assert {path.stem for path in reports.iterdir()} == units | {"全部单位"}
    assert load_workbook(reports / f"{UNIT}.xlsx").sheetnames == [UNIT]
    assert set(load_workbook(reports / "全部单位.xlsx").sheetnames) == units
    plans = repo / "forms" / "2025年落实计划表"
    assert sorted(path.stem for path in plans.iterdir()) == sorted([UNIT, "全部单位"])
    page = (tmp_path / "step-summary.md").read_text(encoding="utf-8")
    assert page.startswith("**2025年3月的表格**") and "2025年3月落实情况报送情况（截至2025年4月5日" in page
    assert f"✓ {UNIT}：应报" in page


def test_the_pack_defaults_to_last_month(data, tmp_path):
    result = run("--data", data, "--today", "2025-05-02", "form", "pack", "--out", tmp_path / "forms")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "forms" / "2025年4月落实情况表" / "全部单位.xlsx").is_file()
    again = run("--data", data, "--today", "2025-05-02", "form", "pack", "--out", tmp_path / "forms")
    assert again.returncode == 2 and "已存在且不是空目录" in again.stderr
