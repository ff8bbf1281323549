"""Shared fixtures: the shipped data read once, and the site built once with a real `mkdocs build --strict`."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from browser import launched, served

from generator.read.registry import read_archive

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "sources" / "2025-notices.txt"  # the notices as received (sources/README.md)
ARTIFACTS = "†‡‚‛„‟〃臵"
EXAMPLES = ROOT / "examples" / "data"
AS_OF = dt.date(2026, 1, 31)  # every month of 2025 past its deadline (December's: 2026-01-08)
EPOCH = str(int(dt.datetime.combine(AS_OF, dt.time(12), dt.timezone.utc).timestamp()))  # SOURCE_DATE_EPOCH


def _refuse_reads_beside_the_repository(event: str, args: tuple) -> None:
    """No test opens a file beside the repository (the seed folder next to it, say): a fresh clone and the office's CI
    have none.
    Hidden folders there are tools' own (~/.pyenv, ~/.cache), not the project's."""
    if event == "open" and isinstance(args[0], (str, os.PathLike)):
        path = Path(os.path.abspath(args[0]))
        if (
            path.is_relative_to(ROOT.parent)
            and not path.is_relative_to(ROOT)
            and not path.is_relative_to(tempfile.gettempdir())
            and not path.relative_to(ROOT.parent).parts[0].startswith(".")
        ):
            raise PermissionError(f"a test opened {path}, outside the repository; keep what tests need in it")


sys.addaudithook(_refuse_reads_beside_the_repository)


@pytest.fixture(scope="session")
def archive():
    return read_archive(ROOT / "data")


@pytest.fixture(scope="session")
def year(archive):
    return archive.years[0]


@pytest.fixture(scope="session")
def example_year():
    return read_archive(ROOT / "data", EXAMPLES).years[0]


def build(out: Path, config: str = "mkdocs.yml", cwd: Path = ROOT) -> Path:
    """A real `mkdocs build --strict` of the project at `cwd` into `out`, dated AS_OF."""
    mkdocs = Path(sys.executable).with_name("mkdocs")
    result = subprocess.run(
        [mkdocs, "build", "--strict", "--quiet", "-f", config, "--site-dir", out],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": EPOCH},
    )
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The shipped data built into a fresh folder, exactly as the README's build command does."""
    return build(tmp_path_factory.mktemp("site"))


@pytest.fixture(scope="session")
def example_site(tmp_path_factory) -> Path:
    """The site built with the example progress data (mkdocs.example.yml)."""
    return build(tmp_path_factory.mktemp("example-site"), "mkdocs.example.yml")


@pytest.fixture(scope="session")
def browser():
    """Debian's chromium, launched once for the whole run."""
    with launched() as chromium:
        yield chromium


@pytest.fixture(scope="session")
def served_site(site):
    with served(site) as base:
        yield base


@pytest.fixture(scope="session")
def served_example(example_site):
    with served(example_site) as base:
        yield base


def run(*args) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "generator", *map(str, args)], cwd=ROOT, capture_output=True, text=True
    )


@pytest.fixture
def data(tmp_path) -> Path:
    """A copy of data/ as the office has it in April: the example plans, and the example reports up to February (for
    the office commands)."""
    copy = tmp_path / "data"
    shutil.copytree(ROOT / "data", copy)
    shutil.copytree(EXAMPLES / "2025" / "plans", copy / "2025" / "plans")
    (copy / "2025" / "reports").mkdir()
    for month in ("01", "02"):
        shutil.copy(EXAMPLES / "2025" / "reports" / f"2025-{month}.yaml", copy / "2025" / "reports")
    return copy
