"""The answer first: an item's status under its title, the year's figures on the home page, what the notices say of
a leader, and the site's own favicon instead of Material's logo. Checked on the built sites, against oracles that do
not use the code under test (the data files, the dashboard's chart table, the item pages)."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from conftest import ROOT

PHONE = {"width": 375, "height": 667}
SIZE_KEY = "shizhong.text-size"  # content/assets/reading.js
REGISTERS = {"tasks": "年度工作任务", "projects": "为民办实事", "measures": "产业帮扶措施"}
POSTS = ("区长", "书记", "主任", "局长", "常委", "部长", "委员")  # words of a post, which the notices never give


def soup(site: Path, url: str) -> BeautifulSoup:
    return BeautifulSoup((site / url / "index.html").read_text("utf-8"), "html.parser")


def article(site: Path, url: str) -> BeautifulSoup:
    return soup(site, url).select_one("article")


def item_statuses(site: Path) -> dict[str, str]:
    """Each item page's URL → the status its status box shows (read from the item pages, not the home page)."""
    statuses = {}
    for slug in REGISTERS:
        for page in (site / "2025" / slug).glob("*/index.html"):
            box = BeautifulSoup(page.read_text("utf-8"), "html.parser").select_one("article .item-status .status")
            statuses[f"2025/{slug}/{page.parent.name}/"] = box.get_text()
    return statuses


def _label(tag) -> str:
    """The item page's parts in order: its status box, its 说明 note, its sections."""
    classes = tag.get("class", [])
    return (
        "status"
        if "item-status" in classes
        else "note"
        if "admonition" in classes
        else tag.get_text()
        if tag.name == "h2"
        else ""
    )


@pytest.mark.parametrize("url", ["2025/projects/08", "2025/tasks/001"])
def test_the_status_comes_before_the_note_and_the_indicators(example_site, url):
    page = article(example_site, url)
    labels = [_label(tag) for tag in page.find_all(True) if _label(tag)]
    assert labels[0] == "status" and "note" in labels and "量化指标" in labels, labels
    box = page.select_one(".item-status")
    assert "当前状态" in box.get_text() and box.select_one(".status").get_text() in (
        "已完成",
        "序时推进",
        "进度滞后",
        "未报送",
    )
    latest = page.find("h3")  # the timeline's newest month, further down
    month = re.match(r"2025年\d+月", latest.get_text()).group()
    assert f"最新月份：{month}" in box.get_text()


def test_the_latest_month_quotes_its_report(example_site):
    """A month reported: the start of its 完成情况, as the timeline below prints it."""
    page = article(example_site, "2025/projects/08")
    box = page.select_one(".item-status").get_text()
    done = next(li.get_text() for li in page.select("li") if li.get_text().startswith("完成情况："))
    quoted = re.search(r"完成情况：(.+?)…?\n", box + "\n").group(1)
    assert len(quoted) >= 8 and done.removeprefix("完成情况：").startswith(quoted.rstrip("…"))


def test_the_shipped_item_page_has_no_status_box(site):
    page = article(site, "2025/tasks/053")
    assert page.select_one(".item-status") is None and "当前状态" not in page.get_text()
    assert page.select_one(".admonition") is not None  # the 说明 note is still there


@pytest.mark.parametrize("size, screens", [("standard", 1), ("xlarge", 2)])
@pytest.mark.parametrize("url", ["/2025/tasks/001/", "/2025/projects/08/"])
def test_the_status_is_on_the_first_screen_of_a_phone(browser, served_example, url, size, screens):
    context = browser.new_context(viewport=PHONE, service_workers="block")
    context.add_init_script(f"localStorage.setItem({SIZE_KEY!r}, {size!r})")
    try:
        page = context.new_page()
        page.goto(served_example + url)
        if size != "standard":
            assert f"text-size-{size}" in page.evaluate("document.documentElement.className")
        badge = page.locator("article p", has_text="当前状态").locator(".status").bounding_box(timeout=5000)
        assert badge and badge["y"] + badge["height"] <= screens * PHONE["height"], badge
    finally:
        context.close()


def _dashboard_counts(site: Path) -> dict[str, dict[str, int]]:
    """The dashboard's table of statuses by register: title → {status or 合计: count}."""
    table = next(
        t for t in soup(site, "2025/dashboard").select("table.chart-data") if t.caption.text == "各台账事项当前状态"
    )
    heads = [th.get_text() for th in table.thead.find_all("th")][1:]
    return {
        row.th.text: dict(zip(heads, (int(td.text) for td in row.find_all("td")))) for row in table.tbody.find_all("tr")
    }


