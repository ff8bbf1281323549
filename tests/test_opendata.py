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

import chinese_calendar
import pytest
import yaml
from bs4 import BeautifulSoup
from conftest import AS_OF, EXAMPLES, ROOT
from openpyxl import load_workbook

from generator.derive.progress import derive
from generator.derive.publish import public_view
from generator.read import history
from generator.read.registry import read_archive
from generator.site import generate, opendata

BOM = "\ufeff"
FRICTIONLESS_TYPES = {
    "string",
    "number",
    "integer",
    "boolean",
    "object",
    "array",
    "list",
    "date",
    "time",
    "datetime",
    "year",
    "yearmonth",
    "duration",
    "geopoint",
    "geojson",
    "any",
}
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
    return written(value, csv_file=False)


def read_all(folder: Path, name: str) -> dict[str, list[dict]]:
    """The table `name` in each format, keyed by format; CSV and Excel rows keyed by Chinese titles, cells as text."""
    return {
        "csv": read_csv(folder / f"{name}.csv"),
        "json": read_json(folder / f"{name}.json"),
        "xlsx": [{k: xlsx_text(v) for k, v in row.items()} for row in read_xlsx(folder / f"{name}.xlsx")],
    }


def unmarked(rows: dict[str, list[dict]], example: bool) -> dict[str, list[dict]]:
    """The rows without their first column, 数据性质, which the example site's files have, saying so in every row."""
    result = {}
    for fmt, table in rows.items():
        key = "sample" if fmt == "json" else "数据性质"
        assert [list(row)[0] == key and row[key] for row in table] == [example and EXAMPLE_MARK] * len(table), fmt
        result[fmt] = [{k: v for k, v in row.items() if k != key} for row in table]
    return result


def assert_rows(got: list[dict], expected: list[dict], context: str) -> None:
    """The rows in order, each with its columns in order."""
    assert [list(row.values())[:2] for row in got] == [list(row.values())[:2] for row in expected], context
    for row, wanted in zip(got, expected):
        assert list(row.items()) == list(wanted.items()), (context, list(wanted.values())[:2])


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


# -- the expectation, read from the YAML files with the rules the site documents (never with the generator)

DATA, REPORTS = ROOT / "data" / "2025", EXAMPLES / "2025" / "reports"
PUBLIC = "主动公开"
KINDS = {"tasks": "年度工作任务", "projects": "为民办实事", "measures": "产业帮扶措施"}  # the registers, in this order
QUARTERLY = (3, 6, 9, 12)  # the Gaotang measures are assessed in a quarter's last month only (报送与认定规则)
OWN_NAME = "（本站拟名）"
EXAMPLE_MARK = "示例数据（虚构，仅用于演示）"
REGISTER_COLUMNS = {
    "id": "编号",
    "no": "序号",
    "group": "分组",
    "text": "内容",
    "leaders": "牵头领导",
    "units": "责任单位",
    "lead_units": "牵头单位",
    "indicators": "指标",
    "status": "当前状态",
}
REPORT_COLUMNS = {
    "register": "台账",
    "item": "事项编号",
    "no": "序号",
    "text": "内容",
    "unit": "报送单位",
    "submitted": "报送日期",
    "late": "是否迟报",
    "target": "季度计划完成目标",
    "progress": "完成情况",
    "problems": "存在问题",
    "next_steps": "下一步计划",
    "stage_met": "是否完成阶段任务目标",
    "completed": "是否全部完成",
    "values": "指标完成值",
    "status": "状态",
}
PERSONNEL_COLUMNS = {
    "document": "文号",
    "date": "成文日期",
    "change": "类别",
    "person": "姓名",
    "organisation": "单位",
    "post": "职务",
    "probation_months": "试用期（月）",
}


def load(path: Path):
    return yaml.safe_load(path.read_text("utf-8"))


def documents() -> dict[str, dict]:
    return {d["id"]: d for d in map(load, sorted((DATA / "documents").glob("*.yaml")))}


def canonical() -> dict[str, str]:
    """A unit's name or alias → its name, from units.yaml."""
    names = {}
    for unit in load(DATA / "units.yaml")["units"]:
        names.update({alias: unit["name"] for alias in [unit["name"], *unit.get("aliases", [])]})
    return names


