"""`mkdocs serve` picks up an edit in data/ without a restart, and regenerates only the year edited."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request

import pytest
from conftest import EPOCH, ROOT, build


def fetch(url: str, timeout: float = 5) -> str:
    try:
        return urllib.request.urlopen(url, timeout=timeout).read().decode("utf-8")
    except OSError:
        return ""


def wait_for(predicate, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.5)
    return False


@contextlib.contextmanager
def serving(folder, options: tuple = ("--dirty",), env: dict | None = None):
    """`mkdocs serve` of the project copied into `folder` (by default as the office previews: `--dirty`): yields its
    base URL; its log goes to folder/serve.log."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with open(folder / "serve.log", "w") as log:
        serve = subprocess.Popen(
            [os.path.join(os.path.dirname(sys.executable), "mkdocs"), "serve", *options, "-a", f"127.0.0.1:{port}"],
            cwd=folder,
            stdout=log,
            stderr=subprocess.STDOUT,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})},
        )
        try:
            yield f"http://127.0.0.1:{port}"
        finally:
            serve.terminate()
            serve.wait(10)


def project(tmp_path):
    for name in ("data", "content", "theme"):
        shutil.copytree(ROOT / name, tmp_path / name)
    shutil.copy(ROOT / "mkdocs.yml", tmp_path)
    return tmp_path


def with_2024(folder):
    """A second year: data/2025's files, dated 2024."""
    earlier = folder / "data" / "2024"
    for path in (folder / "data" / "2025").rglob("*.yaml"):
        target = earlier / path.relative_to(folder / "data" / "2025")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(path.read_text("utf-8").replace("2025", "2024"), "utf-8")


def article(html: str) -> str:
    """The page's content, without the live-reload script (which changes with each build)."""
    return html[html.index("<article") : html.index("</article>")]


def edit(path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), "utf-8")


def edit_task_053(data):
    edit(data / "2025" / "registers" / "tasks.yaml", "老旧小区改造工程。", "老旧小区改造工程（已修改）。")


@pytest.mark.parametrize("options", [("--dirty",), ()], ids=["dirty", "clean"])
def test_serve_rebuilds_when_data_changes(tmp_path, options):
    folder = project(tmp_path)
    with serving(folder, options) as base:
        url = f"{base}/2025/tasks/053/"
        assert wait_for(lambda: "老旧小区改造工程" in fetch(url), 60)
        edit_task_053(folder / "data")
        assert wait_for(lambda: "老旧小区改造工程（已修改）" in fetch(url), 60)


def test_preview_has_the_newest_year_and_each_year_edited(tmp_path):
    folder = project(tmp_path)
    with_2024(folder)
    with serving(folder) as base:
        assert wait_for(lambda: "老旧小区改造工程" in fetch(f"{base}/2025/tasks/053/"), 90)
        assert "老旧小区改造工程" not in fetch(f"{base}/2024/tasks/053/")  # not previewed
        assert "2024年" not in fetch(f"{base}/")  # nor listed, nor linked: the preview is a whole site
        edit(folder / "data" / "2024" / "registers" / "tasks.yaml", "老旧小区改造工程。", "老旧小区改造工程（2024）。")
        assert wait_for(lambda: "老旧小区改造工程（2024）" in fetch(f"{base}/2024/tasks/053/"), 90)
        assert "2024年" in fetch(f"{base}/")
        before = article(fetch(f"{base}/2024/tasks/053/"))
        edit_task_053(folder / "data")
        assert wait_for(lambda: "老旧小区改造工程（已修改）" in fetch(f"{base}/2025/tasks/053/"), 90)
        assert article(fetch(f"{base}/2024/tasks/053/")) == before
    log = (folder / "serve.log").read_text("utf-8")
    assert "预览包含 2025 年；2024 年不在预览中" in log, log
    assert log.count("已重新生成 2025 年的页面") == 1, log  # when its own data changed, not when 2024's did
    assert log.count("已重新生成 2024 年的页面") == 1, log  # added when edited, then neither read nor rendered again


