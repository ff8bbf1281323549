"""The downloads (数据下载): every register and every month's reports as CSV, JSON and Excel, checked against
the data in the built sites; their Data Package; the links to them; nothing unpublished; the same bytes each time.
"""
from __future__ import annotations

import copy
import csv
import datetime as dt
import io
import json
import posixpath
import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from openpyxl import load_workbook

from conftest import AS_OF, EXAMPLES, ROOT
from generator import history, opendata
from generator.deadlines import late
from generator.progress import derive
from generator.publish import public_view
from generator.registry import read_archive
from generator.site import generate
from generator.urls import Urls
from generator.words import number

BOM = "\ufeff"
FRICTIONLESS_TYPES = {"string", "number", "integer", "boolean", "object", "array", "list", "date", "time", "datetime",
                      "year", "yearmonth", "duration", "geopoint", "geojson", "any"}
PHONE = re.compile(r"(?<!\d)(?:1[3-9]\d{9}|0\d{2,3}-\d{7,8})(?!\d)")
FORMATS = ("csv", "json", "xlsx")


# -- reading a download back, as a consumer would

def read_csv(path: Path) -> list[dict]:
    return read_csv_bytes(path.read_bytes())


def read_csv_bytes(data: bytes) -> list[dict]:
    text = data.decode("utf-8")
    assert text.startswith(BOM)
    return list(csv.DictReader(io.StringIO(text[1:], newline="")))


def read_json(path: Path) -> list[dict]:
    return json.loads(path.read_text("utf-8"))


def read_xlsx(path: Path) -> list[dict]:
    sheet = load_workbook(path).active
    rows = list(sheet.iter_rows(values_only=True))
    return [dict(zip(rows[0], row)) for row in rows[1:]]


def xlsx_text(value) -> str:
    """An Excel cell as the CSV writes it."""
    if value is None:
        return ""
    if hasattr(value, "date"):
        return value.date().isoformat()
    return number(value) if isinstance(value, (int, float)) else value


def read_all(folder: Path, name: str) -> dict[str, list[dict]]:
    """The table `name` in each format, keyed by format; CSV and Excel rows keyed by Chinese titles, cells as text."""
    return {"csv": read_csv(folder / f"{name}.csv"), "json": read_json(folder / f"{name}.json"),
            "xlsx": [{k: xlsx_text(v) for k, v in row.items()} for row in read_xlsx(folder / f"{name}.xlsx")]}


def column(rows: dict[str, list[dict]], field: opendata.Field) -> dict[str, list]:
    """The values of one field in each format: JSON by name, CSV and Excel by title."""
    return {fmt: [row[field.name if fmt == "json" else field.title] for row in table] for fmt, table in rows.items()}


def page(site: Path, uri: str) -> BeautifulSoup:
    path = site / uri.removesuffix("index.md").removesuffix(".md") / "index.html"
    return BeautifulSoup(path.read_text("utf-8"), "html.parser")


def linked_files(site: Path, uri: str) -> set[Path]:
    """The files (not pages) that the page `uri` links to, resolved against the built site."""
    url = "/" + uri.removesuffix("index.md").removesuffix(".md").rstrip("/") + "/"
    found = set()
    for a in page(site, uri).select("article a[href]"):
        href = a["href"]
        if re.search(r"\.(csv|json|xlsx)$", href):
            target = site / posixpath.normpath(posixpath.join(url, href)).lstrip("/")
            assert target.is_file(), f"{uri}: {href} does not resolve"
            found.add(target)
    return found


@pytest.fixture(scope="module", params=["site", "example_site"])
def built(request, year, example_year):
    """(built site, its published year, that year's progress as of the build, whether it is the example site)."""
    site = request.getfixturevalue(request.param)
    example = request.param == "example_site"
    published_year = public_view(example_year if example else year)
    return site, published_year, derive(published_year, AS_OF), example


# -- registers

