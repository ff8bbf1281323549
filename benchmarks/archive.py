"""A synthetic archive of N years, all 示例数据: the registers of data/2025 copied into each year, and a
fictitious year of progress (plans, twelve reports, events) per year from examples/make_example.py.

The years are 2025-N+1 … 2025, not 2025 … 2025+N-1: report deadlines come from China's holiday calendar
(chinesecalendar), which covers only the years the State Council has published (up to 2026 today), and the
product rightly refuses reports it cannot date. Years up to 2025 have every deadline (December's falls in
January of the next year) on the real calendar, and all of them have passed, so every bulletin appears.
"""

from __future__ import annotations

import importlib.util
import re
import shutil
import sys
from pathlib import Path

from generator.read.registry import read_archive

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "data" / "2025"
LAST_YEAR = 2025


def _make_example():
    spec = importlib.util.spec_from_file_location("make_example", ROOT / "examples" / "make_example.py")
    module = sys.modules["make_example"] = importlib.util.module_from_spec(spec)  # dataclasses look it up
    spec.loader.exec_module(module)
    return module


def years_of(count: int) -> list[int]:
    return list(range(LAST_YEAR - count + 1, LAST_YEAR + 1))


def make_archive(root: Path, count: int) -> tuple[Path, Path]:
    """Writes root/data/<year>/ (registers) and root/example/<year>/ (progress); returns both folders."""
    data, example = root / "data", root / "example"
    shutil.rmtree(root, ignore_errors=True)
    for year in years_of(count):
        _copy_registers(year, data / str(year))
    make_example = _make_example()
    for year in read_archive(data).years:
        make_example.write_year(year, example / str(year.year), seed=year.year)
    return data, example


def _copy_registers(year: int, target: Path) -> None:
    """data/2025's registers with every 2025 (dates, 文号, titles) made `year`."""
    for source in TEMPLATE.rglob("*.yaml"):
        path = target / source.relative_to(TEMPLATE)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(re.sub(r"(?<!\d)2025(?!\d)", str(year), source.read_text("utf-8")), "utf-8")
