"""The built site: every entry has its page with its text, nothing leaks, nothing is requested from elsewhere."""

from __future__ import annotations

import html
import json
import re
import shutil
from pathlib import Path

import markdown as md
from bs4 import BeautifulSoup
from conftest import ARTIFACTS, AS_OF, ROOT
from mkdocs.utils.meta import get_data
from search_oracle import search_records

from generator.read.registry import read_archive
from generator.site import generate


def page_text(site: Path, url: str) -> str:
    path = site / url.strip("/") / "index.html"
    assert path.exists(), url
    return BeautifulSoup(path.read_text("utf-8"), "html.parser").get_text(" ")


def test_every_item_has_its_page_with_its_text(site, year):
    for item in year.items():
        text = page_text(site, f"2025/{item.kind.slug}/{item.id}")
        assert item.text in text
        for ref in item.units:
            assert ref.name in text
        for leader in item.leaders:
            assert leader.name in text


def test_item_titles_end_where_a_clause_ends(site, year):
    """An item page's title (its heading, the window's title, the search result's) is the item's text whole, or
    its first clauses and …: never cut inside a word or number (“…等14个片区、130…”)."""
    for item in year.items():
        page = BeautifulSoup(
            (site / "2025" / item.kind.slug / item.id / "index.html").read_text("utf-8"), "html.parser"
        )
        heading = page.h1.get_text()
        label, _, shown = heading.partition("：")
        text = " ".join(item.text.split())
        assert label == f"{item.kind.item}{item.no}" and page.title.get_text().startswith(heading)
        # Whole (its final 。 may go), or cut after a clause with words still to come (not “…工程…” for “…工程。”).
        assert shown in (text, text.removesuffix("。")) or (
            shown.endswith("…")
            and text.startswith(shown[:-1])
            and text[len(shown) - 1] in "，；。：！？"
            and text[len(shown) :].strip("。")
        ), heading


def test_notice_pages_carry_metadata_body_and_attachments(site, year):
    for document in year.documents:
        text = page_text(site, f"2025/documents/{document.id}")
        for field in ("发文机关", "成文日期", "发文字号", "公开方式", document.number, "主动公开", "2025年"):
            assert field in text
        words = "".join(text.split())  # 附件N in the body are links: get_text(" ") puts spaces around them
        for block in document.body:
            assert "".join(block.text.split()) in words
    tasks_notice = page_text(site, "2025/documents/banfa-1")
    assert all(
        label in tasks_notice for label in ("季度目标及推进计划", "一季度", "是否完成阶段任务目标", "负责人签字")
    )


def test_personnel_page(site, year):
    text = page_text(site, "2025/personnel")
    [personnel] = year.personnel
    for change in personnel.appointments + personnel.removals:
        assert change.person in text and change.organisation in text
    # the notice says 试用期一年 and no more: no end date is computed, nor a rule of when it starts
    assert text.count("一年") == 2 and "至20" not in text and "起算" not in text


def test_unit_pages_of_both_sides_find_a_shared_measure(site, year):
    units = {u.name: u for u in year.units}
    for name in ("区发展改革局", "高唐县发展改革局"):
        assert "围绕市中区“十大产业链群”" in page_text(site, f"2025/units/{units[name].id}")


def test_leader_page_lists_the_leaders_items(site, year):
    [leader] = [person for person in year.leaders if person.name == "李常青"]
    assert year.register("tasks").items[61].text in page_text(site, f"2025/leaders/{leader.id}")


def test_chinese_language_and_lead_unit_note(site):
    index = (site / "index.html").read_text("utf-8")
    assert '<html lang="zh"' in index
    feed = BeautifulSoup(index, "html.parser").find("a", href="feed.xml")
    assert (
        feed.get_text() == "订阅更新" and "新的公文和通报发布后会自动收到" in feed.parent.get_text()
    )  # not “Atom 订阅源”
    assert "以每项首位列出的单位为牵头单位" in page_text(site, "2025/tasks/001")


def test_search_index_holds_each_pages_article(site):
    """The search index: each page but the 404 page, titled by its heading; only the article's text (not the
    navigation's); kinds and years from the page's place."""
    records = {"/" + record["url"]: record for record in search_records(site)}
    pages = {page_url(site, path) for path in site.rglob("index.html")}
    assert set(records) == pages - {"/office/"}  # the staff's guide: test_the_staff_guide_is_apart
    task = records["/2025/tasks/053/"]
    assert task["title"].startswith("任务53：") and (task["kind"], task["year"]) == ("年度工作任务", 2025)
    assert "老旧小区" in task["text"] and "按牵头领导查找" not in task["text"]  # a link of the navigation
    assert {records[url]["kind"] for url in ("/2025/documents/banfa-1/", "/2025/personnel/", "/2025/tasks/", "/")} == {
        "公文",
        "人事任免",
        "栏目",
    }


def test_the_staff_guide_is_apart_from_the_readers_site(site):
    """The office's guide is at /office/ for the staff, but not in the readers' menu, search or search engines."""
    guide = BeautifulSoup((site / "office" / "index.html").read_text("utf-8"), "html.parser")
    assert guide.h1.get_text() == "填报与发布指南" and guide.select_one("meta[name=robots]")["content"] == "noindex"
    for path in site.rglob("*.html"):
        menu = BeautifulSoup(path.read_text("utf-8"), "html.parser").select_one("nav.md-nav--primary")
        assert menu is None or "填报与发布指南" not in menu.get_text(), path
    assert not [record for record in search_records(site) if "填报与发布指南" in record["title"] + record["text"]]
    assert "noindex" not in (site / "guide" / "index.html").read_text("utf-8")


