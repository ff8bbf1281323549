"""Hostile text in every kind of field: shown as the literal text, never run, never changing a page's structure.

A corpus of payloads (HTML and scripts, javascript: links, Markdown and its extensions, Jinja, entities, line
breaks, a 3,000-character unbroken string, spreadsheet formulas) is planted into every kind of text field of a
copy of data/ and examples/data/; the site is built with a real `mkdocs build --strict` and each kind of page is
opened in Debian's chromium. A twin site, built from the same copy with harmless text of the same shape (same
lengths, same line breaks), gives each page's expected element structure: the hostile page must have exactly
the same elements and attributes. The Atom feed, the dashboard's SVG and the downloads are checked as files.
"""

from __future__ import annotations

import contextlib
import csv
import difflib
import io
import json
import re
import shutil
import urllib.parse
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml
from browser import served
from conftest import EXAMPLES, ROOT, build
from openpyxl import load_workbook
from search_oracle import search_records

from generator.read.load import load_yaml

# -- the corpus: each payload distinct, each with its marker HXnn (at the end, so that line-start syntax stays first)

LONG = "A" * 3000  # one unbroken word: no place to wrap

CORPUS = [
    "</title></textarea></style><script>alert(1)</script>HX01",  # first: it starts the fields shown cut short
    "<script>alert(2)</script>HX02",
    "<img src=x onerror=alert(3)>HX03",
    "<svg onload=alert(4)>HX04",
    "[点我](javascript:alert(5))HX05",
    "![图](x.png)HX06",
    '<div class="md-header">假页眉HX07</div>',  # a raw HTML block: on a line of its own
    "{{ 7*7 }}HX08",
    "{% if true %}jinja{% endif %}HX09",
    '!!! danger "x"\n    危险正文HX10',  # an admonition, at line start
    '{: .evil onclick="alert(6)" }HX11',  # an attribute list
    "**粗体** _斜体_ `代码` ~~删除线~~HX12",
    "| 竖 | 线 |\n|---|---|\n| 表 | 格 |HX13",
    "&lt;已转义&gt; &amp; &#60;HX14",
    "<!-- 注释 -->HX15",
    LONG + "HX16",
    "# 标题HX17",
    "- 列表HX18\n1. 有序\n> 引用\n===\n---",
    "甲\r\n乙HX19",  # CRLF
    "丙\r丁HX20",  # a lone CR
    "\"quotes\" 'single' “中文引号”HX21",
    '<a href="javascript:alert(7)">链接</a> <iframe src="javascript:alert(8)"></iframe>HX22',
    "[参考]: javascript:alert(9)\n[参考] <https://example.com/> HX23",
    '=HYPERLINK("http://example.com","点") +1 -1 @SUM(1)HX24',  # a formula, in a spreadsheet
    "反斜杠 \\ \\* \\\\ a < b && c > d HX25",
    '<div markdown="1">**块内**</div>HX26',
]

# -- the fields: every kind of text field the site shows. Field i holds the corpus rotated by i, one payload a
# line, and its own tag last: so each payload starts some field (where line-start syntax and truncation bite).

FIELDS = [
    "任务内容",
    "实事内容",
    "措施内容",  # first: cut short in page headings and titles
    "单位名称",
    "单位别名",
    "所属地",
    "领导姓名",
    "公文标题",
    "文号",
    "发布机构",
    "主送机关",
    "索引号",
    "正文段落",
    "正文小标题",
    "附件标题",
    "公开属性说明",
    "任免通知标题",
    "任免通知文号",
    "任命姓名",
    "任命单位",
    "任命职务",
    "免去姓名",
    "表格标题",
    "表格副标题",
    "表头栏",
    "表格栏目",
    "任务台账标题",
    "台账说明",
    "分组名称",
    "任务分组",
    "实事台账标题",
    "措施前言",
    "措施前言小标题",
    "措施分组",
    "原文责任单位",
    "指标名称",
    "一季度目标",
    "二季度目标",
    "三季度目标",
    "四季度目标",
    "主要负责人",
    "分管负责人",
    "计划备注",
    "季度计划完成目标",
    "完成情况",
    "存在问题",
    "下一步计划",
    "通报标题",
    "通报正文",
    "通报小标题",
]


def hostile(field: str) -> str:
    i = FIELDS.index(field) % len(CORPUS)
    return "\n".join(CORPUS[i:] + CORPUS[:i] + [f"〔{field}〕"])


