"""The site's identity from the settings (data/site.yaml), on real `mkdocs build --strict` builds of scratch copies of
data/ with their own settings: the footer in the portals' order (nothing shown that is not filled in), the banner of an
unofficial deployment and the identity numbers it leaves out, sitemap.xml, robots.txt and canonical links from site_url,
the 404 page under site_url's path, the 网站地图 page, the meta tags government CMSs emit, and the settings' errors."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from pathlib import Path
from urllib.parse import urljoin, urlsplit
from xml.etree import ElementTree

import pytest
from bs4 import BeautifulSoup
from conftest import EXAMPLES, ROOT, build

from generator.read.problems import DataError
from generator.read.registry import read_archive

SITE_URL = "https://gk.shizhong.example/zwgk/"
MARK = '<svg xmlns="http://www.w3.org/2000/svg" width="50" height="60"><rect width="50" height="60" fill="#c00"/></svg>'
FULL = f"""official: true
name: 测试政务公开
sponsor: 测试区人民政府办公室
operator: 测试区大数据中心
site_url: {SITE_URL}
official_url: https://www.shizhong.example/
correction_url: https://zhaocuo.example/check?siteCode=9999999999
contact: {{address: 测试路1号, postcode: "250099", phone: 0531-99999999, email: gk@shizhong.example}}
site_code: "9999999999"
icp: 鲁ICP备99999999号-1
police: 鲁公网安备 37999999999999号
mark: identity/dzjg.svg
mark_url: https://mark.example/show?id=1
"""
NUMBERS = ["9999999999", "鲁ICP备99999999号", "37999999999999", "dzjg.svg", "beian.miit.gov.cn", "beian.mps.gov.cn"]


def scratch(root: Path, settings: str, example: bool = False, plugins: bool = True) -> Path:
    """data/ copied into `root` with `settings` as its site.yaml, and a mkdocs.yml reading it (with mkdocs.yml's own
    plugins when not `plugins`); the built site."""
    shutil.copytree(ROOT / "data", root / "data")
    (root / "data" / "site.yaml").write_text(settings, "utf-8")
    (root / "data" / "identity").mkdir()
    (root / "data" / "identity" / "dzjg.svg").write_text(MARK, "utf-8")
    plugin = {"data_dir": "data", **({"example_dir": str(EXAMPLES)} if example else {})}
    (root / "mkdocs.yml").write_text(
        "\n".join(
            [
                f"INHERIT: {json.dumps(str(ROOT / 'mkdocs.yml'))}",
                f"docs_dir: {json.dumps(str(ROOT / 'content'))}",
                f"theme: {{name: material, custom_dir: {json.dumps(str(ROOT / 'theme'))}}}",
                *([f"plugins: [{{registers: {json.dumps(plugin)}}}, search-index]"] if plugins else []),
                "",
            ]
        ),
        "utf-8",
    )
    return build(root / "site", str(root / "mkdocs.yml"))


@pytest.fixture(scope="module")
def official(tmp_path_factory) -> Path:
    return scratch(tmp_path_factory.mktemp("official"), FULL)


@pytest.fixture(scope="module")
def unofficial(tmp_path_factory) -> Path:
    """The same settings on a mirror (official: false), built with the example progress: both banners apply."""
    return scratch(
        tmp_path_factory.mktemp("unofficial"), FULL.replace("official: true", "official: false"), example=True
    )


@pytest.fixture(scope="module")
def minimal(tmp_path_factory) -> Path:
    return scratch(tmp_path_factory.mktemp("minimal"), "official: true\n")


def soup(site: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup(
        (site / "404.html" if path is None else site / path / "index.html").read_text("utf-8"), "html.parser"
    )


def lines(footer) -> list[str]:
    """The footer's lines, each the text of its entries (a link, a label with its value) separated by a space."""
    return [
        " ".join(entry.get_text(strip=True) for entry in block.find_all(["li", "span"]))
        for block in footer.find_all(["ul", "p"], recursive=False)
    ]


# -- the footer


def test_the_footer_shows_every_value_in_the_portals_order(official):
    page = soup(official, "2025/tasks/053")
    footer = page.select_one("footer .site-footer")
    assert lines(footer) == [
        "网站地图 我为政府网站找错",
        "主办单位：测试区人民政府办公室 承办单位：测试区大数据中心",
        "地址：测试路1号 邮编：250099 电话：0531-99999999 邮箱：gk@shizhong.example",
        "政府网站标识码：9999999999 ICP备案编号：鲁ICP备99999999号-1 公安机关备案号：鲁公网安备 37999999999999号",
        "",  # the mark, an image
    ]
    links = {a.get_text(strip=True) or a.img["alt"]: a["href"] for a in footer.select("a")}
    assert links == {
        "网站地图": "../../../sitemap/",
        "我为政府网站找错": "https://zhaocuo.example/check?siteCode=9999999999",
        "gk@shizhong.example": "mailto:gk@shizhong.example",
        "鲁ICP备99999999号-1": "https://beian.miit.gov.cn/",
        "鲁公网安备 37999999999999号": "https://beian.mps.gov.cn/#/query/webSearch?code=37999999999999",
        "党政机关网站标识": "https://mark.example/show?id=1",
    }
    mark = footer.select_one("img")
    assert mark["src"] == "../../../assets/identity/dzjg.svg"  # relative: no request to another host
    assert (official / "assets" / "identity" / "dzjg.svg").read_text("utf-8") == MARK


