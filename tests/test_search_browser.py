"""The site's search (search-index/, content/assets/search.js) in a real browser: Debian's chromium driven by
Playwright over the built site. Against an oracle, the pages whose indexed text really holds what was typed: they
come first and all of them are there, and a query found nowhere is said to be. Pasted text searches too; the
keyboard drives it; it works from a sub-path; and a first search downloads little."""
from __future__ import annotations

import re
import urllib.parse
from pathlib import Path

import pytest

from browser import served
from conftest import ROOT, search_records
from generator.search import normalise

MATERIAL = Path(__import__("material").__file__).parent / "templates"
THEME = Path(__file__).resolve().parent.parent / "theme"
RESULTS = "() => /个符合条件|没有页面包含/.test(document.querySelector('.md-search-result__meta').innerText)"
QUERIES = [line for line in (ROOT / "tests" / "search_queries.txt").read_text("utf-8").splitlines()
           if line.strip() and not line.startswith("#")]
CHECK_ALL = 60  # search.js: up to this many possible matches are all checked, and their count is exact


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
        page.wait_for_function("q => document.querySelector('[data-site-search]').dataset.shown === q", arg=query,
                               timeout=20000)
        items = page.locator(".md-search-result__item").evaluate_all(
            "items => items.map(li => [li.querySelector('a').getAttribute('href'),"
            " [...li.querySelectorAll('mark')].map(m => m.textContent)])")
        status = page.locator(".md-search-result__meta").inner_text()
        return status, [urllib.parse.urlsplit(href).path.lstrip("/") for href, _ in items], [marks for _, marks in items]
    yield type_
    page.close()


@pytest.fixture(scope="module")
def texts(example_site) -> dict[str, str]:
    return {record["url"]: normalise(record["text"]) for record in search_records(example_site)}


@pytest.mark.parametrize("query", QUERIES)
def test_the_pages_that_hold_the_query_come_first_and_all_are_counted(typed, texts, query):
    words = [normalise(word) for word in query.split()]
    holding = {url for url, text in texts.items() if all(word in text for word in words)}
    status, listed, marks = typed(query)
    if not holding:
        assert status == f"没有页面包含“{query}”" and listed == []
        return
    first = listed[:min(10, len(holding))]
    assert len(first) == min(10, len(holding)) and set(first) <= holding, (status, first)
    exact = len(holding) <= CHECK_ALL
    assert re.fullmatch(rf"{'' if exact else '约 '}(找到 )?(\d+) 个符合条件的结果", status), status
    count = int(re.search(r"\d+", status)[0])
    assert count == len(holding) if exact else count >= len(holding)
    typed_words = "(?:" + "|".join(map(re.escape, words)) + ")+"  # side by side, two words are one mark
    for shown in marks[:len(first)]:  # what is marked is what was typed, whole (brackets and width aside)
        assert shown and all(re.fullmatch(typed_words, normalise(mark)) for mark in shown), shown


def test_the_query_list_covers_what_readers_type():
    assert len(QUERIES) >= 60 and len(set(QUERIES)) == len(QUERIES)
    assert any(" " in query for query in QUERIES) and any("〔" not in query and "政办发" in query for query in QUERIES)


def test_a_unit_s_other_name_finds_what_its_name_finds(typed, texts):
    """units.yaml lists other names (aliases) of a unit: typed, they find the pages with the name as well."""
    status, listed, _ = typed("区发展改革局（区民营经济服务中心）")
    assert listed[0] == "2025/units/qfzggj/"  # the page that gives the other name, first
    assert {"2025/tasks/037/"} <= set(listed) or "约" in status or int(re.search(r"\d+", status)[0]) > 10


@pytest.mark.parametrize("word, page", [
    ("枫桥经验", "/2025/tasks/105/"),
    ("泉城书房", "/2025/tasks/055/"),
    ("老旧小区", "/2025/tasks/053/"),
    ("充电", "/2025/tasks/054/"),
    ("托育", "/2025/tasks/104/"),
    ("安全生产", "/2025/tasks/107/"),
])
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
        assert page.locator("input.md-search__input").input_value() == ""   # the "s" opened it, typed nothing
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
        page.keyboard.press("Enter")   # the first result
        page.wait_for_url(re.compile(r"/2025/(tasks|projects)/\d+/\?h="))
        assert page.locator("article mark").first.inner_text() == "充电"
    finally:
        page.close()


def test_search_works_from_a_sub_path(browser, site, tmp_path):
    """Served under /gongkai/ (not the host's root), the index's files and the results' links stay under it."""
    (tmp_path / "gongkai").symlink_to(site, target_is_directory=True)
    with served(tmp_path) as base:
        assert "/gongkai/2025/tasks/105/" in search(browser, base, "枫桥经验", "/gongkai/2025/tasks/")


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


@pytest.mark.parametrize("word", ["安全生产", "工作"])   # a rarer word, and the commonest
def test_the_first_search_downloads_only_the_parts_of_the_index_it_needs(browser, served_site, site, word):
    """The index is in parts: a search fetches the page list, the buckets of its character pairs and the text of
    the pages it checks, never the whole index (the sizes against the budget are the benchmark's)."""
    fetched = first_search(browser, served_site, word)
    assert not any(url.endswith("search_index.json") or "/workers/" in url for url in fetched)
    buckets = [url for url in fetched if "/search-index/grams/" in url]
    pages = [url for url in fetched if "/search-index/pages/" in url]
    assert 0 < len(buckets) < len(word) + 1 and len(buckets) < len(list((site / "search-index" / "grams").iterdir())) / 2
    assert 0 < len(pages) <= CHECK_ALL, pages


def test_the_header_is_materials_but_always_has_the_search():
    """theme/partials/header.html is Material's, but for the block that shows the search only with Material's
    search plugin: after an upgrade of mkdocs-material, this fails until the copy is refreshed."""
    material = (MATERIAL / "partials" / "header.html").read_text("utf-8")
    ours = (THEME / "partials" / "header.html").read_text("utf-8")
    plugin_only = re.search(r'\n    \{% if "material/search" in config\.plugins %\}.*?\n    \{% endif %\}\n', material, re.S)
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
