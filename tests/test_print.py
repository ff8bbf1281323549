"""Printing: each notice and each kind of bulletin printed to PDF on A4 by Debian's chromium (as a reader's
"Print" does, with the page's own print CSS), then read back with pypdf:

- every page is A4 (595 × 842 pt);
- the title, then the metadata block (文号, 成文日期 … / 通报日期 …), then the body, in that order;
- none of the site's chrome (header, navigation, search, table of contents, footer, back-to-top, 跳转至,
  the 字号 control) is printed; the banner is, on the example site (示例数据: a printed example must not
  pass for a real notice or bulletin) and on a site that is not the official one (本站不是政府官方网站);
- no table row is cut between two pages (each row's text is whole on one page), a long table repeats its
  header row on each page, and no table is wider than the paper.

A failing test leaves the PDF and a screenshot of the page (in print media) in tests/artifacts/.
"""

from __future__ import annotations

import contextlib
import io
import re
import unicodedata
from pathlib import Path

import pytest
from pypdf import PdfReader

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
A4 = (595.28, 841.89)  # ISO 216, in points
A4_CONTENT_PX = 688  # 210 mm less the 14 mm margins of site.css's @page, at 96 px per inch
BULLETIN_KINDS = {"monthly": "monthly-", "quarterly": "quarterly-", "completion": "completed-", "event": "event-"}
CHROME = ".md-header, .md-tabs, .md-sidebar, .md-footer, .md-top, .md-search, .md-skip, .text-size"

# Chromium writes some CJK characters into the PDF's text layer as their look-alike radicals (示 as ⽰,
# 民 as ⺠, 长 as ⻓): the glyph is the same, its Unicode mapping is not. NFKC maps the Kangxi radicals
# (U+2F00–U+2FDF) back; those of the supplement (U+2E80–U+2EFF) have no mapping: the ones seen in these
# printouts, and a few more, are mapped here, as are the Kangxi radicals whose NFKC form is not the
# character meant (⼾ is 戶, written for 户). Any other matches any one character in what must be printed,
# and none in what must not.
RADICALS = dict(
    zip(
        "⺟⺠⻄⻅⻆⻉⻋⻓⻔⻘⻚⻛⻜⻝⻢⻣⻤⻥⻦⻨⻩⻬⻮⻰⻳⼾⾭",
        "母民西见角贝车长门青页风飞食马骨鬼鱼鸟麦黄齐齿龙龟户青",
    )
)
ANY = "\0"


def pdf_text(text: str) -> str:
    text = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text.translate(str.maketrans(RADICALS))))
    return re.sub(r"[\u2e80-\u2eff]", ANY, text)