def test_a_value_not_filled_in_is_not_shown(minimal):
    for path in ("", "2025/documents/banfa-1", "guide"):
        footer = soup(minimal, path).select_one("footer .site-footer")
        assert lines(footer) == ["网站地图"], path
    assert not (minimal / "assets" / "identity").exists()
    assert "：<" not in (minimal / "index.html").read_text("utf-8").split('class="md-copyright')[1]


# -- official or not


def test_an_unofficial_build_says_so_on_every_page_and_leaves_out_the_numbers(unofficial):
    pages = list(unofficial.rglob("*.html"))
    assert len(pages) > 400
    for path in pages:
        html = path.read_text("utf-8")
        banner = BeautifulSoup(html, "html.parser").select_one(".md-banner")
        text = re.sub(r"\s+", "", banner.get_text())
        assert "示例数据" in text and "本站不是政府官方网站，内容以测试区人民政府办公室公布的原件为准。" in text, path
        assert banner.select_one("a")["href"] == "https://www.shizhong.example/", path
        assert not [number for number in NUMBERS if number in html], path
        assert 'name="SiteIDCode"' not in html, path
    assert not (unofficial / "assets" / "identity").exists()
    footer = soup(unofficial, "").select_one("footer .site-footer")
    assert lines(footer)[0] == "网站地图" and len(lines(footer)) == 3  # no 我为政府网站找错; owners, contact


def test_a_mirror_is_never_the_official_site(tmp_path, monkeypatch):
    """The workflow's build for GitHub Pages sets SITE_MIRROR, which mkdocs.yml passes to the plugin: official settings,
    yet every page says it is not the official site, and no number is shown."""
    monkeypatch.setenv("SITE_MIRROR", "true")
    mirror = scratch(tmp_path, FULL, plugins=False)
    for path in (mirror / "index.html", mirror / "2025" / "tasks" / "053" / "index.html"):
        html = path.read_text("utf-8")
        assert "本站不是政府官方网站" in BeautifulSoup(html, "html.parser").select_one(".md-banner").get_text(), path
        assert not [number for number in NUMBERS if number in html], path


def test_the_shipped_site_is_not_the_official_one(site):
    banner = soup(site, "2025/tasks/053").select_one(".md-banner")
    assert (
        re.sub(r"\s+", "", banner.get_text())
        == "本站不是政府官方网站，内容以济南市市中区人民政府办公室公布的原件为准。"
    )
    assert (site / "robots.txt").read_text("utf-8") == "User-agent: *\nDisallow:\n"


def test_the_official_site_has_no_banner(official, minimal):
    for site in (official, minimal):
        assert not any(".md-banner" in path.read_text("utf-8") for path in site.rglob("*.html"))


# -- site_url: sitemap.xml, robots.txt, canonical links, the 404 page


def test_the_sitemap_lists_every_page_but_the_staffs(official):
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    urls = ElementTree.parse(official / "sitemap.xml").getroot().findall("s:url", ns)
    listed = {url.findtext("s:loc", namespaces=ns): url.findtext("s:lastmod", namespaces=ns) for url in urls}
    pages = {
        SITE_URL + ("" if p.parent == official else p.parent.relative_to(official).as_posix() + "/")
        for p in official.rglob("index.html")
    }
    assert set(listed) == pages - {SITE_URL + "office/"}
    assert set(listed.values()) == {None}  # built without history: no 更新日期 known (tests/test_history.py has them)
    assert (official / "robots.txt").read_text("utf-8").endswith(f"\nSitemap: {SITE_URL}sitemap.xml\n")
    for path in ("", "2025/tasks/053/", "guide/"):
        assert soup(official, path.rstrip("/")).select_one("link[rel=canonical]")["href"] == SITE_URL + path


def test_the_404_page_works_at_any_depth_under_site_url(official):
    page = soup(official, None)
    refs = [tag.get("href") or tag.get("src") for tag in page.select("[href], [src]")]
    local = [ref for ref in refs if not urlsplit(ref).scheme and not ref.startswith("#")]
    assert len(local) > 20
    for ref in local:
        path = urlsplit(urljoin("https://gk.shizhong.example/zwgk/2025/no/such/page/", ref)).path
        assert path.startswith("/zwgk/"), ref
        target = official / path.removeprefix("/zwgk/")
        assert target.is_file() or (target / "index.html").is_file(), ref


# -- the 网站地图 page


