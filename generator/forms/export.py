"""The forms written out for the units to fill: one sheet per unit, laid out like the official form for A4
landscape (titles, 填报单位/填报时间, header, one row per item, footer, note), prefilled with the items it reports
(Item.reporting_unit: its first lead unit)."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from generator.derive.progress import Progress
from generator.forms.layout import NOTES, QUARTERS, Field, fields, header_depth, label, subtitle
from generator.model import Form, Item, Unit, Year
from generator.office import expected
from generator.site.xlsx import to_bytes

WIDTHS = {
    "seq": 8,
    "content": 34,
    "target": 24,
    "progress": 34,
    "problems": 20,
    "next_steps": 24,
    "stage_met": 11,
    "completed": 11,
    "indicators": 22,
    "q1": 22,
    "q2": 22,
    "q3": 22,
    "q4": 22,
    "principal": 11,
    "deputy": 11,
    "remarks": 14,
}


def find_unit(year: Year, text: str) -> Unit:
    """A unit by its name, another name it goes by, or its id."""
    unit = next((u for u in year.units if text in (u.id, u.name, *u.aliases)), None)
    if unit is None:
        raise ValueError(f"{year.year}年的责任单位名册中没有“{text}”。应为：units.yaml 中的单位名称、其他写法或编号。")
    return unit


def reporting_units(year: Year, items: list[Item]) -> list[Unit]:
    """The units that report `items`, in the order of units.yaml."""
    reporting = {item.reporting_unit for item in items}
    return [unit for unit in year.units if unit in reporting]


def year_form(year: Year, form_id: str) -> Form:
    form = next((f for f in year.forms if f.id == form_id), None)
    if form is None:
        raise ValueError(f"{year.year}年的 forms.yaml 中没有“{form_id}”表格的栏目定义。")
    return form


def plan_workbook(year: Year, units: list[Unit], when: dt.datetime) -> bytes:
    """The 落实计划表 of each unit: all the items it reports, prefilled from its plan where there is one."""
    form = year_form(year, "plan")
    book = _book()
    for unit in units:
        rows = [_plan_row(item) for item in year.items() if item.reporting_unit is unit]
        _write_sheet(book, form, [form.title], unit, rows)
    return to_bytes(book, when)


def report_workbook(progress: Progress, month: int, units: list[Unit], when: dt.datetime) -> bytes:
    """The month's 落实情况表 of each unit: the items it must report that month, with the quarter's target."""
    form = year_form(progress.year, "report")
    items = expected(progress, month)
    book = _book()
    for unit in units:
        rows = [_report_row(item, (month - 1) // 3) for item in items if item.reporting_unit is unit]
        _write_sheet(book, form, [form.title, subtitle(form, month)], unit, rows)
    return to_bytes(book, when)


def _plan_row(item: Item) -> dict:
    row = {"seq": label(item), "content": item.text}
    if item.plan:
        row.update(
            zip(QUARTERS, item.plan.targets),
            principal=item.plan.principal,
            deputy=item.plan.deputy,
            remarks=item.plan.remarks,
        )
    return row


def _report_row(item: Item, quarter: int) -> dict:
    return {
        "seq": label(item),
        "content": item.text,
        "target": item.plan.targets[quarter] if item.plan else "",
        "indicators": "\n".join(f"{indicator.name}：" for indicator in item.indicators),
    }


_THIN = Side(style="thin")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_FONT = Font(name="宋体", size=11)
_BOLD = Font(name="宋体", size=11, bold=True)
_GREY = PatternFill("solid", fgColor="D9D9D9")
_LIGHT = PatternFill("solid", fgColor="F2F2F2")
_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
_TOP = Alignment(vertical="top", wrap_text=True)
_RIGHT = Alignment(horizontal="right", vertical="center")
_LEFT = Alignment(horizontal="left", vertical="center")
_DATE = 'yyyy"年"m"月"d"日"'


def _book() -> Workbook:
    book = Workbook()
    book.remove(book.active)
    return book


def _write_sheet(book: Workbook, form: Form, titles: list[str], unit: Unit, rows: list[dict]) -> None:
    """A sheet laid out like the official form: titles, 填报单位/填报时间, header, one row per item, footer, note."""
    sheet = book.create_sheet(_sheet_name(unit.name, book.sheetnames))
    columns = fields(form)
    width = len(columns)
    for r, text in enumerate(titles, 1):
        _span(sheet, r, 1, width, text, Font(name="宋体", size=18 if r == 1 else 12, bold=r == 1), _CENTER)
        sheet.row_dimensions[r].height = 32 if r == 1 else 20
    info = len(titles) + 1
    _span(sheet, info, 1, 3, f"{form.header[0]}：{unit.name}", _FONT, _LEFT)
    _cell(sheet, info, width - 2, f"{form.header[1]}：", _FONT, _RIGHT)
    _span(sheet, info, width - 1, width, None, _FONT, _LEFT).number_format = _DATE
    header = info + 1
    depth = _write_header(sheet, header, columns)
    first = header + depth
    for r, row in enumerate(rows, first):
        for c, column in enumerate(columns, 1):
            cell = _cell(sheet, r, c, row.get(column.key) or None, _FONT, _TOP if c > 1 else _CENTER)
            cell.border = _BOX
            if not column.filled:
                cell.fill = _LIGHT
    last = first + len(rows) - 1
    for r, row in enumerate(rows, first):
        sheet.row_dimensions[r].height = _row_height([(row.get(c.key) or "", WIDTHS.get(c.key, 14)) for c in columns])
    _yes_no_lists(sheet, columns, first, last)
    footer = last + 1
    for i, name in enumerate(form.footer):
        _cell(sheet, footer, 2 + 2 * i, f"{name}：", _FONT, _RIGHT)
        _span(sheet, footer, 3 + 2 * i, 3 + 2 * i if i < len(form.footer) - 1 else width, None, _FONT, _LEFT)
    _span(sheet, footer + 1, 1, width, NOTES[form.id], Font(name="宋体", size=9), _TOP)
    sheet.row_dimensions[footer + 1].height = 45
    for c, column in enumerate(columns, 1):
        sheet.column_dimensions[get_column_letter(c)].width = WIDTHS.get(column.key, 14)
    _page_setup(sheet, header, depth, first)


_LINE_POINTS = 14.5  # one line of 11-point 宋体
_WRITING_LINES = 3  # room to write by hand on a printed form


def _row_height(cells: list[tuple[str, float]], minimum_lines: int = _WRITING_LINES) -> float:
    """Points for the tallest wrapped cell of a row. Excel and WPS do not grow a row to its wrapped text when
    opening a file (nor does LibreOffice), so a prefilled text would print cut off without a set height."""

    def lines(text: str, width: float) -> int:
        per_line = max(width - 1, 1)
        return sum(max(1, -(-_units(part) // per_line)) for part in text.split("\n"))

    return max([minimum_lines] + [lines(str(text), width) for text, width in cells]) * _LINE_POINTS + 4


def _units(text: str) -> int:
    """Width in Excel column units: a Chinese character takes two, as in the default font's metrics."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def _write_header(sheet: Worksheet, row: int, columns: list[Field]) -> int:
    """One header row, or two when columns are grouped; returns how many."""
    depth = header_depth(columns)
    c = 1
    while c <= len(columns):
        column = columns[c - 1]
        if column.group:
            end = c
            while end < len(columns) and columns[end].group == column.group:
                end += 1
            _span(sheet, row, c, end, column.group, _BOLD, _CENTER)
            for k in range(c, end + 1):
                _cell(sheet, row + 1, k, columns[k - 1].label, _BOLD, _CENTER)
            c = end + 1
        else:
            _span(sheet, row, c, c, column.label, _BOLD, _CENTER, rows=depth)
            c += 1
    for r in range(row, row + depth):
        for k in range(1, len(columns) + 1):
            sheet.cell(r, k).border = _BOX
            sheet.cell(r, k).fill = _GREY
    labels = [(column.label, WIDTHS.get(column.key, 14)) for column in columns]
    sheet.row_dimensions[row + depth - 1].height = _row_height(labels, minimum_lines=1)
    return depth


