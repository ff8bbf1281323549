"""Shared fixtures: the shipped data read once, and the site built once with a real `mkdocs build --strict`."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from generator.registry import read_archive

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT.parent / "shared" / "seed" / "000_50bab05d005cedda.txt"
ARTIFACTS = "†‡‚‛„‟〃臵"


@pytest.fixture(scope="session")
def archive():
    return read_archive(ROOT / "data")


@pytest.fixture(scope="session")
def year(archive):
    return archive.years[0]


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The shipped data built into a fresh folder, exactly as the README's build command does."""
    out = tmp_path_factory.mktemp("site")
    mkdocs = Path(sys.executable).with_name("mkdocs")
    result = subprocess.run([mkdocs, "build", "--strict", "--quiet", "--site-dir", out], cwd=ROOT,
                            capture_output=True, text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert result.returncode == 0, result.stderr
    return out
