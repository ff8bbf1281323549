"""Accessibility, phones and elderly readers (适老化), in Debian's chromium over the built example site,
which has every page type:

- axe-core (node_modules/axe-core, from package-lock.json) finds no serious or critical WCAG 2.1 A/AA
  violation on any page type, on a desktop and on a phone with the largest text;
- every page says <html lang="zh">, every table has header cells, every chart is an image with a name;
- the keyboard alone: the skip link, the search and its results, the phone's menu, the text size control;
- at 375 and 320 pixels wide no page scrolls sideways or clips its text, a wide table scrolls inside its own
  box and says so; each row of a list is a card with its number and status first; every target is 44 px;
- the text size control (字号：标准 / 大 / 特大) enlarges the whole site, tables and charts too, is
  remembered between pages, and breaks no layout; 高对比度 likewise.

Each page type's first two screens at 375 px, at 标准 and 特大, are saved in tests/artifacts/screens/ (CI keeps
them with the run, for a human look).

A failing browser test leaves a screenshot in tests/artifacts/.
"""

from __future__ import annotations

import contextlib
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parent.parent
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
SCREENS = ARTIFACTS / "screens"

SIZE_KEY = "shizhong.text-size"  # content/assets/reading.js
CONTRAST_KEY = "shizhong.contrast"
SIZES = {"standard": 1.0, "large": 1.25, "xlarge": 1.5}
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 375, "height": 812}
SMALL_PHONE = {"width": 320, "height": 640}

# Each page type of the site; the paths that depend on the data are found in the built site.
PAGE_TYPES = [
    "home",
    "year",
    "notice",
    "personnel-notice",
    "register",
    "task",
    "project",
    "measure",
    "leader",
    "unit",
    "personnel",
    "bulletins",
    "monthly",
    "quarterly",
    "completion",
    "event",
    "dashboard",
    "schedule",
    "downloads",
    "guide",
    "office",
    "sitemap",
    "catalog",
]
FIXED = {
    "home": "/",
    "year": "/2025/",
    "notice": "/2025/documents/banfa-1/",
    "personnel-notice": "/2025/documents/ren-1/",
    "register": "/2025/tasks/",
    "task": "/2025/tasks/053/",
    "project": "/2025/projects/08/",
    "measure": "/2025/measures/01/",
    "personnel": "/2025/personnel/",
    "bulletins": "/2025/bulletins/",
    "dashboard": "/2025/dashboard/",
    "schedule": "/2025/schedule/",
    "downloads": "/2025/data/",
    "guide": "/guide/",
    "office": "/office/",
    "sitemap": "/sitemap/",
    "catalog": "/disclosure/",
}
FOUND = {
    "leader": ("leaders", ""),
    "unit": ("units", ""),
    "monthly": ("bulletins", "monthly-"),
    "quarterly": ("bulletins", "quarterly-"),
    "completion": ("bulletins", "completed-"),
    "event": ("bulletins", "event-"),
}


def page_paths(site: Path) -> dict[str, str]:
    paths = dict(FIXED)
    for kind, (folder, prefix) in FOUND.items():
        names = sorted(
            d.name
            for d in (site / "2025" / folder).iterdir()
            if d.is_dir() and d.name.startswith(prefix) and (d / "index.html").is_file()
        )
        assert names, f"no {kind} page in {site / '2025' / folder}"
        paths[kind] = f"/2025/{folder}/{names[0]}/"
    for kind, path in paths.items():
        assert (site / path.strip("/") / "index.html").is_file(), f"{kind}: {path} not built"
    return paths


@pytest.fixture(scope="session")
def example_pages(example_site) -> dict[str, str]:
    return page_paths(example_site)


@contextlib.contextmanager
def opened(browser, name: str, viewport=DESKTOP, size: str | None = None, **options):
    """A fresh page in its own context (own localStorage); `size` is a stored text size. When the block
    fails, a screenshot of the page is saved as tests/artifacts/<name>.png."""
    context = browser.new_context(viewport=viewport, **options)
    if size:
        context.add_init_script(f"localStorage.setItem({SIZE_KEY!r}, {size!r})")
    page = context.new_page()
    try:
        yield page
    except BaseException:
        ARTIFACTS.mkdir(exist_ok=True)
        with contextlib.suppress(Exception):
            page.screenshot(path=str(ARTIFACTS / f"{re.sub(r'[^A-Za-z0-9_.-]+', '_', name)}.png"), full_page=True)
        raise
    finally:
        context.close()


