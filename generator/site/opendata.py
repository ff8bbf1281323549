"""The downloads (数据下载): each register and each tracked month's reports as CSV, JSON and Excel, with a
Frictionless Data Package (`datapackage.json`) describing their fields.

Built from the published view (`publish.published`) and the same progress as the pages, so a download holds
exactly what the site shows: only 主动公开 entries, never contacts (they are not in the model).
The field definitions below are the one source of truth for the files' columns, the Data Package and the
field tables of the 数据下载 page. The same input gives the same bytes: the build date is the only date.

- CSV: UTF-8 with a BOM (Excel then reads Chinese correctly), CRLF line ends (RFC 4180), quoted by the csv
  module where needed; multi-line text stays as it is, inside quotes. Headers are the Chinese titles.
- JSON: UTF-8, an array of objects keyed by the English field names, rows in the order of the registers.
- Excel: one sheet, bold frozen header row of Chinese titles, column widths, wrapped text.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import posixpath
import unicodedata
from dataclasses import dataclass, field, replace
from functools import cached_property, partial
from typing import Any, Callable

from generator.derive.deadlines import late
from generator.derive.progress import CHINA, Progress
from generator.model import OWN_NAME, Item, Register, Year
from generator.site.urls import Urls
from generator.site.xlsx import table_workbook
from generator.words import STATUSES, number, one_of

LIST_SEPARATOR = "、"  # lists in CSV and Excel cells, as the documents write them
TRUE, FALSE = "是", "否"  # booleans in CSV and Excel cells, as the forms write them


@dataclass(frozen=True)
class Format:
    ext: str
    label: str  # as linked on the site
    mediatype: str
    text: bool = True  # a text format (encoding utf-8)


FORMATS = (
    Format("csv", "CSV", "text/csv"),
    Format("json", "JSON", "application/json"),
    Format("xlsx", "Excel", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", text=False),
)

# Frictionless types as the 数据下载 page names them
TYPE_LABELS = {
    "string": "文本",
    "integer": "整数",
    "number": "数值",
    "date": "日期",
    "boolean": "是/否",
    "array": "列表",
    "object": "对象",
    "list": "列表",
}


def _items_text(values: list) -> str:
    return LIST_SEPARATOR.join(values)


def _indicators_text(indicators: list[dict]) -> str:
    return "；".join(f"{i['name']}{OWN_NAME if i['own_name'] else ''}：{i['target']}" for i in indicators)


def _values_text(values: dict) -> str:
    return "；".join(f"{name}：{number(value)}" for name, value in values.items())


@dataclass(frozen=True)
class Field:
    """One column: `name` in JSON, `title` as the CSV and Excel header, `type` a Frictionless type of the JSON value."""

    name: str
    title: str
    type: str
    description: str
    text: Callable[[Any], str] | None = None  # how a list or object is written in a CSV or Excel cell
    constraints: dict = field(default_factory=dict, hash=False, compare=False)

    @property
    def cell_type(self) -> str:
        """The Frictionless type of the column in CSV and Excel."""
        if self.text is _items_text:
            return "list"
        return "string" if self.text else self.type

    def cell(self, value) -> str:
        """The value as CSV text ("" when empty)."""
        if value is None:
            return ""
        if self.text:
            return self.text(value)
        if self.type == "boolean":
            return TRUE if value else FALSE
        if self.type == "date":
            return value.isoformat()
        if self.type in ("integer", "number"):
            return number(value)
        return str(value)

    def csv_cell(self, value) -> str:
        """The cell in a CSV file: texts made inert (numbers, dates and 是/否 are written by us, and safe)."""
        text = self.cell(value)
        return _inert(text) if self.cell_type in ("string", "list") else text

    def json_value(self, value):
        if isinstance(value, dt.date):
            return value.isoformat()
        if isinstance(value, float) and value.is_integer():
            return int(value)
        if isinstance(value, list):
            return [self.json_value(v) for v in value]
        if isinstance(value, dict):
            return {k: self.json_value(v) for k, v in value.items()}
        return value

    def descriptor(self, fmt: Format) -> dict:
        """The field in the Data Package's table schema of a resource in `fmt`: CSV and Excel name their columns
        by title (a Frictionless reader matches the header row against the field names), JSON by name."""
        if fmt.ext == "json":
            result = {"name": self.name, "title": self.title, "type": self.type}
        else:
            result = {"name": self.title, "title": self.title, "type": self.cell_type}
            if self.cell_type == "list":
                result.update(delimiter=LIST_SEPARATOR, itemType="string")
            if self.type == "boolean":
                result.update(trueValues=[TRUE], falseValues=[FALSE])
        result["description"] = self.description
        if self.constraints:
            result["constraints"] = self.constraints
        return result


# -- the fields: one source of truth for the files, the Data Package and the 数据下载 page

STATUS = {"enum": list(STATUSES)}

ID = Field(
    "id",
    "编号",
    "string",
    "事项在本站的编号，事项页面的地址以它结尾（如 tasks/001/）。",
    constraints={"required": True},
)
NO = Field("no", "序号", "integer", "事项在原件中的序号。")
GROUP = Field("group", "分组", "string", "事项在原件中所属的分组（类别或部分）。")
TEXT = Field("text", "内容", "string", "事项内容，与原件一致。")
LEADERS = Field("leaders", "牵头领导", "array", "牵头区领导的姓名；CSV 和 Excel 中以“、”分隔。", _items_text)
UNITS = Field("units", "责任单位", "string", "责任单位：原件单列责任单位的照录原文，否则为各单位名称，以“、”分隔。")
LEAD_UNITS = Field("lead_units", "牵头单位", "array", "牵头单位名称；CSV 和 Excel 中以“、”分隔。", _items_text)
INDICATORS = Field(
    "indicators",
    "指标",
    "array",
    "从事项内容中摘出的量化指标。JSON 中为对象列表：name 名称（事项内容中的原话；own_name 为 true 时为本站所拟）、"
    "target 原文写法（如 5.6%左右、1—2个、1500余个）、number 原文数字（区间为下限）、upper 区间上限、unit 单位、"
    "qualifier 原文限定词（左右、以上、不少于、余、以内、不超过等，区间为连接号，没有则为空）；"
    f"CSV 和 Excel 中写作“名称：原文写法”，以“；”分隔，本站所拟的名称后注“{OWN_NAME}”。",
    _indicators_text,
)
CURRENT = Field(
    "status",
    "当前状态",
    "string",
    f"截至数据生成日期，最近一个已认定月份的状态（{one_of(STATUSES)}）；"
    "已完成的事项自完成之月起为已完成；空白为尚无认定。",
    constraints=STATUS,
)

EXAMPLE_MARK = "示例数据（虚构，仅用于演示）"
SAMPLE = Field("sample", "数据性质", "string", f"本站示例版的每一行都是“{EXAMPLE_MARK}”，不是任何单位的真实进展。")

DOCUMENT = Field("document", "文号", "string", "任免通知的文号。")
DATE = Field("date", "成文日期", "date", "任免通知的成文日期。")
CHANGE = Field("change", "类别", "string", "任命或免去。", constraints={"enum": ["任命", "免去"]})
PERSON = Field("person", "姓名", "string", "被任免人员姓名。")
ORGANISATION = Field("organisation", "单位", "string", "任职或免职的单位。")
POST = Field("post", "职务", "string", "任职或免去的职务。")
PROBATION = Field(
    "probation_months", "试用期（月）", "integer", "通知写明的试用期，以月计（试用期一年为12）；空白为通知未写试用期。"
)

REGISTER = Field("register", "台账", "string", "事项所属台账：年度工作任务、为民办实事或产业帮扶措施。")
ITEM = Field("item", "事项编号", "string", "事项在本站的编号，与台账下载中的“编号”对应。")
UNIT = Field("unit", "报送单位", "string", "报送落实情况的单位；未报送的，为应报送的单位（首个牵头单位）。")
SUBMITTED = Field("submitted", "报送日期", "date", "报送日期；空白为未报送。")
LATE = Field("late", "是否迟报", "boolean", "报送日期晚于该月报送期限的为“是”；报送期限见报送与认定规则。")
TARGET = Field("target", "季度计划完成目标", "string", "落实计划表中本季度的目标。")
PROGRESS = Field("progress", "完成情况", "string", "本月完成情况。")
PROBLEMS = Field("problems", "存在问题", "string", "存在的问题。")
NEXT_STEPS = Field("next_steps", "下一步计划", "string", "下一步工作计划。")
STAGE_MET = Field("stage_met", "是否完成阶段任务目标", "boolean", "报送单位所填：是否完成阶段任务目标。")
COMPLETED = Field("completed", "是否全部完成", "boolean", "报送单位所填：事项是否已全部完成。")
VALUES = Field(
    "values",
    "指标完成值",
    "object",
    (
        "截至本月各量化指标的累计完成值。JSON 中为对象（指标名称 → 数值）；"
        "CSV 和 Excel 中写作“名称：数值”，以“；”分隔，单位见台账下载的“指标”。"
    ),
    _values_text,
)
MONTH_STATUS = Field(
    "status",
    "状态",
    "string",
    f"本月认定的状态：{one_of(STATUSES)}；空白为本月尚未认定（报送期限未过，或本月无须报送）。",
    constraints=STATUS,
)


@dataclass
class Table:
    """One download: its rows as JSON values (dates as dates), in the order of the registers."""

    name: str  # the file name without extension, e.g. tasks, reports-2025-03
    title: str  # e.g. 年度工作任务
    family: str  # the group of tables sharing their fields on the 数据下载 page
    description: str
    fields: list[Field]
    rows: list[dict]
    primary_key: list[Field] = field(default_factory=list)


REGISTERS, PERSONNEL, REPORTS = "事项台账", "人事任免", "各月落实情况"
PERSONNEL_TABLE = "personnel"


def register_table(register: Register) -> str:
    return register.kind.slug


def reports_table(year: int, month: int) -> str:
    return f"reports-{year}-{month:02d}"


def files(urls: Urls, name: str) -> dict[str, str]:
    """Each format's label (CSV, JSON, Excel) → the year's download `name` in that format."""
    return {fmt.label: urls.data(name, fmt.ext) for fmt in FORMATS}


def tables(year: Year, progress: Progress, example: bool = False) -> list[Table]:
    """The downloads of a published year: each register, the personnel changes, each tracked month's reports. Built
    with the example data, each table's first column says so in every row, and its title too."""
    result = [_register_table(register, progress) for register in year.registers]
    if year.personnel:
        result.append(_personnel_table(year))
    result += [_reports_table(year, progress, month) for month in year.months]
    return [_marked_as_example(table) for table in result] if example else result


