"""The site's search index, as an MkDocs plugin (`search-index` in mkdocs.yml): exact matching of what a reader
types, in a few small files that a first search fetches, never the whole index.

Each page's text (its article, as MkDocs renders it) is normalised (`normalise`: NFKC, lower case, no whitespace,
no brackets, so that 市中政办发[2025]1号 finds 市中政办发〔2025〕1号) and indexed by every run of one, two and three
characters in it (its grams). A page list of a word of up to three characters is exact; a longer word is on the
pages that hold each of its three-character runs, which the search box (content/assets/search.js) checks against
the text before it shows one. The grams are spread over buckets by a hash that search.js computes the same way.
In search-index/:

    meta.json        the buckets' count, the kinds, other names (a unit's aliases), the pinyin syllables, each
                     page's kind, year and date (yyyymmdd, 0 for none)
    grams/<n>.json   gram → [page numbers, page numbers with it in the title], as deltas
    pinyin/<n>.json  two syllables ("yang hua") → the character pairs that read so (氧化), from the pages' titles and
                     the items' texts: a word typed in pinyin is found as the words whose pairs chain (一氧 氧化 化碳)
    pages/<n>.json   a page's url, title and text: to check a match, and show it with its context
"""

from __future__ import annotations

import datetime as dt
import html
import json
import operator
import os
import re
import shutil
import threading
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from mkdocs.plugins import BasePlugin
from pypinyin import Style, pinyin

# Material's own search (its lunr worker), which the theme copies though the site does not use it.
MATERIAL_SEARCH = ("assets/javascripts/workers/", "assets/javascripts/lunr/")
FOLDER = "search-index"
BUCKET_BYTES = 8192  # about this much JSON per bucket: a five-character word fetches three of them
_DROPPED = re.compile(r"[\s\[\]()〔〕【】]+")  # after NFKC, which makes （）［］ half-width
_UNREAD = re.compile(r"<(script|style|svg)\b.*?</\1\s*>|<!--.*?-->", re.S | re.I)
_BREAK = re.compile(r"</?(?:p|li|td|th|tr|br|div|h[1-6]|table|section)\b[^>]*>", re.I)
_TAG = re.compile(r"<[^>]*>")
_HAN = re.compile(r"[\u4e00-\u9fff]{2,}")  # the runs of Chinese characters that pinyin can be typed for

# A page's kind by its path: what a reader may narrow the results to. Anything else is a 栏目 (lists, overviews).
KINDS = {
    "documents": "公文",
    "tasks": "年度工作任务",
    "projects": "为民办实事",
    "measures": "产业帮扶措施",
    "personnel": "人事任免",
    "bulletins": "通报",
    "units": "单位",
    "leaders": "领导",
}
SECTION = "栏目"
# Of equal matches, which come first: the notice, then an item's own page, then what mentions items.
RANK = {
    "公文": 0,
    "年度工作任务": 1,
    "为民办实事": 1,
    "产业帮扶措施": 1,
    "人事任免": 1,
    "通报": 2,
    "单位": 3,
    "领导": 3,
    SECTION: 4,
}


def normalise(text: str) -> str:
    """Text as it is matched: search.js's normalise() does the same, character for character."""
    return _DROPPED.sub("", unicodedata.normalize("NFKC", text).lower())


def grams(text: str) -> set[str]:
    """Every run of one, two and three characters of normalised text."""
    pairs = list(map(str.__add__, text, text[1:]))
    return set(text).union(pairs, map(str.__add__, pairs, text[2:]))


def bucket(gram: str, buckets: int) -> int:
    """FNV-1a over the code points, as search.js computes it."""
    h = 0x811C9DC5
    for char in gram:
        h = ((h ^ ord(char)) * 0x01000193) & 0xFFFFFFFF
    return h % buckets


def readings(texts: list[str], known: dict[str, list] | None = None) -> dict[str, set[str]]:
    """Two syllables, e.g. "yang hua" → the pairs of neighbouring characters of `texts` that read so ({"氧化"}), every
    reading of a character with several (行: hang, xing) included, in toneless pinyin with v for ü (as typed).
    `known`: each run's syllables, from an earlier call, and kept for the next."""
    known = {} if known is None else known
    found: dict[str, set[str]] = {}
    for run in {run for text in texts for run in _HAN.findall(text)}:  # titles repeat an item's text, and years
        if run not in known:
            known[run] = pinyin(run, style=Style.NORMAL, heteronym=True, errors=lambda chars: [[c] for c in chars])
        syllables = known[run]
        for i in range(len(run) - 1):
            for first in syllables[i]:
                for second in syllables[i + 1]:
                    found.setdefault(f"{first} {second}", set()).add(run[i : i + 2])
    return found