def focused(page) -> dict:
    return page.evaluate("""() => { const a = document.activeElement;
        return {tag: a.tagName, cls: String(a.className), text: (a.getAttribute('aria-label') || a.textContent).trim(),
                size: a.getAttribute('data-text-size'), inArticle: !!a.closest('article.md-content__inner'),
                inDrawer: !!a.closest('.md-sidebar--primary')}; }""")


def tab_to(page, predicate, limit: int = 40) -> dict:
    for _ in range(limit):
        page.keyboard.press("Tab")
        now = focused(page)
        if predicate(now):
            return now
    raise AssertionError(f"not reached with {limit} presses of Tab; last focused: {now}")


# ---- axe-core -----------------------------------------------------------------------------------------


def axe_violations(page) -> list[dict]:
    if not AXE.is_file():
        pytest.fail("axe-core 没有安装：运行 npm ci（scripts/test.sh 会运行它）")
    page.add_script_tag(path=str(AXE))
    return page.evaluate("""() => axe.run(document, {
        runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']},
        resultTypes: ['violations']}).then(r => r.violations)""")


def serious(violations: list[dict]) -> str:
    """The serious and critical violations, one readable line per rule and its first elements."""
    lines = []
    for v in violations:
        if v["impact"] in ("serious", "critical"):
            targets = [" ".join(map(str, n["target"])) for n in v["nodes"]]
            more = f" … (+{len(targets) - 5})" if len(targets) > 5 else ""
            lines.append(
                f"{v['id']} ({v['impact']}): {v['help']} — {len(targets)} element(s): "
                f"{'; '.join(targets[:5])}{more}\n    {v['nodes'][0].get('failureSummary', '')}"
            )
    return "\n".join(lines)


@pytest.mark.parametrize("kind", PAGE_TYPES)
def test_axe_finds_no_serious_violation_on_desktop(browser, served_example, example_pages, kind):
    with opened(browser, f"axe-desktop-{kind}") as page:
        page.goto(served_example + example_pages[kind])
        found = serious(axe_violations(page))
        assert not found, f"{example_pages[kind]}:\n{found}"


@pytest.mark.parametrize("kind", PAGE_TYPES)
def test_axe_finds_no_serious_violation_on_a_phone_with_the_largest_text(browser, served_example, example_pages, kind):
    # Here tables scroll sideways (their boxes must be reachable by keyboard) and the header is the phone's.
    with opened(browser, f"axe-phone-xlarge-{kind}", PHONE, size="xlarge") as page:
        page.goto(served_example + example_pages[kind])
        assert "text-size-xlarge" in page.evaluate("document.documentElement.className")
        found = serious(axe_violations(page))
        assert not found, f"{example_pages[kind]}:\n{found}"


def test_axe_finds_no_serious_violation_with_search_results_open(browser, served_example):
    with opened(browser, "axe-search") as page:
        page.goto(served_example + "/")
        page.keyboard.press("/")
        type_query(page, "老旧小区")
        page.wait_for_function("/个符合条件/.test(document.querySelector('.md-search-result__meta').innerText)")
        # The results fade in: measure the colours they settle on, not a frame of the transition.
        page.add_style_tag(
            content="*, *::before, *::after { transition: none !important; animation: none !important; }"
        )
        found = serious(axe_violations(page))
        assert not found, found


@pytest.mark.parametrize("path", ["/", "/2025/documents/banfa-1/", "/2025/tasks/053/"])
def test_axe_finds_no_serious_violation_on_the_shipped_site(browser, served_site, path):
    # Without the example banner and without progress: the site as the office publishes it today.
    with opened(browser, f"axe-shipped-{path}") as page:
        page.goto(served_site + path)
        found = serious(axe_violations(page))
        assert not found, f"{path}:\n{found}"


# ---- What every page says, read from the built files ------------------------------------------------


def built_pages(site: Path):
    for html in sorted(site.rglob("*.html")):
        yield html.relative_to(site).as_posix(), BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")


@pytest.fixture(scope="session")
def parsed_pages(site, example_site):
    return [
        (f"{label}:{name}", soup)
        for label, built in (("site", site), ("example", example_site))
        for name, soup in built_pages(built)
    ]