def _marked_as_example(table: Table) -> Table:
    return replace(
        table,
        title=f"{table.title}（{EXAMPLE_MARK}）",
        fields=[SAMPLE, *table.fields],
        rows=[{SAMPLE.name: EXAMPLE_MARK, **row} for row in table.rows],
    )


def _register_table(register: Register, progress: Progress) -> Table:
    items = register.items
    fields = [ID, NO] + ([GROUP] if register.groups else []) + [TEXT]
    fields += [LEADERS] if any(item.leaders for item in items) else []
    fields += [UNITS, LEAD_UNITS]
    fields += [INDICATORS] if any(item.indicators for item in items) else []
    fields += [CURRENT] if progress.months else []
    rows = [
        {
            ID.name: item.id,
            NO.name: item.no,
            GROUP.name: item.group.title if item.group else None,
            TEXT.name: item.text,
            LEADERS.name: [leader.name for leader in item.leaders],
            UNITS.name: item.responsible or LIST_SEPARATOR.join(ref.name for ref in item.units),
            LEAD_UNITS.name: [ref.name for ref in item.units if ref.lead],
            INDICATORS.name: [
                {
                    "name": i.name,
                    "own_name": i.own_name,
                    "target": i.target.printed,
                    "number": i.target.low,
                    "upper": i.target.high,
                    "unit": i.unit,
                    "qualifier": i.target.qualifier,
                }
                for i in item.indicators
            ],
            CURRENT.name: progress.of(item).current,
        }
        for item in items
    ]
    attachment = f"附件{register.attachment}" if register.attachment and len(register.document.attachments) > 1 else ""
    return Table(
        register_table(register),
        register.kind.title,
        REGISTERS,
        f"{register.title}（{register.document.number}{attachment}），共{len(items)}项。",
        fields,
        _only(rows, fields),
        [ID],
    )