def test_all_years_previewed_when_asked(tmp_path):
    folder = project(tmp_path)
    with_2024(folder)
    with serving(folder, env={"PREVIEW_YEARS": "0"}) as base:
        assert wait_for(lambda: "老旧小区改造工程" in fetch(f"{base}/2024/tasks/053/"), 90)


def test_a_broken_edit_shows_the_located_error_and_keeps_the_last_good_page(tmp_path):
    """The page open in the browser stays as it was (MkDocs' server holds new requests until a build succeeds)."""
    folder = project(tmp_path)
    with serving(folder) as base:
        url = f"{base}/2025/tasks/053/"
        assert wait_for(lambda: "老旧小区改造工程" in fetch(url), 60)
        epoch = re.search(r"livereload\((\d+),", fetch(url))[1]
        tasks = folder / "data" / "2025" / "registers" / "tasks.yaml"
        edit(tasks, "老旧小区改造工程。", "老旧小区改造工程（未保存好）。\n  bad: [")
        log = folder / "serve.log"
        assert wait_for(lambda: "数据检查未通过" in log.read_text("utf-8"), 60)
        assert "data/2025/registers/tasks.yaml:" in log.read_text("utf-8")  # the file and line, said in the terminal
        assert "Traceback" not in log.read_text("utf-8")
        assert fetch(f"{base}/livereload/{epoch}/1", timeout=3) == ""  # no new build: the open page is not reloaded
        edit(tasks, "老旧小区改造工程（未保存好）。\n  bad: [", "老旧小区改造工程（已修改）。")
        assert wait_for(lambda: "老旧小区改造工程（已修改）" in fetch(url), 60)


def test_the_preview_after_edits_is_the_site_built_from_the_edited_data(tmp_path):
    """`--dirty` builds again only what changed. After edits to one item, to a notice's title (which every page's nav
    shows) and to a hand-written page, each page served and the search index are those of a full build."""
    folder = project(tmp_path / "project")
    with serving(folder, env={"SOURCE_DATE_EPOCH": EPOCH}) as base:
        assert wait_for(lambda: "老旧小区改造工程" in fetch(f"{base}/2025/tasks/053/"), 60)
        edit_task_053(folder / "data")
        assert wait_for(lambda: "老旧小区改造工程（已修改）" in fetch(f"{base}/2025/tasks/053/"), 60)
        edit(
            folder / "data" / "2025" / "documents" / "ren-1.yaml",
            "工作人员任免职务的通知",
            "工作人员任免职务的通知（改）",
        )
        assert wait_for(lambda: "任免职务的通知（改）" in fetch(f"{base}/2025/documents/banfa-1/"), 60)  # its nav
        guide = folder / "content" / "office" / "index.md"
        line = next(line for line in guide.read_text("utf-8").splitlines() if re.match(r"[\u4e00-\u9fff]", line))
        edit(guide, line, line + "（改）")
        assert wait_for(lambda: line + "（改）" in fetch(f"{base}/office/"), 60)
        full = build(tmp_path / "full", cwd=folder)
        index = sorted(path.relative_to(full).as_posix() for path in (full / "search-index").rglob("*.json"))
        assert wait_for(
            lambda: fetch(f"{base}/search-index/meta.json") == (full / "search-index" / "meta.json").read_text("utf-8"),
            30,
        )  # the index follows the pages
        for name in index:
            assert fetch(f"{base}/{name}") == (full / name).read_text("utf-8"), name
        pages = sorted(path.parent.relative_to(full).as_posix() for path in full.rglob("index.html"))
        assert len(pages) > 200
        for page in pages:
            url = f"{base}/{page}/" if page != "." else f"{base}/"
            assert comparable(fetch(url)) == comparable((full / page / "index.html").read_text("utf-8")), page


def comparable(html: str) -> str:
    """A page without what only `serve` adds: the live-reload script and the canonical link to its own address."""
    html = re.sub(r"<script>\s*var livereload = .*?</script>", "", html, flags=re.S)
    html = re.sub(r'<link rel="canonical" href="[^"]*">', "", html)
    return re.sub(r">\s+<", "><", html)
