"""`mkdocs serve` picks up an edit in data/ without a restart, and regenerates only the year edited."""
from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request

from conftest import ROOT


def fetch(url: str) -> str:
    try:
        return urllib.request.urlopen(url, timeout=5).read().decode("utf-8")
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
def serving(folder):
    """`mkdocs serve` of the project copied into `folder`: yields its base URL; its log goes to folder/serve.log."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with open(folder / "serve.log", "w") as log:
        serve = subprocess.Popen([os.path.join(os.path.dirname(sys.executable), "mkdocs"), "serve", "-a", f"127.0.0.1:{port}"],
                                 cwd=folder, stdout=log, stderr=subprocess.STDOUT,
                                 env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
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


def article(html: str) -> str:
    """The page's content, without the live-reload script (which changes with each build)."""
    return html[html.index("<article"):html.index("</article>")]


def edit_task_053(data):
    tasks = data / "2025" / "registers" / "tasks.yaml"
    tasks.write_text(tasks.read_text("utf-8").replace("老旧小区改造工程。", "老旧小区改造工程（已修改）。"), "utf-8")


def test_serve_rebuilds_when_data_changes(tmp_path):
    folder = project(tmp_path)
    with serving(folder) as base:
        url = f"{base}/2025/tasks/053/"
        assert wait_for(lambda: "老旧小区改造工程" in fetch(url), 60)
        edit_task_053(folder / "data")
        assert wait_for(lambda: "老旧小区改造工程（已修改）" in fetch(url), 60)


def test_serve_regenerates_only_the_year_edited(tmp_path):
    folder = project(tmp_path)
    earlier = folder / "data" / "2024"
    for path in (folder / "data" / "2025").rglob("*.yaml"):  # a second year: the same registers, dated 2024
        target = earlier / path.relative_to(folder / "data" / "2025")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(path.read_text("utf-8").replace("2025", "2024"), "utf-8")
    with serving(folder) as base:
        assert wait_for(lambda: "老旧小区改造工程" in fetch(f"{base}/2025/tasks/053/"), 90)
        before = article(fetch(f"{base}/2024/tasks/053/"))
        assert "老旧小区改造工程" in before
        edit_task_053(folder / "data")
        assert wait_for(lambda: "老旧小区改造工程（已修改）" in fetch(f"{base}/2025/tasks/053/"), 90)
        assert article(fetch(f"{base}/2024/tasks/053/")) == before
    log = (folder / "serve.log").read_text("utf-8")
    assert "已重新生成 2025 年的页面" in log, log
    assert "已重新生成 2024 年" not in log, log  # its files did not change: neither read nor rendered again