def harmless(text: str) -> str:
    """The same shape in plain letters: lengths and line breaks kept (CR as LF), every other character 文."""
    return re.sub(r"[^\w\n ]|_", "文", text.replace("\r\n", "\n").replace("\r", "\n"))


def plain(text: str) -> str:
    """Text as a reader sees it, whitespace runs (line breaks included) as one space."""
    return " ".join(text.split())


def lf(text: str) -> str:
    """Line breaks as LF: how XML (the Atom feed, an .xlsx file) reads every CR and CRLF."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


UNIT, LEADER = "qfzggj", "zhang-tongyuan"  # 区发展改革局 and 张同园: lead tasks 037 and projects 07 / measures 18
TASK, PROJECT, MEASURE = "037", "07", "18"  # 037 is behind in September and completed in October
EVENT = "2025-09-livelihood-projects-review"


def plant(root: Path, text) -> None:
    """Copies data/ and examples/data/ into `root`, with text(field) in every field of FIELDS."""
    shutil.copytree(ROOT / "data", root / "data")
    shutil.copytree(EXAMPLES, root / "examples" / "data")
    data, examples = root / "data" / "2025", root / "examples" / "data" / "2025"
    files = {path: load_yaml(path).data for base in (data, examples) for path in sorted(base.rglob("*.yaml"))}

    # names referenced from other files: renamed everywhere, as values and as keys (reports' contacts)
    unit = next(u for u in files[data / "units.yaml"]["units"] if u["id"] == UNIT)
    leader = next(entry for entry in files[data / "leaders.yaml"]["leaders"] if entry["id"] == LEADER)
    renames = {unit["name"]: text("单位名称"), unit["aliases"][0]: text("单位别名"), leader["name"]: text("领导姓名")}
    files = {path: _renamed(content, renames) for path, content in files.items()}
    next(u for u in files[data / "units.yaml"]["units"] if u["id"] == UNIT)["side"] = text("所属地")

    notice = files[data / "documents" / "banfa-1.yaml"]
    notice.update(
        title=text("公文标题"),
        number=text("文号"),
        issuers=[text("发布机构")],
        addressees=text("主送机关"),
        index_no=text("索引号"),
        disclosure_note=text("公开属性说明"),
    )
    notice["body"][:2] = [text("正文段落"), {"heading": text("正文小标题")}]
    notice["attachments"][0]["title"] = text("附件标题")
    notice["date"] = "2025-01-23"  # not the date of banzi-1: the nav orders them by date, then by 文号 (the text)
    files[data / "documents" / "ren-1.yaml"].update(title=text("任免通知标题"), number=text("任免通知文号"))
    personnel = files[data / "registers" / "personnel.yaml"]
    personnel["appointments"][0].update(person=text("任命姓名"), organisation=text("任命单位"), post=text("任命职务"))
    personnel["removals"][0]["person"] = text("免去姓名")
    form = files[data / "forms.yaml"]["forms"][0]
    form.update(title=text("表格标题"), subtitle=text("表格副标题"))
    form["header"][0], form["columns"][1]["label"] = text("表头栏"), text("表格栏目")

    tasks = files[data / "registers" / "tasks.yaml"]
    tasks.update(title=text("任务台账标题"), note=text("台账说明"), groups_label=text("分组名称"))
    projects = files[data / "registers" / "projects.yaml"]
    projects["title"] = text("实事台账标题")
    measures = files[data / "registers" / "measures.yaml"]
    measures["intro"][:2] = [text("措施前言"), {"heading": text("措施前言小标题")}]
    indicator_names = {}
    for register, item_id, field in (
        (tasks, TASK, "任务内容"),
        (projects, PROJECT, "实事内容"),
        (measures, MEASURE, "措施内容"),
    ):
        item = next(i for i in register["items"] if i["id"] == item_id)
        # the targets stay stated in the text, as validation requires
        item["text"] = "；".join([text(field), *(i["name"] + i["target"] for i in item.get("indicators", []))])
        if "group" in item:
            group = next(g for g in register["groups"] if g["seq"] == item["group"])
            group["title"] = text("任务分组" if register is tasks else "措施分组")
        if "responsible" in item:
            item["responsible"] = text("原文责任单位")
        if item.get("indicators"):
            indicator_names[item_id] = (item["indicators"][0]["name"], text("指标名称"))
            item["indicators"][0].update(name=text("指标名称"), own_name=True)

    planted = {("tasks", TASK), ("projects", PROJECT), ("measures", MEASURE)}
    for path, content in files.items():
        entries = [
            (slug, entry)
            for slug in ("tasks", "projects", "measures")
            for entry in (content.get(slug) or [] if isinstance(content, dict) else [])
            if (slug, entry.get("id")) in planted
        ]
        if path.parent.name == "plans" and content["unit"] == text("单位名称"):
            for slug, entry in entries:
                entry["targets"] = {q: text(f"{n}季度目标") for q, n in zip(("q1", "q2", "q3", "q4"), "一二三四")}
                entry.update(principal=text("主要负责人"), deputy=text("分管负责人"), remarks=text("计划备注"))
        if path.parent.name == "reports":
            for slug, entry in entries:
                if entry.get("submitted"):
                    entry.update(
                        target=text("季度计划完成目标"),
                        progress=text("完成情况"),
                        problems=text("存在问题"),
                        next_steps=text("下一步计划"),
                    )
                old, new = indicator_names.get(entry["id"], (None, None))
                if old in (entry.get("indicators") or {}):
                    entry["indicators"] = {new if k == old else k: v for k, v in entry["indicators"].items()}
    event = files[examples / "events" / f"{EVENT}.yaml"]
    event.update(title=text("通报标题"))
    event["body"][:2] = [text("通报正文"), {"heading": text("通报小标题")}]
    event["related"].setdefault("tasks", []).append(TASK)
    event["related"]["measures"] = [MEASURE]

    for path, content in files.items():
        path.write_text(
            yaml.dump(content, Dumper=_Quoting, allow_unicode=True, sort_keys=False, width=1 << 20), "utf-8"
        )
        assert load_yaml(path).data == content, path  # every value read back exactly as planted
    config = root / "mkdocs.yml"  # next to the copies: the plugin reads data_dir relative to it
    config.write_text(
        "\n".join(
            [
                f"INHERIT: {json.dumps(str(ROOT / 'mkdocs.yml'))}",
                f"docs_dir: {json.dumps(str(ROOT / 'content'))}",
                f"theme: {{name: material, custom_dir: {json.dumps(str(ROOT / 'theme'))}}}",
                "plugins: [{registers: {data_dir: data, example_dir: examples/data}}, search-index]",
                "",
            ]
        ),
        "utf-8",
    )


class _Quoting(yaml.SafeDumper):
    """Every string double-quoted: read back as a string by any YAML version ("08" is not the number 8)."""


_Quoting.add_representer(str, lambda dumper, text: dumper.represent_scalar("tag:yaml.org,2002:str", text, style='"'))


def _renamed(value, renames: dict):
    if isinstance(value, dict):
        return {renames.get(k, k): _renamed(v, renames) for k, v in value.items()}
    if isinstance(value, list):
        return [_renamed(v, renames) for v in value]
    return renames.get(value, value) if isinstance(value, str) else value


# -- the two builds, served


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    """{"hostile": folder of the built site, "harmless": its twin}."""
    built = {}
    for name, text in (("hostile", hostile), ("harmless", lambda field: harmless(hostile(field)))):
        root = tmp_path_factory.mktemp(name)
        plant(root, text)
        built[name] = build(root / "site", str(root / "mkdocs.yml"))
    return built


@pytest.fixture(scope="module")
def bases(sites):
    with served(sites["hostile"]) as hostile_base, served(sites["harmless"]) as harmless_base:
        yield {"hostile": hostile_base, "harmless": harmless_base}


# -- the pages: each kind, with the fields it shows in full

REPORTS = ["季度计划完成目标", "完成情况", "存在问题", "下一步计划"]
PLAN = ["一季度目标", "二季度目标", "三季度目标", "四季度目标", "主要负责人", "分管负责人", "计划备注"]
PAGES = {
    "task": (
        "2025/tasks/037/",
        [
            "任务内容",
            "任务分组",
            "分组名称",
            "领导姓名",
            "单位名称",
            "文号",
            "任务台账标题",
            "台账说明",
            "指标名称",
            *PLAN,
            *REPORTS,
        ],
    ),
    "project": ("2025/projects/07/", ["实事内容", "领导姓名", "实事台账标题", "指标名称", *REPORTS]),
    "measure": ("2025/measures/18/", ["措施内容", "原文责任单位", "单位名称", "措施分组", *REPORTS]),
    "tasks": ("2025/tasks/", ["任务台账标题", "文号", "台账说明", "任务分组", "任务内容", "领导姓名", "单位名称"]),
    "projects": ("2025/projects/", ["实事台账标题", "文号", "实事内容", "领导姓名"]),
    "measures": ("2025/measures/", ["措施前言", "措施前言小标题", "措施分组", "措施内容", "原文责任单位"]),
    "notice": (
        "2025/documents/banfa-1/",
        [
            "公文标题",
            "文号",
            "发布机构",
            "主送机关",
            "索引号",
            "正文段落",
            "正文小标题",
            "附件标题",
            "公开属性说明",
            "表格标题",
            "表格副标题",
            "表头栏",
            "表格栏目",
            "台账说明",
            "任务分组",
            "任务内容",
            "实事内容",
            "领导姓名",
            "单位名称",
        ],
    ),
    "personnel": ("2025/personnel/", ["任免通知文号", "任免通知标题", "任命姓名", "任命单位", "任命职务", "免去姓名"]),
    "leader": (f"2025/leaders/{LEADER}/", ["领导姓名", "任务内容", "实事内容", "单位名称"]),
    "leaders": ("2025/leaders/", ["领导姓名"]),
    "unit": (
        f"2025/units/{UNIT}/",
        ["单位名称", "单位别名", "所属地", "任务内容", "措施内容", "原文责任单位", "领导姓名"],
    ),
    "units": ("2025/units/", ["单位名称", "所属地"]),
    "bulletins": ("2025/bulletins/", ["通报标题"]),
    "monthly": (
        "2025/bulletins/monthly-06/",
        ["实事台账标题", "实事内容", "完成情况", "存在问题", "下一步计划", "指标名称"],
    ),
    "quarterly": (
        "2025/bulletins/quarterly-3/",
        ["分组名称", "任务分组", "措施分组", "领导姓名", "单位名称", "存在问题", "下一步计划"],
    ),
    "completion": ("2025/bulletins/completed-tasks-037/", ["任务内容", "单位名称", "完成情况", "指标名称"]),
    "event": (f"2025/bulletins/event-{EVENT}/", ["通报标题", "通报正文", "通报小标题"]),
    "dashboard": ("2025/dashboard/", ["任务分组", "措施分组", "领导姓名", "单位名称"]),
    "downloads": ("2025/data/", []),
    "schedule": ("2025/schedule/", ["文号"]),
    "year": ("2025/", ["公文标题", "文号", "任免通知标题", "任免通知文号", "任务台账标题", "实事台账标题"]),
    "home": ("", ["公文标题", "文号", "任免通知标题", "任免通知文号", "任务台账标题", "实事台账标题"]),
}

# Elements that would only exist if a payload were interpreted; and text that would only start an element so.
INJECTED = (
    'img[src="x"], img[src="x.png"], iframe, [onerror], [onload], [onclick], .evil, div.md-header, '
    '.admonition.danger, a[href^="javascript:" i], del, s'
)
NOT_INTERPRETED = [
    ("strong", "粗体"),
    ("em", "斜体"),
    ("code", "代码"),
    ("h1,h2,h3,h4,h5,h6", "标题HX17"),
    ("li", "列表HX18"),
    ("li", "有序"),
    ("blockquote", "引用"),
    ("td,th", "竖"),
    ("td,th", "表"),
    ("a", "点我"),
    ("a", "链接"),
    ("a", "参考"),
    ("a", "https://example.com"),
    ("div", "假页眉"),
    ("div", "块内"),
    ("script", "alert("),
]

# Each element's tag, attribute names and classes; not <br> (line breaks).
SKELETON = """() => Array.from(document.querySelectorAll("*"), el => el.tagName === "BR" ? "" :
    el.tagName.toLowerCase() + "[" + el.getAttributeNames().sort().join(" ") + "]." +
    (el.getAttribute("class") || "").trim().split(/\\s+/).join(".")).filter(Boolean)"""

SCREENSHOTS = Path(__file__).parent / "artifacts"


@contextlib.contextmanager
def opened(browser, url: str, width: int = 1280):
    """The page at `url`, loaded and settled; `.problems` collects dialogs, errors and requests to other hosts."""
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.problems = []
    page.on("dialog", lambda dialog: (page.problems.append(f"dialog: {dialog.message}"), dialog.dismiss()))
    page.on("console", lambda message: message.type == "error" and page.problems.append(f"console: {message.text}"))
    page.on("pageerror", lambda error: page.problems.append(f"page error: {error}"))
    host = re.match(r"https?://[^/]+/", url)[0]
    page.on(
        "request",
        lambda request: (
            request.url.startswith((host, "data:", "blob:")) or page.problems.append(f"request: {request.url}")
        ),
    )
    try:
        page.goto(url, wait_until="networkidle")
        yield page
    finally:
        context.close()


def skeleton(browser, url: str) -> list[str]:
    """The elements of the page as its HTML makes them, scripts off: what the data decides, and nothing of the
    classes Material's script adds while the page settles (md-header--shadow, data-md-scrollfix…)."""
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(url)
        return page.evaluate(SKELETON)
    finally:
        context.close()


