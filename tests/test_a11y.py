"""Accessibility, phones and elderly readers (适老化), in Debian's chromium over the built example site,
which has every page type:

- axe-core (node_modules/axe-core, from package-lock.json) finds no serious or critical WCAG 2.1 A/AA
  violation on any page type, on a desktop and on a phone with the largest text;
- every page says <html lang="zh">, every table has header cells, every chart is an image with a name;
- the keyboard alone: the skip link, the search and its results, the phone's menu, the text size control;
- at 375 and 320 pixels wide no page scrolls sideways, and a wide table scrolls inside its own box;
- the text size control (字号：标准 / 大 / 特大) enlarges the whole site, is remembered between pages,
  and breaks no layout.

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

SIZE_KEY = "shizhong.text-size"          # content/assets/text-size.js
SIZES = {"standard": 1.0, "large": 1.25, "xlarge": 1.5}
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 375, "height": 812}
SMALL_PHONE = {"width": 320, "height": 640}

# Each page type of the site; the paths that depend on the data are found in the built site.
PAGE_TYPES = ["home", "year", "notice", "personnel-notice", "register", "task", "project", "measure", "leader",
              "unit", "personnel", "bulletins", "monthly", "quarterly", "completion", "event", "dashboard",
              "schedule", "downloads", "guide", "office"]
FIXED = {"home": "/", "year": "/2025/", "notice": "/2025/documents/banfa-1/", "personnel-notice": "/2025/documents/ren-1/",
         "register": "/2025/tasks/", "task": "/2025/tasks/053/", "project": "/2025/projects/08/",
         "measure": "/2025/measures/01/", "personnel": "/2025/personnel/", "bulletins": "/2025/bulletins/",
         "dashboard": "/2025/dashboard/", "schedule": "/2025/schedule/", "downloads": "/2025/data/",
         "guide": "/guide/", "office": "/office/"}
FOUND = {"leader": ("leaders", ""), "unit": ("units", ""), "monthly": ("bulletins", "monthly-"),
         "quarterly": ("bulletins", "quarterly-"), "completion": ("bulletins", "completed-"),
         "event": ("bulletins", "event-")}


def page_paths(site: Path) -> dict[str, str]:
    paths = dict(FIXED)
    for kind, (folder, prefix) in FOUND.items():
        names = sorted(d.name for d in (site / "2025" / folder).iterdir()
                       if d.is_dir() and d.name.startswith(prefix) and (d / "index.html").is_file())
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
            lines.append(f"{v['id']} ({v['impact']}): {v['help']} — {len(targets)} element(s): "
                         f"{'; '.join(targets[:5])}{more}\n    {v['nodes'][0].get('failureSummary', '')}")
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
        page.add_style_tag(content="*, *::before, *::after { transition: none !important; animation: none !important; }")
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
    return [(f"{label}:{name}", soup) for label, built in (("site", site), ("example", example_site))
            for name, soup in built_pages(built)]


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
        scripts = [s for s in soup.head.find_all("script") if "text-size.js" in (s.get("src") or "")]
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
        page.wait_for_function("!!document.activeElement.closest('.md-sidebar--primary')")  # the opened menu takes the focus
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
    with opened(browser, "scroll-region", PHONE) as page:
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
      if (getComputedStyle(p).overflowX !== 'visible' && p.getBoundingClientRect().right <= width + 1) { contained = true; break; }
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
  return {scrollWidth: document.documentElement.scrollWidth, width, out: out.slice(0, 10), tables};
}"""


def no_sideways_scroll(page, where: str):
    found = page.evaluate(OVERFLOW)
    assert found["scrollWidth"] <= found["width"], f"{where}: the page is {found['scrollWidth']} px wide: {found['out']}"
    assert not found["out"], f"{where}: past the right edge: {found['out']}"
    assert not found["tables"], f"{where}: wide tables outside a scrolling box: {found['tables']}"


@pytest.mark.parametrize("viewport, size", [(PHONE, "standard"), (SMALL_PHONE, "standard"),
                                            (PHONE, "xlarge"), (SMALL_PHONE, "xlarge")],
                         ids=["375", "320", "375-xlarge", "320-xlarge"])   # 大: test_the_text_size_is_kept…
@pytest.mark.parametrize("kind", PAGE_TYPES)
def test_no_page_scrolls_sideways_on_a_phone(browser, served_example, example_pages, kind, viewport, size):
    name = f"phone-{viewport['width']}-{size}-{kind}"
    with opened(browser, name, viewport, size=size) as page:
        page.goto(served_example + example_pages[kind])
        if size != "standard":
            assert f"text-size-{size}" in page.evaluate("document.documentElement.className")
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
            assert page.locator(".md-header").bounding_box()["height"] == pytest.approx(header_px * SIZES[size], rel=0.05)
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