def test_every_page_is_in_chinese(parsed_pages):
    wrong = [name for name, soup in parsed_pages if soup.html.get("lang") != "zh"]
    assert not wrong, f'<html lang="zh"> missing: {wrong[:10]}'


def test_every_table_has_header_cells(parsed_pages):
    tables = 0
    wrong = []
    for name, soup in parsed_pages:
        for table in soup.select("article table"):
            tables += 1
            if not table.find("th"):
                wrong.append(f"{name}: {table.get_text(' ', strip=True)[:60]}")
    assert tables > 100
    assert not wrong, "tables without <th>:\n" + "\n".join(wrong[:20])


def test_every_chart_is_an_image_with_a_name(parsed_pages):
    charts = 0
    wrong = []
    for name, soup in parsed_pages:
        for svg in soup.select("article svg"):
            charts += 1
            label = svg.get("aria-label", "").strip()
            named = [soup.find(id=i) for i in svg.get("aria-labelledby", "").split()]
            if not label and named and all(named):
                label = " ".join(n.get_text(" ", strip=True) for n in named)
            if svg.get("role") != "img" or not label:
                wrong.append(f"{name}: {str(svg)[:120]}")
    assert charts >= 3
    assert not wrong, "charts without role=img and a name:\n" + "\n".join(wrong[:20])


def test_the_charts_names_reach_the_browser(browser, served_example, example_pages):
    with opened(browser, "chart-names") as page:
        page.goto(served_example + example_pages["dashboard"])
        svgs = page.locator("article svg")
        assert svgs.count() >= 3
        for i in range(svgs.count()):
            name = svgs.nth(i).get_attribute("aria-labelledby").split()[0]
            title = page.locator(f"[id='{name}']").text_content().strip()
            assert page.get_by_role("img", name=title).count() >= 1, title


def test_the_text_size_script_is_set_before_the_page_body(parsed_pages):
    # A plain <script src> in <head>: it runs before <body> is read, so the page is drawn at the chosen
    # size from the start. Not inline: the CSP (deploy/nginx.conf) allows only hashed inline scripts.
    for name, soup in parsed_pages[:5] + parsed_pages[-5:]:
        scripts = [s for s in soup.head.find_all("script") if "reading.js" in (s.get("src") or "")]
        assert len(scripts) == 1, name
        assert not scripts[0].has_attr("async") and not scripts[0].has_attr("defer"), name
        assert soup.select_one(".text-size [data-text-size='large']"), name


# ---- The keyboard -----------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", PAGE_TYPES)
def test_the_first_tab_reaches_the_skip_link_which_moves_to_the_content(browser, served_example, example_pages, kind):
    with opened(browser, f"skip-{kind}") as page:
        page.goto(served_example + example_pages[kind])
        page.keyboard.press("Tab")
        first = focused(page)
        assert "md-skip" in first["cls"] and first["text"] == "跳转至", first
        box = page.locator(".md-skip").bounding_box()
        assert box and box["y"] >= 0 and box["x"] >= 0, "the focused skip link is on the screen"
        page.keyboard.press("Enter")
        target = page.evaluate("decodeURIComponent(location.hash.slice(1))")
        assert page.evaluate("id => document.activeElement.id === id", target), f"#{target}: {focused(page)}"
        assert focused(page)["inArticle"]
        header = page.locator(".md-header").bounding_box()
        assert page.evaluate("document.activeElement.getBoundingClientRect().top") >= header["y"] + header["height"] - 1
        # The next Tab continues in the content (where it has links).
        if page.locator("article a[href]").count():
            page.keyboard.press("Tab")
            after = focused(page)
            assert after["inArticle"], f"after the skip link, Tab goes to {after}"


def type_query(page, words: str):
    """Chinese as an input method commits it: inserted text (an `input` event, no key events)."""
    page.keyboard.insert_text(words)
    page.wait_for_selector(".md-search-result__item")


def test_search_opens_with_the_keyboard_and_its_results_are_reached_with_arrow_keys(browser, served_example):
    with opened(browser, "search-keyboard") as page:
        page.goto(served_example + "/2025/")
        reached = tab_to(page, lambda f: "md-search__input" in f["cls"])
        assert reached["text"] == "搜索"
        type_query(page, "老旧小区")
        page.keyboard.press("ArrowDown")
        result = focused(page)
        assert "md-search-result__link" in result["cls"], result
        href = page.evaluate("document.activeElement.href")
        page.keyboard.press("Enter")
        page.wait_for_url(href.split("?")[0] + "**")
        # The "/" key opens it too, from anywhere on the page.
        page.keyboard.press("/")
        assert "md-search__input" in focused(page)["cls"]
        assert page.evaluate("document.getElementById('__search').checked")


