"""The site's search (search-index/, content/assets/search.js) in a real browser: Debian's chromium driven by
Playwright over the built site. Against an oracle, the pages whose indexed text really holds what was typed (or,
typed in pinyin, a word of the titles and items that reads so): they come first and all of them are there, and a
query found nowhere is said to be. The results narrow to a kind and a year and order by date, on a phone too.
Pasted text searches too; the keyboard drives it; it works from a sub-path; and a first search downloads little."""

from __future__ import annotations

import re
import urllib.parse
from pathlib import Path

import pytest
from browser import served
from search_oracle import QUERIES, holding, other_names, search_records, terms

from generator.engine.search import normalise

MATERIAL = Path(__import__("material").__file__).parent / "templates"
THEME = Path(__file__).resolve().parent.parent / "theme"
RESULTS = "() => /个符合条件|没有页面包含/.test(document.querySelector('.md-search-result__meta').innerText)"
CHECK_ALL = 20  # search.js: up to this many pages that may hold a long word are all checked: the count is exact


def search(browser, base: str, query: str, path: str = "/") -> list[str]:
    page = browser.new_page()
    try:
        page.goto(f"{base}{path}?q={urllib.parse.quote(query)}")
        page.wait_for_function(RESULTS, timeout=20000)
        hrefs = page.locator(".md-search-result__item > a").evaluate_all("links => links.map(a => a.href)")
        return [urllib.parse.urlsplit(href).path for href in hrefs]
    finally:
        page.close()


@pytest.fixture(scope="module")
def typed(browser, served_example):
    """type(query) → (the status line, the paths listed, the texts marked in them), as a reader types into the
    search box of one page, query after query."""
    page = browser.new_page()
    page.goto(served_example + "/2025/")
    page.locator("input.md-search__input").click()

    def type_(query: str):
        page.locator("input.md-search__input").fill(query)
        page.wait_for_function(
            "q => document.querySelector('[data-site-search]').dataset.shown === q", arg=query, timeout=20000
        )
        items = page.locator(".md-search-result__item").evaluate_all(
            "items => items.map(li => [li.querySelector('a').getAttribute('href'),"
            " [...li.querySelectorAll('mark')].map(m => m.textContent)])"
        )
        status = page.locator(".md-search-result__meta").inner_text()
        return (
            status,
            [urllib.parse.urlsplit(href).path.lstrip("/") for href, _ in items],
            [marks for _, marks in items],
        )

    yield type_
    page.close()


@pytest.fixture(scope="module")
def texts(example_site) -> dict[str, str]:
    return {record["url"]: normalise(record["text"]) for record in search_records(example_site)}


@pytest.fixture(scope="module")
def vocabulary(example_site, example_year) -> list[str]:
    """What may be typed in pinyin: the pages' titles and the items' texts (which item titles shorten)."""
    return [record["title"] for record in search_records(example_site)] + [item.text for item in example_year.items()]


@pytest.fixture(scope="module")
def names(example_year) -> dict[str, set[str]]:
    return other_names(example_year.units)


@pytest.mark.parametrize("query", QUERIES)
def test_the_pages_that_hold_the_query_come_first_and_all_are_counted(typed, texts, vocabulary, names, query):
    ways = terms(query, vocabulary, names)
    words = sorted(set().union(*ways), key=len, reverse=True)
    pages = holding(texts, query, vocabulary, names)
    status, listed, marks = typed(query)
    if not pages:
        assert status == f"没有页面包含“{query}”" and listed == []
        return
    first = listed[: min(10, len(pages))]
    assert len(first) == min(10, len(pages)) and set(first) <= pages, (status, first)
    # Exact: words of up to three characters (their page lists are), or few pages (all checked at once).
    exact = all(len(word) <= 3 for word in words) or len(pages) <= CHECK_ALL
    assert re.fullmatch(rf"{'' if exact else '(约 )?'}(\d+) 个符合条件的结果", status), status
    count = int(re.search(r"\d+", status)[0])
    assert count == len(pages) if not status.startswith("约") else count >= len(pages)
    typed_words = "(?:" + "|".join(map(re.escape, words)) + ")+"  # side by side, two words are one mark
    for shown in marks[: len(first)]:  # what is marked is what was typed, whole (brackets and width aside)
        assert shown and all(re.fullmatch(typed_words, normalise(mark)) for mark in shown), shown