@contextlib.contextmanager
def screenshot_on_failure(page, name: str):
    """Saves tests/artifacts/<name>.png when the block fails."""
    try:
        yield
    except BaseException:
        SCREENSHOTS.mkdir(exist_ok=True)
        try:
            page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)
        except Exception:  # a page too tall for one picture: its first screen
            page.screenshot(path=SCREENSHOTS / f"{name}.png")
        raise


def missing_text(shown: str, field: str) -> str:
    """'' when the field's whole text is on the page; else which of its payloads are not."""
    if plain(hostile(field)) in shown:
        return ""
    lost = [payload[:60] for payload in CORPUS if plain(payload) not in shown]
    return f"{field}: " + ("; ".join(lost) if lost else "每段都在，但不连贯")


def _titled_by_heading(page) -> bool:
    """Whether the browser tab's title is the page's heading (a page outside the nav; MkDocs joins its lines)."""
    heading = page.locator(".md-content h1").first.inner_text()
    return "".join(page.title().split()) == "".join(heading.split()) + "-济南市市中区政务公开"


@pytest.mark.parametrize("name", PAGES)
def test_page_shows_the_payloads_as_text(browser, bases, name):
    path, fields = PAGES[name]
    with opened(browser, bases["harmless"] + "/" + path) as twin:
        assert not twin.problems, twin.problems
        titled = _titled_by_heading(twin)
    expected = skeleton(browser, bases["harmless"] + "/" + path)
    with opened(browser, bases["hostile"] + "/" + path) as page, screenshot_on_failure(page, f"hostile-{name}"):
        assert not page.problems, page.problems  # no dialog, no console error, nothing requested elsewhere
        assert page.locator(INJECTED).count() == 0, page.locator(INJECTED).evaluate_all(
            "els => els.map(e => e.outerHTML)"
        )
        for selector, start in NOT_INTERPRETED:
            made = page.locator(selector).evaluate_all(
                "(els, s) => els.filter(e => e.textContent.trim().startsWith(s)).map(e => e.outerHTML.slice(0, 200))",
                start,
            )
            assert not made, f"{start} became <{selector}>: {made}"
        made = skeleton(browser, bases["hostile"] + "/" + path)
        assert made == expected, "\n".join(list(difflib.unified_diff(expected, made, "harmless", "hostile", n=2))[:60])
        assert _titled_by_heading(page) == titled, page.title()  # the tab's title: the whole heading, nothing cut
        shown = plain(page.locator(".md-content").inner_text())
        missing = [problem for field in fields if (problem := missing_text(shown, field))]
        assert not missing, missing