def test_on_a_phone_the_menu_and_search_buttons_work_with_the_keyboard(browser, served_example):
    with opened(browser, "phone-keyboard", PHONE) as page:
        page.goto(served_example + "/2025/tasks/053/")
        # The closed drawer, off the screen, is skipped: Tab goes from the header to the page itself.
        order = []
        for _ in range(8):
            page.keyboard.press("Tab")
            order.append(focused(page))
        assert not any(f["inDrawer"] for f in order), order
        assert [f["text"] for f in order[:3]] == ["跳转至", "导航菜单", "搜索"], order
        page.keyboard.press("Shift+Tab")
        while focused(page)["text"] != "导航菜单":
            page.keyboard.press("Shift+Tab")
        page.keyboard.press("Enter")
        assert page.evaluate("document.getElementById('__drawer').checked")
        page.wait_for_function(
            "!!document.activeElement.closest('.md-sidebar--primary')"
        )  # the opened menu takes the focus
        page.keyboard.press("Tab")
        assert focused(page)["inDrawer"]
        page.keyboard.press("Escape")
        assert not page.evaluate("document.getElementById('__drawer').checked")
        assert focused(page)["text"] == "导航菜单"
        page.keyboard.press("Tab")
        page.keyboard.press(" ")
        assert page.evaluate("document.getElementById('__search').checked")
        assert "md-search__input" in focused(page)["cls"]
        type_query(page, "老旧小区")
        page.keyboard.press("ArrowDown")
        assert "md-search-result__link" in focused(page)["cls"]


def test_a_table_that_scrolls_sideways_can_be_scrolled_with_the_keyboard(browser, served_example, example_pages):
    with opened(browser, "scroll-region", PHONE, size="xlarge") as page:
        page.goto(served_example + example_pages["task"])
        region = tab_to(page, lambda f: f["tag"] == "DIV" and "表格" in f["text"], limit=80)
        assert "可左右滚动" in region["text"]
        before = page.evaluate("document.activeElement.scrollLeft")
        page.keyboard.press("ArrowRight")
        page.wait_for_function("x => document.activeElement.scrollLeft > x", arg=before)
        assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"


def test_the_text_size_control_works_with_the_keyboard_and_a_screen_reader(browser, served_example):
    with opened(browser, "text-size-keyboard") as page:
        page.goto(served_example + "/2025/")
        group = page.get_by_role("group", name="字号")
        assert group.is_visible()
        assert group.get_by_role("button", name="标准", pressed=True).count() == 1
        tab_to(page, lambda f: f["size"] == "large")
        page.keyboard.press("Enter")
        assert "text-size-large" in page.evaluate("document.documentElement.className")
        assert group.get_by_role("button", name="大", exact=True, pressed=True).count() == 1
        assert group.get_by_role("button", name="标准", pressed=False).count() == 1
        page.keyboard.press("Tab")
        assert focused(page)["size"] == "xlarge"
        page.keyboard.press(" ")
        assert "text-size-xlarge" in page.evaluate("document.documentElement.className")
        page.keyboard.press("Shift+Tab")
        page.keyboard.press("Shift+Tab")
        assert focused(page)["size"] == "standard"
        page.keyboard.press("Enter")
        classes = page.evaluate("document.documentElement.className")
        assert "text-size-large" not in classes and "text-size-xlarge" not in classes
        assert page.evaluate(f"localStorage.getItem({SIZE_KEY!r})") == "standard"


# ---- Phones: nothing scrolls sideways ---------------------------------------------------------------

