"""The 政府信息公开 structure (issue 15): a notice's metadata block in the portals' order, on screen and in print;
主题分类 from the schema's vocabulary; 政策解读 linked both ways; the 目录 of every document with its CSV; the office's
texts shown only once written; `validate --launch`; and nothing in data/ that states a number the seed does not."""

from __future__ import annotations

import csv
import json
import re
import shutil
from pathlib import Path

import pytest
import yaml
from browser import served
from bs4 import BeautifulSoup
from conftest import ROOT, SOURCE, build, run
from test_print import check_printout, printed

from generator.read.problems import DataError
from generator.read.registry import read_archive
from generator.site.disclosure import TOPICS

ORDER = [
    "索引号",
    "主题分类",
    "发文机关",
    "成文日期",
    "标题",
    "发文字号",
    "发布日期",
    "有效性",
    "更新日期",
    "政策解读",
    "公开方式",
]
APPLY = "## 如何申请\n\n示例：向受理机构提交申请。\n"
REPORT = "## 总体情况\n\n示例：年度报告正文。\n"
# A fictitious settings file, in a scratch folder only: never in data/.
SETTINGS = {
    "official": True,
    "name": "示例网站",
    "sponsor": "示例主办单位",
    "operator": "示例承办单位",
    "site_url": "https://example.invalid/",
    "correction_url": "https://example.invalid/jiucuo/",
    "contact": {"address": "示例地址", "phone": "0000-0000000", "email": "office@example.invalid"},
    "site_code": "0000000000",
    "icp": "示ICP备00000000号",
    "police": "示公网安备 00000000000000号",
    "index_code": "000000000",
    "mark": "identity/mark.svg",
    "mark_url": "https://example.invalid/mark/",
    "disclosure": {
        "office": "示例公开工作机构",
        "address": "示例地址",
        "postcode": "000000",
        "hours": "工作日",
        "phone": "0000-0000000",
        "fax": "0000-0000001",
        "email": "gk@example.invalid",
    },
}


def _edit(path: Path, **fields) -> None:
    lines = path.read_text("utf-8").splitlines()
    path.write_text(
        "\n".join(lines + [f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in fields.items()]) + "\n",
        "utf-8",
    )


def _interpretation(path: Path, notice: str = "banfa-1") -> None:
    path.write_text(
        "\n".join(
            [
                "id: jiedu-1",
                "kind: 解读",
                f"interprets: {notice}",
                "title: 示例：政策解读",
                "issuers: [济南市市中区人民政府办公室]",
                "date: 2025-01-27",
                "disclosure: 主动公开",
                "body:",
                "  - 示例：解读正文。",
                "",
            ]
        ),
        "utf-8",
    )