def page_url(site: Path, index: Path) -> str:
    folder = index.parent.relative_to(site).as_posix()
    return "/" if folder == "." else f"/{folder}/"


def test_materials_own_search_is_not_in_the_site(site):
    """No lunr index, worker or language files: the site's own index replaces them, and no page refers to them."""
    assert not (site / "search").exists()
    assert not (site / "assets" / "javascripts" / "workers").exists()
    assert not (site / "assets" / "javascripts" / "lunr").exists()
    for path in site.rglob("*.html"):
        soup = BeautifulSoup(path.read_text("utf-8"), "html.parser")
        assert not soup.select("[data-md-component=search], form[name=search]"), path  # Material would mount its own
        assert soup.select("input.md-search__input"), path  # the site's search box, on every page


def test_no_artifact_glyph_reaches_the_site(site):
    for path in site.rglob("*"):
        if path.suffix in (".html", ".json", ".xml", ".css", ".js"):
            assert not set(path.read_text("utf-8")) & set(ARTIFACTS), path


# Material's bundle names other hosts only on code paths this site never takes: a ResizeObserver
# polyfill for browsers older than 2020, mermaid diagrams, and repository statistics (no repo_url).
DORMANT_IN_MATERIAL = (
    "https://unpkg.com/resize-observer-polyfill",
    "https://unpkg.com/mermaid@",
    "https://api.github.com/",
    "https://${e}/api/v4/projects/",
)
_EXTERNAL = re.compile(r"""(?:https?:)?//[a-z0-9.-]+\.[a-z]{2,}""", re.I)


def test_no_request_to_another_host(site):
    for path in site.rglob("*.html"):
        soup = BeautifulSoup(path.read_text("utf-8"), "html.parser")
        for tag in soup.find_all(True):
            for attr in ("src", "href", "srcset", "action", "poster", "data"):
                value = tag.get(attr)
                if isinstance(value, str):
                    assert not _EXTERNAL.match(value.strip()), f"{path}: {attr}={value}"
        for style in soup.find_all("style"):
            assert not re.search(r"url\(\s*['\"]?(?:https?:)?//|@import", style.text), path
    for path in site.rglob("*.css"):
        assert not re.search(r"url\(\s*['\"]?(?:https?:)?//|@import", path.read_text("utf-8")), path
    for path in site.rglob("*.js"):
        code = re.sub(r"/\*.*?\*/", "", path.read_text("utf-8"), flags=re.S)
        for dormant in DORMANT_IN_MATERIAL:
            code = code.replace(dormant, "")
        assert not re.search(r"""["'`](?:https?:)?//[a-z0-9.-]+\.[a-z]{2,}[^"'`]*["'`]\s*[,)]""", code, re.I), path


def test_only_public_entries_are_published(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    notice = data / "2025" / "documents" / "ren-1.yaml"
    notice.write_text(notice.read_text("utf-8").replace("disclosure: 主动公开", "disclosure: 依申请公开"), "utf-8")
    tasks = data / "2025" / "registers" / "tasks.yaml"
    text = tasks.read_text("utf-8").replace('  - id: "053"\n', '  - id: "053"\n    disclosure: 不予公开\n')
    tasks.write_text(text, "utf-8")
    pages = {page.uri: page.markdown for page in generate(read_archive(data), AS_OF).pages}
    everything = "".join(pages.values())
    assert "2025/tasks/053.md" not in pages and "老旧小区改造工程" not in pages["2025/tasks/index.md"]
    assert "2025/documents/ren-1.md" not in pages and "2025/personnel.md" not in pages
    assert "逄艺" not in everything and "市中政任" not in everything
    assert "2025/tasks/054.md" in pages


def test_values_are_escaped_not_interpreted(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    tasks = data / "2025" / "registers" / "tasks.yaml"
    payload = (
        "<script>alert(1)</script> **粗** [链接](javascript:alert(1)) {{ x }} | 竖线；片区14个、老旧小区改造130万平方米"
    )
    text = tasks.read_text("utf-8").replace(
        "实施杆石桥、六里山、七里山等14个片区、130万平方米老旧小区改造工程。", json.dumps(payload, ensure_ascii=False)
    )
    tasks.write_text(text, "utf-8")
    markdown = {page.uri: page.markdown for page in generate(read_archive(data), AS_OF).pages}["2025/tasks/053.md"]
    markdown, meta = get_data(markdown)  # the front matter, as MkDocs takes it off before rendering
    assert meta["title"].startswith("任务53：&lt;script&gt;alert(1)&lt;/script&gt;")
    rendered = md.markdown(markdown, extensions=["tables", "admonition", "md_in_html"])
    assert "<script>" not in rendered and "<strong>粗</strong>" not in rendered and 'href="javascript' not in rendered
    assert "**粗**" in rendered and "[链接](javascript:alert(1))" in rendered
    assert html.escape("<script>alert(1)</script>") in rendered and "{{ x }}" in rendered
