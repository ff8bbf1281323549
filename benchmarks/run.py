"""The benchmark: times and sizes of the site for synthetic archives of 1, 10 and 20 years, against the budgets.

    python -m benchmarks [--years 1,10,20] [--runs 3] [--quick] [--write BENCHMARKS.md]

Each archive (benchmarks/archive.py, all 示例数据) is written to a temporary folder, never to data/.
Timings are medians of --runs fresh processes; sizes and the browser figures are measured once.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import importlib.metadata
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import yaml

from generator.read.registry import read_archive

from .archive import ROOT, make_archive, years_of
from .browse import PHONE_CPU, Browsing, SearchQuality, browse, search_quality
from .preview import EDITS, Served, measure_preview

AS_OF = dt.date(2026, 1, 31)  # "now" of the builds: every deadline of the archive's years has passed
TASK_PAGE = "tasks/053/"  # a task page of the latest year (老旧小区改造)
WORD = "老旧小区"
KB, MB = 1024, 1024 * 1024


@dataclass
class Figures:
    """Everything measured for one archive size."""

    years: int
    inprocess: dict  # medians of benchmarks/inprocess.py's timings
    validate_command: float  # python -m generator validate: the whole archive
    report_command: float  # python -m generator validate FILE: one month's report, against its year
    full: Run  # mkdocs build with the plugin
    phases: dict[str, int]  # the build's peak memory (bytes) so far at the end of each of its phases
    ci: Run  # CI's rebuild over the cache of the previous build, after a month's report changed
    preview: Served  # `mkdocs serve --dirty`: start-up, and each edit until the page shows it
    pages: list[tuple[str, int, int]]  # (path, raw, gzip) of every HTML file
    browsing: Browsing
    search: SearchQuality

    def median_page(self) -> tuple[float, float]:
        return statistics.median(p[1] for p in self.pages), statistics.median(p[2] for p in self.pages)

    def largest_pages(self, count: int = 1) -> list[tuple[str, int, int]]:
        return sorted(self.pages, key=lambda p: -p[2])[:count]

    def first_search(self) -> int:
        """gzip bytes for the first search: the data fetched ahead at page load, and after opening the search."""
        return self.browsing.prefetched.gzip + self.browsing.search.gzip


# -- running things


def _env() -> dict:
    epoch = int(dt.datetime.combine(AS_OF, dt.time(12), dt.timezone.utc).timestamp())
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": str(epoch), "PYTHONPATH": str(ROOT)}


@dataclass
class Run:
    seconds: float  # wall clock
    cpu: float  # user + system seconds of the process: steadier than wall time on a shared machine
    peak: int  # ru_maxrss of the process, in bytes


def run(args: list, log: Path, env: dict | None = None) -> Run:
    """Runs a command (output to `log`), measured as a child of its own (os.wait4). Fails loudly."""
    start = time.perf_counter()
    with log.open("w") as out:
        process = subprocess.Popen(
            [str(a) for a in args], stdout=out, stderr=subprocess.STDOUT, env={**_env(), **(env or {})}, cwd=ROOT
        )
        _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"failed: {' '.join(map(str, args))}\n{log.read_text()[-3000:]}")
    return Run(seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss * 1024)


def python(*args) -> list:
    return [sys.executable, *args]


def mkdocs_build(config: Path, site: Path, log: Path, *options: str, env: dict | None = None) -> Run:
    return run(
        [
            Path(sys.executable).with_name("mkdocs"),
            "build",
            "--strict",
            "--quiet",
            *options,
            "-f",
            config,
            "--site-dir",
            site,
        ],
        log,
        env,
    )


# What MkDocs logs (with --verbose) as a build goes from one phase to the next.
PHASES = {
    "Reading markdown pages.": "data read, pages generated",
    "Copying static assets.": "Markdown → HTML",
    "Building markdown pages.": "static files copied",
    "Running `post_build` event from plugin 'search-index'": "pages written",
    None: "search index",
}


def traced_build(config: Path, site: Path, log: Path) -> tuple[Run, dict[str, int]]:
    """`mkdocs build` with the peak memory so far at the end of each of its phases (PHASES), read from /proc as its
    verbose log reaches each."""
    started = time.perf_counter()
    phases: dict[str, int] = {}
    command = [
        Path(sys.executable).with_name("mkdocs"),
        "build",
        "--strict",
        "--verbose",
        "-f",
        config,
        "--site-dir",
        site,
    ]
    with log.open("w") as out:
        process = subprocess.Popen(
            [str(a) for a in command], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=_env(), cwd=ROOT, text=True
        )
        for line in process.stdout:
            out.write(line)
            ended = next((phase for marker, phase in PHASES.items() if marker and marker in line), None)
            if ended and ended not in phases:
                phases[ended] = _peak(process.pid)
        _, status, usage = os.wait4(process.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"failed: {' '.join(map(str, command))}\n{log.read_text()[-3000:]}")
    phases[PHASES[None]] = usage.ru_maxrss * 1024
    return Run(time.perf_counter() - started, usage.ru_utime + usage.ru_stime, usage.ru_maxrss * 1024), phases


def _peak(pid: int) -> int:
    """The process's peak resident memory so far (VmHWM), in bytes; 0 once it has ended."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0
    return int(re.search(r"VmHWM:\s+(\d+) kB", status)[1]) * 1024


