"""Reading a filled workbook: each sheet's form, unit, 填报时间, contacts and item rows, found by their text so that an
added row does not matter. Every problem is named by sheet and cell (区教育体育局!F7) and all are reported at once."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from openpyxl import Workbook, load_workbook
from openpyxl.utils import get_column_letter, range_boundaries
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.worksheet import Worksheet

from generator.derive.deadlines import month_end
from generator.derive.progress import derive
from generator.forms.cells import (
    PARSERS,
    BadCell,
    blank,
    parse_date,
    parse_indicators,
    parse_label,
    parse_text,
    shown,
    squeeze,
)
from generator.forms.layout import CONTACT, NAMES, PREFILLED, QUARTERS, Field, fields, header_depth, label
from generator.model import Archive, Form, Item, Unit, Year
from generator.office import expected
from generator.read.tracking import REQUIRED_WHEN_SUBMITTED
from generator.words import chinese_date


@dataclass(frozen=True)
class CellProblem:
    """A problem in a filled workbook, at a sheet's cell: 区教育体育局!F7."""

    where: str
    message: str
    expected: str = ""

    def __str__(self) -> str:
        return f"✗ {self.where}：{self.message}" + (f"应为：{self.expected}" if self.expected else "")


class FormError(Exception):
    """Every problem of a filled workbook at once; nothing has been written."""

    def __init__(self, problems: list[CellProblem]):
        self.problems = problems
        super().__init__(self.report())

    def report(self) -> str:
        return (
            "\n".join(map(str, self.problems)) + f"\n\n共发现 {len(self.problems)} 处问题，没有写入任何文件。"
            "请改正表格后重新导入。"
        )


@dataclass
class Row:
    """One item's row as the unit filled it."""

    item: Item
    where: str  # its 序号 cell, e.g. 区教育体育局!A5
    values: dict  # column key → text, 是/否, or {indicator name: value}
    cells: dict = field(default_factory=dict)  # column key → cell reference


@dataclass
class Filled:
    """One sheet as the unit filled it."""

    sheet: str
    form: Form
    year: Year
    month: int | None  # the report's month; None for a plan
    unit: Unit
    date: dt.date | None  # 填报时间
    contact: dict  # name / phone / signatory → text or None
    rows: list[Row]


def read_workbook(path: Path, archive: Archive, today: dt.date) -> list[Filled]:
    """The filled sheets of a workbook, or FormError with every problem found."""
    book, formulas = _open(path)
    problems: list[CellProblem] = []
    sheets: list[Filled] = []
    seen: dict = {}
    for sheet in book.worksheets:
        if sheet.max_row == 1 and sheet.max_column == 1 and sheet["A1"].value is None:
            continue  # an empty sheet, as WPS adds
        reader = _SheetReader(sheet, archive, today, _uncomputed(sheet, formulas[sheet.title]))
        filled = reader.read()
        problems += sorted(reader.problems, key=lambda p: range_boundaries(p.where.rsplit("!", 1)[1])[1::-1])
        if filled is None:
            continue
        key = (filled.form.id, filled.year.year, filled.month, filled.unit)
        if key in seen:
            problems.append(
                CellProblem(
                    f"{sheet.title}!A1",
                    f"与工作表“{seen[key]}”是同一单位的同一张表。",
                    "每个单位每张表只保留一个工作表",
                )
            )
        seen.setdefault(key, sheet.title)
        sheets.append(filled)
    if problems:
        raise FormError(problems)
    if not sheets:
        raise ValueError(f"{path} 中没有落实计划表或落实情况表。")
    return sheets


OLE = bytes.fromhex("d0cf11e0a1b11ae1")  # the compound file's signature


def _open(path: Path) -> tuple[Workbook, Workbook]:
    """The workbook's values (a formula gives the value Excel or WPS last computed), and its formulas."""
    if not path.is_file():
        raise ValueError(f"找不到文件 {path}。")
    content = path.read_bytes()
    if content.startswith(OLE):  # what Excel and WPS write for a workbook with a password to open, or for an old .xls
        if "EncryptedPackage".encode("utf-16-le") in content:
            raise ValueError(
                f"{path} 设置了打开密码，无法读取。应为：在 Excel 或 WPS 中取消密码（文件 → 信息 → 保护工作簿，"
                "或 文件 → 文档加密）后保存，重新上传。"
            )
        raise ValueError(
            f"{path} 是旧版 Excel 文件（.xls），无法读取。应为：在 Excel 或 WPS 中“另存为” Excel 工作簿"
            "（.xlsx）后重新导入。"
        )
    try:
        return load_workbook(path, data_only=True), load_workbook(path)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError):
        raise ValueError(
            f"{path} 不是 .xlsx 文件，无法读取。应为：在 Excel 或 WPS 中“另存为” Excel 工作簿（.xlsx）后重新导入。"
        ) from None


