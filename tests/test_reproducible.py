"""The same commit built twice gives byte-identical sites: no build time or random id leaks into any file."""

from __future__ import annotations

import datetime as dt
import re
import shutil

from conftest import AS_OF, ROOT, build


def test_two_builds_are_byte_identical(example_site, tmp_path):
    again = build(tmp_path / "again", "mkdocs.example.yml")
    first = {p.relative_to(example_site): p.read_bytes() for p in example_site.rglob("*") if p.is_file()}
    second = {p.relative_to(again): p.read_bytes() for p in again.rglob("*") if p.is_file()}
    assert first.keys() == second.keys()
    assert [path for path in first if first[path] != second[path]] == []


def test_only_the_given_build_date_appears(tmp_path):
    """Built outside the repository (a zip download: no history, so no commit's day either), no page says today."""
    today = dt.date.today()
    assert today != AS_OF
    for name in ("data", "examples", "content", "theme", "mkdocs.yml", "mkdocs.example.yml"):
        copy = shutil.copytree if (ROOT / name).is_dir() else shutil.copy
        copy(ROOT / name, tmp_path / name)
    example_site = build(tmp_path / "site", "mkdocs.example.yml", cwd=tmp_path)
    for stamp in (today.isoformat(), f"{today.year}年{today.month}月{today.day}日"):
        leaked = [
            p
            for p in example_site.rglob("*")
            if p.suffix in (".html", ".xml", ".json") and stamp in p.read_text("utf-8")
        ]
        assert leaked == [], stamp
    dashboard = re.sub(r"<[^>]+>", "", (example_site / "2025" / "dashboard" / "index.html").read_text("utf-8"))
    assert f"统计截至{AS_OF.year}年{AS_OF.month}月{AS_OF.day}日" in dashboard  # SOURCE_DATE_EPOCH is "now"