def _personnel_table(year: Year) -> Table:
    rows = []
    for personnel in year.personnel:
        document = personnel.document
        for label, changes in (("任命", personnel.appointments), ("免去", personnel.removals)):
            rows += [
                {
                    DOCUMENT.name: document.number,
                    DATE.name: document.date,
                    CHANGE.name: label,
                    PERSON.name: change.person,
                    ORGANISATION.name: change.organisation,
                    POST.name: change.post,
                    PROBATION.name: change.probation_months,
                }
                for change in changes
            ]
    fields = [DOCUMENT, DATE, CHANGE, PERSON, ORGANISATION, POST, PROBATION]
    return Table(PERSONNEL_TABLE, "人事任免", PERSONNEL, "各任免通知所列的任命和免去人员。", fields, rows)


def _reports_table(year: Year, progress: Progress, month: int) -> Table:
    fields = [
        REGISTER,
        ITEM,
        NO,
        TEXT,
        UNIT,
        SUBMITTED,
        LATE,
        TARGET,
        PROGRESS,
        PROBLEMS,
        NEXT_STEPS,
        STAGE_MET,
        COMPLETED,
        VALUES,
        MONTH_STATUS,
    ]
    rows = [_report_row(item, progress, month) for item in report_items(year, progress, month)]
    deadline = year.deadlines.get(month)
    assessed = "已认定状态" if month in progress.months else "报送期限未过，尚未认定状态"
    description = (
        f"{year.year}年{month}月落实情况表（附件4）：各事项当月报送的落实情况"
        f"{f'，报送期限{deadline.isoformat()}' if deadline else ''}，{assessed}。"
    )
    return Table(
        reports_table(year.year, month),
        f"{year.year}年{month}月落实情况",
        REPORTS,
        description,
        fields,
        rows,
        [REGISTER, ITEM],
    )


