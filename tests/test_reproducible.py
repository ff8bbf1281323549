"""The same commit built twice gives byte-identical sites: no build time or random id leaks into any file."""
from __future__ import annotations

import datetime as dt
import re

from conftest import AS_OF, EXAMPLES, ROOT, build
from generator import history


def test_two_builds_are_byte_identical(example_site, tmp_path):
    again = build(tmp_path / "again", "mkdocs.example.yml")
    first = {p.relative_to(example_site): p.read_bytes() for p in example_site.rglob("*") if p.is_file()}
    second = {p.relative_to(again): p.read_bytes() for p in again.rglob("*") if p.is_file()}
    assert first.keys() == second.keys()
    assert [path for path in first if first[path] != second[path]] == []


def _committed_days() -> set[dt.date]:
    """The days of the commits the pages are dated by (发布日期, 更新日期): a commit made today puts today on them."""
    dated = history.read([ROOT / "data", EXAMPLES], ROOT / "content")
    return {day for entry in dated.entries.values() for day in (entry.published, entry.updated)} | set(dated.files.values())


def test_only_the_given_build_date_appears(example_site):
    today = dt.date.today()
    assert today != AS_OF
    stamps = [] if today in _committed_days() else [today.isoformat(), f"{today.year}年{today.month}月{today.day}日"]
    for stamp in stamps:
        leaked = [p for p in example_site.rglob("*") if p.suffix in (".html", ".xml", ".json")
                  and stamp in p.read_text("utf-8")]
        assert leaked == [], stamp
    dashboard = re.sub(r"<[^>]+>", "", (example_site / "2025" / "dashboard" / "index.html").read_text("utf-8"))
    assert f"统计截至{AS_OF.year}年{AS_OF.month}月{AS_OF.day}日" in dashboard  # SOURCE_DATE_EPOCH is "now"
