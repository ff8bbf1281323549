"""Connections a reader expects, on the real built sites: related items link each other (marked as the site's), an
item page links its completion bulletin and the bulletins that name it, and a notice links its attachments, says
where it stands (当前位置) and offers 打印本页 (only when it can print, never on paper)."""

from __future__ import annotations

import posixpath
import re
from pathlib import Path

import pytest
from browser import CHROMIUM
from bs4 import BeautifulSoup

ITEM = re.compile(r"^/2025/(tasks|projects|measures)/([a-z0-9-]+)/$")
BULLETIN = re.compile(r"^/2025/bulletins/([a-z0-9-]+-[a-z0-9-]+)/$")  # a bulletin, not one of the index's filters
DATE = re.compile(r"\d{4}年\d{1,2}月\d{1,2}日")
WORK = {"已完成", "序时推进", "进度滞后"}  # what a status says of the work; 未报送 says only that no report came


def soup(site: Path, url: str) -> BeautifulSoup:
    return BeautifulSoup((site / url.strip("/") / "index.html").read_text("utf-8"), "html.parser")


def links(page: BeautifulSoup, url: str, scope: list | None = None) -> list[tuple[str, object]]:
    """(site path, <a>) of each link to a page in the elements `scope` (default: the article) of the page at `url`."""
    found = []
    for element in page.select("article") if scope is None else scope:
        for a in element.select("a[href]"):
            href = a["href"].split("#")[0]
            if href:
                found.append((posixpath.normpath(posixpath.join(url, href)).rstrip("/") + "/", a))
    return found


def section(page: BeautifulSoup, title: str) -> list:
    """The elements under the article's h2 `title`, up to the next h2."""
    heading = next((h for h in page.select("article h2") if h.get_text(strip=True) == title), None)
    found = []
    for sibling in heading.find_next_siblings() if heading else []:
        if sibling.name == "h2":
            break
        found.append(sibling)
    return found


def item_url(item) -> str:
    return f"/2025/{item.kind.slug}/{item.id}/"


def related_on_page(site: Path, url: str) -> list[str]:
    page = soup(site, url)
    line = next((li for li in page.select("article li") if li.get_text().startswith("相关事项")), None)
    assert line is not None, f"no 相关事项 on {url}"
    assert "本站" in line.get_text(), "the link must say it is the site's annotation, not the notice's"
    return [target for target, _ in links(page, url, [line]) if ITEM.match(target)]


# -- related items


def test_task_53_and_project_7_link_each_other_as_the_sites_annotation(site):
    assert related_on_page(site, "/2025/tasks/053/") == ["/2025/projects/07/"]
    assert related_on_page(site, "/2025/projects/07/") == ["/2025/tasks/053/"]


def test_every_related_pair_is_linked_from_both_pages(site, year):
    pairs = {(a, b) for a in year.items() for b in a.related}
    assert len(pairs) >= 20 and all((b, a) in pairs for a, b in pairs)
    for item in {a for a, _ in pairs}:
        assert sorted(related_on_page(site, item_url(item))) == sorted(map(item_url, item.related)), item.name


def test_an_item_without_related_items_says_nothing_of_them(site):
    assert "相关事项" not in soup(site, "/2025/tasks/001/").select_one("article").get_text()


def monthly_statuses(site: Path, url: str) -> dict[int, str]:
    """Month → status, as the item's page at `url` shows them under 逐月进展, and 0 → its current status."""
    page = soup(site, url)
    statuses = {}
    for h3 in section(page, "逐月进展"):
        if h3.name == "h3" and h3.select_one(".status"):
            statuses[int(re.search(r"(\d+)月", h3.get_text()).group(1))] = h3.select_one(".status").get_text(strip=True)
    current = next(p for p in page.select("article p") if p.get_text().startswith("当前状态"))
    statuses[0] = current.select_one(".status").get_text(strip=True)
    return statuses


def test_related_items_never_have_contradicting_statuses_on_the_example_site(example_site, example_year):
    """Two items that are the same work cannot be 已完成 and 进度滞后 (or 序时推进) in the same month."""
    checked = 0
    for item in example_year.items():
        mine = monthly_statuses(example_site, item_url(item)) if item.related else {}
        for other in item.related:
            theirs = monthly_statuses(example_site, item_url(other))
            for month in mine.keys() & theirs.keys():
                both = {mine[month], theirs[month]} & WORK
                assert len(both) < 2, f"{item.name} and {other.name} in month {month}: {mine[month]}, {theirs[month]}"
                checked += 1
    assert checked > 100


