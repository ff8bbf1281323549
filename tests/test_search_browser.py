"""The site's search (Pagefind's index, content/assets/search.js) in a real browser: Debian's chromium driven
by Playwright over the built site. Words of two to four characters find their pages; pasted text searches
too; the keyboard drives it; it works from a sub-path; and a first search downloads little."""
from __future__ import annotations

import re
import urllib.parse
from pathlib import Path

import pytest
from mkdocs.exceptions import PluginError

from browser import served
from generator import search as search_index

MATERIAL = Path(__import__("material").__file__).parent / "templates"
THEME = Path(__file__).resolve().parent.parent / "theme"
RESULTS = "() => /个符合条件|没有找到/.test(document.querySelector('.md-search-result__meta').innerText)"


def search(browser, base: str, query: str, path: str = "/") -> list[str]:
    page = browser.new_page()
    try:
        page.goto(f"{base}{path}?q={urllib.parse.quote(query)}")
        page.wait_for_function(RESULTS, timeout=20000)
        hrefs = page.locator(".md-search-result__item > a").evaluate_all("links => links.map(a => a.href)")
        return [urllib.parse.urlsplit(href).path for href in hrefs]
    finally:
        page.close()


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
    """Served under /gongkai/ (not the host's root), Pagefind's files and the results' links stay under it."""
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
        page.wait_for_function(RESULTS, timeout=20000)
        page.wait_for_load_state("networkidle")
        assert page.locator(".md-search-result__item").count() == 10, "ten results shown, their fragments loaded"
        return {response.url: response.body() for response in responses}
    finally:
        context.close()


@pytest.mark.parametrize("word", ["安全生产", "工作"])   # a rarer word with its big pages, and the commonest
def test_the_first_search_downloads_only_the_parts_of_the_index_it_needs(browser, served_site, site, word):
    """Pagefind's index is in chunks: a search fetches a few of them and the fragments of the results shown, never
    the whole index (the sizes against the budget are the benchmark's: python -m benchmarks)."""
    fetched = first_search(browser, served_site, word)
    assert not any(url.endswith("search_index.json") or "/workers/" in url for url in fetched)
    chunks = [url for url in fetched if "/pagefind/index/" in url]
    fragments = [url for url in fetched if "/pagefind/fragment/" in url]
    assert 0 < len(chunks) < len(list((site / "pagefind" / "index").iterdir())) / 2, chunks
    assert 0 < len(fragments) <= 10, fragments


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


def test_a_failing_index_stops_the_build_with_a_plain_message(tmp_path, monkeypatch):
    """Pagefind failing (here: a program that fails at once) is a PluginError in Chinese: the build stops and
    the atomic build keeps the old site."""
    (tmp_path / "index.html").write_text("<html lang=zh><body><p>正文</p></body></html>", "utf-8")
    monkeypatch.setattr(search_index, "_binary", lambda: "false")
    with pytest.raises(PluginError, match="Pagefind 生成搜索索引失败，网站未生成"):
        search_index.index(tmp_path)
    monkeypatch.setattr(search_index, "_binary", lambda: str(tmp_path / "no-such-program"))
    with pytest.raises(PluginError, match="无法运行 Pagefind"):
        search_index.index(tmp_path)


def test_the_content_block_is_materials_with_the_article_indexed():
    """theme/main.html's block container is Material's (base.html) but for data-pagefind-body on the article."""
    def block(template: str) -> list[str]:
        found = re.search(r"\{% block container %\}.*?\{% endblock %\}.*?\{% endblock %\}", template, re.S)
        assert found, "no block container: look at Material's base.html again"
        return [line.strip() for line in found.group().splitlines()]
    material = block((MATERIAL / "base.html").read_text("utf-8"))
    ours = block((THEME / "main.html").read_text("utf-8"))
    assert sum("data-pagefind-body" in line for line in ours) == 1
    assert [line.replace("{% if page %} data-pagefind-body{% endif %}", "") for line in ours] == material