OVERFLOW = """() => {
  const width = window.innerWidth;
  const scrolls = el => ['auto', 'scroll'].includes(getComputedStyle(el).overflowX);
  // Visible things that stick out past the right edge, not inside a box that scrolls or clips them.
  const out = [];
  for (const el of document.querySelectorAll('body *')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.right <= width + 1 || getComputedStyle(el).visibility === 'hidden') continue;
    let p = el.parentElement, contained = false;
    while (p && p !== document.body) {
      if (getComputedStyle(p).overflowX !== 'visible' && p.getBoundingClientRect().right <= width + 1) {
        contained = true; break;
      }
      p = p.parentElement;
    }
    if (!contained && !el.closest('.md-sidebar--primary, .md-search')) {
      out.push(`${el.tagName.toLowerCase()}.${String(el.className).trim().replace(/\\s+/g, '.')} ` +
               `(right edge ${Math.round(r.right)} px) “${(el.textContent || '').trim().slice(0, 30)}”`);
    }
  }
  // Each table wider than the content is inside a box that scrolls and that itself fits the screen.
  const tables = [];
  for (const table of document.querySelectorAll('article table')) {
    const r = table.getBoundingClientRect();
    let box = table;
    while (box && !(scrolls(box) && box.scrollWidth > box.clientWidth)) box = box.parentElement;
    const wide = table.scrollWidth > table.parentElement.clientWidth + 1 || r.right > width + 1;
    if (wide && (!box || box.getBoundingClientRect().right > width + 1)) {
      tables.push((table.querySelector('caption, th') || table).textContent.trim().slice(0, 40));
    }
  }
  // Text cut off: a box in the content that hides what overflows it, with more inside than it shows (not one of
  // 1 px, for screen readers only).
  const clipped = [];
  for (const el of document.querySelectorAll('article *')) {
    if (['hidden', 'clip'].includes(getComputedStyle(el).overflowX) && el.scrollWidth > el.clientWidth + 1
        && el.getBoundingClientRect().width > 1
        && (el.textContent || '').trim()) {
      clipped.push(`${el.tagName.toLowerCase()}.${String(el.className).trim()} ` +
                   `“${el.textContent.trim().slice(0, 30)}”`);
    }
  }
  return {scrollWidth: document.documentElement.scrollWidth, width, out: out.slice(0, 10), tables, clipped};
}"""


def no_sideways_scroll(page, where: str):
    found = page.evaluate(OVERFLOW)
    assert found["scrollWidth"] <= found["width"], (
        f"{where}: the page is {found['scrollWidth']} px wide: {found['out']}"
    )
    assert not found["out"], f"{where}: past the right edge: {found['out']}"
    assert not found["tables"], f"{where}: wide tables outside a scrolling box: {found['tables']}"
    assert not found["clipped"], f"{where}: text cut off: {found['clipped']}"


@pytest.mark.parametrize(
    "viewport, size",
    [(PHONE, "standard"), (SMALL_PHONE, "standard"), (PHONE, "xlarge"), (SMALL_PHONE, "xlarge")],
    ids=["375", "320", "375-xlarge", "320-xlarge"],
)  # 大: test_the_text_size_is_kept…
@pytest.mark.parametrize("kind", PAGE_TYPES)
def test_no_page_scrolls_sideways_on_a_phone(browser, served_example, example_pages, kind, viewport, size):
    name = f"phone-{viewport['width']}-{size}-{kind}"
    with opened(browser, name, viewport, size=size) as page:
        page.goto(served_example + example_pages[kind])
        if size != "standard":
            assert f"text-size-{size}" in page.evaluate("document.documentElement.className")
        if viewport is PHONE:  # for a human look: CI keeps tests/artifacts/ with the run
            SCREENS.mkdir(parents=True, exist_ok=True)
            page.screenshot(
                path=str(SCREENS / f"{kind}-375-{size}.png"),
                full_page=True,
                clip={"x": 0, "y": 0, "width": PHONE["width"], "height": 2 * PHONE["height"]},
            )
        no_sideways_scroll(page, f"{example_pages[kind]} at {viewport['width']} px, {size}")
        # The header covers nothing: the title starts below it.
        header = page.locator(".md-header").bounding_box()
        title = page.locator("article h1").first.bounding_box()
        assert title["y"] >= header["y"] + header["height"], (header, title)
        # The text size control fits on one line.
        control = page.locator(".text-size").bounding_box()
        buttons = page.locator(".text-size__button").evaluate_all("bs => bs.map(b => b.getBoundingClientRect().top)")
        assert max(buttons) - min(buttons) < 2, f"the 字号 buttons wrap: {buttons}"
        assert control["x"] >= 0 and control["x"] + control["width"] <= viewport["width"]


# ---- 适老化: the text size ---------------------------------------------------------------------------