def scratch(root: Path, written: bool) -> Path:
    """A copy of data/ beside its own mkdocs.yml; `written`: the office has written everything."""
    data = root / "data"
    shutil.copytree(ROOT / "data", data)
    if written:
        _edit(
            data / "2025" / "documents" / "banfa-1.yaml",
            index_no="000000000/2025-00001",
            topic="综合政务",
            published="2025-01-26",
            validity="有效",
        )
        _interpretation(data / "2025" / "documents" / "jiedu-1.yaml")
        (data / "disclosure" / "reports").mkdir(parents=True)
        (data / "disclosure" / "apply.md").write_text(APPLY, "utf-8")
        (data / "disclosure" / "reports" / "2025.md").write_text(REPORT, "utf-8")
        (data / "site.yaml").write_text(yaml.safe_dump(SETTINGS, allow_unicode=True), "utf-8")
        (data / "identity").mkdir()
        (data / "identity" / "mark.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>', "utf-8")
    (root / "mkdocs.yml").write_text(
        "\n".join(
            [
                f"INHERIT: {json.dumps(str(ROOT / 'mkdocs.yml'))}",
                f"docs_dir: {json.dumps(str(ROOT / 'content'))}",
                f"theme: {{name: material, custom_dir: {json.dumps(str(ROOT / 'theme'))}}}",
                "plugins: [{registers: {data_dir: data}}, search-index]",
                "",
            ]
        ),
        "utf-8",
    )
    return data


@pytest.fixture(scope="module")
def written(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("written")
    scratch(root, written=True)
    return build(root / "site", str(root / "mkdocs.yml"))


def soup(site: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / path / "index.html").read_text("utf-8"), "html.parser")


def labels(page: BeautifulSoup) -> list[str]:
    return [th.get_text() for th in page.select("table.doc-meta th")]


def test_the_metadata_block_is_in_the_portals_order(written, site):
    assert labels(soup(written, "2025/documents/banfa-1")) == ORDER
    shipped = labels(soup(site, "2025/documents/banfa-1"))  # what is not known is left out, the order kept
    assert [label for label in shipped if label not in ("发布日期", "更新日期")] == [
        "发文机关",
        "成文日期",
        "标题",
        "发文字号",
        "公开方式",
    ]
    assert shipped == [label for label in ORDER if label in shipped]


def test_the_metadata_block_prints_in_that_order(browser, written):
    with (
        served(written) as base,
        printed(browser, base, "/2025/documents/banfa-1/", "disclosure-notice") as (info, styles, pdf),
    ):
        assert [line.split()[0] for line in info["metaLines"]] == ORDER
        check_printout(
            info, styles, pdf, example=False, official=True
        )  # each row after the one before it, in the PDF too


def test_an_interpretation_and_its_notice_link_each_other(written):
    notice = soup(written, "2025/documents/banfa-1")
    row = next(th.parent for th in notice.select("table.doc-meta th") if th.get_text() == "政策解读")
    assert row.a.get_text() == "示例：政策解读" and row.a["href"].endswith("jiedu-1/")
    interpretation = soup(written, "2025/documents/jiedu-1")
    row = next(th.parent for th in interpretation.select("table.doc-meta th") if th.get_text() == "解读的文件")
    assert row.a["href"].endswith("banfa-1/") and "发文字号" not in labels(interpretation)


def problems(data: Path) -> str:
    with pytest.raises(DataError) as err:
        read_archive(data)
    return err.value.report()


def test_a_topic_outside_the_vocabulary_is_a_problem(tmp_path):
    data = scratch(tmp_path, written=False)
    assert "综合政务" in TOPICS and "国防" in TOPICS
    _edit(data / "2025" / "documents" / "ren-1.yaml", topic="人事任免")
    report = problems(data)
    assert re.search(
        r"ren-1\.yaml:\d+:\d+.*\n\s*字段：topic\n\s*问题：“人事任免” 不是允许的取值（主题分类）", report
    ), report


@pytest.mark.parametrize("notice, said", [("banfa-9", "不存在"), ("jiedu-1", "是一份解读")])
def test_an_interpretation_of_no_notice_is_a_problem(tmp_path, notice, said):
    data = scratch(tmp_path, written=False)
    _interpretation(data / "2025" / "documents" / "jiedu-1.yaml", notice=notice)
    report = problems(data)
    assert re.search(
        r"jiedu-1\.yaml:3:\d+.*\n\s*字段：interprets\n\s*问题：编号为“" + notice + "”的公文" + said, report
    ), report


@pytest.mark.parametrize(
    "path, text, said",
    [
        ("disclosure/apply.md", "\n  \n", "文件是空的"),
        ("disclosure/reports/2024.md", REPORT, "没有 2024 年的文件夹"),
        ("disclosure/report-2025.md", REPORT, "不在约定的位置"),
    ],
)
def test_an_office_text_out_of_place_or_empty_is_a_problem(tmp_path, path, text, said):
    data = scratch(tmp_path, written=False)
    (data / path).parent.mkdir(parents=True, exist_ok=True)
    (data / path).write_text(text, "utf-8")
    report = problems(data)
    assert path in report and said in report, report


def nav_links(page: BeautifulSoup) -> set[str]:
    return {a.get_text(strip=True) for a in page.select("nav a")}


def test_sections_appear_only_once_written(written, site):
    for built, shown in ((written, True), (site, False)):
        assert (built / "disclosure" / "apply" / "index.html").exists() == shown
        assert (built / "disclosure" / "reports" / "2025" / "index.html").exists() == shown
        guide = soup(built, "guide")
        texts = guide.get_text() + " ".join(nav_links(guide))
        assert ("依申请公开" in texts) == shown and ("年度报告" in texts) == shown
        assert ("政府信息公开工作机构" in guide.get_text()) == shown  # no contact filled in: no section
        assert any(a["href"].rstrip("/").endswith("disclosure") for a in guide.select("nav a"))  # the 目录, always
    assert "示例：年度报告正文。" in soup(written, "disclosure/reports/2025").get_text()
    assert soup(written, "disclosure/apply").h2.get_text() == "如何申请"


def test_the_catalog_lists_every_document_with_its_csv(written, site):
    for built, ids in ((written, ["ren-1", "jiedu-1", "banzi-1", "banfa-1"]), (site, ["ren-1", "banzi-1", "banfa-1"])):
        page = soup(built, "disclosure")
        rows = page.select("article table tbody tr")
        assert len(rows) == len(ids)
        assert {row.a["href"].rstrip("/").rsplit("/", 1)[-1] for row in rows} == set(ids)
        with (built / "disclosure" / "catalog.csv").open(encoding="utf-8-sig", newline="") as file:
            table = list(csv.DictReader(file))
        assert [row["网址"].strip("/").rsplit("/", 1)[-1] for row in table] == ids  # newest first within the year
        assert page.find("a", string="CSV")["href"].endswith("catalog.csv")
    header = [th.get_text() for th in soup(written, "disclosure").select("article table thead th")]
    assert header == ["索引号", "标题", "发文字号", "主题分类", "成文日期", "发布日期"]
    assert "综合政务" in soup(written, "disclosure/topic-2").h1.get_text()


def test_the_catalog_sorts_by_a_column_when_its_header_is_pressed(browser, written):
    """In the browser: 成文日期 pressed once orders the rows by the dates the YAML files give, then in reverse; the
    page says how only when the script runs (the static page keeps its newest-first order)."""
    dates = {
        path.stem: yaml.safe_load(path.read_text("utf-8"))["date"]
        for path in (written.parent / "data" / "2025" / "documents").glob("*.yaml")
    }
    assert soup(written, "disclosure").select_one(".sort-hint").has_attr("hidden")
    with served(written) as base:
        page = browser.new_page()
        try:
            page.goto(base + "/disclosure/")
            shown = page.locator("article table tbody tr a")

            def ids() -> list[str]:
                return [href.rstrip("/").rsplit("/", 1)[-1] for href in shown.evaluate_all("a => a.map(e => e.href)")]

            first = ids()
            assert page.locator(".sort-hint").is_visible()
            header = page.locator("article table th", has_text="成文日期")
            header.get_by_role("button").click()
            assert header.get_attribute("aria-sort") == "ascending"
            assert ids() == sorted(first, key=dates.get)
            header.get_by_role("button").press("Enter")  # a button: the keyboard sorts too
            assert header.get_attribute("aria-sort") == "descending"
            assert ids() == sorted(sorted(first, key=dates.get), key=dates.get, reverse=True)
        finally:
            page.close()


def test_the_catalog_csv_keeps_formulas_inert(tmp_path):
    from generator.site.disclosure import catalog_table
    from generator.site.opendata import to_csv

    data = scratch(tmp_path, written=False)
    _edit(data / "2025" / "documents" / "ren-1.yaml", index_no='=HYPERLINK("x")')
    text = to_csv(catalog_table(read_archive(data).years)).decode("utf-8-sig")
    assert "'=HYPERLINK" in text


def test_launch_lists_what_is_missing_and_still_builds(tmp_path):
    result = run("validate", "--launch", "--today", "2026-02-03")
    assert result.returncode == 0, result.stderr
    steps = re.findall(r"^  (\d+)\. (.+?)（", result.stdout, re.M)
    assert [int(n) for n, _ in steps] == list(range(1, len(steps) + 1))
    names = [name for _, name in steps]
    assert names[:5] == ["政府网站标识码", "ICP备案编号", "网站地址", "公安机关备案号", "党政机关网站标识"]
    assert "2025年政府信息公开工作年度报告" in names and "已逾期（应于2026年1月31日前公布）" in result.stdout
    assert result.stdout.rstrip().endswith("每页注明本站不是政府官方网站。")

    data = scratch(tmp_path, written=True)
    for name in ("banzi-1", "ren-1"):
        _edit(data / "2025" / "documents" / f"{name}.yaml", topic="综合政务", validity="有效")
    result = run("--data", data, "validate", "--launch", "--today", "2025-12-01")
    assert result.returncode == 0, result.stderr
    assert result.stdout.rstrip().endswith("✓ 上线所需的各项均已具备。"), result.stdout


def test_data_states_no_number_the_seed_does_not():
    """Every run of five or more digits, phone-like or postcode-like value in data/, and every value of
    data/site.yaml, is in the notices as received (sources/): nothing invented reaches the site."""
    seed = re.sub(r"\s+", "", SOURCE.read_text("utf-8"))
    numbers = set()
    for path in (ROOT / "data").rglob("*.yaml"):
        text = path.read_text("utf-8")
        numbers |= {(path.name, n) for n in re.findall(r"\d{5,}|\d{3,4}-\d{7,8}|\+86[\d -]+", text)}
    assert not [(name, n) for name, n in numbers if n not in seed], numbers
    settings = yaml.safe_load((ROOT / "data" / "site.yaml").read_text("utf-8"))

    def values(node):
        if isinstance(node, dict):
            return [v for value in node.values() for v in values(value)]
        return [node] if isinstance(node, str) else []

    stated = [v for v in values(settings) if re.sub(r"\s+", "", v) not in seed]
    assert stated in ([], [settings.get("name")]), stated  # the site's own name is its only own words
