"""Templates to Markdown. Every value from data is escaped here, at one choke point."""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from dataclasses import replace
from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from generator.derive.deadlines import late, plan_deadline, plan_late
from generator.words import DONE, STATUS_CLASSES, STATUSES, chinese_date, chinese_number, lead, number

# Python-Markdown and its table extension honour a backslash before each of these;
# < > & and quotes become HTML entities instead (as html.escape writes them), and so does ~ (a backslash
# before it would show).
_MARKDOWN_ESCAPES = str.maketrans(
    {
        **{c: "\\" + c for c in "\\`*_{}[]()#+-.!|"},
        "&": "&amp;",
        "<": "&lt;",
        ">": "&gt;",
        '"': "&quot;",
        "'": "&#x27;",
        "~": "&#126;",
    }
)
_LINE_BREAK = re.compile(r"\s*[\r\n]\s*")  # a lone CR too: Markdown reads it as a line break
_ATTACHMENT = re.compile(r"附件([0-9]+)")


def markdown_text(value) -> Markup:
    """Data as literal text in Markdown: no markup, no HTML, no line structure survives."""
    if isinstance(value, Markup):
        return value
    if isinstance(value, dt.date):
        return nowrap(chinese_date(value))
    return _markdown_escaped(str(value))


NOWRAP_MAX = 24  # characters


def nowrap(value) -> Markup:
    """Text kept on one line, as a date (2025年1月24日) or a 文号 (市中政办发〔2025〕1号) must be; a longer text (a
    mistake in the data) may wrap, so that it never widens the page."""
    text = markdown_text(value)
    return Markup(f'<span class="nowrap">{text}</span>') if len(str(value)) <= NOWRAP_MAX else text


@lru_cache(maxsize=1 << 16)  # names, titles and texts recur on many pages: each is escaped once
def _markdown_escaped(text: str) -> Markup:
    return Markup(_LINE_BREAK.sub("<br>", text.strip().translate(_MARKDOWN_ESCAPES)))


def html_text(value) -> Markup:
    """Data inside a raw HTML block, where Markdown is not processed."""
    if isinstance(value, dt.date):
        value = chinese_date(value)
    return Markup(re.sub(r"\r\n?|\n", "<br>", html.escape(str(value).strip(), quote=True)))


def page_heading(text, above: Markup = Markup("")) -> Markup:
    """A page's heading, and its title as front matter. Without it MkDocs takes the title from the heading, and the
    theme's <title> unescapes it (`striptags`): text such as </title><script> would end the title and run. The
    front-matter title is HTML-escaped, which <title>, the header and the nav all show as the text it is.
    `above`: rendered Markdown to stand above the heading (a breadcrumb)."""
    title = html.escape(" ".join(str(text).split()), quote=True)
    above = f"{above.strip()}\n\n" if above.strip() else ""
    return Markup(f"---\ntitle: {json.dumps(title, ensure_ascii=False)}\n---\n\n{above}# {markdown_text(text)}")


def status_badge(status: str | None) -> Markup:
    """A status word (one of words.STATUSES, never data) as a coloured badge; the word itself carries the meaning."""
    if not status:
        return Markup('<span class="status">尚无认定</span>')
    return Markup(f'<span class="status status-{STATUS_CLASSES[status]}">{status}</span>')


def progress_bar(reading) -> Markup:
    """An indicator's progress (a `progress.Reading`): its rule's verdict, else a bar and the percentage reached."""
    if reading.value is None:
        return Markup("—")
    if reading.verdict:
        return reading.verdict
    return Markup(
        f'<progress max="100" value="{min(reading.percent, 100)}" aria-hidden="true"></progress> {reading.percent}%'
    )


def link(text, uri: str) -> Markup:
    """A Markdown link to a page of the site; `uri` is built from validated ids only."""
    return Markup(f"[{markdown_text(text)}](/{uri})")


def attachment_anchor(no: int) -> Markup:
    """The id of an attachment's heading on its notice's page."""
    return Markup(f"attachment-{int(no)}")


def heading_id(anchor: str) -> Markup:
    """`{#anchor}` after a heading (attr_list): its id, for links to it."""
    return Markup(f"{{#{anchor}}}")


def attachment_links(blocks: list, attachments: list) -> list:
    """A notice's paragraphs with each 附件N it names linked to that attachment below, if it has one."""
    numbers = {attachment.no for attachment in attachments}

    def linked(match: re.Match) -> str:
        no = int(match.group(1))
        return f"[附件{no}](#{attachment_anchor(no)})" if no in numbers else match.group(0)

    return [replace(block, text=Markup(_ATTACHMENT.sub(linked, markdown_text(block.text)))) for block in blocks]


def _join(values, separator: str = "") -> str:
    return separator.join(str(value) for value in values)


def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(Path(__file__).parent.parent / "templates"),
        finalize=markdown_text,  # every value is escaped for Markdown and HTML here
        autoescape=True,  # so that macros and `link` return Markup, which finalize passes through
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    # Jinja's own join returns Markup under autoescape, which would skip finalize: join to plain text instead.
    env.filters.update(
        html=html_text,
        date=chinese_date,
        cn=chinese_number,
        link=link,
        join=_join,
        status=status_badge,
        num=number,
        bar=progress_bar,
        heading=page_heading,
        lead=lead,
        nowrap=nowrap,
        attachment_links=attachment_links,
        anchor=attachment_anchor,
        heading_id=heading_id,
    )
    env.globals.update(statuses=STATUSES, DONE=DONE, late=late, plan_late=plan_late, plan_deadline=plan_deadline)
    return env
