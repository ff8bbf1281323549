"""What a reader's browser downloads, measured in chromium over the built site served on localhost:
the first visit to a task page, then the first search from it. Sizes come from the files on disk, raw and
gzipped at level 6 (what nginx sends), so they do not depend on the test server's headers.
And how well search answers tests/search_queries.txt: precision and recall against tests/search_oracle.py,
and how long results take to show on a mid-range phone (the CPU slowed four times)."""

from __future__ import annotations

import gzip
import importlib.util
import statistics
import sys
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

from playwright.sync_api import TimeoutError as PlaywrightTimeout

ROOT = Path(__file__).resolve().parent.parent
TIMEOUT = 600_000  # ms: a large search index may take minutes to load on a busy machine
READING = 3000  # ms the reader spends on the page before searching: what the page loads meanwhile is the visit


PHONE_CPU = 4  # Chromium's CPU throttling: a mid-range phone, as Lighthouse's mobile profile
RECALLED = 100  # results scrolled into view, at most, to measure recall


def _tests(name: str):
    """A module of tests/: browser.py (Debian's chromium through Playwright, a loopback server), search_oracle.py."""
    if str(ROOT / "tests") not in sys.path:
        sys.path.insert(0, str(ROOT / "tests"))
    spec = importlib.util.spec_from_file_location(f"tests_{name}", ROOT / "tests" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _helpers():
    return _tests("browser")


@dataclass
class Fetched:
    """Files fetched in one step: URL path → (raw bytes, gzip bytes)."""

    files: dict[str, tuple[int, int]] = field(default_factory=dict)

    @property
    def raw(self) -> int:
        return sum(raw for raw, _ in self.files.values())

    @property
    def gzip(self) -> int:
        return sum(packed for _, packed in self.files.values())

    def largest(self, count: int = 4) -> list[tuple[str, int]]:
        return sorted(((path, packed) for path, (_, packed) in self.files.items()), key=lambda x: -x[1])[:count]


@dataclass
class Browsing:
    visit: Fetched  # everything the first visit fetches, until the network is idle
    prefetched: Fetched  # of it, data fetched by scripts (xhr/fetch): a search index loaded ahead, for example
    search: Fetched  # from opening the search until its results show
    results: bool  # False: no result within TIMEOUT


def sizes(site: Path, path: str) -> tuple[int, int]:
    file = site / urllib.parse.unquote(path).lstrip("/")
    if file.is_dir():
        file = file / "index.html"
    data = file.read_bytes() if file.is_file() else b""
    return len(data), len(gzip.compress(data, 6, mtime=0))


def browse(site: Path, page_path: str, word: str) -> Browsing:
    helpers = _helpers()
    steps = {"visit": Fetched(), "prefetched": Fetched(), "search": Fetched()}
    step = ["visit"]

    def record(request) -> None:
        path = urllib.parse.urlsplit(request.url).path
        steps[step[0]].files[path] = sizes(site, path)
        if step[0] == "visit" and request.resource_type in ("xhr", "fetch"):
            steps["prefetched"].files[path] = sizes(site, path)

    with helpers.served(site) as base, helpers.launched() as browser:
        context = browser.new_context()  # an empty cache: a first visit
        page = context.new_page()
        page.on("request", record)
        page.goto(base + page_path, wait_until="networkidle", timeout=TIMEOUT)
        page.wait_for_timeout(READING)
        page.wait_for_load_state("networkidle", timeout=TIMEOUT)
        step[0] = "search"
        page.keyboard.press("/")  # opens the search, as the header's label[for=__search] does
        query = page.locator(".md-search__input")
        query.fill(word)
        query.press("End")  # a key up after the input, as after typing with an input method
        try:
            page.locator(".md-search-result__item").first.wait_for(timeout=TIMEOUT)
        except PlaywrightTimeout:
            results = False
        else:
            results = True
        step[0] = "done"
        context.close()
    return Browsing(**steps, results=results)


@dataclass
class SearchQuality:
    queries: int
    precision: float  # mean over the queries found somewhere: of the first min(10, n) results, the share that hold it
    recall: float  # mean over the same: of the first min(n, RECALLED) pages holding it, the share listed
    none_said: tuple[int, int]  # queries found nowhere, and of them those whose status says so
    first_ms: float  # the first search of a visit (its index parts fetched), CPU slowed PHONE_CPU times
    latency_ms: dict[str, float]  # each query typed after it, from the input to its results on screen

    def slowest(self, count: int = 5) -> list[tuple[str, float]]:
        return sorted(self.latency_ms.items(), key=lambda item: -item[1])[:count]


_TYPED = """query => new Promise(resolve => {
  const box = document.querySelector("[data-site-search]"), input = box.querySelector(".md-search__input");
  const start = performance.now();
  new MutationObserver((changes, observer) => {
    if (box.dataset.shown === query) { observer.disconnect(); resolve(performance.now() - start); }
  }).observe(box, {attributes: true, attributeFilter: ["data-shown"]});
  input.value = query;
  input.dispatchEvent(new Event("input", {bubbles: true}));
})"""
_LISTED = "() => [...document.querySelectorAll('.md-search-result__item > a')].map(a => new URL(a.href).pathname)"


def search_quality(site: Path, items: list[str], units: list) -> SearchQuality:
    """Each query of tests/search_queries.txt typed into the search box of the site's home page; `items`: the items'
    texts, whose words may be typed in pinyin (as the pages' titles)."""
    oracle = _tests("search_oracle")
    records = oracle.search_records(site)
    texts = {"/" + record["url"]: oracle.normalise(record["text"]) for record in records}
    vocabulary = [record["title"] for record in records] + items
    names = oracle.other_names(units)
    precision, recall, none, said = [], [], 0, 0
    helpers = _helpers()
    with helpers.served(site) as base, helpers.launched() as browser:
        page = browser.new_page()
        page.goto(base + "/", wait_until="networkidle")
        page.locator(".md-search__input").click()
        for query in oracle.QUERIES:
            pages = oracle.holding(texts, query, vocabulary, names)
            page.evaluate(_TYPED, query)
            status = page.locator(".md-search-result__meta").inner_text()
            if not pages:
                none += 1
                said += status.startswith("没有页面包含")
                continue
            listed = page.evaluate(_LISTED)
            first = listed[: min(10, len(pages))]
            precision.append(sum(path in pages for path in first) / min(10, len(pages)))
            while len(listed) < min(len(pages), RECALLED):
                page.locator(".md-search__scrollwrap").evaluate("box => box.scrollTop = box.scrollHeight")
                try:
                    page.wait_for_function(
                        "n => document.querySelectorAll('.md-search-result__item').length > n",
                        arg=len(listed),
                        timeout=5000,
                    )
                except PlaywrightTimeout:
                    break
                listed = page.evaluate(_LISTED)
            wanted = min(len(pages), RECALLED)
            recall.append(min(wanted, len(set(listed) & pages)) / wanted)
        page.close()
        phone = browser.new_context().new_page()
        phone.context.new_cdp_session(phone).send("Emulation.setCPUThrottlingRate", {"rate": PHONE_CPU})
        phone.goto(base + "/", wait_until="networkidle")
        phone.locator(".md-search__input").click()
        first_ms = phone.evaluate(_TYPED, "老旧小区")
        latency = {query: phone.evaluate(_TYPED, query) for query in oracle.QUERIES if query != "老旧小区"}
    return SearchQuality(
        len(oracle.QUERIES), statistics.mean(precision), statistics.mean(recall), (none, said), first_ms, latency
    )