def test_the_site_map_lists_every_page_of_the_readers_nav(official, year):
    page = soup(official, "sitemap")
    assert page.h1.get_text() == "网站地图" and page.title.get_text().startswith("网站地图")
    links = {a["href"] for a in page.select("article ul.site-map a")}
    expected = {
        "..",
        "../2025/",
        "../2025/tasks/",
        "../2025/projects/",
        "../2025/measures/",
        "../2025/personnel/",
        "../2025/bulletins/",
        "../2025/data/",
        "../guide/",
        "../disclosure/",
    }
    expected |= {f"../2025/documents/{d.id}/" for d in year.documents}
    assert expected <= links and "../office/" not in links
    sections = [s.get_text() for s in page.select("article .site-map__section")]
    assert sections == ["2025年", "公文", "政府信息公开"]


# -- meta tags


def meta(site: Path, path: str | None) -> dict[str, str]:
    return {
        tag["name"]: tag["content"] for tag in soup(site, path).select("head meta[name]") if tag["name"][0].isupper()
    }


def test_meta_tags_per_page_type(official, unofficial, year):
    site = {"SiteName": "测试政务公开", "SiteDomain": "gk.shizhong.example", "SiteIDCode": "9999999999"}
    notice = year.documents[0]
    assert meta(
        official, f"2025/documents/{notice.id}"
    ) == {  # no PubDate: built without history (tests/test_history.py)
        **site,
        "ColumnName": "公文",
        "ArticleTitle": notice.title,
        "ContentSource": "、".join(notice.issuers),
    }
    item = meta(official, "2025/tasks/053")
    assert item["ColumnName"] == "年度工作任务" and item["ArticleTitle"].startswith("任务53：")
    assert item["ContentSource"] == "测试区人民政府办公室" and "PubDate" not in item
    assert meta(official, "2025/tasks") == {**site, "ColumnName": "年度工作任务"}
    assert meta(official, "") == {**site, "ColumnName": "首页"}
    assert meta(official, "guide") == {**site, "ColumnName": "公开指南"}
    assert meta(official, None) == site  # the 404 page
    bulletin = next((unofficial / "2025" / "bulletins").glob("quarterly-*/index.html")).parent.name
    tags = meta(unofficial, f"2025/bulletins/{bulletin}")
    assert tags["ColumnName"] == "通报" and "SiteIDCode" not in tags and "ArticleTitle" in tags
    issued = dt.date.fromisoformat(tags["PubDate"])  # the bulletin's own date, as the page says it
    assert (
        f"{issued.year}年{issued.month}月{issued.day}日"
        in soup(unofficial, f"2025/bulletins/{bulletin}").article.get_text()
    )
    assert "ColumnType" not in tags


def test_meta_values_are_escaped(tmp_path):
    built = scratch(tmp_path, 'official: true\nname: 站名"><script>x</script>\n')
    html = (built / "index.html").read_text("utf-8")
    assert '<meta name="SiteName" content="站名&#34;&gt;&lt;script&gt;x&lt;/script&gt;">' in html
    assert "<script>x</script>" not in html


# -- the settings' errors, in Chinese, by file, line and field


@pytest.mark.parametrize(
    "line, field, title",
    [
        ("site_url: www.shizhong.example", "site_url", "网站地址"),
        ("icp: 鲁ICP 12345678", "icp", "ICP备案编号"),
        ("police: 37010302000001", "police", "公安机关备案号"),
        ("mark: dzjg.png", "mark", "党政机关网站标识"),
    ],
)
def test_a_wrong_setting_is_named_by_file_line_and_field(tmp_path, line, field, title):
    shutil.copytree(ROOT / "data", tmp_path / "data")
    (tmp_path / "data" / "site.yaml").write_text(f"official: true\nname: 测试\n{line}\n", "utf-8")
    with pytest.raises(DataError) as raised:
        read_archive(tmp_path / "data")
    report = raised.value.report()
    assert "site.yaml:3:" in report and f"字段：{field}" in report and title in report, report


@pytest.mark.parametrize("linked", [False, True])
def test_a_mark_that_is_missing_or_outside_data_is_a_problem(tmp_path, linked):
    shutil.copytree(ROOT / "data", tmp_path / "data")
    (tmp_path / "data" / "site.yaml").write_text("official: true\nname: 测试\nmark: identity/dzjg.svg\n", "utf-8")
    if linked:  # a link out of data/: never followed
        (tmp_path / "outside.svg").write_text(MARK, "utf-8")
        (tmp_path / "data" / "identity").mkdir()
        (tmp_path / "data" / "identity" / "dzjg.svg").symlink_to(tmp_path / "outside.svg")
    with pytest.raises(DataError) as raised:
        read_archive(tmp_path / "data")
    report = raised.value.report()
    assert "site.yaml:3:" in report and "找不到标识图片 identity/dzjg.svg" in report and "data/identity/" in report, (
        report
    )