@dataclass(frozen=True)
class Record:
    url: str  # relative to the site's root, e.g. 2025/tasks/053/
    title: str
    text: str
    date: dt.date | None = None  # a notice's 成文日期, a bulletin's date, an item's (its notice's)

    @property
    def kind(self) -> str:
        """公文, 年度工作任务, …: the page of one thing (2025/tasks/053/, 2025/personnel/); else 栏目."""
        parts = self.url.strip("/").split("/")
        one_thing = len(parts) == 3 or parts[1:] == ["personnel"]
        return KINDS.get(parts[1], SECTION) if len(parts) > 1 and one_thing else SECTION

    def grams(self) -> tuple[set[str], set[str]]:
        """The grams of its text and title together, and of its title."""
        title = grams(normalise(self.title))
        return grams(normalise(self.text)) | title, title

    @property
    def year(self) -> int | None:
        first = self.url.split("/", 1)[0]
        return int(first) if first.isdigit() else None


def text_of(fragment: str) -> str:
    """The text of an HTML fragment (a page's article), blocks and table cells kept apart by a space."""
    text = _TAG.sub("", _BREAK.sub(" ", _UNREAD.sub(" ", fragment)))
    return " ".join(html.unescape(text).split())


class SearchIndexPlugin(BasePlugin):
    # Set by the registers plugin, from the data:
    synonyms: dict[str, str] = {}  # another name → the name the pages use (units' aliases)
    dates: dict[str, dt.date] = {}  # a generated page's source path → its date
    vocabulary: list[str] = []  # texts beyond the titles whose words may be typed in pinyin (items', untruncated)

    # By source path: a dirty build keeps those of the pages it does not build again.
    records: dict[str, Record] = {}
    writing: threading.Thread | None = None  # `serve`: the index being written, once the pages are
    kept: Path | None = None  # `build --dirty` with a cache: the records kept there between builds (set by registers)

    def on_startup(self, *, command, dirty):
        self.serving, self.dirty = command == "serve", dirty
        # `serve --dirty`: what was worked out of the pages built before
        self.known = Known() if self.serving and dirty else None

    def on_pre_build(self, config):
        self._written()  # before MkDocs empties the site folder, or this build writes the index again

    def on_files(self, files, config):
        for unused in [file for file in files if file.src_uri.startswith(MATERIAL_SEARCH)]:
            files.remove(unused)
        if self.dirty and not self.records and self.kept and self.kept.is_file():
            self.records = _records(self.kept)
        pages = {file.src_uri for file in files.documentation_pages()}
        self.records = {uri: record for uri, record in self.records.items() if self.dirty and uri in pages}
        return files

    def on_page_content(self, html, page, config, files):
        if page.meta.get("staff"):  # the office's own pages: reachable by their address, not found by readers
            return html
        self.records[page.file.src_uri] = Record(
            page.url, page.title or "", text_of(html), self.dates.get(page.file.src_uri)
        )
        return html

    def on_post_build(self, config):
        """`serve` shows the pages at once (it reloads the browser once this returns), the index a second later."""
        records, folder = list(self.records.values()), Path(config.site_dir) / FOLDER
        if not self.serving:
            write_index(records, self.synonyms, self.vocabulary, folder)
            if self.kept:
                _write(
                    self.kept,
                    {uri: [r.url, r.title, r.text, r.date and r.date.isoformat()] for uri, r in self.records.items()},
                )
            return
        self.writing = threading.Thread(target=self._write_aside, args=(records, folder), daemon=True)
        self.writing.start()

    def on_shutdown(self):
        self._written()

    def _write_aside(self, records: list[Record], folder: Path) -> None:
        """The index written beside the one served, then put in its place."""
        new, old = folder.with_name(f"{FOLDER}.new"), folder.with_name(f"{FOLDER}.old")
        write_index(records, self.synonyms, self.vocabulary, new, self.known)
        if folder.exists():
            os.replace(folder, old)
        os.replace(new, folder)
        shutil.rmtree(old, ignore_errors=True)
        if self.known:
            self.known.keep(records)

    def _written(self) -> None:
        if self.writing:
            self.writing.join()