def test_the_query_list_covers_what_readers_type():
    assert len(QUERIES) >= 60 and len(set(QUERIES)) == len(QUERIES)
    assert any(" " in query for query in QUERIES) and any("〔" not in query and "政办发" in query for query in QUERIES)
    assert sum(bool(re.fullmatch("[a-z]+", query)) for query in QUERIES) >= 10


@pytest.mark.parametrize(
    "typed_pinyin, word",
    [("laojiuxiaoqu", "老旧小区"), ("yiyanghuatan", "一氧化碳"), ("wangying", "王莹"), ("kejitepaiyuan", "科技特派员")],
)
def test_a_word_in_pinyin_finds_the_pages_of_the_word_first(typed, texts, typed_pinyin, word):
    """wangying also reads as 网应 (in 互联网应用), but the pages with 王莹 come first: more pages hold it. (The
    guide, which gives laojiuxiaoqu as an example, holds the pinyin itself.)"""
    pages = {url for url, text in texts.items() if word in text or typed_pinyin in text}
    status, listed, marks = typed(typed_pinyin)
    first = listed[: min(10, len(pages))]
    assert pages and len(first) == min(10, len(pages)) and set(first) <= pages, (status, first)
    assert all(marked and set(marked) <= {word, typed_pinyin} for marked in marks[: len(first)]), marks


def test_a_unit_s_other_name_finds_what_its_name_finds(typed, texts):
    """units.yaml lists other names (aliases) of a unit: typed, they find the pages with the name as well."""
    status, listed, _ = typed("区发展改革局（区民营经济服务中心）")
    assert listed[0] == "2025/units/qfzggj/"  # the page that gives the other name, first
    assert {"2025/tasks/037/"} <= set(listed) or "约" in status or int(re.search(r"\d+", status)[0]) > 10


@pytest.mark.parametrize(
    "word, page",
    [
        ("枫桥经验", "/2025/tasks/105/"),
        ("泉城书房", "/2025/tasks/055/"),
        ("老旧小区", "/2025/tasks/053/"),
        ("充电", "/2025/tasks/054/"),
        ("托育", "/2025/tasks/104/"),
        ("安全生产", "/2025/tasks/107/"),
    ],
)
def test_a_word_from_a_task_finds_the_task(browser, served_site, word, page):
    assert page in search(browser, served_site, word)


def test_pasted_text_lists_the_page(browser, served_site):
    """Pasting gives an `input` event and no key event at all: the results appear all the same."""
    page = browser.new_page()
    try:
        page.goto(served_site + "/2025/")
        page.locator("input.md-search__input").click()
        page.keyboard.insert_text("泉城书房")
        page.wait_for_function(RESULTS, timeout=20000)
        hrefs = page.locator(".md-search-result__item > a").evaluate_all("links => links.map(a => a.href)")
        assert "/2025/tasks/055/" in {urllib.parse.urlsplit(href).path for href in hrefs}
        assert page.locator(".md-search-result__item mark").first.inner_text() in "泉城书房"
    finally:
        page.close()


def test_the_keyboard_opens_moves_through_and_closes_the_search(browser, served_site):
    page = browser.new_page()
    try:
        page.goto(served_site + "/2025/tasks/")
        page.keyboard.press("s")
        assert page.evaluate("document.getElementById('__search').checked")
        assert page.evaluate("document.activeElement.classList.contains('md-search__input')")
        assert page.locator("input.md-search__input").input_value() == ""  # the "s" opened it, typed nothing
        page.keyboard.insert_text("充电")
        page.wait_for_function(RESULTS, timeout=20000)
        links = page.locator(".md-search-result__link")
        assert links.count() >= 2
        page.keyboard.press("ArrowDown")
        page.keyboard.press("ArrowDown")
        assert page.evaluate("document.activeElement.href") == links.nth(1).evaluate("a => a.href")
        page.keyboard.press("ArrowUp")
        assert page.evaluate("document.activeElement.href") == links.nth(0).evaluate("a => a.href")
        page.keyboard.press("Escape")
        assert not page.evaluate("document.getElementById('__search').checked")
        page.keyboard.press("/")
        assert page.evaluate("document.getElementById('__search').checked")
        address = page.url
        page.keyboard.press("Enter")  # the results, the first one focused (on a phone, the keyboard closes)
        assert page.evaluate("document.activeElement.href") == links.nth(0).evaluate("a => a.href")
        assert page.url == address and page.evaluate("document.getElementById('__search').checked")
        assert_focus_is_visible(page)
        page.keyboard.press("Enter")  # that result
        page.wait_for_url(re.compile(r"/2025/(tasks|projects)/\d+/\?h="))
        assert page.locator("article mark").first.inner_text() == "充电"
    finally:
        page.close()