def test_home_shows_the_years_figures_marked_as_example(example_site):
    page = article(example_site, "")
    heading = page.find("h2")
    assert heading.get_text() == "2025年推进情况（示例数据）"  # before 最新公文: near the top
    section = heading.find_next("ul")
    lines = {li.a.get_text(): li.get_text() for li in section.find_all("li")}
    counts = _dashboard_counts(example_site)
    statuses = Counter(item_statuses(example_site).values())
    assert sum(statuses.values()) == sum(c["合计"] for c in counts.values())
    for title, line in lines.items():
        assert f"{counts[title]['已完成']}/{counts[title]['合计']} 已完成" in line, line
        assert f"当前进度滞后 {counts[title]['进度滞后']} 项" in line and "示例数据" in line, line
    assert set(lines) == set(REGISTERS.values())
    assert "虚构的示例数据" in heading.find_next("p").get_text()
    links = {a.get_text(): a["href"] for a in section.find_next("p").find_all("a")}
    assert links == {"滞后事项清单": "2025/dashboard/#当前进度滞后的事项", "推进情况总览": "2025/dashboard/"}


def test_the_dashboard_lists_the_items_behind_now(example_site):
    page = soup(example_site, "2025/dashboard")
    heading = page.find(id="当前进度滞后的事项")
    listed = {"2025/" + a["href"].removeprefix("../") for a in heading.find_next("ul").find_all("a")}
    behind = {url for url, status in item_statuses(example_site).items() if status == "进度滞后"}
    assert behind and listed == behind


def test_the_shipped_home_shows_no_figures(site):
    """No month reported yet: no section of zeros, and no list of lagging items."""
    page = article(site, "")
    assert [h.get_text() for h in page.find_all("h2")][0] == "最新公文"
    assert "推进情况（" not in page.get_text() and "已完成" not in page.get_text()
    assert soup(site, "2025/dashboard").find(id="当前进度滞后的事项") is None


def _led_in_the_data() -> dict[str, Counter]:
    """Per leader, the public items they lead by register title, read from the YAML files (not the generator)."""
    led: dict[str, Counter] = {}
    for slug, title in REGISTERS.items():
        register = yaml.safe_load((ROOT / "data" / "2025" / "registers" / f"{slug}.yaml").read_text("utf-8"))
        for item in register["items"]:
            if item.get("disclosure", "主动公开") == "主动公开":
                for name in dict.fromkeys(item.get("leaders", [])):
                    led.setdefault(name, Counter())[title] += 1
    return led


def test_a_leader_page_says_what_the_notice_says_and_no_post(site):
    leaders = yaml.safe_load((ROOT / "data" / "2025" / "leaders.yaml").read_text("utf-8"))["leaders"]
    led = _led_in_the_data()
    assert len(leaders) > 5 and set(led) == {leader["name"] for leader in leaders}
    for leader in leaders:
        page = article(site, f"2025/leaders/{leader['id']}")
        lead = page.find("p").get_text()
        counts = led[leader["name"]]
        assert f"{leader['name']}为以下{sum(counts.values())}项工作的牵头领导" in lead, lead
        assert "、".join(f"{title}{n}项" for title, n in counts.items()) in lead, lead
        assert "通知未载明职务" in lead and "市中政办发〔2025〕1号" in lead
        summary = page.find("ul").get_text()
        assert not any(post in lead + summary for post in POSTS), leader
        assert [h.get_text() for h in page.find_all("h2")] == list(counts)


def test_a_leader_page_sums_up_the_categories(site):
    page = article(site, "2025/leaders/wang-ying")
    summary = page.find("ul")
    tasks = summary.find("li")
    assert tasks.a["href"] == "#年度工作任务" and "按类别" in tasks.get_text()
    per_group = [int(n) for n in re.findall(r"：(\d+)项", tasks.ul.get_text())]
    total = int(re.search(r"年度工作任务(\d+)项", tasks.get_text()).group(1))
    rows = page.find(id="年度工作任务").find_next("table").tbody.find_all("tr")
    assert len(per_group) > 1 and sum(per_group) == total == len(rows)


@pytest.mark.parametrize("which", ["site", "example_site"])
def test_the_favicon_is_the_sites_own_and_no_theme_logo(which, request):
    built: Path = request.getfixturevalue(which)
    own = (ROOT / "content" / "assets" / "favicon.svg").read_text("utf-8")
    assert (
        "#c62828" in own
        and "<text" not in own
        and "http://" not in own.replace('xmlns="http://www.w3.org/2000/svg"', "")
    )
    assert (built / "assets" / "favicon.svg").read_text("utf-8") == own
    pages = list(built.rglob("*.html"))
    assert len(pages) > 100
    for path in pages:
        html = path.read_text("utf-8")
        assert re.search(r'<link rel="icon" href="(?:/|(?:\.\./)*)assets/favicon\.svg">', html), path
        logos = re.findall(r'<a [^>]*class="md-\w+__button md-logo"[^>]*>(.*?)</a>', html, re.S)
        assert logos and all(not logo.strip() for logo in logos), path  # no icon or image in them