@pytest.mark.parametrize("name", PAGES)
def test_long_text_does_not_widen_the_page(browser, bases, name):
    with (
        opened(browser, bases["hostile"] + "/" + PAGES[name][0], width=375) as page,
        screenshot_on_failure(page, f"narrow-{name}"),
    ):
        # the 3,000-character word wraps or scrolls in its own box (a wide table): the page never scrolls sideways
        width = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
        assert width[0] <= width[1], f"page {width[0]} px wide in a {width[1]} px window"


def test_search_results_show_the_payloads_as_text(browser, sites, bases):
    with (
        opened(browser, bases["hostile"] + "/?q=" + urllib.parse.quote("假页眉")) as page,
        screenshot_on_failure(page, "hostile-search"),
    ):
        page.wait_for_function(
            """() => /个符合条件/.test(document.querySelector('.md-search-result__meta').innerText)"""
        )
        page.wait_for_timeout(500)
        assert not page.problems, page.problems
        assert page.locator(INJECTED).count() == 0, page.locator(INJECTED).evaluate_all(
            "els => els.map(e => e.outerHTML)"
        )
        shown = "".join(page.locator(".md-search-result").inner_text().split())
        assert "".join(CORPUS[6].split()) in shown  # the payload that matched, as its text
        texts = ["".join(record["text"].split()) for record in search_records(sites["hostile"])]
        for teaser in page.locator(".md-search-result__teaser").all_inner_texts():  # each a piece of a page's text
            assert any("".join(teaser.strip("…").split()) in text for text in texts), teaser