PHONE = {"width": 375, "height": 740}

FOCUS_RING = """() => {
  const style = getComputedStyle(document.activeElement);
  const rgb = c => c.match(/\\d+(\\.\\d+)?/g).slice(0, 3).map(Number);
  const lum = c => rgb(c).map(v => v / 255).map(v => v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4)
    .reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
  const alpha = c => c.startsWith('rgba') ? Number(c.match(/[\\d.]+(?=\\))/)[0]) : 1;
  let back = document.activeElement, color = 'rgba(0, 0, 0, 0)';
  while (back && alpha(color = getComputedStyle(back).backgroundColor) < 0.5) { back = back.parentElement; }
  const [a, b] = [lum(style.outlineColor), lum(back ? color : 'rgb(255, 255, 255)')].sort((x, y) => y - x);
  return {style: style.outlineStyle, width: parseFloat(style.outlineWidth), contrast: (a + 0.05) / (b + 0.05)};
}"""


def assert_focus_is_visible(page) -> None:
    """A ring around the focused element, at least 2 px and 3:1 against what is behind it (WCAG 2.4.7, 1.4.11)."""
    ring = page.evaluate(FOCUS_RING)
    assert ring["style"] != "none" and ring["width"] >= 2 and ring["contrast"] >= 3, ring


def test_enter_shows_the_results_on_a_phone_even_when_there_are_none(browser, served_site):
    """The 搜索 key of a phone's keyboard is Enter: it leaves the results on screen, and never opens a page."""
    page = browser.new_page(viewport=PHONE)
    try:
        page.goto(served_site + "/2025/")
        page.locator("label.md-header__button[for=__search]").click()
        page.keyboard.insert_text("加装电梯")
        page.wait_for_function("document.querySelector('[data-site-search]').dataset.shown === '加装电梯'")
        page.keyboard.press("Enter")
        assert page.url == served_site + "/2025/" and page.evaluate("document.getElementById('__search').checked")
        assert page.locator(".md-search-result__meta").inner_text() == "没有页面包含“加装电梯”"
        assert page.locator(".md-search-result__meta").is_visible()
    finally:
        page.close()


def test_the_closed_search_is_no_stop_of_the_tab_key(browser, served_site):
    """Closed, the results panel is not reached by Tab (on a phone it was the 4th, invisible stop on every page);
    open, it is."""
    page = browser.new_page(viewport=PHONE)
    try:
        page.goto(served_site + "/2025/tasks/053/")
        assert not page.locator(".md-search__scrollwrap").is_visible()
        for _ in range(12):
            page.keyboard.press("Tab")
            stop = page.evaluate("""() => ({html: document.activeElement.outerHTML.slice(0, 120),
              inSearch: !!document.activeElement.closest('.md-search'),
              open: document.getElementById('__search').checked})""")
            assert not stop["inSearch"] and not stop["open"], stop  # the 搜索 button is the way in
        page.locator("label.md-header__button[for=__search]").click()
        page.keyboard.insert_text("充电")
        page.wait_for_function(RESULTS, timeout=20000)
        assert page.locator(".md-search__scrollwrap").is_visible()
    finally:
        page.close()


def shown(page) -> list[tuple[str, str]]:
    """(path, its kind · year · date line) of each result listed."""
    return [
        (urllib.parse.urlsplit(href).path.lstrip("/"), line)
        for href, line in page.locator(".md-search-result__item").evaluate_all(
            "items => items.map(li => [li.querySelector('a').href,"
            " li.querySelector('.search-result__kind').textContent])"
        )
    ]


def settled(page, query: str) -> None:
    """Results for `query` are shown, and the search panel has slid into place (Material animates it open)."""
    page.wait_for_function(
        "q => document.querySelector('[data-site-search]').dataset.shown === q"
        " && document.getAnimations().every(a => a.playState !== 'running')",
        arg=query,
        timeout=20000,
    )


