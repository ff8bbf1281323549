"""The registers read the same with plain PyYAML (YAML 1.1) as with our own loader: an outside user of data/ meets
no key read as false (`no:`), no value read as a boolean, a sexagesimal or an octal number."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml
from conftest import ROOT

from generator.read.load import load_yaml

FILES = sorted([*(ROOT / "data").rglob("*.yaml"), *(ROOT / "examples" / "data").rglob("*.yaml")])


def iso(value):
    """PyYAML turns 2025-01-24 into a date; our loader keeps the text, for the schema to check."""
    if isinstance(value, dict):
        return {iso(k): iso(v) for k, v in value.items()}
    if isinstance(value, list):
        return [iso(v) for v in value]
    return value.isoformat() if isinstance(value, dt.date) else value


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_pyyaml_reads_what_we_read(path: Path):
    assert iso(yaml.safe_load(path.read_text("utf-8"))) == load_yaml(path).data


def test_the_old_key_no_would_be_read_as_false():
    assert yaml.safe_load("- {no: 1}") == [{False: 1}]  # why the key is seq