def registers() -> dict[str, dict]:
    """Kind → its register, in the site's order, with only its 主动公开 items (a register of a notice not public
    is left out whole)."""
    found = {r["kind"]: r for r in map(load, (DATA / "registers").glob("*.yaml")) if r["kind"] in KINDS}
    notices = documents()
    return {
        kind: {**found[kind], "items": [i for i in found[kind]["items"] if i.get("disclosure", PUBLIC) == PUBLIC]}
        for kind in KINDS
        if kind in found and notices[found[kind]["document"]]["disclosure"] == PUBLIC
    }


def report_files(example: bool) -> dict[int, dict]:
    """Month → its 落实情况表; the real data has none yet."""
    if not example:
        return {}
    return {int(path.stem[-2:]): load(path) for path in sorted(REPORTS.glob("2025-*.yaml"))}


def deadline(month: int) -> dt.date:
    """A month's report deadline: the 5th working day of the next month (holidays and make-up days included)."""
    day, count = dt.date(2025 + month // 12, month % 12 + 1, 1), 0
    while True:
        count += chinese_calendar.is_workday(day)
        if count == 5:
            return day
        day += dt.timedelta(days=1)


class Tracked:
    """Each item's report entries and statuses, by the rules of the 报送与认定规则 page."""

    def __init__(self, example: bool):
        self.files = report_files(example)
        self.assessed = [m for m in self.files if deadline(m) < AS_OF]
        self.entries: dict[tuple[str, str], dict[int, dict]] = {}
        for month, report in self.files.items():
            for kind in KINDS:
                for entry in report.get(kind) or []:
                    self.entries.setdefault((kind, entry["id"]), {})[month] = entry

    def of(self, kind: str, item_id: str) -> dict[int, dict]:
        return self.entries.get((kind, item_id), {})

    def completed_in(self, kind: str, item_id: str) -> int | None:
        """The first month reported complete (已完成 from then on)."""
        return min(
            (m for m, e in self.of(kind, item_id).items() if e.get("submitted") and e.get("completed") == "是"),
            default=None,
        )

    def statuses(self, kind: str, item_id: str) -> dict[int, str]:
        done, result = self.completed_in(kind, item_id), {}
        for month in self.assessed:
            if month not in (QUARTERLY if kind == "measures" else range(1, 13)) and month != done:
                continue
            entry = self.of(kind, item_id).get(month)
            if done and done <= month:
                result[month] = "已完成"
            elif not entry or not entry.get("submitted"):
                result[month] = "未报送"
            else:
                result[month] = "序时推进" if entry["stage_met"] == "是" else "进度滞后"
        return result

    def current(self, kind: str, item_id: str) -> str | None:
        statuses = self.statuses(kind, item_id)
        return "已完成" if self.completed_in(kind, item_id) else statuses[max(statuses)] if statuses else None


def expected_registers(example: bool) -> dict[str, list[dict]]:
    """Kind → the rows of its download, as JSON values, in the order of REGISTER_COLUMNS (absent columns left out)."""
    tracked, result = Tracked(example), {}
    for kind, register in registers().items():
        items = register["items"]
        groups = {g["seq"]: g["title"] for g in register.get("groups", [])}
        rows = [
            {
                "id": item["id"],
                "no": item["seq"],
                "group": groups.get(item.get("group")),
                "text": item["text"],
                "leaders": item.get("leaders", []),
                "units": item.get("responsible") or "、".join(u["name"] for u in item["units"]),
                "lead_units": [u["name"] for u in item["units"] if u.get("lead")],
                "indicators": [
                    {"name": i["name"], "own_name": bool(i.get("own_name")), "target": i["target"]}
                    for i in item.get("indicators", [])
                ],
                "status": tracked.current(kind, item["id"]),
            }
            for item in items
        ]
        absent = {"group"} if not groups else set()
        absent |= {name for name in ("leaders", "indicators") if not any(item.get(name) for item in items)}
        absent |= {"status"} if not tracked.assessed else set()
        result[kind] = [{k: v for k, v in row.items() if k not in absent} for row in rows]
    return result


def expected_reports(month: int) -> list[dict]:
    """The rows of a month's download, as JSON values: every item with an entry that month, and every item assessed
    that month unless completed in an earlier one; an entry's content only once submitted."""
    tracked, names, rows = Tracked(True), canonical(), []
    for kind, register in registers().items():
        for item in register["items"]:
            entry = tracked.of(kind, item["id"]).get(month)
            statuses, done = tracked.statuses(kind, item["id"]), tracked.completed_in(kind, item["id"])
            if not entry and (month not in statuses or (done and done < month)):
                continue
            submitted = entry.get("submitted") if entry else None
            lead = next((u["name"] for u in item["units"] if u.get("lead")), item["units"][0]["name"])
            values = (entry.get("indicators") or {}) if submitted else {}
            rows.append(
                {
                    "register": KINDS[kind],
                    "item": item["id"],
                    "no": item["seq"],
                    "text": item["text"],
                    "unit": names[entry["unit"] if entry else lead],
                    "submitted": submitted.isoformat() if submitted else None,
                    "late": submitted > deadline(month) if submitted else None,
                    **{k: (entry or {}).get(k) or "" for k in ("target", "progress", "problems", "next_steps")},
                    "stage_met": entry["stage_met"] == "是" if submitted else None,
                    "completed": entry["completed"] == "是" if submitted else None,
                    "values": {
                        i["name"]: values[i["name"]]
                        for i in item.get("indicators", [])
                        if values.get(i["name"]) is not None
                    },
                    "status": statuses.get(month),
                }
            )
    return rows


def written(value, csv_file: bool = True) -> str:
    """A JSON value as the CSV (or Excel, read as text) writes it: lists with 、, indicator values as 名称：数值
    with ；, numbers as the documents write them, 是/否, and in CSV a text that starts like a formula after a quote."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, (int, float)):
        return str(int(value)) if float(value).is_integer() else repr(float(value))
    if isinstance(value, list):
        text = "、".join(value)
    elif isinstance(value, dict):
        text = "；".join(f"{name}：{written(v)}" for name, v in value.items())
    else:
        text = value
    return "'" + text if csv_file and text.startswith(("=", "+", "-", "@", "\t", "\r")) else text


def as_cells(row: dict, titles: dict[str, str], csv_file: bool = True) -> dict[str, str]:
    """An expected JSON row as its CSV or Excel row: keyed by the Chinese titles, cells as text."""
    cells = {}
    for name, value in row.items():
        if name == "indicators":
            cells[titles[name]] = "；".join(f"{i['name']}{OWN_NAME * i['own_name']}：{i['target']}" for i in value)
        else:
            cells[titles[name]] = written(value, csv_file)
    return cells


@pytest.fixture(scope="module", params=["site", "example_site"])
def built(request):
    """(built site, whether it is the example site)."""
    return request.getfixturevalue(request.param), request.param == "example_site"


# -- registers


def recomposes(target: str, low, high, unit: str, qualifier: str) -> bool:
    """Whether an indicator's parts write its target again, as documented: 5.6%左右, 1500余个, 不少于3万人次, 1—2个."""
    n = written(low)
    if high is not None:
        return qualifier in "—－-～~" and target == n + qualifier + written(high) + unit
    return target in (qualifier + n + unit, n + qualifier + unit, n + unit + qualifier)


def test_every_register_download_holds_every_item_once(built):
    site, example = built
    expected = expected_registers(example)
    assert list(expected) == list(KINDS)
    for kind, rows in expected.items():
        got = unmarked(read_all(site / "2025" / "data", kind), example)
        assert len({row["id"] for row in rows}) == len(rows)
        for row in got["json"]:
            for i in row.get("indicators", []):
                parts = i.pop("number"), i.pop("upper"), i.pop("unit"), i.pop("qualifier")
                assert recomposes(i["target"], *parts), (kind, row["id"], i, parts)
        assert_rows(got["json"], rows, kind)
        assert_rows(got["csv"], [as_cells(row, REGISTER_COLUMNS) for row in rows], kind)
        assert_rows(got["xlsx"], [as_cells(row, REGISTER_COLUMNS, csv_file=False) for row in rows], kind)
    if example:
        statuses = {row["status"] for rows in expected.values() for row in rows}
        assert statuses >= {"已完成", "序时推进", "进度滞后"}  # the example exercises the rules


def expected_personnel() -> list[dict]:
    notices, rows = documents(), []
    for register in map(load, sorted((DATA / "registers").glob("*.yaml"))):
        notice = notices[register["document"]]
        if register["kind"] != "personnel" or notice["disclosure"] != PUBLIC:
            continue
        for label, key in (("任命", "appointments"), ("免去", "removals")):
            rows += [
                {
                    "document": notice["number"],
                    "date": notice["date"].isoformat(),
                    "change": label,
                    "person": c["person"],
                    "organisation": c["organisation"],
                    "post": c["post"],
                    "probation_months": c.get("probation_months"),
                }
                for c in register.get(key, [])
                if c.get("disclosure", PUBLIC) == PUBLIC
            ]
    return rows


def test_personnel_download_lists_every_change(built):
    site, example = built
    rows = unmarked(read_all(site / "2025" / "data", "personnel"), example)
    expected = expected_personnel()
    assert expected
    assert_rows(rows["json"], expected, "personnel")
    assert_rows(rows["csv"], [as_cells(row, PERSONNEL_COLUMNS) for row in expected], "personnel")
    assert_rows(rows["xlsx"], [as_cells(row, PERSONNEL_COLUMNS, csv_file=False) for row in expected], "personnel")
    assert [row["试用期（月）"] for row in rows["csv"]].count("12") == 2  # 试用期一年, twice; no end date is computed


# -- the months' reports


def test_every_month_download_holds_every_report_entry(example_site):
    folder = example_site / "2025" / "data"
    files = report_files(example=True)
    assert list(files) == list(range(1, 13))
    seen = set()
    for month, report in files.items():
        expected = expected_reports(month)
        keys = [(row["register"], row["item"]) for row in expected]
        assert len(set(keys)) == len(keys)
        assert {(KINDS[kind], e["id"]) for kind in KINDS for e in report.get(kind) or []} <= set(keys)
        rows = unmarked(read_all(folder, f"reports-2025-{month:02d}"), example=True)
        assert_rows(rows["json"], expected, f"{month}月")
        assert_rows(rows["csv"], [as_cells(row, REPORT_COLUMNS) for row in expected], f"{month}月")
        assert_rows(rows["xlsx"], [as_cells(row, REPORT_COLUMNS, csv_file=False) for row in expected], f"{month}月")
        seen |= {(row["status"], row["late"], bool(row["values"])) for row in expected}
    # the example exercises every rule: each status, none (a measure outside a quarter's last month), late, on time
    assert {s for s, *_ in seen} == {"已完成", "序时推进", "进度滞后", "未报送", None}
    assert {late for _, late, _ in seen} == {True, False, None} and any(values for *_, values in seen)


def test_multi_line_text_stays_intact(example_year):
    year = copy.deepcopy(public_view(example_year))
    item = year.register("projects").items[0]
    report = item.reports[3]
    report.progress = '第一行：新增学位2400个，\n第二行含“引号”"和"英文引号, 逗号；\n\n第四行'
    table = next(t for t in opendata.tables(year, derive(year, AS_OF)) if t.name == "reports-2025-03")
    with_name = {
        "csv": lambda: read_csv_bytes(opendata.to_csv(table)),
        "json": lambda: json.loads(opendata.to_json(table)),
        "xlsx": lambda: read_xlsx(io.BytesIO(opendata.to_xlsx(table, dt.datetime.combine(AS_OF, dt.time())))),
    }
    for fmt, read in with_name.items():
        [row] = [
            r
            for r in read()
            if r["事项编号" if fmt != "json" else "item"] == item.id
            and r["台账" if fmt != "json" else "register"] == "为民办实事"
        ]
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

    cells = [
        cell for row in csv.reader(io.StringIO(opendata.to_csv(table).decode("utf-8-sig"), newline="")) for cell in row
    ]
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
    site, example = built
    folder = site / "2025" / "data"
    package = json.loads((folder / "datapackage.json").read_text("utf-8"))
    assert package["$schema"].startswith("https://datapackage.org/profiles/")
    assert package["created"].startswith(AS_OF.isoformat())
    names = [resource["name"] for resource in package["resources"]]
    assert len(names) == len(set(names)) and all(re.fullmatch(r"[a-z0-9._-]+", name) for name in names)
    tables = expected_tables(example)
    assert {resource["path"] for resource in package["resources"]} == {f"{n}.{fmt}" for n in tables for fmt in FORMATS}
    counts = {}
    for resource in package["resources"]:
        path = folder / resource["path"]
        assert path.is_file(), resource["path"]
        fmt = resource["format"]
        assert path.suffix == "." + fmt and resource["type"] == "table"
        assert resource["mediatype"] == {"csv": "text/csv", "json": "application/json"}.get(
            fmt, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
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
        assert titles == tables[path.stem][1]
        assert set(resource["schema"].get("primaryKey", [])) <= set(names)
        counts.setdefault(path.stem, {})[fmt] = len(rows)
    assert counts == {name: {fmt: count for fmt in FORMATS} for name, (_, _, count) in tables.items()}
    # the 数据下载 page states the same counts
    rows = page(site, "2025/data/index.md").select("article table tr")
    stated = {tr.find_all("td")[0].text: int(tr.find_all("td")[1].text) for tr in rows if len(tr.find_all("td")) == 3}
    assert stated == {title: count for title, _, count in tables.values()}


def expected_tables(example: bool) -> dict[str, tuple[str, list[str], int]]:
    """File name → (title, column titles, number of rows): each register, the personnel changes, each month's reports;
    on the example site, every title says 示例数据 and every table starts with the column 数据性质."""
    tables = {
        kind: (KINDS[kind], [REGISTER_COLUMNS[k] for k in rows[0]], len(rows))
        for kind, rows in expected_registers(example).items()
    }
    tables["personnel"] = ("人事任免", list(PERSONNEL_COLUMNS.values()), len(expected_personnel()))
    tables |= {
        f"reports-2025-{m:02d}": (f"2025年{m}月落实情况", list(REPORT_COLUMNS.values()), len(expected_reports(m)))
        for m in report_files(example)
    }
    if example:
        return {
            name: (f"{title}（{EXAMPLE_MARK}）", ["数据性质", *titles], count)
            for name, (title, titles, count) in tables.items()
        }
    return tables


def test_field_types_match_the_values(example_site, example_year):
    """Each JSON value has its declared type; booleans are 是/否 in CSV."""
    folder = example_site / "2025" / "data"
    package = json.loads((folder / "datapackage.json").read_text("utf-8"))
    python = {
        "string": str,
        "integer": int,
        "number": (int, float),
        "boolean": bool,
        "array": list,
        "object": dict,
        "date": str,
    }
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
    site, example = built
    folder = site / "2025" / "data"
    expected = {folder / f"{name}.{fmt}" for name in expected_tables(example) for fmt in FORMATS}
    assert linked_files(site, "2025/data/index.md") == expected | {folder / "datapackage.json"}
    for kind in KINDS:
        assert linked_files(site, f"2025/{kind}/index.md") == {folder / f"{kind}.{fmt}" for fmt in FORMATS}
    assert linked_files(site, "2025/personnel.md") == {folder / f"personnel.{fmt}" for fmt in FORMATS}
    for uri in ("2025/index.md", "index.md"):  # the year page and the home page
        links = {resolve(uri, a["href"]): a.text for a in page(site, uri).select("article a[href]")}
        assert links.get("2025/data/") == "数据下载", uri
    year_page = "2025/index.md"
    nav = {resolve(year_page, a["href"]): a.text.strip() for a in page(site, year_page).select("nav a[href]")}
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
    withheld = tasks.read_text("utf-8").replace('  - id: "053"\n', '  - id: "053"\n    disclosure: 不予公开\n')
    tasks.write_text(withheld, "utf-8")
    site = generate(read_archive(data, EXAMPLES), AS_OF, example=True)
    everything = all_text(site.downloads)
    assert "老旧小区改造工程" not in everything and "逄艺" not in everything and "市中政任" not in everything
    [year] = site.published
    for table in opendata.tables(year, derive(year, AS_OF)):
        assert table.name != "personnel"
        assert not [
            row
            for row in table.rows
            if row.get("id") == "053" or (row.get("item") == "053" and row.get("register") == "年度工作任务")
        ], table.name
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
