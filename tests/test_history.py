"""发布日期, 更新日期, 更新记录 and 索引号 from a scratch git repository of four commits: task 053 added (with the rest
of data/), its 牵头领导 corrected, its March report filed, then a notice inserted whose 成文日期 and file name come
before the others'. Dates are the committer's, in Beijing time."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import EPOCH, ROOT

from generator.read import history
from generator.read.history import NO_HISTORY, SHALLOW

TASK = "2025/tasks/053/index.html"
# committer dates (UTC) and their day in Beijing; the author dates differ, and are not used
ADDED, CORRECTED, REPORTED = "2025-01-24T17:00:00Z", "2025-02-10T02:00:00Z", "2025-04-08T03:00:00Z"
INSERTED = "2025-05-06T02:00:00Z"
CODE = "004135032"  # a scratch organisation code
NOTICE = """\
id: aaa-1
number: 市中政办字〔2025〕9号
title: 关于一件补录通知的通知
issuers: [济南市市中区人民政府办公室]
date: 2025-01-02
disclosure: 主动公开
body:
  - 正文。
"""
REPORT = """\
tasks:
  - id: "053"
    unit: 区住房城乡建设局
    submitted: 2025-04-08
    progress: 本月召开推进会4次，累计片区3个，累计老旧小区改造33万平方米。
    problems: 无
    next_steps: 强化部门协同。
    stage_met: 是
    completed: 否
