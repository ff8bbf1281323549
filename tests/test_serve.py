"""`mkdocs serve` picks up an edit in data/ without a restart."""
from __future__ import annotations

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


def test_serve_rebuilds_when_data_changes(tmp_path):
    for name in ("data", "content", "theme"):
        shutil.copytree(ROOT / name, tmp_path / name)
    shutil.copy(ROOT / "mkdocs.yml", tmp_path)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}/2025/tasks/053/"
    serve = subprocess.Popen([os.path.join(os.path.dirname(sys.executable), "mkdocs"), "serve", "-a", f"127.0.0.1:{port}"],
                             cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                             env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    try:
        assert wait_for(lambda: "老旧小区改造工程" in fetch(url), 60)
        tasks = tmp_path / "data" / "2025" / "registers" / "tasks.yaml"
        tasks.write_text(tasks.read_text("utf-8").replace("老旧小区改造工程。", "老旧小区改造工程（已修改）。"), "utf-8")
        assert wait_for(lambda: "老旧小区改造工程（已修改）" in fetch(url), 60)
    finally:
        serve.terminate()
        serve.wait(10)
