"""The 政府信息公开 section: the 公开指南, the 政府信息公开目录 of every document with its downloads, and the
office's texts (依申请公开, each year's 政府信息公开工作年度报告), each page made only once the office wrote it:
a section without content (空白栏目) is never shown."""

from __future__ import annotations

import datetime as dt
import json
from functools import partial
from pathlib import Path

from generator.model import Disclosure, Document, Settings, Year
from generator.site import opendata
from generator.site.opendata import Download, Field, Table
from generator.site.pages import Page, rendered
from generator.site.urls import Urls, address

GUIDE = "guide.md"
CATALOG = "disclosure/index.md"
APPLY = "disclosure/apply.md"
CATALOG_TABLE = "disclosure/catalog"  # the catalog's downloads, beside its page


def report(year: int) -> str:
    return f"disclosure/reports/{year}.md"


def topic_page(topic: str) -> str:
    """The catalog filtered to one 主题分类 (a page without a script, as the bulletins' filters); numbered in the
    schema's vocabulary, so that its address stays as topics are given."""
    return f"disclosure/topic-{TOPICS.index(topic) + 1}.md"


YEAR = Field("year", "年份", "integer", "文件所在的年份。")
INDEX_NO = Field("index_no", "索引号", "string", "政府信息的索引号；空白为尚未编制。")
TITLE = Field("title", "标题", "string", "文件标题。")
NUMBER = Field("number", "发文字号", "string", "通知的发文字号；政策解读没有发文字号。")
KIND = Field("kind", "类别", "string", "通知或政策解读。", constraints={"enum": ["通知", "解读"]})
TOPIC = Field("topic", "主题分类", "string", "中国政府网国务院政策文件库所用的主题分类（一级类目）；空白为尚未确定。")
DATE = Field("date", "成文日期", "date", "成文日期。")
PUBLISHED = Field("published", "发布日期", "date", "发布日期；空白为未记录。")
VALIDITY = Field("validity", "有效性", "string", "有效、失效或废止；空白为尚未确定。")
PAGE = Field("page", "网址", "string", "文件在本站的页面，相对于本站的根地址。")
FIELDS = [YEAR, INDEX_NO, TITLE, NUMBER, KIND, TOPIC, DATE, PUBLISHED, VALIDITY, PAGE]


def catalog_order(years: list[Year]) -> list[tuple[Year, list[Document]]]:
    """Every published document, by year (newest first), newest 成文日期 first within a year."""
    return [(year, sorted(year.documents, key=lambda d: (d.date, d.number), reverse=True)) for year in years]


def catalog_table(years: list[Year]) -> Table:
    rows = [
        {
            YEAR.name: year.year,
            INDEX_NO.name: d.index_no,
            TITLE.name: d.title,
            NUMBER.name: d.number,
            KIND.name: d.kind,
            TOPIC.name: d.topic,
            DATE.name: d.date,
            PUBLISHED.name: d.published,
            VALIDITY.name: d.validity,
            PAGE.name: "/" + address(Urls(year.year).document(d)),
        }
        for year, documents in catalog_order(years)
        for d in documents
    ]
    return Table(
        CATALOG_TABLE,
        "政府信息公开目录",
        "政府信息公开目录",
        "本站公开的全部文件，按年份（新的在前）和成文日期排列。",
        FIELDS,
        rows,
        [YEAR, PAGE],
    )


def files() -> dict[str, str]:
    return {fmt.label: f"{CATALOG_TABLE}.{fmt.ext}" for fmt in opendata.FORMATS}


def pages(env, years: list[Year], texts: Disclosure, settings: Settings, updated: dt.date | None) -> list[Page]:
    """The section's pages, `updated` as the site's newest data; the office's texts only where written, for a year
    that is published."""
    order = catalog_order(years)
    topics = _topics(years)
    reports = _reports(years, texts)
    shared = dict(
        Urls=Urls,
        texts=texts,
        reports=reports,
        catalog=CATALOG,
        apply=APPLY,
        report=report,
        files=files(),
        topics=topics,
        topic_page=topic_page,
    )

    def page(uri: str, template: str, **context) -> Page:
        return Page(uri, partial(rendered, env, template, **shared, **context), updated=updated)

    result = [
        page(GUIDE, "guide.md.j2", settings=settings.disclosure),
        page(CATALOG, "catalog.md.j2", order=order, topic=None),
    ]
    result += [
        page(
            topic_page(topic),
            "catalog.md.j2",
            topic=topic,
            order=[(year, [d for d in documents if d.topic == topic]) for year, documents in order],
        )
        for topic in topics
    ]
    if texts.apply:
        result.append(page(APPLY, "disclosure-text.md.j2", title="依申请公开", text=texts.apply))
    result += [
        page(report(year), "disclosure-text.md.j2", title=f"{year}年政府信息公开工作年度报告", text=text)
        for year, text in reports.items()
    ]
    return result


def downloads(years: list[Year], as_of: dt.date) -> list[Download]:
    table = catalog_table(years)
    when = dt.datetime.combine(as_of, dt.time())
    return [
        Download(f"{CATALOG_TABLE}.{fmt.ext}", partial(opendata.content, table, fmt, when)) for fmt in opendata.FORMATS
    ]


def nav(texts: Disclosure, years: list[Year]) -> dict:
    """The section in the readers' menu: only what has content."""
    entries: list = [{"政府信息公开目录": CATALOG}, {"公开指南": GUIDE}]
    entries += [{"依申请公开": APPLY}] if texts.apply else []
    if reports := _reports(years, texts):
        entries.append({"政府信息公开工作年度报告": [{f"{year}年": report(year)} for year in reports]})
    return {"政府信息公开": entries}


def _reports(years: list[Year], texts: Disclosure) -> dict[int, str]:
    """The annual reports of the published years, newest first."""
    published = {year.year for year in years}
    return {year: texts.reports[year] for year in sorted(texts.reports, reverse=True) if year in published}


def _topics(years: list[Year]) -> list[str]:
    """The 主题分类 given to any published document, in the schema's order."""
    given = {d.topic for year in years for d in year.documents if d.topic}
    return [topic for topic in TOPICS if topic in given]


def _vocabulary() -> list[str]:
    schema = json.loads((Path(__file__).parent.parent / "schemas" / "document.schema.json").read_text("utf-8"))
    return schema["properties"]["topic"]["enum"]


TOPICS = _vocabulary()  # the schema holds the vocabulary
