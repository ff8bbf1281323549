"""Static charts drawn at build time: an SVG picture and the same numbers as a table.

Each chart is one HTML fragment meant as a raw HTML block in Markdown: it starts with
<figure> at column 0, has no blank line inside and ends with </figure>. Element ids
come from a hash of the input, so the same data always renders to the same bytes.
Colours live in CSS classes (content/assets/site.css), one per status.
"""

from __future__ import annotations

import hashlib
import html
import json
import unicodedata
from typing import Callable

from markupsafe import Markup

from generator.words import STATUS_CLASSES, STATUSES

CLASSES = tuple(f"chart-{STATUS_CLASSES[status]}" for status in STATUSES)

WIDTH = 720  # SVG units
FONT = 14  # font size in SVG units; text widths are estimated from it
TEXT = 0.7  # rem: the picture is drawn so wide that its text is this size (as the data table's, growing with
SHRINK = 0.9  # the 字号 chosen), or narrower down to this share, then its box scrolls sideways
GAP = 8
LEGEND = 30  # height of the legend strip at the top
LABEL_MAX = 20  # em; longer labels are cut with … (full text in a tooltip and the table)
ROW, BAR = 30, 22  # status_bars: row pitch and bar thickness
TOTAL_SPACE = 48  # status_bars: room right of the longest bar for its total
PLOT_HEIGHT = 200  # trend: height of the tallest column
SLOT, COLUMN = 56, 34  # trend: minimum space per month and column width
MONTH_MAX = 8  # em; trend labels are cut beyond this

Box = Callable[[float, float], tuple[float, float, float, float]]


def _clean(value) -> str:
    """Data on one line: whitespace runs, newlines included, become one space."""
    return " ".join(str(value).split())


def _esc(value) -> str:
    return html.escape(_clean(value), quote=True)


def _em(text: str) -> float:
    """Estimated text width in em: 1 for wide (CJK) characters, 0.6 for the rest."""
    return sum(1 if unicodedata.east_asian_width(c) in "WF" else 0.6 for c in text)


def _fit(text: str, max_em: float) -> str:
    """The text, or its head plus … when wider than max_em."""
    if _em(text) <= max_em:
        return text
    head = ""
    for char in text:
        if _em(head + char) + 1 > max_em:
            break
        head += char
    return head + "…"


def _num(x: float) -> str:
    return f"{round(x, 2):g}"


def _counts(data: dict[str, int]) -> list[int]:
    return [int(data.get(name, 0)) for name in STATUSES]


def _unit(extent: float, counts: list[list[int]]) -> float:
    """SVG units per item, so that the largest total spans the whole extent."""
    top = max((sum(c) for c in counts), default=0)
    return extent / top if top else 0.0


def _summary(counts: list[int]) -> str:
    return "，".join(f"{name}{n}项" for name, n in zip(STATUSES, counts))


def _legend_items() -> list[str]:
    parts, x = [], 0.0
    for name, cls in zip(STATUSES, CLASSES):
        parts.append(f'<rect class="{cls}" x="{_num(x)}" y="4" width="14" height="14"/>')
        parts.append(f'<text x="{_num(x + 19)}" y="11" dy="0.35em">{name}</text>')
        x += 19 + _em(name) * FONT + 18
    return ['<g class="chart-legend">', *parts, "</g>"]


LEGEND_SVG = _legend_items()


def _stack(counts: list[int], unit: float, box: Box) -> list[str]:
    """Segments of one bar or column; box(start, length) gives x, y, width, height."""
    parts, start = [], 0.0
    for count, cls in zip(counts, CLASSES):
        if count <= 0:
            continue
        x, y, w, h = box(start, count * unit)
        parts.append(f'<rect class="{cls}" x="{_num(x)}" y="{_num(y)}" width="{_num(w)}" height="{_num(h)}"/>')
        if w >= _em(str(count)) * FONT + 6 and h >= FONT + 2:
            parts.append(
                f'<text class="chart-count" x="{_num(x + w / 2)}" y="{_num(y + h / 2)}" '
                f'dy="0.35em" text-anchor="middle">{count}</text>'
            )
        start += count * unit
    return parts


def _chart_id(kind: str, title: str, rows: list, note: str = "") -> str:
    data = json.dumps([kind, title, rows, note], ensure_ascii=False, sort_keys=True, default=str)
    return "chart-" + hashlib.sha256(data.encode()).hexdigest()[:12]


def _svg(uid: str, title: str, desc: str, width: float, height: float, body: list[str]) -> list[str]:
    rem = width / FONT * TEXT
    return [
        f'<svg class="chart-svg" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_num(width)} {_num(height)}" '
        f'width="100%" style="min-width: {_num(SHRINK * rem)}rem; max-width: {_num(rem)}rem" '
        f'font-size="{FONT}" role="img" aria-labelledby="{uid}-title {uid}-desc">',
        f'<title id="{uid}-title">{_esc(title)}</title>',
        f'<desc id="{uid}-desc">{_esc(desc)}</desc>',
        *LEGEND_SVG,
        *body,
        "</svg>",
    ]


