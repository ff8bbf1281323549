"""`mkdocs build` renders the pages and writes the downloads in forked processes (generator/background.py)."""
from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from functools import partial
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import PluginError

from benchmarks.archive import make_archive
from benchmarks.run import full_config
from conftest import AS_OF, EPOCH, ROOT
from generator import forked
from generator.background import DownloadWriter, PageStream
from generator.opendata import Download
from generator.pages import Page
from generator.problems import DataError
from generator.registry import read_archive
from generator.site import generate


def snapshot(folder) -> dict:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_the_site_built_in_the_background_is_the_site_built_in_one_process(example_site, tmp_path, monkeypatch):
    """Byte for byte the site the plugin makes when it renders every page and download itself, as `mkdocs serve`
    does (and a system without fork)."""
    assert forked.available()  # so example_site was built in the background
    monkeypatch.setattr(forked, "available", lambda: False)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    config = load_config(str(ROOT / "mkdocs.example.yml"), site_dir=str(tmp_path / "site"), strict=True)
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()
    one_process, in_background = snapshot(tmp_path / "site"), snapshot(example_site)
    assert one_process.keys() == in_background.keys()
    assert [path for path in one_process if one_process[path] != in_background[path]] == []


def test_pages_are_handed_over_in_the_order_asked():
    stream = PageStream([Page(f"{i}.md", partial(str, i)) for i in range(50)])
    assert [stream.markdown(f"{i}.md") for i in (49, 0, 25)] == ["49", "0", "25"]
    stream.stop()


def _broken() -> str:
    raise RuntimeError("模板出错")


def test_a_page_that_fails_to_render_stops_the_build_with_a_plain_message(capfd):
    stream = PageStream([Page("a.md", lambda: "甲"), Page("b.md", _broken), Page("c.md", lambda: "丙")])
    assert stream.markdown("a.md") == "甲"
    with pytest.raises(PluginError, match=r"生成页面 b\.md 时出错（原因见上方），网站未生成（原有 site/ 保持不变）"):
        stream.markdown("b.md")
    stream.stop()
    assert "RuntimeError: 模板出错" in capfd.readouterr().err  # the why, printed by the process that failed


def test_downloads_are_written_where_mkdocs_copies_them_from(tmp_path):
    writer = DownloadWriter([Download("2025/data/tasks.csv", lambda: b"a,b\r\n"),
                             Download("2025/data/datapackage.json", lambda: b"{}")], tmp_path)
    writer.wait()
    assert snapshot(tmp_path) == {"2025/data/tasks.csv": b"a,b\r\n", "2025/data/datapackage.json": b"{}"}
    assert writer.paths == [tmp_path / "2025/data/tasks.csv", tmp_path / "2025/data/datapackage.json"]


def test_a_download_that_fails_stops_the_build_with_a_plain_message(tmp_path, capfd):
    writer = DownloadWriter([Download("tasks.csv", lambda: b"a"), Download("tasks.xlsx", _broken)], tmp_path)
    with pytest.raises(PluginError, match="生成数据下载文件（CSV、JSON、Excel）时出错"):
        writer.wait()
    assert "RuntimeError: 模板出错" in capfd.readouterr().err


def test_a_failed_build_leaves_no_process_behind():
    """A build that stops early (a broken link, say) stops the processes, even one still rendering pages no one
    reads (more than a pipe holds)."""
    stream = PageStream([Page(f"{i}.md", lambda: "字" * 100_000) for i in range(100)])
    assert stream.markdown("0.md")
    stream.stop()
    assert stream.process.status == -signal.SIGKILL


def _alive(group: int) -> list[str]:
    """The processes of a process group that still run (a zombie has ended), as "pid state command"."""
    alive = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            pid, rest = stat.read_text().split(" (", 1)
        except OSError:  # it ended meanwhile
            continue
        command, fields = rest.rsplit(") ", 1)
        state, _, pgrp = fields.split()[:3]
        if int(pgrp) == group and state != "Z":
            alive.append(f"{pid} {state} {command}")
    return alive


def test_a_killed_build_leaves_no_process_behind(tmp_path):
    """`kill -9` of `mkdocs build` at moments spread over the build: every process it forked ends by itself
    (none waits forever on a pipe that nobody reads)."""
    data, example = make_archive(tmp_path / "archive", 2)  # two years: one is read by a forked process
    config = full_config(tmp_path, data, example)
    command = [Path(sys.executable).with_name("mkdocs"), "build", "-q", "-f", config, "-d", tmp_path / "site"]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": EPOCH}
    started = time.monotonic()
    subprocess.run(command, env=env, check=True, capture_output=True)
    whole = time.monotonic() - started
    for moment in sorted(random.Random(3).uniform(0.1, 0.9) * whole for _ in range(3)):
        build = subprocess.Popen(command, env=env, start_new_session=True,  # its own group: it and its forks
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(moment)
        build.kill()
        build.wait()
        deadline = time.monotonic() + 20
        while (left := _alive(build.pid)) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not left, f"killed after {moment:.1f} s of {whole:.1f} s, still running: {left}"


def made(archive) -> dict:
    site = generate(archive, AS_OF, example=True)
    return {page.uri: page.markdown for page in site.pages} | {d.uri: d.content for d in site.downloads}


def test_years_read_by_two_processes_make_the_same_site(tmp_path):
    """`mkdocs build` and the commands read half of the years in a forked process: the records it sends back make
    the very pages and downloads that reading them here does."""
    data, example = make_archive(tmp_path / "archive", 3)
    here, halves = made(read_archive(data, example)), made(read_archive(data, example, forking=True))
    assert len(here) > 3 * 400 and here == halves


def test_a_mistake_in_a_year_read_by_the_forked_process_is_reported_as_usual(tmp_path):
    data, example = make_archive(tmp_path / "archive", 2)
    report = example / "2025" / "reports" / "2025-03.yaml"  # 2025, the second half: read by the forked process
    report.write_text(report.read_text("utf-8").replace("submitted: 2025-04-", "submitted: 2025-04-3", 1), "utf-8")
    with pytest.raises(DataError) as here:
        read_archive(data, example)
    with pytest.raises(DataError) as halves:
        read_archive(data, example, forking=True)
    assert here.value.problems and halves.value.problems == here.value.problems
    assert all(problem.file == report for problem in halves.value.problems)