class Known:
    """The grams of each page and the pinyin of each run of characters, as worked out for an earlier index."""

    def __init__(self):
        self.grams: dict[Record, tuple[set[str], set[str]]] = {}
        self.syllables: dict[str, list] = {}
        self.read: tuple[list[str], dict] = ([], {})  # the texts last read in pinyin, and what they read

    def readings(self, texts: list[str]) -> dict[str, set[str]]:
        if texts != self.read[0]:
            self.read = texts, readings(texts, self.syllables)
        return self.read[1]

    def grams_of(self, record: Record) -> tuple[set[str], set[str]]:
        if record not in self.grams:
            self.grams[record] = record.grams()
        return self.grams[record]

    def keep(self, records: list[Record]) -> None:
        self.grams = {record: self.grams[record] for record in records}


def write_index(
    records: list[Record], synonyms: dict[str, str], vocabulary: list[str], folder: Path, known: Known | None = None
) -> None:
    """The index of `records` into `folder`, numbered in the order of equal matches: newest years first, then by
    RANK, then shorter pages before longer ones. `known`: what an earlier index worked out, reused."""
    ordered = sorted(records, key=lambda r: (-(r.year or 0), RANK[r.kind], len(r.text), r.url))
    every: dict[str, list[int]] = defaultdict(list)
    titled: dict[str, list[int]] = defaultdict(list)
    for number, record in enumerate(ordered):
        both, title = known.grams_of(record) if known else record.grams()
        for gram in both:
            every[gram].append(number)
        for gram in title:
            titled[gram].append(number)
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    # each gram's pages leave `every` as they are encoded: the index is never held twice (20 years: 260 MB less)
    buckets = _write_buckets(
        folder / "grams",
        {gram: _entry(gram, [_deltas(every.pop(gram)), _deltas(titled.pop(gram, []))]) for gram in list(every)},
    )
    texts = sorted(record.title for record in records) + vocabulary
    read = known.readings(texts) if known else readings(texts)
    sounds = _write_buckets(folder / "pinyin", {key: _entry(key, sorted(pairs)) for key, pairs in read.items()})
    kinds = [SECTION, *KINDS.values()]
    also: dict[str, list[str]] = {}
    for other, name in sorted(synonyms.items()):
        also.setdefault(normalise(other), []).append(normalise(name))
    _write(
        folder / "meta.json",
        {
            "buckets": buckets,
            "kinds": kinds,
            "synonyms": also,
            "pinyin": {"buckets": sounds, "syllables": sorted({s for key in read for s in key.split()})},
            "pages": [
                [kinds.index(r.kind), r.year or 0, int(r.date.strftime("%Y%m%d")) if r.date else 0] for r in ordered
            ],
        },
    )
    (folder / "pages").mkdir()
    for number, record in enumerate(ordered):
        _write(folder / "pages" / f"{number}.json", {"url": record.url, "title": record.title, "text": record.text})


def _write_buckets(folder: Path, entries: dict[str, str]) -> int:
    """`entries` (key → `_entry`) spread over files of about BUCKET_BYTES (folder/<n>.json) by the hash of their key;
    their count."""
    size = 1 + sum(map(len, entries.values())) + len(entries) if entries else 2  # the length of them all as one
    count = 1
    while count * BUCKET_BYTES < size:
        count *= 2
    spread: list[list[str]] = [[] for _ in range(count)]
    for key in sorted(entries):
        spread[bucket(key, count)].append(entries[key])
    folder.mkdir()
    for n, members in enumerate(spread):
        (folder / f"{n}.json").write_text("{" + ",".join(members) + "}", "utf-8")
    return count


def _entry(key: str, value) -> str:
    """A key and its value as a member of a JSON object."""
    return f"{_json(key)}:{_json(value)}"


def _deltas(numbers: list[int]) -> list[int]:
    return list(map(operator.sub, numbers, [0, *numbers[:-1]]))


_json = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode  # one encoder: json.dumps makes one a call


def _records(path: Path) -> dict[str, Record]:
    """The records kept by an earlier build (`_write` wrote them); none if unreadable."""
    try:
        kept = json.loads(path.read_text("utf-8"))
        return {
            uri: Record(url, title, text, dt.date.fromisoformat(day) if day else None)
            for uri, (url, title, text, day) in kept.items()
        }
    except (OSError, ValueError, TypeError):
        return {}


def _write(path: Path, value) -> None:
    path.write_text(_json(value), "utf-8")