# -- the files


def test_feed_titles_are_the_literal_text(sites):
    feed = ET.parse(sites["hostile"] / "feed.xml").getroot()  # well-formed XML
    ns = {"a": "http://www.w3.org/2005/Atom"}
    titles = [entry.findtext("a:title", namespaces=ns) for entry in feed.findall("a:entry", ns)]
    assert lf(f"{hostile('公文标题')}（{hostile('文号')}）") in titles
    assert lf(f"{hostile('任免通知标题')}（{hostile('任免通知文号')}）") in titles
    assert lf(hostile("通报标题")) in titles
    authors = [author.findtext("a:name", namespaces=ns) for author in feed.iterfind("a:entry/a:author", ns)]
    assert lf(hostile("发布机构")) in authors  # each notice names its own issuers
    for entry in feed.findall("a:entry", ns):
        assert [child.tag.split("}")[1] for child in entry if not child.tag.endswith("author")] == [
            "title",
            "id",
            "updated",
            "link",
            "summary",
        ]


def test_dashboard_svg_holds_the_labels_as_text(sites):
    page = (sites["hostile"] / "2025" / "dashboard" / "index.html").read_text("utf-8")
    svgs = re.findall(r'<svg class="chart-svg".*?</svg>', page, re.S)
    assert len(svgs) == 5
    texts = []
    for svg in svgs:
        root = ET.fromstring(svg)  # well-formed: every label escaped
        for element in root.iter():
            assert element.tag.split("}")[1] in {"svg", "title", "desc", "g", "rect", "text", "line"}, element.tag
            assert not [name for name in element.attrib if name.lower().startswith("on")], element.attrib
            texts.append(element.text or "")
    for field, prefix in (("任务分组", "任务·"), ("措施分组", "措施·"), ("领导姓名", ""), ("单位名称", "")):
        label = prefix + plain(hostile(field))
        assert label in texts, field  # the tooltip: the whole label
        assert any(len(text) > 10 and text.endswith("…") and label.startswith(text[:-1]) for text in texts), (
            field
        )  # the bar