def test_results_narrow_to_a_kind_and_a_year_and_order_by_date_on_a_phone(browser, served_example, example_site):
    """On a 375 px phone: the choices are there without sideways scrolling, each target 44 px high; a kind keeps
    only its pages (all of those holding the word, counted); by date, the newest come first, undated last."""
    records = {record["url"]: record for record in search_records(example_site)}
    word = "老旧小区"
    page = browser.new_page(viewport=PHONE)
    try:
        page.goto(f"{served_example}/2025/?q={urllib.parse.quote(word)}")
        settled(page, word)
        choices = page.locator(".search-filters select")
        assert choices.count() == 3 and all(
            box["height"] >= 44 and box["x"] + box["width"] <= PHONE["width"]
            for box in (choices.nth(i).bounding_box() for i in range(3))
        )
        assert page.evaluate(
            "(o => o.getBoundingClientRect().right <= innerWidth && o.scrollWidth <= o.clientWidth)"
            "(document.querySelector('.md-search__output'))"
        )
        kinds = page.locator("select[name=kind] option").all_inner_texts()
        assert kinds[:3] == ["全部", "公文", "年度工作任务"] and "通报" in kinds
        assert page.locator("select[name=year] option").all_inner_texts() == ["全部", "2025"]

        page.locator("select[name=kind]").select_option("通报")
        page.wait_for_function(
            "() => /^\\d+ 个/.test(document.querySelector('.md-search-result__meta').innerText)"
            " && [...document.querySelectorAll('.search-result__kind')].every(p => p.textContent.startsWith('通报'))"
        )
        bulletins = {
            url for url, record in records.items() if record["kind"] == "通报" and word in normalise(record["text"])
        }
        assert page.locator(".md-search-result__meta").inner_text() == f"{len(bulletins)} 个符合条件的结果"
        assert {path for path, _ in shown(page)} <= bulletins

        page.locator("select[name=kind]").select_option("")
        page.locator("select[name=order]").select_option("date")
        page.wait_for_function(
            "() => document.querySelector('.search-result__kind').textContent.startsWith('通报 · 2025年 · 2026')"
        )
        dates = [records[path]["date"] for path, _ in shown(page)]
        assert dates == sorted(dates, reverse=True) and dates[0] > 20260000, dates
        assert all(
            line.endswith(f"{date // 10000}-{date // 100 % 100:02d}-{date % 100:02d}")
            for (_, line), date in zip(shown(page), dates)
            if date
        )

        page.locator("select[name=kind]").select_option("人事任免")
        page.wait_for_function("() => document.querySelector('.md-search-result__meta').innerText.includes('所选类别')")
        assert page.locator(".md-search-result__meta").inner_text() == f"所选类别和年份中没有页面包含“{word}”"
    finally:
        page.close()


def test_the_kind_is_chosen_by_keyboard(browser, served_example):
    """Tab leaves the field for the choices (the search stays open), whose arrows choose, not move through results."""
    page = browser.new_page()
    try:
        page.goto(served_example + "/2025/")
        page.keyboard.press("/")
        page.keyboard.insert_text("充电桩")
        settled(page, "充电桩")
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.name") == "kind"
        page.keyboard.press("ArrowDown")
        page.wait_for_function(
            "() => [...document.querySelectorAll('.search-result__kind')].every(p => p.textContent.startsWith('公文'))"
        )
        assert page.evaluate("document.activeElement.name") == "kind"
        assert page.evaluate("document.getElementById('__search').checked")
        page.keyboard.press("Escape")
        assert not page.evaluate("document.getElementById('__search').checked")
    finally:
        page.close()


def test_search_works_from_a_sub_path(browser, site, tmp_path):
    """Served under /gongkai/ (not the host's root), the index's files and the results' links stay under it."""
    (tmp_path / "gongkai").symlink_to(site, target_is_directory=True)
    with served(tmp_path) as base:
        assert "/gongkai/2025/tasks/105/" in search(browser, base, "枫桥经验", "/gongkai/2025/tasks/")


def test_search_works_from_the_page_of_a_missing_address(browser, served_site):
    """A mistyped address shows the 404 page (at that address): its search still finds, and its links lead home."""
    assert "/2025/projects/13/" in search(browser, served_site, "充电桩", "/2025/no-such-page/")