def dom_text(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def find(haystack: str, needle: str, start: int = 0) -> int:
    """Where `needle` (page text) is in `haystack` (PDF text), or -1."""
    pattern = "".join(f"(?:{re.escape(c)}|\\x00)" for c in needle)
    found = re.compile(pattern).search(haystack, start)
    return found.start() if found else -1


def printed_at_all(haystack: str, needle: str) -> bool:
    """Whether `needle` is in the PDF text for sure (for what must not be printed: no wildcard)."""
    return needle in haystack


PAGE_INFO = """(chrome) => {
  const article = document.querySelector('article.md-content__inner');
  const h1 = article.querySelector('h1');
  // The metadata block: a notice's table.doc-meta, a bulletin's list under its title.
  let meta = article.querySelector('table.doc-meta');
  if (!meta) { meta = h1.nextElementSibling; while (meta && meta.tagName !== 'UL') meta = meta.nextElementSibling; }
  const metaLines = meta.tagName === 'TABLE' ? [...meta.rows].map(r => r.innerText)
                                             : [...meta.children].map(li => li.innerText);
  // The body: what follows it.
  let body = meta.closest('.md-typeset__scrollwrap') || meta;
  do { body = body.nextElementSibling; } while (body && body.innerText.trim().length < 2);
  const tables = [...article.querySelectorAll('table')].map(table => ({
    head: table.tHead ? table.tHead.innerText : null,
    rows: [...(table.tBodies.length ? [...table.tBodies].flatMap(b => [...b.rows]) : table.rows)]
          .map(row => [...row.cells].map(cell => cell.innerText).join('')),
  }));
  // Every line of text of the site's chrome (screen media: it is all there), for the PDF not to have.
  const chromeLines = [...document.querySelectorAll(chrome)]
    .flatMap(el => el.textContent.split(/\\n+/)).map(s => s.trim()).filter(s => s.length >= 2);
  const banner = document.querySelector('.md-banner');
  return {title: h1.innerText, metaLines, body: body ? body.innerText.slice(0, 40) : null, tables, chromeLines,
          article: article.innerText, banner: banner ? banner.innerText : null};
}"""

PRINT_STYLE = """(chrome) => {
  const style = el => getComputedStyle(el);
  const article = document.querySelector('article.md-content__inner');
  return {
    shownChrome: [...document.querySelectorAll(chrome)].filter(el => el.getClientRects().length > 0)
      .map(el => el.className),
    banner: document.querySelector('.md-banner') ? style(document.querySelector('.md-banner')).display : null,
    rowsBreak: [...new Set([...article.querySelectorAll('tr')].map(tr => style(tr).breakInside))],
    heads: [...new Set([...article.querySelectorAll('thead')].map(t => style(t).display))],
    metaBreak: [...article.querySelectorAll('table.doc-meta')].map(t => style(t).breakInside),
    // At the width of the paper, no table reaches past the printed area or scrolls in a box.
    tooWide: [...article.querySelectorAll('table')]
      .filter(t => t.getBoundingClientRect().right > document.documentElement.clientWidth + 1
                   || t.scrollWidth > t.clientWidth + 1)
      .map(t => t.innerText.slice(0, 30)),
  };
}"""


@contextlib.contextmanager
def printed(browser, base: str, path: str, name: str):
    """The page at `path` printed to PDF; yields (what the page shows on screen, the print styles, the PDF)."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    pdf = b""
    try:
        page.goto(base + path)
        info = page.evaluate(PAGE_INFO, CHROME)
        page.set_viewport_size({"width": A4_CONTENT_PX, "height": 1000})
        page.emulate_media(media="print")
        styles = page.evaluate(PRINT_STYLE, CHROME)
        # What the browser's Print does: the page's @page size (A4) and margins, no backgrounds.
        pdf = page.pdf(format="A4", prefer_css_page_size=True, print_background=False)
        yield info, styles, PdfReader(io.BytesIO(pdf))
    except BaseException:
        ARTIFACTS.mkdir(exist_ok=True)
        with contextlib.suppress(Exception):
            page.screenshot(path=str(ARTIFACTS / f"print-{name}.png"), full_page=True)
        if pdf:
            (ARTIFACTS / f"print-{name}.pdf").write_bytes(pdf)
        raise
    finally:
        page.close()


def check_printout(info: dict, styles: dict, reader: PdfReader, example: bool, official: bool = False):
    # A4, every page.
    for number, pdf_page in enumerate(reader.pages, 1):
        width, height = float(pdf_page.mediabox.width), float(pdf_page.mediabox.height)
        assert abs(width - A4[0]) <= 1 and abs(height - A4[1]) <= 1, f"page {number}: {width} × {height} pt"
    pages = [pdf_text(p.extract_text()) for p in reader.pages]
    text = "".join(pages)

    # The title, the metadata block, the body: in that order.
    title = find(text, dom_text(info["title"]))
    assert title >= 0, f"title {info['title']!r} not in the PDF"
    previous = title
    for line in info["metaLines"]:
        at = find(text, dom_text(line), title)
        assert at > previous, f"metadata {line!r} not after the title and the line before it"
        previous = at
    assert info["body"], "nothing after the metadata"
    body = find(text, dom_text(info["body"]), previous)
    assert body > previous, f"body {info['body']!r} not after the metadata"

    # The banner on the printouts, above the title: 示例数据 on the example site; on both, as the shipped settings say,
    # 本站不是政府官方网站. An official site has none.
    if official:
        assert styles["banner"] is None and not printed_at_all(text, "本站不是政府官方网站")
    else:
        assert styles["banner"] == "block"
        assert 0 <= find(text, dom_text("本站不是政府官方网站")) < title
        assert find(text, dom_text(info["banner"])) >= 0
    if example:
        assert 0 <= find(text, dom_text("示例数据")) < title
    else:
        assert not printed_at_all(text, "示例数据")

    # No chrome: hidden in print media, and none of its words (those not also in the page itself) printed.
    assert not styles["shownChrome"], f"printed: {styles['shownChrome']}"
    own = dom_text(info["article"] + (info["banner"] or ""))
    chrome = sorted({dom_text(line) for line in info["chromeLines"]} - {""})
    leaked = [line for line in chrome if line not in own and printed_at_all(text, line)]
    assert len(chrome) >= 5 and not leaked, f"chrome printed: {leaked}"
    for word in ("搜索", "跳转至", "回到页面顶部", "字号"):
        if word not in own:
            assert not printed_at_all(text, word), word

    # Tables: rows kept together, header rows repeated, nothing wider than the paper.
    assert styles["rowsBreak"] in ([], ["avoid"]), styles["rowsBreak"]
    assert styles["heads"] in ([], ["table-header-group"]), styles["heads"]
    assert all(b == "avoid" for b in styles["metaBreak"])
    assert not styles["tooWide"], f"tables wider than A4: {styles['tooWide']}"
    for table in info["tables"]:
        on = set()
        for row in table["rows"]:
            row_text = dom_text(row)
            pages_with_row = [i for i, page in enumerate(pages) if find(page, row_text) >= 0]
            assert pages_with_row, f"row cut between pages (or missing): {row[:60]!r}"
            on.add(pages_with_row[0])
        if table["head"] and len(on) > 1:
            head = dom_text(table["head"])
            missing = [i + 1 for i in sorted(on) if find(pages[i], head) < 0]
            assert not missing, f"header row {table['head']!r} not repeated on pages {missing}"


def documents(site: Path) -> list[str]:
    return sorted(d.name for d in (site / "2025" / "documents").iterdir() if (d / "index.html").is_file())


def test_the_shipped_site_has_notices_to_print(site):
    assert len(documents(site)) >= 3


@pytest.mark.parametrize("index", range(3))
def test_each_notice_prints_cleanly_on_a4(browser, site, served_site, index):
    names = documents(site)
    if index >= len(names):
        pytest.skip("fewer notices")
    with printed(browser, served_site, f"/2025/documents/{names[index]}/", f"notice-{names[index]}") as (
        info,
        styles,
        pdf,
    ):
        labels = [line.split()[0] for line in info["metaLines"]]
        assert {"发文字号", "成文日期", "发文机关"} <= set(labels), labels
        check_printout(info, styles, pdf, example=False)


def test_a_notice_with_progress_prints_cleanly_with_the_example_banner(browser, served_example):
    # The long one: four attachments, item tables over many pages.
    with printed(browser, served_example, "/2025/documents/banfa-1/", "example-notice") as (info, styles, pdf):
        assert len(pdf.pages) > 5
        check_printout(info, styles, pdf, example=True)


@pytest.mark.parametrize("kind", BULLETIN_KINDS)
def test_each_kind_of_bulletin_prints_cleanly_on_a4(browser, example_site, served_example, kind):
    slugs = sorted(
        d.name
        for d in (example_site / "2025" / "bulletins").iterdir()
        if d.name.startswith(BULLETIN_KINDS[kind]) and (d / "index.html").is_file()
    )
    assert slugs, kind
    with printed(browser, served_example, f"/2025/bulletins/{slugs[0]}/", f"bulletin-{kind}") as (info, styles, pdf):
        assert any(line.startswith("通报日期") for line in info["metaLines"]), info["metaLines"]
        check_printout(info, styles, pdf, example=True)
