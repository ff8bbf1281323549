"""The site as a reader meets it, in a real browser (Debian's chromium through Playwright).

Every page type is opened: it loads without any console error or page error, every request it makes
(the search's included) stays on the site's own origin, and every link on it resolves (200, and
a `#fragment` is the id of an element of the target page). Chinese search is used as a person uses it:
click the search box (or tap the magnifier on a phone), type a word with an input method, read the
results. When a test fails, its page is saved as tests/artifacts/<test>.png, with what it logged and
requested beside it in <test>.txt.
"""

from __future__ import annotations

import re
import subprocess
import sys
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 812}
# Chromium's word for a request it cancelled, as when the reader opens a result while the search
# still fetches the excerpts of others: nothing a reader sees fails.
CANCELLED = "net::ERR_ABORTED"
SETTLE_MS = 150  # for the page's scroll handlers to run
ALLOWED_SCHEMES = ("data:", "blob:")  # inline images and icons are not requests to another host
# Links (never requests) to other sites that the pages are meant to have: none today. The tests run offline
# and cannot follow them, so each must be listed here on purpose.
LINKS_TO_OTHER_SITES: set[str] = set()


@dataclass
class Reader:
    """A browser tab that records everything the page does."""

    page: object
    base: str = ""
    requests: list[str] = field(default_factory=list)
    # Console errors and warnings, page errors, failed loads, HTTP errors. Nothing is ignored: Material
    # and the site's scripts log nothing at all on these pages today, so any message is news.
    problems: list[str] = field(default_factory=list)
    log: list[str] = field(default_factory=list)  # every console message, for the artifact

    def open(self, path: str, read_to_the_end: bool = False):
        """Load the page and wait until the network is idle;
        `read_to_the_end`: scroll down first, as a reader does, so the scroll handlers run too."""
        response = self.page.goto(self.base + path, wait_until="load")
        if read_to_the_end:
            self.page.mouse.wheel(0, 100000)
            self.page.wait_for_timeout(SETTLE_MS)
        self.page.wait_for_load_state("networkidle")
        return response


@pytest.fixture
def viewport():
    """The window size; a test parametrized with `viewport` (PHONE) overrides it."""
    return DESKTOP


@pytest.fixture
def reader(request, browser, viewport):
    """A fresh tab of the `viewport` size; a screenshot and a log of it when the test fails."""
    context = browser.new_context(viewport=viewport, service_workers="block")
    page = context.new_page()
    tab = Reader(page)

    def on_console(message):
        tab.log.append(f"console.{message.type}: {message.text} ({message.location.get('url', '')})")
        if message.type in ("error", "warning", "assert"):
            tab.problems.append(f"console.{message.type}: {message.text} at {message.location.get('url', '')}")

    page.on("request", lambda r: tab.requests.append(r.url))
    page.on("console", on_console)
    page.on("pageerror", lambda error: tab.problems.append(f"page error: {error}"))
    page.on(
        "requestfailed",
        lambda r: r.failure != CANCELLED and tab.problems.append(f"request failed: {r.url} ({r.failure})"),
    )
    page.on("response", lambda r: r.status >= 400 and tab.problems.append(f"HTTP {r.status}: {r.url}"))
    failed_before = request.session.testsfailed
    try:
        yield tab
    finally:
        # The call phase's report is logged before teardown: a failure of this test has been counted.
        if request.session.testsfailed > failed_before:
            save_artifacts(request.node, tab)
        context.close()


def save_artifacts(node, tab: Reader) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    name = re.sub(r"[^\w.-]+", "_", f"{Path(node.path).stem}-{node.name}", flags=re.ASCII).strip("_")
    try:
        tab.page.screenshot(path=ARTIFACTS / f"{name}.png", full_page=True)
    except Exception as error:  # a crashed page: the log below still tells what happened
        tab.log.append(f"(no screenshot: {error})")
    (ARTIFACTS / f"{name}.txt").write_text(
        f"{node.nodeid}\nurl: {tab.page.url}\n\nproblems:\n"
        + "\n".join(tab.problems)
        + "\n\nconsole:\n"
        + "\n".join(tab.log)
        + "\n\nrequests:\n"
        + "\n".join(tab.requests)
        + "\n",
        "utf-8",
    )


