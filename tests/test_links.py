"""Every internal link and anchor of the built site resolves: a crawler over the built folders, no browser.

Each HTML page is parsed; every `href`, `src` and `srcset` that stays on the site (relative, or starting
with `/`) is resolved against the page's own URL (use_directory_urls: /2025/tasks/053/ is
2025/tasks/053/index.html), the target file must exist, and a `#fragment` must be the id (or `<a name>`)
of an element of the target page. The feed's links (relative to /feed.xml) and the sitemap's are checked
the same way. All broken links are collected and reported at once, as page → link.
"""

from __future__ import annotations

import functools
import re
import urllib.parse
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

LINK_ATTRIBUTES = ("href", "src", "xlink:href", "action", "poster", "data")
CSS_URL = re.compile(r"url\(\s*([^)]*?)\s*\)")
EXTERNAL = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:|^//")  # a scheme (https:, mailto:, data:, …) or //host


def page_url(site: Path, path: Path) -> str:
    """The URL path a built file is served at: a/b/index.html → /a/b/, 404.html → /404.html."""
    relative = path.relative_to(site).as_posix()
    if relative == "index.html":
        return "/"
    if relative.endswith("/index.html"):
        return "/" + relative[: -len("index.html")]
    return "/" + relative


def target_file(site: Path, url_path: str) -> Path | None:
    """The file a URL path is served from, or None: a folder is served by its index.html."""
    relative = urllib.parse.unquote(url_path).lstrip("/")
    candidate = site / relative
    if not candidate.resolve().is_relative_to(site.resolve()):
        return None  # a link climbing out of the site
    if url_path.endswith("/") or relative == "":
        candidate = candidate / "index.html"
    elif candidate.is_dir():
        candidate = candidate / "index.html"
    return candidate if candidate.is_file() else None


@functools.lru_cache(maxsize=None)
def soup_of(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text("utf-8"), "html.parser")


@functools.lru_cache(maxsize=None)
def anchors_of(path: Path) -> frozenset[str]:
    """The fragments a page answers to: every id, and the name of every <a name>."""
    soup = soup_of(path)
    ids = {tag["id"] for tag in soup.find_all(id=True)}
    ids |= {tag["name"] for tag in soup.find_all("a", attrs={"name": True})}
    return frozenset(ids)


def references(soup: BeautifulSoup) -> list[str]:
    """Every URL the page refers to through an attribute: href, src, srcset candidates, SVG xlink:href."""
    found = []
    for tag in soup.find_all(True):
        for attribute in LINK_ATTRIBUTES:
            value = tag.get(attribute)
            if isinstance(value, str) and value.strip():
                found.append(value.strip())
        srcset = tag.get("srcset")
        if isinstance(srcset, str):
            found += [candidate.split()[0] for candidate in srcset.split(",") if candidate.strip()]
    return found


def check(site: Path, base: str, link: str) -> str | None:
    """Why `link`, found on the page at URL path `base`, does not resolve; None when it does (or is external)."""
    if EXTERNAL.match(link):
        return None
    resolved = urllib.parse.urljoin(f"http://site{base}", link)
    parts = urllib.parse.urlsplit(resolved)
    target = target_file(site, parts.path)
    if target is None:
        return f"no file for {parts.path}"
    fragment = urllib.parse.unquote(parts.fragment)
    if fragment and target.suffix == ".html" and fragment not in anchors_of(target):
        return f"no id “{fragment}” in {target.relative_to(site).as_posix()}"
    if fragment and target.suffix != ".html":
        return f"fragment “{fragment}” on a file that is not a page"
    return None


def broken_links(site: Path) -> tuple[list[str], int]:
    """(every broken internal link as 'page → link: why', how many internal links were checked)."""
    broken, checked = [], 0
    for path in sorted(site.rglob("*.html")):
        base = page_url(site, path)
        for link in references(soup_of(path)):
            if EXTERNAL.match(link):
                continue
            checked += 1
            if problem := check(site, base, link):
                broken.append(f"{base} → {link}: {problem}")
    for path in sorted(site.rglob("*.css")):  # url(…) in style sheets: images, fonts
        base = page_url(site, path)
        for link in CSS_URL.findall(path.read_text("utf-8")):
            link = link.strip("'\" ")
            if EXTERNAL.match(link) or link.startswith("#"):
                continue
            checked += 1
            if problem := check(site, base, link):
                broken.append(f"{base} → {link}: {problem}")
    return broken, checked


def feed_links(site: Path) -> list[str]:
    """The href of every <link> of feed.xml."""
    root = ET.parse(site / "feed.xml").getroot()
    return [link.get("href") for link in root.iter("{http://www.w3.org/2005/Atom}link")]


