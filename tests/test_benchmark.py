"""The benchmark runs end to end on a one-year archive (one run) and reports every figure and budget.
Timings are printed, not asserted: budgets are the benchmark's business, not the unit tests'."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks.preview import EDITS
from benchmarks.run import PHASES

ROOT = Path(__file__).resolve().parent.parent
FIGURES = [
    "load + validate, in-process read_archive (s)",
    "validate command, python -m generator validate (s)",
    "one month's report file, python -m generator validate FILE (s)",
    "generation: pages and downloads, site.generate (s)",
    "  of it, open-data downloads (s)",
    "full build, mkdocs build with the plugin (s)",
    "CI rebuild over the previous build, a month's report changed (s)",
    "preview, mkdocs serve --dirty: start-up to the task page (s)",
    "peak memory of the full build (MB)",
    "pages (HTML files)",
    "page HTML median, raw / gzip (KB)",
    "page HTML largest, raw / gzip (KB)",
    "first visit to a task page, raw / gzip (KB)",
    "first search, after opening it, raw / gzip (KB)",
    "search precision, first min(10, n) results holding the query (%)",
    "search recall, of the first min(n, 100) pages holding it (%)",
    "search, queries found nowhere said so",
    "search at CPU ÷4, first search of a visit (ms)",
    "search at CPU ÷4, each later query, median / slowest (ms)",
]
BUDGETS = [
    "preview shows a saved edit ≤ 2 s at 1 year(s)",
    "preview starts ≤ 15 s at 10 years",
    "20-year build < 2 min on this machine",
    "20-year build peak memory < 1 GB",
    "10-year build ≤ 11× the 1-year build",
    "one month's report validates < 0.5 s at 1 year(s)",
    "all of one year's data validates < 2 s",
    "10-year build peak memory < 500 MB",
    "first visit to a task page ≤ 150 KB gzip at 1 year(s)",
    "no page's HTML > 60 KB gzip at 1 year(s)",
    "first search at 10 years ≤ 300 KB gzip",
    "search finds exactly the pages holding each of",
    "search results within 300 ms of typing, CPU slowed 4×, at 1 year(s)",
]


@pytest.fixture(scope="module")
def report() -> str:
    result = subprocess.run(
        [sys.executable, "-m", "benchmarks", "--quick", "--years", "1", "--runs", "1"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def numbers(report: str, label: str) -> list[float]:
    line = next(line for line in report.splitlines() if line.startswith(label))
    return [float(n.replace(",", "")) for n in re.findall(r"\d[\d,]*(?:\.\d+)?", line[len(label) :])]


def test_every_figure_and_the_machine_are_reported(report):
    for label in FIGURES:
        assert numbers(report, label), label
    assert re.search(r"machine: \d+ cores, .+, [\d.]+ GB RAM", report)
    assert re.search(r"versions: python 3\.\S+, mkdocs \S+, mkdocs-material \S+", report)


def test_every_budget_is_judged(report):
    for budget in BUDGETS:
        assert re.search(rf"^(PASS|FAIL|SKIP)  {re.escape(budget)}", report, re.M), budget
    assert re.search(r"^SKIP  10-year build ≤ 11×", report, re.M)  # needs a 10-year archive
    assert re.search(r"^SKIP  20-year build < 2 min", report, re.M)


def test_figures_are_sane(report):
    seconds = {label: numbers(report, label)[0] for label in FIGURES[:7]}
    assert all(s > 0 for s in seconds.values())
    assert (
        seconds["full build, mkdocs build with the plugin (s)"]
        > seconds["generation: pages and downloads, site.generate (s)"]
    )
    assert seconds["full build, mkdocs build with the plugin (s)"] > seconds[FIGURES[6]]  # CI's rebuild: less
    assert 50 < numbers(report, "peak memory of the full build (MB)")[0] < 100_000
    phases = [numbers(report, f"  peak so far once {phase} (MB)")[0] for phase in PHASES.values()]
    assert phases == sorted(phases) and phases[-1] == numbers(report, "peak memory of the full build (MB)")[0]
    edits = [numbers(report, f"preview: saved {edit}, until its page shows it (s)")[0] for edit in EDITS]
    assert all(0 < edit < 300 for edit in edits)  # each shown (else inf), within the benchmark's wait
    assert numbers(report, "pages (HTML files)")[0] > 200
    for label in FIGURES[10:13]:
        raw, packed = numbers(report, label)
        assert 0 < packed < raw, label
    prefetched = numbers(report, "  of it, data fetched by scripts (xhr/fetch) (KB)")[1]
    assert prefetched + numbers(report, FIGURES[13])[1] > 0  # the search's data, fetched at load or on opening it
    for label in FIGURES[14:16]:
        assert 0 <= numbers(report, label)[0] <= 100, label
    found_nowhere, said = numbers(report, FIGURES[16])[::-1]
    assert 0 < found_nowhere and said <= found_nowhere
    median, slowest = numbers(report, FIGURES[18])
    assert 0 < median <= slowest