# -- the two MkDocs configurations


class _Loader(yaml.SafeLoader):
    """Reads mkdocs.yml for its plugins, ignoring the python tags (slugify) it has elsewhere."""


_Loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)
_Loader.add_constructor("!ENV", lambda loader, node: None)


def project_plugins() -> list:
    return yaml.load((ROOT / "mkdocs.yml").read_text("utf-8"), _Loader)["plugins"]


def _is_registers(plugin) -> bool:
    return isinstance(plugin, dict) and "registers" in plugin


def full_config(
    work: Path,
    data: Path,
    example: Path,
    docs: Path = ROOT / "content",
    cache: Path | None = None,
    name: str = "full.yml",
) -> Path:
    """The project's site with the registers plugin reading the archive, as mkdocs.example.yml does."""
    options = {"data_dir": str(data), "example_dir": str(example)} | ({"cache_dir": str(cache)} if cache else {})
    plugins = [{"registers": options} if _is_registers(p) else p for p in project_plugins()]
    return _config(work / name, docs_dir=str(docs), plugins=plugins)


def _config(path: Path, **settings) -> Path:
    config = {
        "INHERIT": str(ROOT / "mkdocs.yml"),
        "site_name": "济南市市中区政务公开（示例数据）",
        "theme": {"custom_dir": str(ROOT / "theme")},
        **settings,
    }
    path.write_text(yaml.safe_dump(config, allow_unicode=True), "utf-8")
    return path


# -- one archive size


def measure(count: int, runs: int, work: Path) -> Figures:
    work.mkdir(parents=True)
    started = time.perf_counter()
    data, example = make_archive(work / "archive", count)
    print(f"[{count} year(s)] archive {span(count)} written in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    site = work / "site"
    full = full_config(work, data, example)
    timings: list[dict] = []
    validate, report, builds = [], [], []
    latest = years_of(count)[-1]
    last_report = sorted((example / str(latest) / "reports").glob("*.yaml"))[-1]
    for i in range(runs):
        out = work / "inprocess.json"
        run(python("-m", "benchmarks.inprocess", data, example, AS_OF), out)
        timings.append(json.loads(out.read_text().splitlines()[-1]))
        validate.append(
            run(
                python("-m", "generator", "--data", data, "--example", example, "validate"), work / "validate.log"
            ).seconds
        )
        report.append(
            run(
                python("-m", "generator", "--data", data, "--example", example, "validate", last_report),
                work / "validate-report.log",
            ).seconds
        )
        builds.append(traced_build(full, site, work / "full.log"))
        print(f"[{count} year(s)] run {i + 1}/{runs}: full build {builds[-1][0].seconds:.1f} s", file=sys.stderr)
    inprocess = {
        key: statistics.median(t[key] for t in timings)
        for key in ("load_validate", "generation", "downloads", "report_file")
    }
    ci = ci_rebuild(work, data, example, last_report)
    docs = work / "content"
    shutil.copytree(ROOT / "content", docs)
    served = measure_preview(
        full_config(work, data, example, docs, name="serve.yml"),
        docs,
        data,
        example,
        f"{latest}/{TASK_PAGE}",
        _env(),
        work / "serve.log",
    )
    print(f"[{count} year(s)] CI rebuild {ci.seconds:.1f} s, preview start {served.start:.1f} s", file=sys.stderr)
    return Figures(
        count,
        inprocess,
        statistics.median(validate),
        statistics.median(report),
        _median([run for run, _ in builds]),
        max((phases for _, phases in builds), key=lambda p: max(p.values())),
        ci,
        served,
        html_sizes(site),
        browse(site, f"/{latest}/{TASK_PAGE}", WORD),
        search_quality(site, *_items_and_units(data, example)),
    )


def ci_rebuild(work: Path, data: Path, example: Path, report: Path) -> Run:
    """CI's build over the cache of its previous one (scripts/build.sh with SITE_CACHE), after a month's report
    changed: the cache made by a first build, then the report edited in a copy of the archive, then timed."""
    copy = work / "ci-archive"
    shutil.copytree(data.parent, copy)
    config = full_config(work, copy / data.name, copy / example.name, cache=work / "ci-cache", name="ci.yml")
    mkdocs_build(config, work / "ci-site", work / "ci-first.log", "--dirty")
    edited = copy / report.relative_to(data.parent)
    edited.write_text(edited.read_text("utf-8").replace("stage_met: 是", "stage_met: 否", 1), "utf-8")
    return mkdocs_build(config, work / "ci-site", work / "ci.log", "--dirty")


def _items_and_units(data: Path, example: Path) -> tuple[list[str], list]:
    """The items' texts (their words may be typed in pinyin) and the units (their other names), for search."""
    years = read_archive(data, example).years
    return [item.text for year in years for item in year.items()], [unit for year in years for unit in year.units]


def _median(runs: list[Run]) -> Run:
    return Run(
        statistics.median(r.seconds for r in runs), statistics.median(r.cpu for r in runs), max(r.peak for r in runs)
    )


def span(count: int) -> str:
    years = years_of(count)
    return f"{years[0]}–{years[-1]}" if count > 1 else str(years[0])


def html_sizes(site: Path) -> list[tuple[str, int, int]]:
    pages = []
    for path in sorted(site.rglob("*.html")):
        data = path.read_bytes()
        pages.append((path.relative_to(site).as_posix(), len(data), len(gzip.compress(data, 6, mtime=0))))
    return pages


# -- the report


def machine() -> list[str]:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor() or "unknown",
    )
    ram = int(Path("/proc/meminfo").read_text().split()[1]) * 1024
    versions = [f"python {platform.python_version()}"]
    versions += [f"{name} {_version(name)}" for name in ("mkdocs", "mkdocs-material")]
    return [
        f"machine: {os.cpu_count()} cores, {cpu}, {ram / 1024**3:.1f} GB RAM, {platform.system()} {platform.release()}",
        "versions: " + ", ".join(versions),
    ]