def body_text_size(page) -> float:
    return page.evaluate("parseFloat(getComputedStyle(document.querySelector('article p')).fontSize)")


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_the_text_size_is_kept_from_page_to_page(browser, served_example, example_pages, viewport):
    with opened(browser, f"text-size-{viewport['width']}", viewport) as page:
        page.goto(served_example + example_pages["task"])
        standard = body_text_size(page)
        header_px = page.locator(".md-header").bounding_box()["height"]
        for label, size in (("大", "large"), ("特大", "xlarge")):
            page.get_by_role("button", name=label, exact=True).click()
            assert body_text_size(page) == pytest.approx(standard * SIZES[size], rel=0.02)
            # Another page, reached by a link as a reader would: the same size, from the start.
            page.locator("article a[href$='/documents/banfa-1/']").first.click()
            page.wait_for_url("**/documents/banfa-1/")
            assert f"text-size-{size}" in page.evaluate("document.documentElement.className")
            assert page.get_by_role("button", name=label, exact=True).get_attribute("aria-pressed") == "true"
            assert body_text_size(page) == pytest.approx(standard * SIZES[size], rel=0.02)
            # Everything grows, the header too, and it covers neither the title nor a heading jumped to.
            assert page.locator(".md-header").bounding_box()["height"] == pytest.approx(
                header_px * SIZES[size], rel=0.05
            )
            header = page.locator(".md-header").bounding_box()
            assert page.locator("article h1").bounding_box()["y"] >= header["y"] + header["height"]
            no_sideways_scroll(page, f"banfa-1 at {viewport['width']} px, {size}")
            heading = page.locator("article h2[id]").nth(2)
            page.goto(f"{page.url.split('#')[0]}#{heading.get_attribute('id')}")
            header = page.locator(".md-header").bounding_box()
            assert heading.bounding_box()["y"] >= header["y"] + header["height"] - 1
            page.goto(served_example + example_pages["task"])
        page.get_by_role("button", name="标准").click()
        assert body_text_size(page) == pytest.approx(standard)


def test_the_size_is_on_the_page_before_it_is_drawn(browser, served_example):
    # Recorded at the moment <body> is created, before anything of the page can be drawn.
    with opened(browser, "text-size-early", size="large") as page:
        page.add_init_script("""new MutationObserver((_, observer) => {
            if (document.body) { window.__classesAtBody = document.documentElement.className; observer.disconnect(); }
        }).observe(document, {childList: true, subtree: true});""")
        page.goto(served_example + "/2025/")
        assert "text-size-large" in page.evaluate("window.__classesAtBody")


def test_without_javascript_no_useless_buttons_are_shown(browser, served_example):
    with opened(browser, "no-js", java_script_enabled=False) as page:
        page.goto(served_example + "/2025/")
        assert not page.locator(".text-size").is_visible()


# ---- Phones: lists show their status, targets a finger can hit ------------------------------------------

CARDS = """() => [...document.querySelectorAll('article .item-table tbody tr')].map(tr => {
  const box = el => {
    const r = el.getBoundingClientRect();
    return {left: r.left, right: r.right, top: r.top, bottom: r.bottom};
  };
  const number = tr.querySelector('td:first-child a'), status = tr.querySelector('.status');
  return {card: box(tr), number: box(number), href: number.href, link: number.getAttribute('href'),
          status: status && box(status), word: status && status.textContent.trim()};
})"""


@pytest.mark.parametrize("size", ["standard", "xlarge"])
@pytest.mark.parametrize("kind", ["register", "leader", "unit", "notice"])
def test_on_a_phone_each_list_row_is_a_card_with_its_number_and_status_first(
    browser, served_example, example_pages, kind, size
):
    with opened(browser, f"cards-{kind}-{size}", PHONE, size=size) as page:
        page.goto(served_example + example_pages[kind])
        cards = page.evaluate(CARDS)
        assert cards, "no list on the page"
        for row in cards:
            number, status, card = row["number"], row["status"], row["card"]
            assert 0 <= card["left"] and card["right"] <= PHONE["width"], row
            assert number["right"] <= PHONE["width"], row
            if kind == "notice":  # the notice's own table: no status of the site's
                assert status is None, row
                continue
            # The status word on the card's first line, beside the number, inside the screen.
            assert status and status["right"] <= card["right"] and status["top"] < number["bottom"], row
            assert card["bottom"] - card["top"] >= 44, row
        # The whole card is the link: a tap in its empty top corner, beside the status, opens the item.
        for row in (cards[0], cards[-1]):
            page.goto(served_example + example_pages[kind])
            card = (
                page.locator("article .item-table tbody tr").filter(has=page.locator(f"a[href='{row['link']}']")).first
            )
            # Its top a third down the screen, clear of the header, however tall the card.
            card.evaluate("el => window.scrollBy(0, el.getBoundingClientRect().top - innerHeight / 3)")
            box = card.bounding_box()
            page.mouse.click(box["x"] + box["width"] - 6, box["y"] + 6)
            page.wait_for_url(row["href"])