def _yes_no_lists(sheet: Worksheet, columns: list[Field], first: int, last: int) -> None:
    """A 是/否 drop-down on the yes/no columns: Excel and WPS refuse anything else typed there."""
    if last < first:
        return
    check = DataValidation(
        type="list",
        formula1='"是,否"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="只能填“是”或“否”",
        error="请填“是”或“否”。",
    )
    for c, column in enumerate(columns, 1):
        if column.key in ("stage_met", "completed"):
            check.add(f"{get_column_letter(c)}{first}:{get_column_letter(c)}{last}")
    if check.sqref:
        sheet.add_data_validation(check)


def _page_setup(sheet: Worksheet, header: int, depth: int, first: int) -> None:
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0  # as many pages as needed
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = f"{header}:{header + depth - 1}"  # the header on every printed page
    sheet.print_options.horizontalCentered = True
    sheet.page_margins.left = sheet.page_margins.right = 0.4
    sheet.page_margins.top = sheet.page_margins.bottom = 0.6
    sheet.oddFooter.center.text = "第 &P 页，共 &N 页"
    sheet.freeze_panes = f"A{first}"


def _cell(sheet: Worksheet, row: int, column: int, value, font: Font, alignment: Alignment):
    cell = sheet.cell(row, column, value)
    if isinstance(value, str):
        cell.data_type = "s"  # text, also when it starts with "=" (openpyxl would write a formula)
    cell.font = font
    cell.alignment = alignment
    return cell


def _span(sheet: Worksheet, row: int, first: int, last: int, value, font: Font, alignment: Alignment, rows: int = 1):
    """A cell merged over columns first..last (and `rows` rows)."""
    if last > first or rows > 1:
        sheet.merge_cells(start_row=row, start_column=first, end_row=row + rows - 1, end_column=last)
    return _cell(sheet, row, first, value, font, alignment)


def _sheet_name(name: str, taken: list[str]) -> str:
    """Excel's rules: at most 31 characters, none of []:*?/\\, unique in the workbook."""
    base = re.sub(r"[\[\]:*?/\\]", "", name)[:31] or "Sheet"
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base[: 31 - len(str(n))]}{n}", n + 1
    return candidate
