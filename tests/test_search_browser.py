"""Chinese search in a real browser: Debian's chromium driven by Playwright over the built site."""
from __future__ import annotations

import urllib.parse

import pytest


def search(browser, base: str, query: str) -> list[str]:
    page = browser.new_page()
    try:
        page.goto(f"{base}/?q={urllib.parse.quote(query)}")
        page.wait_for_function("""() => {
            const meta = document.querySelector('.md-search-result__meta');
            return meta && /个符合条件|没有找到/.test(meta.innerText);
        }""", timeout=20000)
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