def test_every_register_download_holds_every_item_once(built):
    site, year, progress, _ = built
    folder = site / "2025" / "data"
    for register in year.registers:
        rows = read_all(folder, register.kind.slug)
        items = register.items
        ids = column(rows, opendata.ID)
        assert ids == {fmt: [item.id for item in items] for fmt in FORMATS}
        assert len(set(ids["csv"])) == len(items)
        assert column(rows, opendata.TEXT) == {fmt: [item.text for item in items] for fmt in FORMATS}
        numbers = column(rows, opendata.NO)
        assert numbers["json"] == [item.no for item in items]
        assert numbers["csv"] == numbers["xlsx"] == [str(item.no) for item in items]
        units = [item.responsible or "、".join(ref.name for ref in item.units) for item in items]
        assert column(rows, opendata.UNITS) == {fmt: units for fmt in FORMATS}
        leads = column(rows, opendata.LEAD_UNITS)
        assert leads["json"] == [[ref.name for ref in item.units if ref.lead] for item in items]
        assert leads["csv"] == leads["xlsx"] == ["、".join(names) for names in leads["json"]]
        if any(item.leaders for item in items):
            assert column(rows, opendata.LEADERS)["json"] == [[leader.name for leader in item.leaders] for item in items]
        if any(item.indicators for item in items):
            indicators = column(rows, opendata.INDICATORS)
            assert [[i["name"] for i in row] for row in indicators["json"]] == [[i.name for i in item.indicators] for item in items]
            assert [[(i["target"], i["number"], i["upper"], i["unit"], i["qualifier"]) for i in row]
                    for row in indicators["json"]] == [[(i.target.printed, i.target.low, i.target.high, i.unit,
                                                         i.target.qualifier) for i in item.indicators] for item in items]
            assert indicators["csv"] == indicators["xlsx"] == [
                "；".join(f"{i.label}：{i.target.printed}" for i in item.indicators) for item in items]
        if progress.months:
            statuses = [progress.of(item).current or "" for item in items]
            assert column(rows, opendata.CURRENT)["csv"] == statuses
        else:
            assert opendata.CURRENT.title not in rows["csv"][0]


def test_personnel_download_lists_every_change(built):
    site, year, *_ = built
    rows = read_all(site / "2025" / "data", "personnel")
    changes = [(label, change) for personnel in year.personnel
               for label, changes in (("任命", personnel.appointments), ("免去", personnel.removals)) for change in changes]
    assert changes
    for fmt in FORMATS:
        key = (lambda f: f.name) if fmt == "json" else (lambda f: f.title)
        assert [(row[key(opendata.CHANGE)], row[key(opendata.PERSON)], row[key(opendata.ORGANISATION)], row[key(opendata.POST)])
                for row in rows[fmt]] == [(label, c.person, c.organisation, c.post) for label, c in changes]
    assert [row["试用期（月）"] for row in rows["csv"]].count("12") == 2  # 试用期一年, twice; no end date is computed


# -- the months' reports

def test_every_month_download_holds_every_report_entry(example_site, example_year):
    year = public_view(example_year)
    progress = derive(year, AS_OF)
    folder = example_site / "2025" / "data"
    assert year.months == list(range(1, 13))
    for month in year.months:
        rows = read_all(folder, f"reports-2025-{month:02d}")
        listed = opendata.report_items(year, progress, month)
        entries = [item for item in year.items() if month in item.reports]
        assert set(entries) <= set(listed)
        keys = {fmt: [(row["register" if fmt == "json" else "台账"], row["item" if fmt == "json" else "事项编号"])
                      for row in table] for fmt, table in rows.items()}
        assert keys == {fmt: [(item.kind.title, item.id) for item in listed] for fmt in FORMATS}
        assert len(set(keys["csv"])) == len(listed)
        by_item = {fmt: dict(zip(listed, table)) for fmt, table in rows.items()}
        for item in listed:
            report = item.reports.get(month)
            status = progress.of(item).statuses.get(month)
            json_row, csv_row, xlsx_row = by_item["json"][item], by_item["csv"][item], by_item["xlsx"][item]
            assert json_row["status"] == status and csv_row["状态"] == xlsx_row["状态"] == (status or "")
            if report is None:
                assert status == "未报送" and json_row["submitted"] is None
                continue
            for f in (opendata.TARGET, opendata.PROGRESS, opendata.PROBLEMS, opendata.NEXT_STEPS):
                value = getattr(report, f.name)
                assert json_row[f.name] == csv_row[f.title] == xlsx_row[f.title] == value
            assert json_row["unit"] == csv_row["报送单位"] == report.unit.name
            if report.submitted:
                assert json_row["submitted"] == csv_row["报送日期"] == xlsx_row["报送日期"] == report.submitted.isoformat()
                assert json_row["stage_met"] is report.stage_met and csv_row["是否完成阶段任务目标"] == ("是" if report.stage_met else "否")
                assert json_row["late"] is late(year, report)
                assert json_row["values"] == report.values
                assert csv_row["指标完成值"] == "；".join(f"{k}：{number(v)}" for k, v in report.values.items())
            else:
                assert csv_row["报送日期"] == "" and json_row["stage_met"] is None