TARGETS = """() => {
  const width = window.innerWidth, small = [];
  const BLOCK = 'p, li, td, th, dd, dt, figcaption, h1, h2, h3, h4, h5, h6, caption, div';
  const TAPPABLE = 'a[href], button, select, input, label[tabindex], [role=button], summary';
  for (const el of document.querySelectorAll(TAPPABLE)) {
    const r = el.getBoundingClientRect(), style = getComputedStyle(el);
    if (!r.width || !r.height || r.right <= 0 || r.left >= width || style.visibility === 'hidden'
        || style.opacity === '0' || el.closest('[inert], [hidden], .md-skip')) continue;
    // A link inside a sentence keeps the sentence's lines (WCAG 2.5.5's exception for inline targets).
    const block = el.parentElement.closest(BLOCK), own = (el.textContent || '').replace(/\\s+/g, '');
    if (el.tagName === 'A' && block && block.textContent.replace(/\\s+/g, '').length > own.length) continue;
    // A link stretched over its card (::after) is as large as the card.
    let w = r.width, h = r.height;
    if (getComputedStyle(el, '::after').position === 'absolute') {
      let p = el.parentElement;
      while (p && getComputedStyle(p).position === 'static') p = p.parentElement;
      if (p) { const c = p.getBoundingClientRect(); w = Math.max(w, c.width); h = Math.max(h, c.height); }
    }
    if (w < 43.5 || h < 43.5) {
      small.push(`${el.tagName.toLowerCase()}.${String(el.className).trim()} ` +
                 `${Math.round(w)}×${Math.round(h)} “${own.slice(0, 20)}”`);
    }
  }
  return small;
}"""


@pytest.mark.parametrize("size", ["standard", "xlarge"])
@pytest.mark.parametrize("kind", PAGE_TYPES)
def test_on_a_phone_every_target_is_44_pixels(browser, served_example, example_pages, kind, size):
    with opened(browser, f"targets-{kind}-{size}", PHONE, size=size) as page:
        page.goto(served_example + example_pages[kind])
        small = page.evaluate(TARGETS)
        assert not small, f"{kind} at 375 px, {size}: targets under 44 × 44 px: {small[:8]}"


def test_on_a_phone_the_menus_targets_are_44_pixels(browser, served_example, example_pages):
    with opened(browser, "targets-menu", PHONE) as page:
        page.goto(served_example + example_pages["task"])
        page.locator(".md-header label[for='__drawer']").click()
        page.wait_for_function("document.querySelector('.md-sidebar--primary').getBoundingClientRect().left >= 0")
        # Open, the menu is no longer inert: its links are among the targets measured.
        assert page.evaluate("document.querySelectorAll('.md-sidebar--primary:not([inert]) a[href]').length") > 3
        small = page.evaluate(TARGETS)
        assert not small, f"targets under 44 × 44 px in the menu: {small[:8]}"


def chart_text_px(page) -> float:
    """The rendered size of the first chart's text: its font size in SVG units, scaled as drawn."""
    return page.evaluate("""() => { const svg = document.querySelector('article svg.chart-svg');
        return parseFloat(svg.getAttribute('font-size')) * svg.getBoundingClientRect().width /
            svg.viewBox.baseVal.width; }""")