def _uncomputed(values: Worksheet, formulas: Worksheet) -> dict[str, str]:
    """Cell → formula, for the formulas that have no computed value (a file not saved by Excel or WPS)."""
    return {
        cell.coordinate: str(getattr(cell.value, "text", cell.value))
        for row in formulas.iter_rows()
        for cell in row
        if cell.data_type == "f" and values[cell.coordinate].value is None
    }


def _after_label(text: str, name: str) -> str:
    """What follows the label `name` (perhaps typed with spaces) and its colon in a cell: 填报人：张三 → 张三."""
    spaced = r"\s*".join(map(re.escape, name))
    return re.sub(rf"^\s*{spaced}\s*[:：]?", "", str(text)).strip()


class _SheetReader:
    """Reads one sheet; problems are collected, not raised, so that all are reported at once."""

    def __init__(self, sheet: Worksheet, archive: Archive, today: dt.date, uncomputed: dict[str, str]):
        self.sheet = sheet
        self.archive = archive
        self.today = today
        self.uncomputed = uncomputed
        self.problems = [
            CellProblem(
                f"{sheet.title}!{where}",
                f"这一格是公式（{formula[:60]}），没有可读取的值。",
                "直接填写文字、数字或日期，不要使用公式",
            )
            for where, formula in uncomputed.items()
        ]

    def problem(self, where: str, message: str, expected: str = "") -> None:
        if where not in self.uncomputed:  # a formula's cell reads as blank: its problem is the formula, said above
            self.problems.append(CellProblem(f"{self.sheet.title}!{where}", message, expected))

    def read(self) -> Filled | None:
        found = self._form()
        if found is None:
            return None
        year, form, month = found
        header = self._header_row(form)
        if header is None:
            return None
        columns = fields(form)
        depth = header_depth(columns)
        places = self._columns(columns, header, depth)
        unit = self._unit(year, form, header)
        if unit is None or places is None:
            return None
        first = header + depth
        footer = self._row_starting(first, form.footer[0] if form.footer else "填报人")
        end = min(row for row in (footer, self._row_starting(first, "说明"), self.sheet.max_row + 1) if row)
        self._merged(first, end - 1)
        rows = self._rows(places, first, end - 1, year, month, unit)
        date = self._date(header, form, rows, month_end(year.year, month) if month else None)
        return Filled(self.sheet.title, form, year, month, unit, date, self._contact(footer), rows)

    # -- the parts of the layout, found by their text so that an added row does not matter

    def _texts(self, first: int, last: int, columns: int | None = None):
        for row in self.sheet.iter_rows(min_row=first, max_row=last, max_col=columns):
            for cell in row:
                if isinstance(cell.value, str) and cell.value.strip():
                    yield cell, squeeze(cell.value)

    def _form(self) -> tuple[Year, Form, int | None] | None:
        top = "".join(text for _, text in self._texts(1, 4))
        forms = [(year, form) for year in self.archive.years for form in year.forms if form.id in ("plan", "report")]
        match = next(((year, form) for year, form in forms if squeeze(form.title) in top), None)
        if match is None and (other := self._other_year(top, forms)):
            self.problem(
                "A1",
                f"这是{other}年的表格，data/ 中没有{other}年的台账。",
                "使用下发的表格：" + " 或 ".join(form.title for _, form in forms),
            )
            return None
        if match is None:
            self.problem(
                "A1",
                f"标题“{self.sheet['A1'].value or ''}”不是落实计划表或落实情况表。",
                "使用下发的表格，不要修改标题：" + " 或 ".join(form.title for _, form in forms),
            )
            return None
        year, form = match
        if form.id == "plan":
            return year, form, None
        month = re.search(r"[（(](\d{1,2})月[)）]", top)
        if month is None or not 1 <= int(month[1]) <= 12:
            self.problem("A2", "标题下没有写明所报月份。", "标题下一行写月份，例如 （3月）")
            return None
        return year, form, int(month[1])

    @staticmethod
    def _other_year(top: str, forms: list[tuple[Year, Form]]) -> str | None:
        """The year of a form whose title is one of these forms' titles but for its year (last year's form)."""
        for year, form in forms:
            title = re.escape(squeeze(form.title)).replace(str(year.year), r"(\d{4})")
            if found := re.search(title, top):
                return found[1]
        return None

    def _header_row(self, form: Form) -> int | None:
        first = squeeze(fields(form)[0].label)
        row = next((cell.row for cell, text in self._texts(1, 30) if text == first), None)
        if row is None:
            self.problem("A1", f"找不到表头：没有“{fields(form)[0].label}”一栏。", "使用下发的表格，不要修改或删除表头")
        return row

    def _columns(self, columns: list[Field], header: int, depth: int) -> dict[str, int] | None:
        """Column key → column number, found by the header's text."""
        found: dict[str, int] = {}
        for cell, text in self._texts(header, header + depth - 1):
            found.setdefault(text, cell.column)
        places = {column.key: found[squeeze(column.label)] for column in columns if squeeze(column.label) in found}
        where = f"A{header}:{get_column_letter(self.sheet.max_column)}{header + depth - 1}"
        missing = [column for column in columns if column.key not in places and column.key not in PREFILLED[1:]]
        for column in missing:
            self.problem(
                where,
                f"表头中没有“{column.label}”一栏（表头文字被改动，或这一栏被删除）。",
                "使用下发的表格，不要修改或删除表头",
            )
        return None if missing else places

    def _row_starting(self, first: int, text: str) -> int | None:
        """The footer (填报人： in column B) or the note (说明 in column A) below the items."""
        found = (cell.row for cell, value in self._texts(first, self.sheet.max_row, 2) if value.startswith(text))
        return next(found, None)

    def _labelled(self, first: int, last: int, name: str) -> tuple[str, object] | None:
        """(cell, value) of a label such as 填报时间：, written after it in the same cell or in the next cell."""
        found = next((cell for cell, text in self._texts(first, last) if text.startswith(name)), None)
        if found is None:
            return None
        if rest := _after_label(found.value, name):
            return found.coordinate, rest
        value = self.sheet.cell(found.row, found.column + 1)
        return value.coordinate, shown(value)

    def _unit(self, year: Year, form: Form, header: int) -> Unit | None:
        found = self._labelled(1, header - 1, form.header[0])
        if found is None:
            self.problem("A1", f"找不到“{form.header[0]}”。", "使用下发的表格，不要删除表头上方的这一行")
            return None
        where, value = found
        name = str(value or "").strip()
        unit = next((u for u in year.units if name in (u.name, *u.aliases)), None)
        if unit is None:
            self.problem(
                where, f"填报单位“{name}”不在{year.year}年的责任单位名册中。", "使用下发的表格，不要修改填报单位"
            )
        return unit

    def _date(self, header: int, form: Form, rows: list[Row], month_end: dt.date | None) -> dt.date | None:
        """填报时间: needed once a row is filled; a report's comes after the month it reports."""
        where, value = self._labelled(1, header - 1, form.header[1]) or (f"A{header - 1}", None)
        date = self._parse(where, parse_date, value)
        if rows and date is None and blank(value):
            self.problem(where, f"没有填写{form.header[1]}。", "填写报送日期，例如 2025-04-03")
        if rows and date and month_end and date < month_end:
            self.problem(
                where,
                f"填报时间 {date.isoformat()} 早于所报月份结束（{chinese_date(month_end)}）。",
                "月度情况在当月结束后报送：填写实际报送的日期",
            )
        return date

    def _contact(self, footer: int | None) -> dict:
        """填报人, 联系电话, 负责人签字: each the text after its label, in the label's cell (填报人：张三) or in the
        cells that follow it up to the next label, wherever a column was added or deleted. Text before the first
        label, or a second text after one, is not guessed at: a problem."""
        contact = dict.fromkeys(CONTACT.values())
        label = None
        for cell in (cell for cell in self.sheet[footer] if not blank(cell.value)) if footer else ():
            name = next((name for name in CONTACT if squeeze(cell.value).startswith(name)), None)
            if name:
                label = name
                rest = _after_label(cell.value, name)
                if rest:
                    contact[CONTACT[name]] = self._parse(cell.coordinate, parse_text, rest)
            elif label and contact[CONTACT[label]] is None:
                contact[CONTACT[label]] = self._parse(cell.coordinate, parse_text, shown(cell))
            else:
                self.problem(
                    cell.coordinate,
                    f"“{shown(cell)}”不在填报人、联系电话或负责人签字的后面，不知道是哪一项。",
                    "写在对应栏目名后面的格子里，例如“填报人：”后面写姓名",
                )
        return contact

    def _merged(self, first: int, last: int) -> None:
        for merged in self.sheet.merged_cells.ranges:
            if merged.min_row <= last and merged.max_row >= first:
                self.problem(merged.coord, "合并了单元格。", "取消合并：每个事项一行，每一格只填它那一栏的内容")

    # -- the items' rows

    def _rows(self, places: dict, first: int, last: int, year: Year, month: int | None, unit: Unit) -> list[Row]:
        numbers = {(item.kind.item, item.no): item for item in year.items()}
        due = set(expected(derive(year, self.today), month)) if month else None
        rows: list[Row] = []
        seen: dict = {}
        for r in range(first, last + 1):
            cells = {key: self.sheet.cell(r, column) for key, column in places.items()}
            if all(blank(cell.value, key) for key, cell in cells.items() if key not in PREFILLED):
                continue  # not filled in: left as it is
            item = self._item(cells["seq"], numbers, unit, month, due)
            if item is None:
                continue
            if item in seen:
                self.problem(
                    cells["seq"].coordinate, f"序号“{label(item)}”重复（第{seen[item]}行已有）。", "每个事项只填一行"
                )
                continue
            seen[item] = r
            row = Row(
                item,
                f"{self.sheet.title}!{cells['seq'].coordinate}",
                {},
                {key: cell.coordinate for key, cell in cells.items()},
            )
            for key, cell in cells.items():
                if key not in PREFILLED:
                    parse = (
                        partial(parse_indicators, item=item) if key == "indicators" else PARSERS.get(key, parse_text)
                    )
                    row.values[key] = self._parse(cell.coordinate, parse, shown(cell))
            self._complete(row, month)
            rows.append(row)
        return rows

    def _item(self, cell, numbers: dict, unit: Unit, month: int | None, due: set | None) -> Item | None:
        if blank(cell.value, "seq"):
            self.problem(cell.coordinate, "这一行填写了内容，但没有序号。", "保留预填的序号（例如 任务12），不要删除")
            return None
        key = self._parse(cell.coordinate, parse_label, cell.value)
        if key is None:
            return None
        item = numbers.get(key)
        if item is None:
            self.problem(cell.coordinate, f"序号“{key[0]}{key[1]}”不存在。", "使用预填的序号，不要修改")
        elif item.reporting_unit is not unit:
            self.problem(
                cell.coordinate,
                f"{label(item)}由{item.reporting_unit.name}报送，不是{unit.name}牵头报送的事项。",
                "删除这一行：只填写本单位牵头报送的事项",
            )
        elif due is not None and item not in due:
            reason = (
                f"{item.kind.title}{item.kind.cadence}"
                if month not in item.kind.report_months
                else "此前已报告全部完成"
            )
            self.problem(cell.coordinate, f"{label(item)}在{month}月不需报送（{reason}）。", "删除这一行")
        else:
            return item
        return None

    def _complete(self, row: Row, month: int | None) -> None:
        """A filled row has what validation requires: the report's required columns, or the plan's four quarters."""
        for key in REQUIRED_WHEN_SUBMITTED if month else QUARTERS:
            if blank(self.sheet[row.cells[key]].value):
                self.problem(
                    row.cells[key],
                    f"{label(row.item)}已填写，但“{NAMES[key]}”没有填写。",
                    "填写这一格" + ("：是 或 否" if key == "stage_met" else ""),
                )
        if row.values.get("completed") == "是" and row.values.get("stage_met") == "否":
            self.problem(
                row.cells["completed"],
                "“是否全部完成”为“是”，但“是否完成阶段任务目标”为“否”，两者矛盾。",
                "全部完成的事项，阶段任务目标也填 是",
            )

    def _parse(self, where: str, parse, value):
        try:
            return parse(value)
        except BadCell as bad:
            self.problem(where, *bad.args)
            return None