def _version(name: str) -> str:
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return "not installed"


def kb(n: float) -> str:
    return f"{n / KB:,.1f}"


def rows(figures: list[Figures]) -> list[tuple[str, list[str]]]:
    def each(fn) -> list[str]:
        return [fn(f) for f in figures]

    return [
        ("load + validate, in-process read_archive (s)", each(lambda f: f"{f.inprocess['load_validate']:.2f}")),
        ("validate command, python -m generator validate (s)", each(lambda f: f"{f.validate_command:.2f}")),
        ("one month's report file, python -m generator validate FILE (s)", each(lambda f: f"{f.report_command:.2f}")),
        ("  of it, load + schema in-process (s)", each(lambda f: f"{f.inprocess['report_file']:.3f}")),
        ("generation: pages and downloads, site.generate (s)", each(lambda f: f"{f.inprocess['generation']:.2f}")),
        ("  of it, open-data downloads (s)", each(lambda f: f"{f.inprocess['downloads']:.2f}")),
        ("full build, mkdocs build with the plugin (s)", each(lambda f: f"{f.full.seconds:.1f}")),
        ("  the same in CPU seconds (s)", each(lambda f: f"{f.full.cpu:.1f}")),
        ("peak memory of the full build (MB)", each(lambda f: f"{f.full.peak / MB:.0f}")),
        *[
            (f"  peak so far once {phase} (MB)", each(lambda f, phase=phase: f"{f.phases.get(phase, 0) / MB:.0f}"))
            for phase in PHASES.values()
        ],
        ("CI rebuild over the previous build, a month's report changed (s)", each(lambda f: f"{f.ci.seconds:.1f}")),
        ("preview, mkdocs serve --dirty: start-up to the task page (s)", each(lambda f: f"{f.preview.start:.1f}")),
        *[
            (
                f"preview: saved {edit}, until its page shows it (s)",
                each(lambda f, edit=edit: f"{f.preview.edits[edit]:.2f}"),
            )
            for edit in EDITS
        ],
        ("pages (HTML files)", each(lambda f: str(len(f.pages)))),
        ("page HTML median, raw / gzip (KB)", each(lambda f: " / ".join(map(kb, f.median_page())))),
        (
            "page HTML largest, raw / gzip (KB)",
            each(lambda f: f"{kb(f.largest_pages()[0][1])} / {kb(f.largest_pages()[0][2])}"),
        ),
        (
            "first visit to a task page, raw / gzip (KB)",
            each(lambda f: f"{kb(f.browsing.visit.raw)} / {kb(f.browsing.visit.gzip)}"),
        ),
        (
            "  of it, data fetched by scripts (xhr/fetch) (KB)",
            each(lambda f: f"{kb(f.browsing.prefetched.raw)} / {kb(f.browsing.prefetched.gzip)}"),
        ),
        (
            "first search, after opening it, raw / gzip (KB)",
            each(
                lambda f: (
                    f"{kb(f.browsing.search.raw)} / "
                    f"{kb(f.browsing.search.gzip)}" + ("" if f.browsing.results else " (no result)")
                )
            ),
        ),
        (
            "search precision, first min(10, n) results holding the query (%)",
            each(lambda f: f"{f.search.precision:.1%}"[:-1]),
        ),
        ("search recall, of the first min(n, 100) pages holding it (%)", each(lambda f: f"{f.search.recall:.1%}"[:-1])),
        ("search, queries found nowhere said so", each(lambda f: "{} of {}".format(*reversed(f.search.none_said)))),
        (f"search at CPU ÷{PHONE_CPU}, first search of a visit (ms)", each(lambda f: f"{f.search.first_ms:.0f}")),
        (
            f"search at CPU ÷{PHONE_CPU}, each later query, median / slowest (ms)",
            each(lambda f: f"{statistics.median(f.search.latency_ms.values()):.0f} / {f.search.slowest(1)[0][1]:.0f}"),
        ),
    ]