def table_text_px(page) -> float:
    return page.evaluate("parseFloat(getComputedStyle(document.querySelector('article table td')).fontSize)")


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_charts_and_tables_grow_with_the_text_size(browser, served_example, example_pages, viewport):
    sizes = {}
    for size in SIZES:
        with opened(browser, f"chart-size-{viewport['width']}-{size}", viewport, size=size) as page:
            page.goto(served_example + example_pages["dashboard"])
            sizes[size] = chart_text_px(page), table_text_px(page), body_text_size(page)
    (chart, table, body) = sizes["standard"]
    # Read at the standard size: a chart's labels not below 12 px (6–7 px on a phone before), a list's text close
    # to the body's (12.8 against 17 px before).
    assert chart >= 12 and table >= 0.9 * body, sizes
    for size, factor in SIZES.items():
        assert sizes[size][1] == pytest.approx(table * factor, rel=0.05), (size, sizes)
        # A chart's labels grow with the table's (a chart may shrink a little to fit before its box scrolls).
        assert sizes[size][0] >= 0.75 * sizes[size][1], (size, sizes)
    assert sizes["standard"][0] < sizes["large"][0] < sizes["xlarge"][0], sizes


def test_a_box_that_scrolls_sideways_says_so(browser, served_example, example_pages):
    with opened(browser, "scroll-hint", PHONE, size="xlarge") as page:
        page.goto(served_example + example_pages["dashboard"])
        page.wait_for_load_state("load")
        found = page.evaluate("""() => [...document.querySelectorAll('[data-scroll-region]')].map(box => {
            const hint = box.previousElementSibling;
            return {hint: hint && hint.classList.contains('scroll-hint') ? hint.textContent : null,
                    seen: !!hint && hint.getBoundingClientRect().height > 0};
        })""")
        assert len(found) >= 2 and all(f["hint"] and "左右滑动" in f["hint"] and f["seen"] for f in found), found
        assert page.locator(".scroll-hint").count() == len(found)  # one line per box, none without a box
    # At the standard size on a desktop the same page needs none.
    with opened(browser, "scroll-hint-desktop") as page:
        page.goto(served_example + example_pages["dashboard"])
        page.wait_for_load_state("load")
        assert page.locator(".scroll-hint").count() == 0


# ---- 高对比度 ---------------------------------------------------------------------------------------------


def luminance(rgb: str) -> float:
    channels = [int(c) / 255 for c in re.findall(r"\d+", rgb)[:3]]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


COLOURS = """() => { const c = (sel, prop) => getComputedStyle(document.querySelector(sel))[prop];
  return {text: c('article p', 'color'), link: c('article p a', 'color'), header: c('.md-header', 'backgroundColor'),
          badges: [...document.querySelectorAll('article .status')]
            .map(b => [getComputedStyle(b).color, getComputedStyle(b).backgroundColor])}; }"""


def test_high_contrast_is_a_switch_kept_from_page_to_page(browser, served_example, example_pages):
    with opened(browser, "contrast") as page:
        page.goto(served_example + example_pages["task"])
        switch = page.get_by_role("button", name="高对比度")
        assert switch.get_attribute("aria-pressed") == "false"
        standard = page.evaluate(COLOURS)
        switch.click()
        assert "contrast-high" in page.evaluate("document.documentElement.className")
        assert switch.get_attribute("aria-pressed") == "true"
        page.reload()  # the colours as a page is first drawn with the setting (Material's links fade in 0.125 s)
        assert "contrast-high" in page.evaluate("document.documentElement.className")
        high = page.evaluate(COLOURS)
        assert high["text"] == "rgb(0, 0, 0)" and standard["text"] != high["text"]
        assert contrast(high["link"], "rgb(255, 255, 255)") >= 7 and contrast(high["header"], "rgb(255, 255, 255)") >= 7
        assert high["badges"] and all(contrast(fg, bg) >= 7 for fg, bg in high["badges"]), high["badges"]
        # Kept on the next page, from the start; pressed again, the standard colours come back.
        page.locator("article a[href$='/documents/banfa-1/']").first.click()
        page.wait_for_url("**/documents/banfa-1/")
        assert "contrast-high" in page.evaluate("document.documentElement.className")
        page.get_by_role("button", name="高对比度").click()
        assert "contrast-high" not in page.evaluate("document.documentElement.className")
        assert page.evaluate(f"localStorage.getItem({CONTRAST_KEY!r})") == "standard"


@pytest.mark.parametrize("kind", ["task", "dashboard"])
def test_axe_finds_no_serious_violation_in_high_contrast(browser, served_example, example_pages, kind):
    with opened(browser, f"axe-contrast-{kind}", PHONE, size="xlarge") as page:
        page.add_init_script(f"localStorage.setItem({CONTRAST_KEY!r}, 'high')")
        page.goto(served_example + example_pages[kind])
        assert "contrast-high" in page.evaluate("document.documentElement.className")
        assert not serious(axe_violations(page))