def _table(title: str, head: str, rows: list[tuple[str, list[int]]]) -> list[str]:
    cols = "".join(f'<th scope="col" class="chart-num">{name}</th>' for name in (*STATUSES, "合计"))
    lines = [
        '<div class="chart-table">',
        '<table class="chart-data">',
        f"<caption>{_esc(title)}</caption>",
        f'<thead><tr><th scope="col">{head}</th>{cols}</tr></thead>',
        "<tbody>",
    ]
    for label, counts in rows:
        cells = "".join(f'<td class="chart-num">{n}</td>' for n in (*counts, sum(counts)))
        lines.append(f'<tr><th scope="row">{_esc(label)}</th>{cells}</tr>')
    return [*lines, "</tbody>", "</table>", "</div>"]


def _figure(kind: str, svg: list[str], table: list[str], note: str) -> Markup:
    caption = [f'<figcaption class="chart-note">{_esc(note)}</figcaption>'] if _clean(note) else []
    picture = ['<div class="chart-picture">', *svg, "</div>"]  # a box that scrolls sideways on a phone
    return Markup("\n".join([f'<figure class="chart chart-{kind}">', *picture, *table, *caption, "</figure>"]))


def _bar_row(label: str, counts: list[int], x0: float, y: float, unit: float) -> list[str]:
    full = _clean(label)
    shown = _fit(full, LABEL_MAX)
    tip = f"<title>{_esc(full)}</title>" if shown != full else ""
    mid = _num(y + BAR / 2)
    end = x0 + sum(counts) * unit
    return [
        (
            f'<g class="chart-row">{tip}'
            f'<text x="{_num(x0 - GAP)}" y="{mid}" dy="0.35em" text-anchor="end">{_esc(shown)}</text>'
        ),
        *_stack(counts, unit, lambda start, length: (x0 + start, y, length, BAR)),
        f'<text class="chart-total" x="{_num(end + 4)}" y="{mid}" dy="0.35em">{sum(counts)}</text>',
        "</g>",
    ]


def status_bars(title: str, rows: list[tuple[str, dict[str, int]]], caption_note: str = "") -> Markup:
    """Horizontal stacked bars, one per label, segments per status in STATUSES order; then a table."""
    counts = [_counts(data) for _, data in rows]
    label_em = min(max((_em(_clean(label)) for label, _ in rows), default=0), LABEL_MAX)
    x0 = label_em * FONT + GAP
    unit = _unit(WIDTH - x0 - TOTAL_SPACE, counts)
    height = LEGEND + len(rows) * ROW
    body = [f'<line class="chart-axis" x1="{_num(x0)}" y1="{LEGEND}" x2="{_num(x0)}" y2="{height}"/>']
    for i, ((label, _), row) in enumerate(zip(rows, counts)):
        body += _bar_row(label, row, x0, LEGEND + i * ROW + (ROW - BAR) / 2, unit)
    totals = [sum(column) for column in zip(*counts)] or [0] * len(STATUSES)
    desc = f"各状态合计：{_summary(totals)}。"
    uid = _chart_id("bars", title, rows, caption_note)
    svg = _svg(uid, title, desc, WIDTH, height, body)
    table = _table(title, "名称", [(label, row) for (label, _), row in zip(rows, counts)])
    return _figure("bars", svg, table, caption_note)


def trend(title: str, months: list[tuple[str, dict[str, int]]]) -> Markup:
    """Vertical stacked columns, one per month label, segments per status; then a table."""
    counts = [_counts(data) for _, data in months]
    labels = [_fit(_clean(label), MONTH_MAX) for label, _ in months]
    slot = max([SLOT, *(_em(label) * FONT + GAP for label in labels)])
    width = max(len(months) * slot, WIDTH)
    slot = width / len(months) if months else slot
    base = LEGEND + FONT + 8 + PLOT_HEIGHT
    unit = _unit(PLOT_HEIGHT, counts)
    body = [f'<line class="chart-axis" x1="0" y1="{base}" x2="{_num(width)}" y2="{base}"/>']
    for i, (label, column) in enumerate(zip(labels, counts)):
        left, mid = i * slot + (slot - COLUMN) / 2, i * slot + slot / 2
        top = base - sum(column) * unit
        body += [
            '<g class="chart-column">',
            *_stack(column, unit, lambda start, length: (left, base - start - length, COLUMN, length)),
            f'<text class="chart-total" x="{_num(mid)}" y="{_num(top - 6)}" text-anchor="middle">{sum(column)}</text>',
            f'<text x="{_num(mid)}" y="{base + FONT + 6}" text-anchor="middle">{_esc(label)}</text>',
            "</g>",
        ]
    desc = (
        (f"{_clean(months[0][0])}至{_clean(months[-1][0])}，共{len(months)}期；最近一期：{_summary(counts[-1])}。")
        if months
        else "暂无数据。"
    )
    uid = _chart_id("trend", title, months)
    svg = _svg(uid, title, desc, width, base + FONT + 12, body)
    return _figure("trend", svg, _table(title, "月份", list(zip((m for m, _ in months), counts))), "")