def budgets(figures: list[Figures]) -> list[str]:
    by = {f.years: f for f in figures}
    one, ten = by.get(1), by.get(10)
    lines = []

    def check(ok, text: str, needs=True) -> None:
        lines.append(f"{'SKIP' if not needs else 'PASS' if ok else 'FAIL'}  {text}")

    twenty = by.get(20)
    for f, limit in ((one, 2), (ten, 3)):
        if f:
            slowest = max(f.preview.edits.values())
            check(
                slowest <= limit,
                f"preview shows a saved edit ≤ {limit} s at {f.years} year(s): slowest {slowest:.2f} s",
            )
    check(
        ten and ten.preview.start <= 15,
        "preview starts ≤ 15 s at 10 years: " + (f"{ten.preview.start:.1f} s" if ten else "needs --years 10"),
        bool(ten),
    )
    check(
        twenty and twenty.full.seconds < 120,
        "20-year build < 2 min on this machine: " + (f"{twenty.full.seconds:.0f} s" if twenty else "needs --years 20"),
        bool(twenty),
    )
    check(
        twenty and twenty.full.peak < 1024 * MB,
        "20-year build peak memory < 1 GB: " + (f"{twenty.full.peak / MB:.0f} MB" if twenty else "needs --years 20"),
        bool(twenty),
    )
    both = bool(one and ten)
    check(
        both and ten.full.seconds <= 11 * one.full.seconds,
        "10-year build ≤ 11× the 1-year build: "
        + (f"{ten.full.seconds / one.full.seconds:.1f}×" if both else "needs --years 1,10"),
        both,
    )
    for f in figures:
        check(
            f.report_command < 0.5,
            f"one month's report validates < 0.5 s at {f.years} year(s): "
            f"`python -m generator validate FILE` {f.report_command:.2f} s",
        )
    check(
        one and one.validate_command < 2,
        "all of one year's data validates < 2 s: "
        + (
            f"`python -m generator validate` {one.validate_command:.2f} s (read_archive in-process "
            f"{one.inprocess['load_validate']:.2f} s)"
            if one
            else "needs --years 1"
        ),
        bool(one),
    )
    check(
        ten and ten.full.peak < 500 * MB,
        "10-year build peak memory < 500 MB: " + (f"{ten.full.peak / MB:.0f} MB" if ten else "needs --years 10"),
        bool(ten),
    )
    for f in figures:
        check(
            f.browsing.visit.gzip <= 150 * KB,
            f"first visit to a task page ≤ 150 KB gzip at {f.years} year(s): {kb(f.browsing.visit.gzip)} KB",
        )
    for f in figures:
        path, _, packed = f.largest_pages()[0]
        check(packed <= 60 * KB, f"no page's HTML > 60 KB gzip at {f.years} year(s): largest {kb(packed)} KB ({path})")
    check(
        ten and ten.browsing.results and ten.first_search() <= 300 * KB,
        "first search at 10 years ≤ 300 KB gzip: "
        + (
            f"{kb(ten.first_search())} KB (fetched at page load by scripts {kb(ten.browsing.prefetched.gzip)} KB "
            f"+ after opening the search {kb(ten.browsing.search.gzip)} KB)"
            if ten
            else "needs --years 10"
        ),
        bool(ten),
    )
    for f in figures:
        check(
            f.search.precision == 1 and f.search.recall == 1 and f.search.none_said[0] == f.search.none_said[1],
            f"search finds exactly the pages holding each of {f.search.queries} queries at {f.years} year(s): "
            f"precision {f.search.precision:.1%}, recall {f.search.recall:.1%}, "
            f"found nowhere said so {f.search.none_said[1]} of {f.search.none_said[0]}",
        )
    for f in figures:
        slowest = max(f.search.first_ms, f.search.slowest(1)[0][1])
        check(
            slowest <= 300,
            f"search results within 300 ms of typing, CPU slowed {PHONE_CPU}×, at {f.years} year(s): "
            f"slowest {slowest:.0f} ms (first search {f.search.first_ms:.0f} ms, median "
            f"{statistics.median(f.search.latency_ms.values()):.0f} ms)",
        )
    return lines