def report_items(year: Year, progress: Progress, month: int) -> list[Item]:
    """The rows of a month: every item with a report entry that month, and every item assessed that month
    (未报送 included) unless it was completed in an earlier month."""

    def listed(item: Item) -> bool:
        p = progress.of(item)
        assessed = month in p.statuses and not (p.completed_in and p.completed_in < month)
        return month in item.reports or assessed

    return [item for item in year.items() if listed(item)]


def _report_row(item: Item, progress: Progress, month: int) -> dict:
    report = item.reports.get(month)
    submitted = report.submitted if report else None
    return {
        REGISTER.name: item.kind.title,
        ITEM.name: item.id,
        NO.name: item.no,
        TEXT.name: item.text,
        UNIT.name: report.unit.name if report else item.reporting_unit.name,
        SUBMITTED.name: submitted,
        LATE.name: late(progress.year, report) if submitted else None,
        TARGET.name: report.target if report else "",
        PROGRESS.name: report.progress if report else "",
        PROBLEMS.name: report.problems if report else "",
        NEXT_STEPS.name: report.next_steps if report else "",
        STAGE_MET.name: report.stage_met if submitted else None,
        COMPLETED.name: report.completed if submitted else None,
        VALUES.name: {i.name: report.values[i.name] for i in item.indicators if i.name in report.values}
        if submitted
        else {},
        MONTH_STATUS.name: progress.of(item).statuses.get(month),
    }


def _only(rows: list[dict], fields: list[Field]) -> list[dict]:
    return [{f.name: row[f.name] for f in fields} for row in rows]


# -- the formats

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")  # what makes a spreadsheet read a cell as a formula (OWASP)


