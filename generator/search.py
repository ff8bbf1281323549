"""The site's search index, as an MkDocs plugin (`search-index` in mkdocs.yml): exact matching of what a reader
types, in a few small files that a first search fetches, never the whole index.

Each page's text (its article, as MkDocs renders it) is normalised (`normalise`: NFKC, lower case, no whitespace,
no brackets, so that 市中政办发[2025]1号 finds 市中政办发〔2025〕1号) and indexed by every character pair in it (and
every single character): a page holds a word only if it holds each of its pairs, so intersecting the pairs' page
lists gives the pages that may hold it, and the search box (content/assets/search.js) keeps those whose text does.
The pairs are spread over buckets by a hash that search.js computes the same way. In search-index/:

    meta.json        the buckets' count, the kinds, other names (a unit's aliases), each page's kind, year, length
    grams/<n>.json   pair (or character) → [page numbers, page numbers with it in the title], as deltas
    pages/<n>.json   a page's url, title and text: to check a match, and show it with its context
"""
from __future__ import annotations

import html.parser
import json
import re
import shutil
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from mkdocs.plugins import BasePlugin

# Material's own search (its lunr worker), which the theme copies though the site does not use it.
MATERIAL_SEARCH = ("assets/javascripts/workers/", "assets/javascripts/lunr/")
FOLDER = "search-index"
BUCKET_BYTES = 4096  # about this much JSON per bucket: a four-character word fetches three of them
_DROPPED = re.compile(r"[\s\[\]()〔〕【】]+")  # after NFKC, which makes （）［］ half-width

# A page's kind by its path: what a reader may narrow the results to. Anything else is a 栏目 (lists, overviews).
KINDS = {"documents": "公文", "tasks": "年度工作任务", "projects": "为民办实事", "measures": "产业帮扶措施",
         "personnel": "人事任免", "bulletins": "通报", "units": "单位", "leaders": "领导"}
SECTION = "栏目"
# Of equal matches, which come first: the notice, then an item's own page, then what mentions items.
RANK = {"公文": 0, "年度工作任务": 1, "为民办实事": 1, "产业帮扶措施": 1, "人事任免": 1, "通报": 2, "单位": 3, "领导": 3,
        SECTION: 4}


def normalise(text: str) -> str:
    """Text as it is matched: search.js's normalise() does the same, character for character."""
    return _DROPPED.sub("", unicodedata.normalize("NFKC", text).lower())


def grams(text: str) -> set[str]:
    """Every character and every pair of neighbouring characters of normalised text."""
    return set(text) | {text[i:i + 2] for i in range(len(text) - 1)}


def bucket(gram: str, buckets: int) -> int:
    """FNV-1a over the code points, as search.js computes it."""
    h = 0x811C9DC5
    for char in gram:
        h = ((h ^ ord(char)) * 0x01000193) & 0xFFFFFFFF
    return h % buckets


@dataclass
class Record:
    url: str  # relative to the site's root, e.g. 2025/tasks/053/
    title: str
    text: str

    @property
    def kind(self) -> str:
        """公文, 年度工作任务, …: the page of one thing (2025/tasks/053/, 2025/personnel/); else 栏目."""
        parts = self.url.strip("/").split("/")
        one_thing = len(parts) == 3 or parts[1:] == ["personnel"]
        return KINDS.get(parts[1], SECTION) if len(parts) > 1 and one_thing else SECTION

    @property
    def year(self) -> int | None:
        first = self.url.split("/", 1)[0]
        return int(first) if first.isdigit() else None


class _Text(html.parser.HTMLParser):
    """The text of an HTML fragment, blocks and table cells kept apart by a space."""

    BREAKS = {"p", "li", "td", "th", "tr", "br", "div", "h1", "h2", "h3", "h4", "h5", "h6", "table", "section"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        self.skipping += tag in ("script", "style", "svg")
        if tag in self.BREAKS:
            self.parts.append(" ")

    def handle_endtag(self, tag):
        self.skipping -= tag in ("script", "style", "svg") and self.skipping > 0
        if tag in self.BREAKS:
            self.parts.append(" ")

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(data)


def text_of(fragment: str) -> str:
    parser = _Text()
    parser.feed(fragment)
    parser.close()
    return " ".join("".join(parser.parts).split())


class SearchIndexPlugin(BasePlugin):
    synonyms: dict[str, str] = {}  # another name → the name the pages use (units' aliases: the registers plugin)

    def on_files(self, files, config):
        for unused in [file for file in files if file.src_uri.startswith(MATERIAL_SEARCH)]:
            files.remove(unused)
        self.records: list[Record] = []
        return files

    def on_page_content(self, html, page, config, files):
        self.records.append(Record(page.url, page.title or "", text_of(html)))
        return html

    def on_post_build(self, config):
        write_index(self.records, self.synonyms, Path(config.site_dir) / FOLDER)


def write_index(records: list[Record], synonyms: dict[str, str], folder: Path) -> None:
    """The index of `records` into `folder`, numbered in the order of equal matches: newest years first, then by
    RANK, then shorter pages before longer ones."""
    ordered = sorted(records, key=lambda r: (-(r.year or 0), RANK[r.kind], len(r.text), r.url))
    postings: dict[str, tuple[list[int], list[int]]] = {}
    for number, record in enumerate(ordered):
        title = grams(normalise(record.title))
        for gram in grams(normalise(record.text)) | title:
            every, titled = postings.setdefault(gram, ([], []))
            every.append(number)
            if gram in title:
                titled.append(number)
    buckets = _bucket_count(postings)
    shutil.rmtree(folder, ignore_errors=True)
    (folder / "grams").mkdir(parents=True)
    (folder / "pages").mkdir()
    spread: list[dict] = [{} for _ in range(buckets)]
    for gram in sorted(postings):
        every, titled = postings[gram]
        spread[bucket(gram, buckets)][gram] = [_deltas(every), _deltas(titled)]
    for n, content in enumerate(spread):
        _write(folder / "grams" / f"{n}.json", content)
    kinds = [SECTION, *KINDS.values()]
    also: dict[str, list[str]] = {}
    for other, name in sorted(synonyms.items()):
        also.setdefault(normalise(other), []).append(normalise(name))
    _write(folder / "meta.json", {"buckets": buckets, "kinds": kinds, "synonyms": also,
                                  "pages": [[kinds.index(r.kind), r.year or 0, len(r.text)] for r in ordered]})
    for number, record in enumerate(ordered):
        _write(folder / "pages" / f"{number}.json", {"url": record.url, "title": record.title, "text": record.text})


def _bucket_count(postings: dict) -> int:
    size = sum(len(gram) * 3 + 4 * (len(every) + len(titled)) for gram, (every, titled) in postings.items())
    count = 1
    while count * BUCKET_BYTES < size:
        count *= 2
    return count


def _deltas(numbers: list[int]) -> list[int]:
    return [number - previous for previous, number in zip([0] + numbers, numbers)] if numbers else []


def _write(path: Path, value) -> None:
    path.write_text(json.dumps(value, ensure_ascii=False, separators=(",", ":")), "utf-8")