def test_multi_line_text_stays_intact(example_year):
    year = copy.deepcopy(public_view(example_year))
    item = year.register("projects").items[0]
    report = item.reports[3]
    report.progress = "第一行：新增学位2400个，\n第二行含“引号”\"和\"英文引号, 逗号；\n\n第四行"
    table = next(t for t in opendata.tables(year, derive(year, AS_OF)) if t.name == "reports-2025-03")
    with_name = {"csv": lambda: read_csv_bytes(opendata.to_csv(table)),
                 "json": lambda: json.loads(opendata.to_json(table)),
                 "xlsx": lambda: read_xlsx(io.BytesIO(opendata.to_xlsx(table, dt.datetime.combine(AS_OF, dt.time()))))}
    for fmt, read in with_name.items():
        [row] = [r for r in read() if r["事项编号" if fmt != "json" else "item"] == item.id and
                 r["台账" if fmt != "json" else "register"] == "为民办实事"]
        assert row["完成情况" if fmt != "json" else "progress"] == report.progress, fmt


@pytest.mark.parametrize("start", opendata.FORMULA_STARTS)
def test_no_text_is_a_formula_in_a_spreadsheet(example_year, start):
    """A unit's form cell reaches the public reports: in the CSV, a text that starts like a formula gets a quote
    (OWASP), read back cell by cell; JSON and Excel keep it verbatim, and Excel as text."""
    year = copy.deepcopy(public_view(example_year))
    report = year.register("projects").items[0].reports[3]
    report.problems = start + 'HYPERLINK("http://evil.example","点我")'
    report.next_steps = start + "1+1"
    table = next(t for t in opendata.tables(year, derive(year, AS_OF)) if t.name == "reports-2025-03")

    cells = [cell for row in csv.reader(io.StringIO(opendata.to_csv(table).decode("utf-8-sig"), newline=""))
             for cell in row]
    assert not [cell for cell in cells if cell.startswith(opendata.FORMULA_STARTS)]
    assert "'" + report.problems in cells and "'" + report.next_steps in cells
    assert not [cell for cell in cells if cell.startswith("'") and not cell[1:].startswith(opendata.FORMULA_STARTS)]

    json_cells = [value for row in json.loads(opendata.to_json(table)) for value in row.values()]
    assert report.problems in json_cells and report.next_steps in json_cells
    sheet = load_workbook(io.BytesIO(opendata.to_xlsx(table, dt.datetime.combine(AS_OF, dt.time())))).active
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    # openpyxl reads a stored CR as LF, like any XML reader
    assert {text.replace("\r", "\n") for text in (report.problems, report.next_steps)} <= {cell.value for cell in cells}


# -- the Data Package