def test_the_page_of_a_missing_address_is_in_chinese_and_leads_on(browser, served_site):
    """At any depth, the 404 page says so in Chinese, and its links reach the home page and each section."""
    page = browser.new_page()
    try:
        response = page.goto(served_site + "/2025/tasks/999/no-such/page/")
        assert response.status == 404 and page.title() == "页面不存在 - 济南市市中区政务公开"
        article = page.locator("article")
        assert article.locator("h1").inner_text() == "页面不存在" and "Not found" not in page.content()
        links = article.locator("a").evaluate_all("links => links.map(a => [a.textContent, new URL(a.href).pathname])")
        assert ["首页", "/"] in links and ["通报", "/2025/bulletins/"] in links and ["公开指南", "/guide/"] in links
        for _, path in links:
            assert page.request.get(served_site + path).status == 200, path
        article.get_by_role("link", name="通报").click()
        page.wait_for_url("**/2025/bulletins/")
    finally:
        page.close()


def test_a_query_typed_before_the_index_has_loaded_is_answered(browser, served_site, site):
    """The page list is held back until the query is typed: once it comes, the query is answered."""
    word = "枫桥经验"
    holding = [record for record in search_records(site) if word in record["text"]]
    page = browser.new_page()
    held = []
    try:
        page.route("**/search-index/meta.json", lambda route: held.append(route))
        page.goto(served_site + "/2025/")
        page.locator("input.md-search__input").click()
        page.keyboard.insert_text(word)
        page.wait_for_timeout(300)
        assert held and page.locator(".md-search-result__item").count() == 0
        assert page.locator(".md-search-result__meta").inner_text() == "正在加载搜索索引…"  # not “键入以开始搜索”
        held[0].continue_()
        page.wait_for_function(RESULTS, timeout=20000)
        assert page.locator(".md-search-result__meta").inner_text() == f"{len(holding)} 个符合条件的结果"
        assert "/2025/tasks/105/" in page.locator(".md-search-result__item > a").evaluate_all(
            "links => links.map(a => new URL(a.href).pathname)"
        )
    finally:
        page.close()


def first_search(browser, base: str, word: str) -> dict[str, bytes]:
    """What a reader's first search downloads: from the click into the field until the results are shown."""
    context = browser.new_context(service_workers="block")
    page = context.new_page()
    try:
        page.goto(base + "/2025/tasks/053/", wait_until="networkidle")
        responses = []
        context.on("response", lambda response: responses.append(response))
        page.locator("input.md-search__input").click()
        page.keyboard.insert_text(word)
        page.wait_for_function("q => document.querySelector('[data-site-search]').dataset.shown === q", arg=word)
        page.wait_for_load_state("networkidle")
        assert page.locator(".md-search-result__item").count() > 0
        return {response.url: response.body() for response in responses}
    finally:
        context.close()


@pytest.mark.parametrize("word", ["安全生产", "工作"])  # a rarer word, and the commonest
def test_the_first_search_downloads_only_the_parts_of_the_index_it_needs(browser, served_site, site, word):
    """The index is in parts: a search fetches the page list, the buckets of its grams and the text of
    the pages it checks, never the whole index (the sizes against the budget are the benchmark's)."""
    fetched = first_search(browser, served_site, word)
    assert not any(url.endswith("search_index.json") or "/workers/" in url for url in fetched)
    buckets = [url for url in fetched if "/search-index/grams/" in url]
    pages = [url for url in fetched if "/search-index/pages/" in url]
    assert (
        0 < len(buckets) < len(word) + 1 and len(buckets) < len(list((site / "search-index" / "grams").iterdir())) / 2
    )
    assert 0 < len(pages) <= CHECK_ALL, pages


def test_the_header_is_materials_but_always_has_the_search():
    """theme/partials/header.html is Material's, but for the block that shows the search only with Material's
    search plugin: after an upgrade of mkdocs-material, this fails until the copy is refreshed."""
    material = (MATERIAL / "partials" / "header.html").read_text("utf-8")
    ours = (THEME / "partials" / "header.html").read_text("utf-8")
    plugin_only = re.search(
        r'\n    \{% if "material/search" in config\.plugins %\}.*?\n    \{% endif %\}\n', material, re.S
    )
    assert plugin_only, "Material's header no longer shows the search by its plugin: look at it again"
    always = """
    <label class="md-header__button md-icon" for="__search">
      {% set icon = config.theme.icon.search or "material/magnify" %}
      {% include ".icons/" ~ icon ~ ".svg" %}
    </label>
    {% include "partials/search.html" %}
"""
    expected = material.replace(plugin_only.group(), always)
    assert ours.split("-#}\n", 1)[1] == expected.split("-#}\n", 1)[1]
