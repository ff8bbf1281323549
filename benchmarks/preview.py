"""The office's preview: `mkdocs serve --dirty` of an archive, timed as the office meets it — from the command to
the newest year's task page served, then from saving a file to the served page showing the change."""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import yaml

TIMEOUT = 300  # s: a change not shown by then counts as never shown
MARK = "（预览计时）"
READING = 3  # s a person looks at the page before the next save (meanwhile the search index catches up)
EDITS = ("a report entry (附件4)", "a register's text", "a hand-written page")
_LIVERELOAD = re.compile(r"livereload\((\d+),\s*(\d+)\)")


@dataclass
class Served:
    start: float  # s from `mkdocs serve --dirty` to the task page served
    edits: dict[str, float]  # what was saved → s until its page showed it (inf: not within TIMEOUT)


def measure_preview(config: Path, docs: Path, data: Path, example: Path, task: str, env: dict, log: Path) -> Served:
    """`mkdocs serve --dirty -f config`, whose docs_dir is `docs` (a copy: it is edited) and whose archive is `data`
    and `example`; `task` is the newest year's task page, e.g. 2025/tasks/053/."""
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    page = f"{base}/{task}"
    latest = task.split("/")[0]
    with log.open("w") as out:
        started = time.perf_counter()
        server = subprocess.Popen(
            [Path(sys.executable).with_name("mkdocs"), "serve", "--dirty", "-f", config, "-a", f"127.0.0.1:{port}"],
            stdout=out,
            stderr=subprocess.STDOUT,
            env=env,
        )
        try:
            start = _shown(page, "<article", started)
            edits = dict(
                zip(
                    EDITS,
                    [
                        _edit(_report(example / latest, task), page),
                        _edit(_register(data / latest), page),
                        _edit(_hand_written(docs), f"{base}/office/"),
                    ],
                )
            )
        finally:
            server.terminate()
            server.wait(30)
    return Served(start, edits)


def _edit(change: tuple[Path, str, str], url: str) -> float:
    """Saves the change to its file; seconds until a browser showing the page at `url` holds the new text: MkDocs'
    live-reload script asks the server for the next build (a request answered once it is done), then reloads."""
    path, old, new = change
    text = path.read_text("utf-8")
    assert old in text, (path, old)
    time.sleep(READING)
    epoch, request = _live_reload(url)
    base = url.split("/", 3)
    saved = time.perf_counter()
    path.write_text(text.replace(old, new, 1), "utf-8")
    while time.perf_counter() - saved < TIMEOUT:
        epoch = int(_fetch(f"{base[0]}//{base[2]}/livereload/{epoch}/{request}") or epoch)
        if new in _fetch(url):
            return time.perf_counter() - saved
    return float("inf")


def _live_reload(url: str) -> tuple[int, int]:
    """The build and request numbers that MkDocs' live-reload script of the page at `url` polls with (asked again
    while a loaded machine answers late)."""
    asked = time.perf_counter()
    while not (found := _LIVERELOAD.search(_fetch(url))):
        if time.perf_counter() - asked > TIMEOUT:
            raise TimeoutError(f"{url}: no live-reload script within {TIMEOUT} s")
        time.sleep(0.1)
    return int(found[1]), int(found[2])


def _shown(url: str, text: str, since: float) -> float:
    while (elapsed := time.perf_counter() - since) < TIMEOUT:
        if text in _fetch(url):
            return elapsed
        time.sleep(0.05)
    return float("inf")


def _report(year: Path, task: str) -> tuple[Path, str, str]:
    """The task's progress in the year's last report of it."""
    number = task.strip("/").split("/")[-1]
    for path in sorted((year / "reports").glob("*.yaml"), reverse=True):
        for entry in yaml.safe_load(path.read_text("utf-8")).get("tasks", []):
            if entry["id"] == number:
                return path, entry["progress"], entry["progress"] + MARK
    raise LookupError(f"no report of {task} in {year}")


def _register(year: Path) -> tuple[Path, str, str]:
    path = year / "registers" / "tasks.yaml"
    return path, "老旧小区改造工程。", f"老旧小区改造工程{MARK}。"


def _hand_written(docs: Path) -> tuple[Path, str, str]:
    path = docs / "office" / "index.md"
    line = next(line for line in path.read_text("utf-8").splitlines() if re.match(r"[\u4e00-\u9fff]", line))
    return path, line, line + MARK


def _fetch(url: str) -> str:
    try:
        return urllib.request.urlopen(url, timeout=10).read().decode("utf-8")
    except OSError:
        return ""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