# ---------------------------------------------------------------------------------------------------
# Page types


def _bulletin(year, site: Path, pattern: str) -> str:
    """The URL of the first built bulletin matching `pattern` (the page type must exist)."""
    folder = site / str(year.year) / "bulletins"
    found = sorted(p.name for p in folder.glob(pattern) if (p / "index.html").is_file())
    assert found, f"no bulletin page {pattern} in the built site"
    return f"/{year.year}/bulletins/{found[0]}/"


def _register(year, slug: str):
    return next(r for r in year.registers if r.kind.slug == slug)


def _task(year):
    tasks = _register(year, "tasks").items
    return next((item for item in tasks if item.id == "053"), tasks[0])


PAGES = {
    "home": lambda year, site: "/",
    "year": lambda year, site: f"/{year.year}/",
    "notice": lambda year, site: f"/{year.year}/documents/{year.documents[0].id}/",
    "tasks": lambda year, site: f"/{year.year}/tasks/",
    "task": lambda year, site: f"/{year.year}/tasks/{_task(year).id}/",
    "project": lambda year, site: f"/{year.year}/projects/{_register(year, 'projects').items[0].id}/",
    "measure": lambda year, site: f"/{year.year}/measures/{_register(year, 'measures').items[0].id}/",
    "personnel": lambda year, site: f"/{year.year}/personnel/",
    "leaders": lambda year, site: f"/{year.year}/leaders/",
    "leader": lambda year, site: f"/{year.year}/leaders/{_task(year).leaders[0].id}/",
    "units": lambda year, site: f"/{year.year}/units/",
    "unit": lambda year, site: f"/{year.year}/units/{_task(year).reporting_unit.id}/",
    "bulletins": lambda year, site: f"/{year.year}/bulletins/",
    "bulletin-monthly": lambda year, site: _bulletin(year, site, "monthly-*"),
    "bulletin-quarterly": lambda year, site: _bulletin(year, site, "quarterly-*"),
    "bulletin-completion": lambda year, site: _bulletin(year, site, "completed-*"),
    "bulletin-event": lambda year, site: _bulletin(year, site, "event-*"),
    "dashboard": lambda year, site: f"/{year.year}/dashboard/",
    "schedule": lambda year, site: f"/{year.year}/schedule/",
    "downloads": lambda year, site: f"/{year.year}/data/",
    "guide": lambda year, site: "/guide/",
    "not-found": lambda year, site: "/404.html",
    "office": lambda year, site: "/office/",  # the office's guide, in the shipped site only
}
# The example year has every page type; the shipped data adds the pages as they are today
# (no reports yet: the bulletins index, the dashboard and the downloads in their empty state).
CASES = [("example", kind) for kind in PAGES if kind != "office"] + [
    ("shipped", kind) for kind in ("home", "notice", "task", "bulletins", "dashboard", "downloads", "office")
]


@dataclass
class Fetched:
    status: int
    html: str | None
    _ids: frozenset[str] | None = None

    @property
    def ids(self) -> frozenset[str]:
        """The fragments the page answers to: every id, and the name of every <a name>."""
        if self._ids is None:
            soup = BeautifulSoup(self.html or "", "html.parser")
            self._ids = frozenset(tag["id"] for tag in soup.find_all(id=True)) | frozenset(
                tag["name"] for tag in soup.find_all("a", attrs={"name": True})
            )
        return self._ids


@pytest.fixture(scope="module")
def fetched() -> dict[str, Fetched]:
    """URL (without fragment) → what fetching it gave, once per run."""
    return {}


def fetch(reader: Reader, url: str, cache: dict[str, Fetched]) -> Fetched:
    """GET `url` through the tab's own request context (no redirect followed: a link must be exact)."""
    if url not in cache:
        response = reader.page.request.get(url, max_redirects=0)
        html = response.text() if response.ok and "html" in response.headers.get("content-type", "") else None
        cache[url] = Fetched(response.status, html)
    return cache[url]