# -- bulletins on item pages


def bulletin_pages(site: Path) -> list[str]:
    urls = [f"/2025/bulletins/{path.parent.name}/" for path in (site / "2025" / "bulletins").glob("*/index.html")]
    return [url for url in urls if BULLETIN.match(url)]


def issued(page: BeautifulSoup) -> str:
    return DATE.search(
        next(li for li in page.select("article li") if li.get_text().startswith("通报日期")).get_text()
    ).group(0)


def test_item_pages_list_exactly_the_bulletins_that_name_them_with_title_and_date(example_site):
    named, listed = set(), set()
    titles, dates = {}, {}
    for url in bulletin_pages(example_site):
        page = soup(example_site, url)
        titles[url], dates[url] = page.select_one("article h1").get_text(strip=True), issued(page)
        named |= {(item, url) for item, _ in links(page, url) if ITEM.match(item)}
    assert len(titles) > 100 and any("monthly" in u for u in titles) and any("quarterly" in u for u in titles)
    for item in {item for item, _ in named}:
        page = soup(example_site, item)
        for url, a in links(page, item, section(page, "相关通报")):
            if BULLETIN.match(url):
                listed.add((item, url))
                assert a.get_text(strip=True) == titles[url] and dates[url] in a.parent.get_text(), (item, url)
    assert listed == named


def test_a_completed_item_links_its_completion_bulletin_first(example_site, example_year):
    completed = 0
    for item in example_year.items():
        url = item_url(item)
        if monthly_statuses(example_site, url)[0] != "已完成":
            continue
        page = soup(example_site, url)
        first = section(page, "相关通报")[0]
        assert first.get_text().startswith("完成通报"), url
        assert [u for u, _ in links(page, url, [first])] == [f"/2025/bulletins/completed-{item.kind.slug}-{item.id}/"]
        completed += 1
    assert completed > 100


def test_without_progress_an_item_page_has_no_bulletins(site):
    assert not section(soup(site, "/2025/projects/07/"), "相关通报")


# -- notices

NOTICE = "/2025/documents/banfa-1/"


def test_the_notice_links_each_attachment_it_names_to_the_attachment_below(site):
    page = soup(site, NOTICE)
    article = page.select_one("article")
    named = [a for a in article.select("p a[href^='#']") if re.fullmatch(r"附件\d", a.get_text())]
    assert [a.get_text() for a in named] == ["附件1", "附件2", "附件3", "附件4"]
    for a in article.select("a[href^='#attachment-']"):
        target = article.find(id=a["href"][1:])
        assert target is not None and target.name == "h2", a["href"]
        assert target.get_text().startswith(f"附件{a['href'][-1]}")


@pytest.mark.parametrize("url", [NOTICE, "/2025/documents/banzi-1/"])
def test_a_notice_says_where_it_stands(site, url):
    page = soup(site, url)
    nav = page.select_one('article nav[aria-label="当前位置"]')
    steps = [li.get_text(strip=True) for li in nav.select("li")]
    assert steps == ["首页", "2025年", "公文", page.select_one("article h1").get_text(strip=True)]
    assert [u for u, _ in links(page, url, [nav])] == ["/", "/2025/"]
    assert nav.select("li")[-1]["aria-current"] == "page"
    assert nav.find_next("h1") is page.select_one("article h1"), "the breadcrumb stands above the title"


def test_the_print_button_is_hidden_in_the_html_and_its_script_is_external(site):
    page = soup(site, NOTICE)
    box = page.select_one("article .print-page")
    assert box.has_attr("hidden") and box.button.get_text() == "打印本页"
    assert any(s["src"].endswith("assets/print.js") for s in page.select("script[src]"))
    assert not [s for s in page.select("script:not([src])") if "print" in s.get_text()]


@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="no chromium")
def test_the_print_button_prints_with_javascript_and_never_shows_without_it_or_on_paper(browser, served_site):
    url = served_site + NOTICE
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(url)
        assert not page.get_by_role("button", name="打印本页").is_visible()
    finally:
        context.close()
    context = browser.new_context()
    try:
        page = context.new_page()
        page.add_init_script("window.print = () => { window.printed = (window.printed || 0) + 1; };")
        page.goto(url)
        button = page.get_by_role("button", name="打印本页")
        assert button.is_visible()
        button.click()
        assert page.evaluate("window.printed") == 1
        page.emulate_media(media="print")
        assert not button.is_visible() and not page.locator("nav.breadcrumb").is_visible()
    finally:
        context.close()