DOWNLOADS = {
    "tasks": ["任务内容", "任务分组", "领导姓名", "单位名称", "指标名称"],
    "projects": ["实事内容", "领导姓名", "指标名称"],
    "measures": ["措施内容", "措施分组", "原文责任单位"],
    "personnel": ["任免通知文号", "任命姓名", "任命单位", "任命职务", "免去姓名"],
    "reports-2025-09": ["任务内容", "单位名称", *REPORTS],
}


def _cells(folder: Path, name: str, ext: str) -> list[str]:
    content = (folder / f"{name}.{ext}").read_bytes()
    if ext == "csv":
        return [cell for row in csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")) for cell in row]
    if ext == "json":

        def leaves(value):
            if isinstance(value, dict):
                return [leaf for v in value.values() for leaf in leaves(v)]
            if isinstance(value, list):
                return [leaf for v in value for leaf in leaves(v)]
            return [value] if isinstance(value, str) else []

        return leaves(json.loads(content))
    sheet = load_workbook(io.BytesIO(content)).active
    cells = [cell for row in sheet.iter_rows() for cell in row if isinstance(cell.value, str)]
    formulas = [cell.coordinate for cell in cells if cell.data_type != "s"]
    assert not formulas, f"{name}.xlsx: cells that are not text: {formulas}"
    return [cell.value for cell in cells]


@pytest.mark.parametrize("ext", ["csv", "json", "xlsx"])
@pytest.mark.parametrize("name", DOWNLOADS)
def test_downloads_hold_the_literal_text(sites, name, ext):
    cells = _cells(sites["hostile"] / "2025" / "data", name, ext)
    literal = lf if ext == "xlsx" else str
    missing = [field for field in DOWNLOADS[name] if not any(literal(hostile(field)) in cell for cell in cells)]
    assert not missing, missing
    package = json.loads((sites["hostile"] / "2025" / "data" / "datapackage.json").read_text("utf-8"))
    assert any(hostile("任务台账标题") in resource["description"] for resource in package["resources"])