def details(figures: list[Figures]) -> list[str]:
    lines = []
    for f in figures:
        lines.append(
            f"{f.years} year(s), largest pages (gzip KB): "
            + ", ".join(f"{path} {kb(packed)}" for path, _, packed in f.largest_pages(5))
        )
        lines.append(
            f"{f.years} year(s), first visit's largest files (gzip KB): "
            + ", ".join(f"{path} {kb(packed)}" for path, packed in f.browsing.visit.largest())
        )
        lines.append(
            f"{f.years} year(s), slowest searches at CPU ÷{PHONE_CPU} (ms): "
            + ", ".join(f"{query} {ms:.0f}" for query, ms in f.search.slowest())
        )
    return lines


def report(figures: list[Figures], runs: int) -> str:
    header = ["figure"] + [f"{f.years} year{'s' if f.years > 1 else ''}" for f in figures]
    table = [header] + [[label, *values] for label, values in rows(figures)]
    widths = [max(len(row[i]) for row in table) for i in range(len(header))]
    lines = [
        f"Benchmark, {dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} UTC",
        *machine(),
        f"archive: synthetic 示例数据, years {', '.join(span(f.years) for f in figures)}; "
        f"timings: median of {runs} run(s); sizes gzip level 6; task page /<latest>/{TASK_PAGE}, search word {WORD}",
        "",
    ]
    lines += [
        "  ".join(cell.ljust(w) if i == 0 else cell.rjust(w) for i, (cell, w) in enumerate(zip(row, widths)))
        for row in table
    ]
    lines += ["", "budgets:", *budgets(figures), "", *details(figures)]
    return "\n".join(lines)


FIGURES = re.compile(r"<!-- figures -->.*<!-- /figures -->", re.S)


def write_markdown(path: Path, text: str) -> None:
    """The report between the file's figure markers, keeping the notes around them; a new file otherwise."""
    block = f"<!-- figures -->\n```text\n{text}\n```\n<!-- /figures -->"
    if path.exists() and FIGURES.search(old := path.read_text("utf-8")):
        path.write_text(FIGURES.sub(lambda _: block, old), "utf-8")
        return
    path.write_text(
        "# Benchmarks\n\nMeasured by `python -m benchmarks` (see README, Benchmarks). Refresh the figures "
        "with `.venv/bin/python -m benchmarks --write BENCHMARKS.md`: it rewrites only the block between "
        "the figure markers.\n\n" + block + "\n",
        "utf-8",
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.splitlines()[0])
    parser.add_argument("--years", help="archive sizes in years, comma-separated (default 1,10,20)")
    parser.add_argument("--runs", type=int, help="runs per timing, the median is printed (default 3)")
    parser.add_argument(
        "--quick", action="store_true", help="one run and 1 year, unless --runs or --years say otherwise"
    )
    parser.add_argument("--write", type=Path, help="also write the report as Markdown to this file")
    args = parser.parse_args(argv)
    runs = args.runs or (1 if args.quick else 3)
    sizes = [int(y) for y in (args.years or ("1" if args.quick else "1,10,20")).split(",")]
    with tempfile.TemporaryDirectory(prefix="benchmark-") as tmp:
        figures = [measure(count, runs, Path(tmp) / f"{count}y") for count in sizes]
    text = report(figures, runs)
    print(text)
    if args.write:
        write_markdown(args.write, text)
    return 0