def sitemap_locations(site: Path) -> list[str]:
    root = ET.parse(site / "sitemap.xml").getroot()
    return [(loc.text or "").strip() for loc in root.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]


def external_links(site: Path) -> set[str]:
    """Links to another host or scheme: allowed as links, never as requests (see test_reader)."""
    found = set()
    for path in site.rglob("*.html"):
        found |= {link for link in references(soup_of(path)) if EXTERNAL.match(link)}
    return found


@pytest.fixture(scope="module", params=["site", "example_site"])
def built(request) -> Path:
    return request.getfixturevalue(request.param)


def test_every_internal_link_and_anchor_resolves(built):
    broken, checked = broken_links(built)
    assert checked > 1000, f"only {checked} internal links found: is the crawler reading the pages?"
    assert not broken, f"{len(broken)} broken links of {checked}:\n" + "\n".join(broken)


def test_every_page_is_reached_by_a_link(built):
    """The crawler sees the whole site: every page is the target of some link of another page, but for the staff's
    guide, which is kept out of the readers' way (noindex) and reached by its address."""
    linked = set()
    for path in built.rglob("*.html"):
        base = page_url(built, path)
        for link in references(soup_of(path)):
            if not EXTERNAL.match(link):
                target = target_file(
                    built, urllib.parse.urlsplit(urllib.parse.urljoin(f"http://site{base}", link)).path
                )
                if target is not None and target != path:
                    linked.add(target)
    pages = {path for path in built.rglob("index.html") if 'content="noindex"' not in path.read_text("utf-8")}
    assert built / "office" / "index.html" not in pages and len(pages) > 100
    assert sorted(p.relative_to(built).as_posix() for p in pages - linked) == []


def test_the_feed_links_resolve(built):
    links = feed_links(built)
    assert len(links) >= 2  # self and the site
    broken = [f"/feed.xml → {link}: {problem}" for link in links if (problem := check(built, "/feed.xml", link))]
    assert not [link for link in links if EXTERNAL.match(link)], "the feed links only to the site itself"
    assert not broken, "\n".join(broken)


def test_the_sitemap_links_resolve(built):
    """Without a site_url MkDocs writes an empty sitemap; whatever it lists must exist."""
    broken = []
    for location in sitemap_locations(built):
        path = urllib.parse.urlsplit(location).path or "/"
        if target_file(built, path) is None:
            broken.append(f"/sitemap.xml → {location}")
    assert not broken, "\n".join(broken)


def test_links_to_other_hosts_are_only_plain_links(built):
    """Nothing the browser loads by itself (scripts, styles, images, frames) comes from another host;
    an <a href> to another site is allowed, as a link the reader chooses to follow."""
    loaded = []
    for path in built.rglob("*.html"):
        for tag in soup_of(path).find_all(
            ["script", "link", "img", "iframe", "source", "video", "audio", "embed", "object", "image", "use"]
        ):
            if tag.name == "link" and "alternate" in (tag.get("rel") or []):
                continue
            for link in [tag.get(a) for a in LINK_ATTRIBUTES]:
                if isinstance(link, str) and EXTERNAL.match(link) and not link.startswith("data:"):
                    loaded.append(f"{page_url(built, path)} → <{tag.name}> {link}")
    assert not loaded, "\n".join(sorted(set(loaded)))


def test_the_crawler_catches_broken_links(tmp_path):
    """The checker itself: a missing page, a missing anchor, an existing anchor, a folder URL."""
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text('<h2 id="x">x</h2><a name="old"></a>', "utf-8")
    (tmp_path / "index.html").write_text(
        '<a href="a/">ok</a><a href="a/#x">ok</a><a href="a/#old">ok</a><a href="#top-missing">bad</a>'
        '<a href="b/">bad</a><a href="a/#y">bad</a><a href="https://example.org/">external</a>'
        '<img src="/a/index.html">',
        "utf-8",
    )
    soup_of.cache_clear()
    anchors_of.cache_clear()
    broken, checked = broken_links(tmp_path)
    assert checked == 7
    (tmp_path / "a" / "s.css").write_text('h2{background:url("../i.png")} p{background:url(data:x)}', "utf-8")
    checked_with_css = broken_links(tmp_path)
    assert broken == [
        "/ → #top-missing: no id “top-missing” in index.html",
        "/ → b/: no file for /b/",
        "/ → a/#y: no id “y” in a/index.html",
    ]
    assert checked_with_css == (broken + ["/a/s.css → ../i.png: no file for /i.png"], 8)
    soup_of.cache_clear()
    anchors_of.cache_clear()
