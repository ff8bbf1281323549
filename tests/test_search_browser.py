"""Chinese search in a real browser: Debian's chromium driven by Playwright over the built site."""
from __future__ import annotations

import functools
import http.server
import threading
import urllib.parse

import pytest
from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="module")
def served(site):
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


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
def test_a_word_from_a_task_finds_the_task(browser, served, word, page):
    assert page in search(browser, served, word)
