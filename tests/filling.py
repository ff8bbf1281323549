"""Forms as a unit fills them: exported by the command, filled with openpyxl, found by their texts as a person would."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

from conftest import run
from openpyxl import load_workbook

from generator.derive.progress import derive
from generator.forms.layout import label
from generator.office import expected
from generator.read.registry import read_archive

UNIT = "区教育体育局"
TODAY = "2025-04-05"
TEXTS = [  # what units write: Chinese and ASCII punctuation, quotes, line breaks, YAML's own characters
    "完成“第一项”工作、第二项；第三项：进行中。\n第二行 (半角) ,.;:!? 全角，。；：！？",
    "# 不是注释: 也不是键 - 也不是列表 | > & * ! % @ `",
    "'单引号' \"双引号\" 「直角引号」《书名号》——破折号……省略号",
    "  前有空格，后有空格  ",
    "多行\n\n中间有空行\n末尾有换行\n",
    "是",
    "12345",
]


def export(data: Path, *args) -> Path:
    out = data.parent / f"form-{len(list(data.parent.glob('form-*.xlsx')))}.xlsx"
    result = run("--data", data, "--today", TODAY, "form", *args, "--out", out)
    assert result.returncode == 0, result.stderr
    return out


def import_(data: Path, path: Path, *flags) -> subprocess.CompletedProcess:
    return run("--data", data, "--today", TODAY, "form", "import", path, *flags)


def snapshot(data: Path) -> dict:
    return {path: path.read_bytes() for path in sorted(data.rglob("*")) if path.is_file()}


def unit_items(data: Path, month: int | None = None):
    year = read_archive(data).years[0]
    items = expected(derive(year, dt.date.fromisoformat(TODAY)), month) if month else year.items()
    return year, [item for item in items if item.reporting_unit.name == UNIT]


class Form:
    """A sheet of an exported form, found by its texts as a person would: the header's labels and the 序号."""

    def __init__(self, path: Path, sheet: str = UNIT):
        self.path = path
        self.book = load_workbook(path)
        self.sheet = self.book[sheet]
        self.header = next(r for r in range(1, 10) if self.sheet.cell(r, 1).value in ("序号", "分解序号"))
        labels = {}
        for r in (self.header, self.header + 1):
            for cell in self.sheet[r]:
                labels.setdefault(cell.value, cell.column)
        self.columns = labels

    def row(self, no: str) -> int:
        return next(c.row for c in self.sheet["A"] if c.value == no)

    def cell(self, no: str, column: str):
        return self.sheet.cell(self.row(no), self.columns[column])

    def labelled(self, text: str):
        """The cell after a label such as 填报时间：."""
        cell = next(c for row in self.sheet.iter_rows() for c in row if c.value == f"{text}：")
        return self.sheet.cell(cell.row, cell.column + 1)

    def save(self, name: str = "filled.xlsx") -> Path:
        path = self.path.with_name(name)
        self.book.save(path)
        return path


def fill_report(path: Path, items, date=dt.datetime(2025, 4, 3)) -> tuple[Form, dict]:
    """Fills every row of the unit's report form; returns what was filled, per item."""
    form = Form(path)
    filled = {}
    for i, item in enumerate(items):
        values = {
            "完成情况": TEXTS[i % len(TEXTS)],
            "存在问题": TEXTS[(i + 1) % len(TEXTS)] if i % 2 else None,
            "下一步计划": TEXTS[(i + 2) % len(TEXTS)],
            "是否完成阶段任务目标": "是" if i % 3 else "否",
            "是否全部完成（是/否）": "否" if i % 2 else None,
        }
        numbers = {indicator.name: [2400, 5.5, 0][j % 3] for j, indicator in enumerate(item.indicators)}
        if numbers:
            values["指标完成值"] = "\n".join(f"{name}：{number}" for name, number in numbers.items())
        for column, value in values.items():
            form.cell(label(item), column).value = value
        filled[item.id] = values | {"numbers": numbers}
    form.labelled("填报时间").value = date
    form.labelled("填报人").value = "张　三"
    form.labelled("联系电话").value = 13800000000
    form.labelled("负责人签字").value = "李四"
    return form, filled
