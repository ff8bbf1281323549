"""What a reader's browser downloads, measured in chromium over the built site served on localhost:
the first visit to a task page, then the first search from it. Sizes come from the files on disk, raw and
gzipped at level 6 (what nginx sends), so they do not depend on the test server's headers."""
from __future__ import annotations

import gzip
import importlib.util
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

from playwright.sync_api import TimeoutError as PlaywrightTimeout

ROOT = Path(__file__).resolve().parent.parent
TIMEOUT = 600_000  # ms: a large search index may take minutes to load on a busy machine
READING = 3000  # ms the reader spends on the page before searching: what the page loads meanwhile is the visit


def _helpers():
    """tests/browser.py: Debian's chromium through Playwright, and a loopback server."""
    spec = importlib.util.spec_from_file_location("browser_helpers", ROOT / "tests" / "browser.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


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
