"""The site built with the example year (mkdocs.example.yml): progress pages, bulletins, feed and dashboard,
checked against the data they come from; and no personal data anywhere in a built site.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import feedparser
import pytest
from bs4 import BeautifulSoup
from conftest import AS_OF
from openpyxl import load_workbook

from generator.derive.bulletins import bulletins
from generator.derive.progress import derive
from generator.derive.publish import public_view
from generator.words import STATUSES

PHONE = re.compile(r"(?<!\d)(?:1[3-9]\d{9}|0\d{2,3}-\d{7,8})(?!\d)")  # mobile, or landline with its area code


def soup(site: Path, url: str) -> BeautifulSoup:
    return BeautifulSoup((site / url / "index.html").read_text("utf-8"), "html.parser")


@pytest.fixture(scope="module")
def progress(example_year):
    return derive(public_view(example_year), AS_OF)


def test_every_page_says_example_data(example_site, site):
    pages = list(example_site.rglob("*.html"))
    assert len(pages) > 400
    for path in pages:
        banner = BeautifulSoup(path.read_text("utf-8"), "html.parser").select_one(".md-banner")
        assert banner is not None and "示例数据" in banner.text, path
    # The shipped site's banner only says it is not the official site (tests/test_identity.py).
    assert not any(
        "示例数据" in BeautifulSoup(p.read_text("utf-8"), "html.parser").select_one(".md-banner").text
        for p in site.rglob("*.html")
    )
    assert "示例数据" in (example_site / "feed.xml").read_text("utf-8")


@pytest.mark.parametrize("which", ["site", "example_site"])
def test_no_personal_data_in_the_site(which, request, example_year):
    built: Path = request.getfixturevalue(which)
    examples = Path(__file__).parent.parent / "examples" / "data"
    phones = set(PHONE.findall("".join(p.read_text("utf-8") for p in examples.rglob("*.yaml"))))
    assert phones, "the example data carries phone numbers, so this test can fail"
    texts = {
        path: path.read_text("utf-8")
        for path in built.rglob("*")
        if path.suffix in (".html", ".json", ".xml", ".txt", ".js")
    }
    assert any("search-index" in str(path) for path in texts)  # the search index's records are JSON: read above
    for path, text in texts.items():
        assert not PHONE.search(text), f"{path}: {PHONE.search(text)}"
        assert "示例填报人" not in text and "示例负责人" not in text, path


def test_feed_is_valid_and_lists_notices_and_bulletins(example_site, progress):
    feed = feedparser.parse((example_site / "feed.xml").read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    issued = bulletins(progress)
    assert len(feed.entries) == len(issued) + len(progress.year.documents)
    dates = [entry.updated_parsed for entry in feed.entries]
    assert dates == sorted(dates, reverse=True)
    assert len({entry.id for entry in feed.entries}) == len(feed.entries)
    for entry in feed.entries:
        assert (example_site / entry.link / "index.html").exists(), entry.link  # relative to /feed.xml
    titles = [entry.title for entry in feed.entries]
    assert "2025年第四季度重点工作推进情况通报" in titles and "2025年12月为民办20件实事推进情况通报" in titles


def test_bulletin_index_puts_the_periodic_bulletins_on_top_and_groups_the_rest(example_site, progress):
    """Newest first: the 16 monthly and quarterly bulletins in the first table, then the major events, then each
    completion under the month it was issued in; every bulletin once; a page per kind, as a filter."""
    issued = bulletins(progress)
    article = soup(example_site, "2025/bulletins").select_one("article")
    assert [h.get_text() for h in article.find_all("h2")] == ["月度、季度通报", "重大事项通报", "完成通报"]
    tables = article.select("table")
    titles = [[tr.select("td")[-1].get_text() for tr in table.select("tbody tr")] for table in tables]
    periodic = [b.title for b in issued if b.kind in ("monthly", "quarterly")]
    assert titles[0] == periodic and len(periodic) == 16
    assert titles[1] == [b.title for b in issued if b.kind == "event"] and titles[1]
    months = [h.get_text() for h in article.find_all("h3")]
    assert months == sorted(months, key=lambda m: tuple(map(int, re.findall(r"\d+", m))), reverse=True)
    by_month = sorted((b for b in issued if b.kind == "completion"), key=lambda b: b.date.replace(day=1), reverse=True)
    completed = [b.title for b in by_month]
    assert sum(titles[2:], []) == completed
    assert len(completed) == sum(1 for i in progress.year.items() if progress.of(i).completed_in)
    for kind, label in {
        "monthly": "月度通报",
        "quarterly": "季度通报",
        "completion": "完成通报",
        "event": "重大事项通报",
    }.items():
        page = soup(example_site, f"2025/bulletins/{kind}").select_one("article")
        assert page.h1.get_text() == f"2025年{label}"
        shown = [a.get_text() for a in page.select("table td a")]
        assert shown == (completed if kind == "completion" else [b.title for b in issued if b.kind == kind])
    links = {a.get_text(): a["href"] for a in article.select("p a")}
    assert links["月度通报"] == "monthly/" and links["重大事项通报"] == "event/"


def _chart_table(page: BeautifulSoup, caption: str) -> dict[str, list[int]]:
    table = next(t for t in page.select("table.chart-data") if t.caption.text == caption)
    return {row.th.text: [int(td.text) for td in row.find_all("td")] for row in table.tbody.find_all("tr")}


def test_dashboard_numbers_match_the_data(example_site, progress):
    page = soup(example_site, "2025/dashboard")
    assert len(page.select("figure svg[role=img]")) == 5 and not page.select("article script")
    year = progress.year
    by_register = _chart_table(page, "各台账事项当前状态")
    for register in year.registers:
        counts = progress.counts(register.items)
        assert by_register[register.kind.title] == [counts[s] for s in STATUSES] + [len(register.items)]
    by_leader = _chart_table(page, "各位牵头领导所领事项当前状态")
    for leader in year.leaders:
        led = [i for i in year.items() if leader in i.leaders]
        assert by_leader[leader.name][-1] == len(led)
    trend = _chart_table(page, "各月事项状态")
    for month in progress.months:
        counts = progress.counts(year.items(), month)
        assert trend[f"{month}月"] == [counts[s] for s in STATUSES] + [sum(counts.values())]


def test_item_page_shows_status_indicators_and_timeline(example_site, progress):
    item = next(i for i in progress.year.register("projects").items if i.id == "08")
    page = soup(example_site, "2025/projects/08")
    article = page.select_one("article")
    assert progress.of(item).current in article.select_one(".status").text
    months = [int(m) for m in re.findall(r"2025年(\d+)月", " ".join(h.text for h in article.find_all("h3")))]
    assert months == sorted(months, reverse=True) and months
    rows = {tr.find_all("td")[0].text: tr for tr in article.select("table tr") if tr.find_all("td")}
    assert rows["新增学位"].find("progress") is not None and "6000个" in rows["新增学位"].text


def test_the_notice_prints_its_attachments_without_the_sites_status(example_site):
    """附件1 and 附件2 as the notice has them (序号, 内容, 牵头领导, 责任单位); the status is on the register pages."""
    notice = soup(example_site, "2025/documents/banfa-1/")
    tables = notice.select("article .item-table table")
    assert tables and {tuple(th.get_text() for th in table.select("th")) for table in tables} == {
        ("序号", "内容", "牵头领导", "责任单位")
    }
    assert not any(word in table.get_text() for table in tables for word in STATUSES)
    pointer = next(p for p in notice.select("article p") if "各事项的推进状态见" in p.get_text())
    assert [a["href"] for a in pointer.select("a")] == ["../../tasks/"]
    register = soup(example_site, "2025/tasks/").select_one("article .item-table table")
    assert [th.get_text() for th in register.select("th")][-1] == "状态"


def test_each_qualifier_is_judged_by_its_rule(example_site, progress):
    """The example year reaches each kind of target: 左右 gets no verdict, a range is met within it, a floor shows
    its percentage; each target reads as the text writes it."""

    def rows(kind, id):
        article = soup(example_site, f"2025/{kind}/{id}").select_one("article")
        return {
            tr.find_all("td")[0].text: [td.text for td in tr.find_all("td")[1:]]
            for tr in article.select("table tr")
            if len(tr.find_all("td")) == 4
        }

    economy = rows("tasks", "001")
    assert economy["地区生产总值增长"][0] == "5.6%左右" and economy["地区生产总值增长"][2] == "约数目标，不作判断"
    assert economy["实际使用外资"][0] == "1.85亿美元" and economy["实际使用外资"][2].endswith("%")
    elderly = rows("tasks", "102")["创建全国示范性老年友好型社区"]
    assert elderly[0] == "1—2个" and elderly[2] == "在目标区间内"
    chargers = rows("tasks", "054")["充电桩"]
    assert chargers[0] == "1500余个" and chargers[2].strip() == "100%"
    assert rows("projects", "04")["中医上门服务"][0] == "不少于3万人次"


def test_real_site_has_no_invented_progress(site):
    page = soup(site, "2025/dashboard")
    assert "尚无进度数据" in page.text and not page.select("article figure")
    assert "尚无通报" in soup(site, "2025/bulletins").text
    assert not soup(site, "2025/projects/08").select(".status")


def test_every_example_download_says_it_is_example_data_in_every_row(example_site, site):
    """A journalist's copy of an example file still says 示例数据, in each row; the real site's files do not."""
    folder = example_site / "2025" / "data"
    files = (
        sorted(folder.glob("*.csv"))
        + sorted(folder.glob("*.xlsx"))
        + sorted(p for p in folder.glob("*.json") if p.name != "datapackage.json")
    )
    assert len(files) >= 3 * 16  # the registers, the personnel and twelve months, in three formats each
    for path in files:
        if path.suffix == ".csv":
            rows = list(csv.reader(io.StringIO(path.read_text("utf-8-sig"))))
            header, body = rows[0], rows[1:]
        elif path.suffix == ".json":
            body = [[row["sample"]] for row in json.loads(path.read_text("utf-8"))]
            header = ["数据性质"]
        else:
            sheet = load_workbook(path).active
            header, *body = [[cell.value for cell in row] for row in sheet.iter_rows()]
        assert header[0] == "数据性质" and body and all(row[0] == "示例数据（虚构，仅用于演示）" for row in body), path
    package = json.loads((folder / "datapackage.json").read_text("utf-8"))
    assert all(resource["title"].endswith("（示例数据（虚构，仅用于演示））") for resource in package["resources"])
    real = (site / "2025" / "data" / "tasks.csv").read_text("utf-8-sig")
    assert "示例数据" not in real and not real.startswith("数据性质")