def broken_links(reader: Reader, cache: dict) -> tuple[list[str], int]:
    """(each link of the page that does not resolve, with why; how many internal links were checked)."""
    links = reader.page.locator("a[href]").evaluate_all(
        "links => links.map(a => ({raw: a.getAttribute('href'), url: a.href}))"
    )
    origin = urllib.parse.urlsplit(reader.base)
    here = urllib.parse.urldefrag(reader.page.url).url
    broken, checked = [], 0
    for link in links:
        raw, url = link["raw"], link["url"]
        parts = urllib.parse.urlsplit(url)
        if parts.scheme in ("mailto", "tel"):
            continue
        if parts.scheme == "javascript":
            broken.append(f"{raw}: a javascript: link")
            continue
        if (parts.scheme, parts.netloc) != (origin.scheme, origin.netloc):
            if url not in LINKS_TO_OTHER_SITES:
                broken.append(
                    f"{raw}: a link to another site, not in LINKS_TO_OTHER_SITES (the tests run "
                    "offline and cannot follow it: list it there if it is meant)"
                )
            continue
        checked += 1
        target, fragment = urllib.parse.urldefrag(url)
        fragment = urllib.parse.unquote(fragment)
        if target == here:
            if fragment and not reader.page.evaluate("id => document.getElementById(id) !== null", fragment):
                broken.append(f"{raw}: no element with id “{fragment}” on this page")
            continue
        got = fetch(reader, target, cache)
        if got.status != 200:
            broken.append(f"{raw}: HTTP {got.status} for {target}")
        elif fragment and got.html is None:
            broken.append(f"{raw}: a fragment on a file that is not a page")
        elif fragment and fragment not in got.ids:
            broken.append(f"{raw}: no element with id “{fragment}” on {target}")
    return broken, checked


def foreign_requests(reader: Reader) -> list[str]:
    origin = reader.base + "/"
    return [url for url in reader.requests if not url.startswith(origin) and not url.startswith(ALLOWED_SCHEMES)]


@pytest.mark.parametrize("built, kind", CASES, ids=[f"{b}-{k}" for b, k in CASES])
def test_a_page_reads_cleanly(request, reader, fetched, built, kind):
    site, year, base = {
        "example": lambda: (
            request.getfixturevalue("example_site"),
            request.getfixturevalue("example_year"),
            request.getfixturevalue("served_example"),
        ),
        "shipped": lambda: (
            request.getfixturevalue("site"),
            request.getfixturevalue("year"),
            request.getfixturevalue("served_site"),
        ),
    }[built]()
    reader.base = base
    path = PAGES[kind](year, site)
    response = reader.open(path, read_to_the_end=True)
    assert response.status == 200, f"{path}: HTTP {response.status}"
    assert reader.page.locator("article h1").count() >= 1, f"{path}: no page title"

    assert reader.requests and reader.requests[0] == base + path
    assert any(url.endswith("/assets/search.js") for url in reader.requests), "the search script was not loaded"
    assert not any("/search-index/" in url for url in reader.requests), "the search index is loaded only when searching"
    assert foreign_requests(reader) == [], "requests that leave the site"
    assert reader.problems == [], "the page logged problems"
    broken, checked = broken_links(reader, fetched)
    assert checked >= 5, f"only {checked} links on {path}: did the page render?"  # the nav is pruned (404: 6)
    assert broken == [], f"broken links on {path}"