def _inert(text: str) -> str:
    """A text as a spreadsheet will show it, never run it: one that starts like a formula gets a leading quote."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def to_csv(table: Table) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([f.title for f in table.fields])
    writer.writerows([f.csv_cell(row[f.name]) for f in table.fields] for row in table.rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def to_json(table: Table) -> bytes:
    rows = [{f.name: f.json_value(row[f.name]) for f in table.fields} for row in table.rows]
    return (json.dumps(rows, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


_MAX_WIDTH = 60  # characters of a wrapped column


def to_xlsx(table: Table, when: dt.datetime) -> bytes:
    rows = [[_xlsx_value(f, row[f.name]) for f in table.fields] for row in table.rows]
    widths = [_column_width(f, table.rows) for f in table.fields]
    return table_workbook(table.title, [f.title for f in table.fields], rows, widths, when)


def _column_width(f: Field, rows: list[dict]) -> int:
    widest = max([_width(f.title)] + [_width(f.cell(row[f.name])) for row in rows])
    return min(max(widest + 2, 8), _MAX_WIDTH)


def _xlsx_value(f: Field, value):
    """A number or a date as such; anything else as its text (never a formula, even when it starts with "=")."""
    if value is None or f.type == "date" or (f.type in ("integer", "number") and not f.text):
        return value
    return f.cell(value)


def _width(text: str) -> int:
    """Display width of the longest line: CJK characters take two columns."""
    return max(
        (sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line) for line in text.split("\n")),
        default=0,
    )


def content(table: Table, fmt: Format, when: dt.datetime) -> bytes:
    if fmt.ext == "csv":
        return to_csv(table)
    if fmt.ext == "json":
        return to_json(table)
    return to_xlsx(table, when)


# -- the Data Package and the files


@dataclass(frozen=True)
class Download:
    uri: str  # path in the built site, e.g. 2025/data/tasks.csv
    make: Callable[[], bytes] = field(repr=False, compare=False)  # its content (`mkdocs build` makes it aside)

    @cached_property
    def content(self) -> bytes:
        return self.make()


def datapackage(year: Year, year_tables: list[Table], urls: Urls, as_of: dt.date, example: bool = False) -> bytes:
    """The year's Frictionless Data Package (v2): one resource per file, its path relative to the descriptor.
    CSV and Excel name their fields by their Chinese titles, as in their header rows (a Frictionless reader
    matches header labels with field names); JSON by the English names."""
    here = posixpath.dirname(urls.datapackage())
    resources = []
    for table, fmt in ((table, fmt) for table in year_tables for fmt in FORMATS):
        resource = {
            "name": f"{table.name}-{fmt.ext}",
            "type": "table",
            "path": posixpath.relpath(urls.data(table.name, fmt.ext), here),
            "format": fmt.ext,
            "mediatype": fmt.mediatype,
        }
        if fmt.text:
            resource["encoding"] = "utf-8"
        resource.update(title=table.title, description=table.description)
        schema: dict = {"fields": [f.descriptor(fmt) for f in table.fields]}
        if table.primary_key:
            schema["primaryKey"] = [f.descriptor(fmt)["name"] for f in table.primary_key]
        resource["schema"] = schema
        resources.append(resource)
    sample = "（示例数据，虚构，仅用于演示）" if example else ""
    package = {
        "$schema": "https://datapackage.org/profiles/2.0/datapackage.json",
        "name": f"shizhong-disclosure-{year.year}",
        "title": f"济南市市中区政务公开 {year.year}年数据{sample}",
        "description": (
            f"济南市市中区人民政府办公室{year.year}年主动公开的台账事项、人事任免和各月落实情况，与本站页面出自同一份数据。"
            "每份数据有 CSV、JSON 和 Excel 三种格式，各为一个资源。CSV 为 UTF-8 编码（带 BOM）、CRLF 换行；"
            "CSV 中以 =、+、-、@、制表符或回车开头的文字前加一个单引号（'），以免电子表格软件把它当作公式执行，"
            "JSON 和 Excel 中为原文；"
            "CSV 和 Excel 的表头为中文列名（字段的 name 与 title），JSON 以英文字段名为键（title 为中文列名）。"
        ),
        "created": dt.datetime.combine(as_of, dt.time(), tzinfo=CHINA).isoformat(),
        "resources": resources,
    }
    return (json.dumps(package, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def year_downloads(
    year: Year, year_tables: list[Table], as_of: dt.date, urls: Urls, example: bool = False
) -> list[Download]:
    """The download files of a published year's `tables` and its datapackage.json, each made when its content is
    first asked for; `urls` are the year's."""
    when = dt.datetime.combine(as_of, dt.time())
    result = [
        Download(urls.data(table.name, fmt.ext), partial(content, table, fmt, when))
        for table in year_tables
        for fmt in FORMATS
    ]
    result.append(Download(urls.datapackage(), partial(datapackage, year, year_tables, urls, as_of, example)))
    return result