def test_datapackage_describes_every_file(built):
    site, year, progress, example = built
    folder = site / "2025" / "data"
    package = json.loads((folder / "datapackage.json").read_text("utf-8"))
    assert package["$schema"].startswith("https://datapackage.org/profiles/")
    assert package["created"].startswith(AS_OF.isoformat())
    names = [resource["name"] for resource in package["resources"]]
    assert len(names) == len(set(names)) and all(re.fullmatch(r"[a-z0-9._-]+", name) for name in names)
    tables = {t.name: t for t in opendata.tables(year, progress, example)}
    assert {resource["path"] for resource in package["resources"]} == {f"{n}.{fmt}" for n in tables for fmt in FORMATS}
    counts = {}
    for resource in package["resources"]:
        path = folder / resource["path"]
        assert path.is_file(), resource["path"]
        fmt = resource["format"]
        assert path.suffix == "." + fmt and resource["type"] == "table"
        assert resource["mediatype"] == {"csv": "text/csv", "json": "application/json"}.get(
            fmt, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        assert resource.get("encoding") == (None if fmt == "xlsx" else "utf-8")
        fields = resource["schema"]["fields"]
        assert all(f["type"] in FRICTIONLESS_TYPES and f["title"] and f["description"] for f in fields)
        names = [f["name"] for f in fields]
        titles = [f["title"] for f in fields]
        if fmt == "csv":
            header = next(csv.reader(io.StringIO(path.read_bytes().decode("utf-8")[1:], newline="")))
            assert names == titles == header
            rows = read_csv(path)
        elif fmt == "xlsx":
            header = [cell.value for cell in load_workbook(path).active[1]]
            assert names == titles == header
            rows = read_xlsx(path)
        else:
            rows = read_json(path)
            assert all(list(row) == names for row in rows)
            assert all(re.fullmatch(r"[a-z_]+", name) for name in names)
        table = tables[path.stem]
        assert titles == [f.title for f in table.fields]
        assert set(resource["schema"].get("primaryKey", [])) <= set(names)
        counts.setdefault(path.stem, {})[fmt] = len(rows)
    assert counts == {name: {fmt: len(t.rows) for fmt in FORMATS} for name, t in tables.items()}
    # the 数据下载 page states the same counts
    rows = page(site, Urls(2025).downloads()).select("article table tr")
    stated = {tr.find_all("td")[0].text: int(tr.find_all("td")[1].text) for tr in rows if len(tr.find_all("td")) == 3}
    assert stated == {t.title: len(t.rows) for t in tables.values()}


def test_field_types_match_the_values(example_site, example_year):
    """Each JSON value has its declared type; booleans are 是/否 in CSV."""
    folder = example_site / "2025" / "data"
    package = json.loads((folder / "datapackage.json").read_text("utf-8"))
    python = {"string": str, "integer": int, "number": (int, float), "boolean": bool, "array": list, "object": dict,
              "date": str}
    for resource in package["resources"]:
        fields = resource["schema"]["fields"]
        if resource["format"] == "json":
            for row in read_json(folder / resource["path"]):
                for f in fields:
                    value = row[f["name"]]
                    assert value is None or isinstance(value, python[f["type"]]), (resource["name"], f["name"], value)
                    if value is not None and f["type"] == "date":
                        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", value)
                    if value is not None and "enum" in f.get("constraints", {}):
                        assert value in f["constraints"]["enum"]
        elif resource["format"] == "csv":
            for row in read_csv(folder / resource["path"]):
                for f in fields:
                    if f["type"] == "boolean":
                        assert row[f["name"]] in ("", "是", "否")


# -- Excel terms

def test_csv_opens_in_excel(built):
    site = built[0]
    paths = list((site / "2025" / "data").glob("*.csv"))
    assert paths
    for path in paths:
        data = path.read_bytes()
        assert data.startswith(BOM.encode("utf-8")) and data.endswith(b"\r\n")
        text = data.decode("utf-8")[1:]
        rows = list(csv.reader(io.StringIO(text, newline="")))
        rewritten = io.StringIO(newline="")
        csv.writer(rewritten, lineterminator="\r\n").writerows(rows)
        assert rewritten.getvalue() == text, path  # every record ends in CRLF; quoting only where needed
        assert len({len(row) for row in rows}) == 1


def test_xlsx_has_a_frozen_bold_header_and_column_widths(example_site):
    for path in (example_site / "2025" / "data").glob("*.xlsx"):
        sheet = load_workbook(path).active
        assert sheet.freeze_panes == "A2"
        assert all(cell.font.bold for cell in sheet[1])
        widths = [sheet.column_dimensions[cell.column_letter].width for cell in sheet[1]]
        assert all(8 <= w <= 60 for w in widths), (path, widths)
        assert sheet.cell(2, 1).alignment.wrap_text


# -- links

def test_download_page_links_every_file_and_registers_link_theirs(built):
    site, year, progress, _ = built
    urls = Urls(2025)
    folder = site / "2025" / "data"
    package = json.loads((folder / "datapackage.json").read_text("utf-8"))
    expected = {folder / resource["path"] for resource in package["resources"]} | {folder / "datapackage.json"}
    assert linked_files(site, urls.downloads()) == expected
    for register in year.registers:
        assert linked_files(site, urls.register(register)) == {folder / f"{register.kind.slug}.{fmt}" for fmt in FORMATS}
    assert linked_files(site, urls.personnel()) == {folder / f"personnel.{fmt}" for fmt in FORMATS}
    for uri in (urls.home(), "index.md"):  # the year page and the home page
        links = {resolve(uri, a["href"]): a.text for a in page(site, uri).select("article a[href]")}
        assert links.get("2025/data/") == "数据下载", uri
    nav = {resolve(urls.home(), a["href"]): a.text.strip() for a in page(site, urls.home()).select("nav a[href]")}
    assert nav.get("2025/data/") == "数据下载"


def resolve(uri: str, href: str) -> str:
    """A link of the page `uri` as a path from the site root."""
    url = "/" + uri.removesuffix("index.md").removesuffix(".md").rstrip("/") + "/"
    path = posixpath.normpath(posixpath.join(url.replace("//", "/"), href))
    return path.lstrip("/") + ("/" if href.endswith("/") else "")


# -- only what is published

def test_unpublished_entries_are_in_no_download(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    notice = data / "2025" / "documents" / "ren-1.yaml"
    notice.write_text(notice.read_text("utf-8").replace("disclosure: 主动公开", "disclosure: 依申请公开"), "utf-8")
    tasks = data / "2025" / "registers" / "tasks.yaml"
    tasks.write_text(tasks.read_text("utf-8").replace('  - id: "053"\n', '  - id: "053"\n    disclosure: 不予公开\n'), "utf-8")
    site = generate(read_archive(data, EXAMPLES), AS_OF, example=True)
    everything = all_text(site.downloads)
    assert "老旧小区改造工程" not in everything and "逄艺" not in everything and "市中政任" not in everything
    [year] = site.published
    for table in opendata.tables(year, derive(year, AS_OF)):
        assert table.name != "personnel"
        assert not [row for row in table.rows if row.get("id") == "053" or
                    (row.get("item") == "053" and row.get("register") == "年度工作任务")], table.name
    assert "2025/data/personnel.csv" not in {d.uri for d in site.downloads}


def all_text(downloads: list[opendata.Download]) -> str:
    """Every download as text: Excel files by their cells."""
    parts = []
    for download in downloads:
        if download.uri.endswith(".xlsx"):
            sheet = load_workbook(io.BytesIO(download.content)).active
            parts += [str(v) for row in sheet.iter_rows(values_only=True) for v in row if v is not None]
        else:
            parts.append(download.content.decode("utf-8"))
    return "\n".join(parts)


def test_no_contacts_in_any_download(example_site):
    files = [p for p in (example_site / "2025" / "data").iterdir() if p.suffix in (".csv", ".json", ".xlsx")]
    text = all_text([opendata.Download(p.name, p.read_bytes) for p in files])
    assert "示例填报人" not in text and "示例负责人" not in text and not PHONE.search(text)


# -- reproducible

def test_same_input_same_bytes_as_the_built_site(example_site):
    archive = read_archive(ROOT / "data", EXAMPLES)

    def build():
        dated = history.read([ROOT / "data", EXAMPLES], ROOT / "content")  # as the site: 发布日期 in the catalog
        site = generate(archive, AS_OF, example=True, history=dated)
        return {download.uri: download.content for download in site.downloads}

    first, second = build(), build()
    assert first == second
    for uri, content in first.items():
        assert (example_site / uri).read_bytes() == content, uri
    assert len(first) == 16 * 3 + 1 + 3  # the year's tables, its datapackage.json, the 政府信息公开目录
