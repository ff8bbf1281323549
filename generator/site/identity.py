"""The site's identity on every page, from the settings (data/site.yaml): the footer, the notice that a deployment is
not the government's official site, the meta tags that government CMSs emit, robots.txt and the 网站地图 page.

Only what the office filled in is shown. The identity numbers (标识码, ICP, 公安备案, 党政机关标识) belong to the
official site alone: an unofficial build leaves them out everywhere.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from generator.model import Settings
from generator.site.pages import Article, Page

SITEMAP = "sitemap.md"  # the 网站地图 page, rendered by theme/sitemap.html from the nav
MARKS = "assets/identity"  # where the 党政机关网站标识 is copied in the built site
ICP_URL = "https://beian.miit.gov.cn/"
POLICE_URL = "https://beian.mps.gov.cn/#/query/webSearch?code={}"  # 全国互联网安全管理服务平台's record page

Row = tuple[str, str, str]  # label, value, link ("" for none)


def theme(settings: Settings, site_name: str, site_url: str) -> dict:
    """What the theme shows of the settings (config.extra.identity): only values filled in; the identity numbers, and
    the 我为政府网站找错 link, which names the site by its 标识码, only when official."""
    official = settings.official
    contact = settings.contact
    return {
        "official": official,
        "sponsor": settings.sponsor,
        "official_url": "" if official else settings.official_url,
        "correction_url": settings.correction_url if official else "",  # it names the site by its 标识码
        "owners": _filled([("主办单位", settings.sponsor, ""), ("承办单位", settings.operator, "")]),
        "contact": _filled(
            [
                ("地址", contact.address, ""),
                ("邮编", contact.postcode, ""),
                ("电话", contact.phone, ""),
                ("邮箱", contact.email, f"mailto:{contact.email}"),
            ]
        ),
        "numbers": _numbers(settings) if official else [],
        "mark": mark_uri(settings) or "",
        "mark_url": settings.mark_url,
        "meta": site_tags(settings, site_name, site_url),
    }


def _filled(rows: list[Row]) -> list[Row]:
    return [row for row in rows if row[1]]


def _numbers(settings: Settings) -> list[Row]:
    police = re.sub(r"\D", "", settings.police)
    return _filled(
        [
            ("政府网站标识码", settings.site_code, ""),
            ("ICP备案编号", settings.icp, ICP_URL),
            ("公安机关备案号", settings.police, POLICE_URL.format(police)),
        ]
    )


def mark_uri(settings: Settings) -> str | None:
    """The 党政机关网站标识 in the built site: on the official site only."""
    return f"{MARKS}/{settings.mark.name}" if settings.official and settings.mark else None


def site_tags(settings: Settings, site_name: str, site_url: str) -> list[tuple[str, str]]:
    """The meta tags every page carries: SiteName, SiteDomain, SiteIDCode (official only)."""
    return [
        (name, value)
        for name, value in (
            ("SiteName", settings.name or site_name),
            ("SiteDomain", urlsplit(site_url).netloc),
            ("SiteIDCode", settings.site_code if settings.official else ""),
        )
        if value
    ]


def columns(entries: list, title: str = "") -> dict[str, str]:
    """Each page of the MkDocs nav `entries` → the title of the entry that holds it ("" for an untitled top-level
    one)."""
    found = {}
    for entry in entries:
        if isinstance(entry, str):
            found[entry] = title
            continue
        for name, value in entry.items():
            found.update(columns(value, name) if isinstance(value, list) else {value: name})
    return found


def column_of(uri: str, columns: dict[str, str]) -> str:
    """The nav entry `uri` is in, or under (an item under its register's folder): "" when none."""
    if uri in columns:
        return columns[uri]
    folders = [
        (len(key), name)
        for key, name in columns.items()
        if key.endswith("/index.md") and uri.startswith(key.removesuffix("index.md"))
    ]
    return max(folders)[1] if folders else ""


def articles(pages: list[Page]) -> dict[str, Article]:
    """The article pages (a notice, an item, a bulletin) by uri."""
    return {page.uri: page.article for page in pages if page.article}


def page_tags(title: str, column: str, article: Article | None, sponsor: str) -> list[tuple[str, str]]:
    """A page's own meta tags: ColumnName (its nav section, else its own title); for an article ArticleTitle, PubDate
    and ContentSource. ColumnType is left out: the site has no column the official vocabulary names for certain."""
    tags = [("ColumnName", column or title)]
    if article:
        tags += [
            ("ArticleTitle", title),
            ("PubDate", article.published.isoformat() if article.published else ""),
            ("ContentSource", "、".join(article.issuers) or sponsor),
        ]
    return [(name, value) for name, value in tags if value]


def robots(site_url: str) -> str:
    """robots.txt: everything may be read; the sitemap's address when the site's is known."""
    return "User-agent: *\nDisallow:\n" + (f"\nSitemap: {site_url}sitemap.xml\n" if site_url else "")


SITEMAP_PAGE = "---\ntemplate: sitemap.html\n---\n\n# 网站地图\n"