"""


def git(repo: Path, *args: str, when: str = ADDED) -> None:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "办公室",
        "GIT_AUTHOR_EMAIL": "office@example.invalid",
        "GIT_COMMITTER_NAME": "办公室",
        "GIT_COMMITTER_EMAIL": "office@example.invalid",
        "GIT_AUTHOR_DATE": "2024-12-31T00:00:00Z",
        "GIT_COMMITTER_DATE": when,
    }
    subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True)


def mkdocs_build(project: Path, out: Path) -> str:
    """`mkdocs build --strict` of `project` into `out`; its log."""
    mkdocs = Path(sys.executable).with_name("mkdocs")
    result = subprocess.run(
        [mkdocs, "build", "--strict", "--site-dir", out],
        cwd=project,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": EPOCH},
    )
    assert result.returncode == 0, result.stderr
    return result.stderr


def text(site: Path, page: str) -> str:
    html = (site / page).read_text("utf-8")
    return re.sub(r"<[^>]+>", "", html[html.index("<article") : html.index("</article>")])


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    """The site's sources in a repository of their own, committed three times."""
    repo = tmp_path_factory.mktemp("history") / "repo"
    for name in ("data", "content", "theme"):
        shutil.copytree(ROOT / name, repo / name)
    config = (ROOT / "mkdocs.yml").read_text("utf-8")
    (repo / "mkdocs.yml").write_text(config + "site_url: https://example.invalid/\n", "utf-8")  # for sitemap.xml
    with (repo / "data" / "site.yaml").open("a", encoding="utf-8") as settings:
        settings.write(f'index_code: "{CODE}"\n')
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "2025年公文与台账", when=ADDED)
    tasks = repo / "data" / "2025" / "registers" / "tasks.yaml"
    yaml = tasks.read_text("utf-8")
    entry = yaml.index('  - id: "053"')
    corrected = yaml[entry:].replace("leaders: [张同园]", "leaders: [栾长征]", 1)
    tasks.write_text(yaml[:entry] + corrected + "# 一条注释，不是内容的变动\n", "utf-8")
    git(repo, "commit", "-q", "-am", "更正任务53的牵头领导", when=CORRECTED)
    (repo / "data" / "2025" / "reports").mkdir()
    (repo / "data" / "2025" / "reports" / "2025-03.yaml").write_text(REPORT, "utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "2025年3月落实情况", when=REPORTED)
    (repo / "data" / "2025" / "documents" / "aaa-1.yaml").write_text(NOTICE, "utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "补录一份通知", when=INSERTED)
    return repo


@pytest.fixture(scope="module")
def built(project, tmp_path_factory) -> tuple[Path, str]:
    out = tmp_path_factory.mktemp("built") / "site"
    return out, mkdocs_build(project, out)


def test_an_item_is_dated_by_its_commits(built):
    page = text(built[0], TASK)
    assert "发布日期：2025年1月25日" in page  # 17:00 UTC is the next day in Beijing
    assert "更新日期：2025年4月8日" in page  # the report's commit


def test_the_record_lists_the_correction_with_its_old_and_new_values(built):
    record = text(built[0], TASK).split("更新记录", 1)[1]
    assert "2025年1月25日：首次发布" in record
    assert "2025年2月10日：牵头领导：张同园 → 栾长征" in record
    assert "2025年4月8日：新增2025年3月落实情况" in record


def test_an_item_never_changed_has_no_record(built):
    page = text(built[0], "2025/tasks/054/index.html")  # its file was edited (a comment): its entry was not
    assert "发布日期：2025年1月25日" in page and "更新日期：2025年1月25日" in page
    assert "更新记录" not in page


def metadata(site: Path, notice: str) -> str:
    """The notice's metadata block, one row per line."""
    html = (site / f"2025/documents/{notice}/index.html").read_text("utf-8")
    return re.sub(r">\s+<", "><", html[html.index('<table class="doc-meta"') :]).split("</table>")[0]


def test_a_document_is_dated_by_its_commits(built):
    meta = metadata(built[0], "banfa-1")
    html = (built[0] / "2025/documents/banfa-1/index.html").read_text("utf-8")
    assert '<meta name="PubDate" content="2025-01-25">' in html  # for machines that read government pages
    assert '<th scope="row">发布日期</th><td>2025年1月25日</td>' in meta
    assert '<th scope="row">更新日期</th><td>2025年2月10日</td>' in meta  # its register's item was corrected


def test_an_index_number_once_published_never_changes_when_a_notice_is_inserted(built):
    """索引号: the code, the year, the order of first publication (one commit: by file name); the notice inserted
    later comes last although its 成文日期 and file name come first."""
    numbers = {}
    for notice in ("banfa-1", "banzi-1", "ren-1", "aaa-1"):
        meta = metadata(built[0], notice)
        numbers[notice] = re.search(r'<th scope="row">索引号</th><td>([^<]*)</td>', meta)[1]
    assert numbers == {
        "banfa-1": f"{CODE}/2025-00001",
        "banzi-1": f"{CODE}/2025-00002",
        "ren-1": f"{CODE}/2025-00003",
        "aaa-1": f"{CODE}/2025-00004",
    }
    catalog = text(built[0], "disclosure/index.html")
    assert all(number in catalog for number in numbers.values())


def test_the_sitemap_gives_each_page_its_update_date(project, built):
    sitemap = (built[0] / "sitemap.xml").read_text("utf-8")
    lastmod = dict(re.findall(r"<loc>https://example.invalid/([^<]*)</loc>\s*<lastmod>([^<]*)</lastmod>", sitemap))
    assert lastmod["2025/tasks/053/"] == "2025-04-08"
    assert lastmod["2025/tasks/054/"] == "2025-01-25"
    assert lastmod["guide/"] == "2025-05-06"  # the 公开指南, generated: the site's newest data
    hand_written = history.read([project / "data"], project / "content").file(project / "content/office/index.md")
    assert hand_written == dt.date(2025, 1, 25)  # its file's last commit


def test_the_history_is_said_to_be_there(built):
    assert NO_HISTORY not in built[1]


def test_the_same_commit_builds_byte_identical_sites(project, built, tmp_path):
    again = tmp_path / "again"
    mkdocs_build(project, again)
    first = {p.relative_to(built[0]): p.read_bytes() for p in built[0].rglob("*") if p.is_file()}
    second = {p.relative_to(again): p.read_bytes() for p in again.rglob("*") if p.is_file()}
    assert first.keys() == second.keys()
    assert [path for path in first if first[path] != second[path]] == []


def test_without_history_the_site_builds_without_dates_and_says_so_once(project, tmp_path):
    download = tmp_path / "download"  # as a zip download unpacks: no .git
    shutil.copytree(project, download, ignore=shutil.ignore_patterns(".git"))
    log = mkdocs_build(download, tmp_path / "site")
    assert log.count(NO_HISTORY) == 1
    page = text(tmp_path / "site", TASK)
    assert "发布日期" not in page and "更新日期" not in page and "更新记录" not in page
    assert "发布日期" not in text(tmp_path / "site", "2025/documents/banfa-1/index.html")


def test_a_shallow_clone_has_no_dates_and_says_why(project, tmp_path):
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{project}", str(clone))
    dated = history.read([clone / "data"], clone / "content")
    assert dated.note == SHALLOW and dated.entries == {} and dated.files == {}


def test_the_history_is_read_once_per_commit(project):
    assert history.read([project / "data"]) is history.read([project / "data"])
