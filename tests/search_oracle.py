"""What a search should find, worked out without the search: the pages whose indexed text holds every word typed,
or the name it is another name of (a unit's aliases), or, for a word typed in toneless pinyin, a word of the titles
and items that reads so. Used by tests/test_search_browser.py and by the benchmark (its precision and recall)."""

from __future__ import annotations

import json
import re
from pathlib import Path

from pypinyin import Style, pinyin

from generator.engine.search import normalise

QUERIES = [
    line
    for line in (Path(__file__).with_name("search_queries.txt")).read_text("utf-8").splitlines()
    if line.strip() and not line.startswith("#")
]


def search_records(site: Path) -> list[dict]:
    """The search index's record of each page (url, title, text), with its kind, year and date from meta.json."""
    meta = json.loads((site / "search-index" / "meta.json").read_text("utf-8"))
    records = []
    for number, (kind, year, date) in enumerate(meta["pages"]):
        record = json.loads((site / "search-index" / "pages" / f"{number}.json").read_text("utf-8"))
        records.append(record | {"kind": meta["kinds"][kind], "year": year, "date": date})
    return records


def read_as(typed: str, vocabulary: list[str]) -> set[str]:
    """The words of `vocabulary` that read as `typed` in toneless pinyin (some reading of each character), found by
    trying every run of characters: not as search.js chains pairs of them."""
    found = set()
    for text in vocabulary:
        for run in re.findall(r"[\u4e00-\u9fff]{2,}", text):
            sounds = pinyin(run, style=Style.NORMAL, heteronym=True)
            for start in range(len(run)):
                heard = {""}
                for end in range(start, len(run)):
                    heard = {
                        before + sound for before in heard for sound in sounds[end] if typed.startswith(before + sound)
                    }
                    if typed in heard and end > start:
                        found.add(run[start : end + 1])
                    if not heard:
                        break
    return found


def other_names(units) -> dict[str, set[str]]:
    """A unit's other name (normalised) → its names: from the units' aliases."""
    names: dict[str, set[str]] = {}
    for unit in units:
        for alias in unit.aliases:
            names.setdefault(normalise(alias), set()).add(normalise(unit.name))
    return names


def terms(query: str, vocabulary: list[str], names: dict[str, set[str]]) -> list[set[str]]:
    """Each word typed, as the ways a page may hold it: itself, the names it is another name of (`names`), or the
    words it reads as when it is pinyin."""
    words = [normalise(word) for word in query.split()]
    return [
        {word} | names.get(word, set()) | (read_as(word, vocabulary) if re.fullmatch("[a-z]{2,}", word) else set())
        for word in words
    ]


def holding(texts: dict[str, str], query: str, vocabulary: list[str], names: dict[str, set[str]]) -> set[str]:
    """The urls of `texts` (url → normalised text) that hold every word of `query`, in one of its ways."""
    found = terms(query, vocabulary, names)
    return {url for url, text in texts.items() if all(any(way in text for way in term) for term in found)}