def test_a_failing_test_leaves_its_screenshot(tmp_path):
    """The artifact machinery itself, in a separate pytest run: the failing test leaves <test>.png and
    <test>.txt with what the page logged; the passing one leaves nothing."""
    tests = Path(__file__).resolve().parent
    (tmp_path / "conftest.py").write_text(
        f"""
import sys
sys.path.insert(0, {str(tests)!r})
import pytest
from browser import launched

@pytest.fixture(scope="session")
def browser():
    with launched() as chromium:
        yield chromium
""",
        "utf-8",
    )
    (tmp_path / "test_shot.py").write_text(
        f"""
from pathlib import Path
import test_reader
from test_reader import reader, viewport
test_reader.ARTIFACTS = Path({str(tmp_path)!r}) / "artifacts"

def test_fails(reader):
    reader.page.set_content("<h1>broken</h1><script>console.error('boom')</script>")
    assert reader.problems == []

def test_passes(reader):
    reader.page.set_content("<h1>fine</h1>")
""",
        "utf-8",
    )
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "test_shot.py"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "1 failed, 1 passed" in result.stdout, result.stdout + result.stderr
    artifacts = tmp_path / "artifacts"
    assert sorted(p.name for p in artifacts.iterdir()) == ["test_shot-test_fails.png", "test_shot-test_fails.txt"]
    assert (artifacts / "test_shot-test_fails.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "console.error: boom" in (artifacts / "test_shot-test_fails.txt").read_text("utf-8")


# ---------------------------------------------------------------------------------------------------
# Chinese search, typed

# Words of two to four characters from the tasks' text, with the pinyin a person types for them.
WORDS = {
    "托育": "tuoyu",
    "招商": "zhaoshang",
    "养老": "yanglao",
    "充电桩": "chongdianzhuang",
    "新能源": "xinnengyuan",
    "老旧小区": "laojiuxiaoqu",
    "枫桥经验": "fengqiaojingyan",
    "泉城书房": "quanchengshufang",
    "安全生产": "anquanshengchan",
    "人工智能": "rengongzhineng",
}
ON_PHONE = ["托育", "充电桩", "枫桥经验"]


def type_with_input_method(reader: Reader, word: str, pinyin: str, delay_ms: int = 40) -> None:
    """Type `word` as a person does with a pinyin input method: each letter composes (key down, the
    composition grows, key up), then the space bar commits the characters.

    Playwright's `keyboard.type("托育")` only inserts the text (an `input` event, no key events), which no
    keyboard produces. The search must not list results for the pinyin being composed, only for the word.
    """
    cdp = reader.page.context.new_cdp_session(reader.page)
    try:
        for i, letter in enumerate(pinyin):
            code = f"Key{letter.upper()}"
            cdp.send(
                "Input.dispatchKeyEvent",
                {"type": "rawKeyDown", "key": "Process", "code": code, "windowsVirtualKeyCode": 229},
            )
            cdp.send(
                "Input.imeSetComposition", {"text": pinyin[: i + 1], "selectionStart": i + 1, "selectionEnd": i + 1}
            )
            cdp.send(
                "Input.dispatchKeyEvent",
                {"type": "keyUp", "key": letter, "code": code, "windowsVirtualKeyCode": ord(letter.upper())},
            )
            reader.page.wait_for_timeout(delay_ms)
        cdp.send(
            "Input.dispatchKeyEvent",
            {"type": "rawKeyDown", "key": "Process", "code": "Space", "windowsVirtualKeyCode": 229},
        )
        cdp.send("Input.insertText", {"text": word})
        cdp.send("Input.dispatchKeyEvent", {"type": "keyUp", "key": " ", "code": "Space", "windowsVirtualKeyCode": 32})
    finally:
        cdp.detach()


def open_search(reader: Reader) -> None:
    """Click into the search field in the header; on a phone, tap the magnifier, which opens the overlay."""
    magnifier = reader.page.locator("label.md-header__button[for=__search]")
    field_ = reader.page.locator("input.md-search__input")
    if magnifier.is_visible():
        magnifier.click()
        # The search opens as an overlay over the whole screen.
        size = reader.page.viewport_size
        reader.page.wait_for_function(
            """([width, height]) => {
            const box = document.querySelector('.md-search__inner').getBoundingClientRect();
            return box.left === 0 && box.top === 0 && box.width === width && box.height === height;
        }""",
            arg=[size["width"], size["height"]],
            timeout=5000,
        )
    else:
        field_.click()
    assert field_.is_visible()
    assert reader.page.evaluate("document.activeElement === document.querySelector('input.md-search__input')")


def listed_pages(reader: Reader, word: str, wanted: set[str]) -> set[str]:
    """The paths of the pages listed for `word`. The search shows ten results, then ten more each time
    the reader scrolls to the bottom of the list: scroll with the mouse wheel, as a person does, while
    some wanted page is not listed yet and more results are there to show."""
    # Wait for the word's own results, whose first one highlights some character of the word.
    reader.page.wait_for_function(
        """word => {
        const meta = document.querySelector('.md-search-result__meta');
        const mark = document.querySelector('.md-search-result__item mark');
        return document.querySelector('input.md-search__input').value === word
            && meta && /\\d+ 个符合条件/.test(meta.innerText)
            && mark && [...mark.textContent].some(c => word.includes(c));
    }""",
        arg=word,
        timeout=20000,
    )
    meta = reader.page.locator(".md-search-result__meta").inner_text()
    total = int(re.search(r"(\d+) 个符合条件", meta).group(1))
    results = reader.page.locator(".md-search-result__item")
    wrap = reader.page.locator(".md-search__scrollwrap").bounding_box()
    reader.page.mouse.move(wrap["x"] + wrap["width"] / 2, wrap["y"] + wrap["height"] / 2)
    for _ in range(200):
        hrefs = reader.page.locator(".md-search-result__item > a").evaluate_all("links => links.map(a => a.href)")
        paths = {urllib.parse.urlsplit(href).path for href in hrefs}
        if wanted <= paths or results.count() >= total:
            return paths
        reader.page.mouse.wheel(0, 600)
        reader.page.wait_for_timeout(50)
    raise AssertionError(f"“{word}”: {results.count()} of {total} results shown after scrolling to the end")


def items_with(year, word: str) -> set[str]:
    """The pages of the items (tasks, livelihood projects, measures) whose text has the word."""
    pages = {f"/{year.year}/{item.kind.slug}/{item.id}/" for item in year.items() if word in item.text}
    assert pages, f"“{word}” is in no item's text: choose another word"
    return pages


def search_and_open(reader: Reader, year, word: str) -> None:
    reader.open("/")
    open_search(reader)
    type_with_input_method(reader, word, WORDS[word])
    wanted = items_with(year, word)
    listed = listed_pages(reader, word, wanted)
    assert wanted <= listed, f"“{word}”: not listed: {sorted(wanted - listed)}"
    # A task found (or else another item) is opened, with the word highlighted on it.
    target = min(wanted, key=lambda path: ("/tasks/" not in path, path))
    reader.page.locator(f".md-search-result__item > a[href*='{target}']").first.click()
    reader.page.wait_for_url(re.compile(re.escape(target)))
    reader.page.wait_for_load_state("networkidle")
    marked = reader.page.locator("article mark").all_inner_texts()
    assert marked and all(text in word for text in marked), f"highlighted on {target}: {marked}"
    assert foreign_requests(reader) == []
    assert reader.problems == []


@pytest.mark.parametrize("word", WORDS, ids=WORDS.values())
def test_typing_a_word_lists_its_task(reader, year, served_site, word):
    reader.base = served_site
    search_and_open(reader, year, word)


@pytest.mark.parametrize("viewport", [PHONE], ids=["phone"])
@pytest.mark.parametrize("word", ON_PHONE, ids=[WORDS[word] for word in ON_PHONE])
def test_typing_a_word_on_a_phone_lists_its_task(reader, year, served_site, word):
    reader.base = served_site
    search_and_open(reader, year, word)
    assert reader.page.viewport_size == PHONE


def test_dates_and_numbers_stay_on_one_line(reader, served_example):
    """A 文号 or a date in a table never breaks across lines (“〔2025〕1 / 号”, “1月24 / 日”)."""
    reader.page.goto(served_example + "/2025/")
    spans = reader.page.locator("article .nowrap")
    assert spans.count() >= 6  # each notice's 文号 and 成文日期
    heights = spans.evaluate_all("spans => spans.map(s => [s.textContent, s.getClientRects().length])")
    assert all(lines == 1 for _, lines in heights), heights
    assert any(text.startswith("市中政办发〔2025〕") for text, _ in heights)


@pytest.mark.parametrize("viewport", [PHONE], ids=["phone"])
def test_the_monthly_bulletins_are_found_at_the_top_of_the_bulletins(reader, served_example):
    """The latest monthly bulletin on the first screen of a phone, and March's within three (it was some 20,000 px
    down, below the completion notices)."""
    reader.page.goto(served_example + "/2025/bulletins/")
    latest = reader.page.get_by_role("link", name="2025年12月为民办20件实事推进情况通报").bounding_box()
    assert latest and latest["y"] + latest["height"] <= PHONE["height"], latest
    march = reader.page.get_by_role("link", name="2025年3月为民办20件实事推进情况通报").bounding_box()
    assert march and march["y"] + march["height"] <= 3 * PHONE["height"], march
