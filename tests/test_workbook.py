"""The Excel forms as the office uses them: `python -m generator form …` exports a unit's form, the unit fills it
(here with openpyxl, as Excel or WPS saves it), and `form import` brings it back into data/, every character kept."""

from __future__ import annotations

import datetime as dt
import re
import shutil

import pytest
import yaml
from conftest import EXAMPLES, run
from filling import TEXTS, TODAY, UNIT, Form, export, fill_report, import_, snapshot, unit_items
from openpyxl import load_workbook

from generator.derive.progress import derive
from generator.forms.layout import EXTRA, label
from generator.office import expected
from generator.read.registry import read_archive


def blocks(text: str) -> dict[str, str]:
    """Each entry of a YAML month file, keyed by its id line, with the comment above it."""
    parts = re.split(r"(?m)^(?=  # )", text)
    return {re.search(r'- id: "(.*)"', part)[1]: part for part in parts[1:]}


# -- export


def test_report_form_of_one_unit(data):
    year, items = unit_items(data, 3)
    form = Form(export(data, "report", "2025-03", "--unit", UNIT))
    sheet = form.sheet
    assert (
        sheet.title == UNIT and sheet["A1"].value == "2025年年度工作任务落实情况表" and sheet["A2"].value == "（3月）"
    )
    assert sheet["A3"].value == f"填报单位：{UNIT}" and form.labelled("填报时间").value is None
    report = next(f for f in year.forms if f.id == "report")
    labels = [c.label for c in report.columns] + [c.label for c in EXTRA["report"]]
    assert [c.value for c in sheet[form.header]] == labels
    first = form.header + 1
    assert [sheet.cell(r, 1).value for r in range(first, first + len(items))] == [label(i) for i in items]
    assert sheet.cell(first + len(items), 2).value == "填报人："  # the footer follows the last item
    for item in items:
        assert form.cell(label(item), "重点任务、民生实事内容").value == item.text
        assert form.cell(label(item), "季度计划完成目标").value == item.plan.targets[0]
        names = form.cell(label(item), "指标完成值").value
        assert (names or "") == "\n".join(f"{indicator.name}：" for indicator in item.indicators)
    assert sheet.page_setup.orientation == "landscape" and int(sheet.page_setup.paperSize) == 9  # A4
    assert sheet.page_setup.fitToWidth == 1 and sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.print_title_rows == f"${form.header}:${form.header}"
    assert sheet.freeze_panes == f"A{first}"
    assert all(sheet.cell(first, c).alignment.wrap_text for c in range(1, len(labels) + 1))
    assert all(sheet.column_dimensions[letter].width >= 8 for letter in "ABCDEFGHI")
    assert "是否全部完成" in next(c.value for c in sheet["A"] if str(c.value).startswith("说明"))
    for item in items:  # rows are tall enough for their prefilled text: printed, nothing is cut off
        row = form.row(label(item))
        for c in range(1, len(labels) + 1):
            text, width = (
                str(sheet.cell(row, c).value or ""),
                sheet.column_dimensions[sheet.cell(row, c).column_letter].width,
            )
            wide = sum(2 if "\u4e00" <= char <= "\u9fff" or char in "，。、；：“”（）" else 1 for char in text)
            assert sheet.row_dimensions[row].height >= 14 * -(-wide // width), (label(item), c)


def test_plan_form_has_the_two_row_header_and_the_existing_plan(data):
    year, items = unit_items(data)
    form = Form(export(data, "plan", "--unit", "qjytyj"))  # a unit by its id
    sheet = form.sheet
    assert sheet["A1"].value == "2025年年度工作任务落实计划表"
    assert [c.value for c in sheet[form.header]][:3] == ["分解序号", "重点任务、民生实事内容", "季度目标及推进计划"]
    assert [c.value for c in sheet[form.header + 1]][2:6] == ["一季度", "二季度", "三季度", "四季度"]
    assert f"C{form.header}:F{form.header}" in {str(r) for r in sheet.merged_cells.ranges}
    assert sheet.print_title_rows == f"${form.header}:${form.header + 1}"
    assert [form.sheet.cell(form.row(label(i)), 1).value for i in items] == [label(i) for i in items]
    for item in items:
        assert [form.cell(label(item), q).value for q in ("一季度", "二季度", "三季度", "四季度")] == item.plan.targets


@pytest.mark.parametrize("args", [("report", "2025-03"), ("plan",)])
def test_all_units_one_sheet_each(data, args):
    year = read_archive(data).years[0]
    items = expected(derive(year, dt.date.fromisoformat(TODAY)), 3) if args[0] == "report" else year.items()
    book = load_workbook(export(data, *args, "--all"))
    units = [u.name for u in year.units if any(i.reporting_unit is u for i in items)]
    assert book.sheetnames == units and len(set(book.sheetnames)) == len(units)
    assert all(len(name) <= 31 and not re.search(r"[\[\]:*?/\\]", name) for name in book.sheetnames)
    assert sum(1 for sheet in book for c in sheet["A"] if re.fullmatch(r"(任务|实事|措施)\d+", str(c.value))) == len(
        items
    )


def test_export_is_the_same_bytes_for_the_same_day(data):
    first, second = (export(data, "report", "2025-03", "--all") for _ in range(2))
    assert first.read_bytes() == second.read_bytes()


def test_export_refuses_what_it_cannot_do(data, tmp_path):
    existing = tmp_path / "existing.xlsx"
    existing.write_bytes(b"a unit's filled form")
    for args, message in [
        (("report", "2025-03", "--unit", "区不存在局"), "没有“区不存在局”"),
        (("report", "2025-13", "--all"), "不是月份"),
        (("report", "2025-03", "--unit", UNIT, "--out", existing), "已存在，没有覆盖"),
    ]:
        out = () if "--out" in args else ("--out", tmp_path / "x.xlsx")
        result = run("--data", data, "form", *args, *out)
        assert result.returncode == 2 and message in result.stderr and "Traceback" not in result.stderr
    assert existing.read_bytes() == b"a unit's filled form"


# -- round trips


@pytest.mark.parametrize("date", [dt.datetime(2025, 4, 3), "2025-04-03", "2025年4月3日"])
def test_report_round_trip(data, date):
    assert run("--data", data, "--today", TODAY, "new-report", "2025-03").returncode == 0
    path = data / "2025" / "reports" / "2025-03.yaml"
    before = path.read_text("utf-8")
    year, items = unit_items(data, 3)
    form, filled = fill_report(export(data, "report", "2025-03", "--unit", UNIT), items, date)
    result = import_(data, form.save())
    assert result.returncode == 0, result.stderr
    assert "✓ 已写入" in result.stdout and "完成情况：（空） → “完成“第一项”" in result.stdout
    year = read_archive(data).years[0]  # the generator's own reading: exactly what was filled in
    for item in (i for i in year.items() if i.reporting_unit.name == UNIT and 3 in i.reports):
        report, values = item.reports[3], filled[item.id]
        assert report.submitted == dt.date(2025, 4, 3)
        assert report.progress == values["完成情况"] and report.next_steps == values["下一步计划"]
        assert report.problems == (values["存在问题"] or "")
        assert report.stage_met == (values["是否完成阶段任务目标"] == "是") and not report.completed
        assert report.values == values["numbers"]
    after = path.read_text("utf-8")
    entries = yaml.safe_load(after)
    assert entries["contacts"] == {UNIT: {"name": "张　三", "phone": "13800000000", "signatory": "李四"}}
    old, new = blocks(before), blocks(after)
    ours = {item.id for item in items}
    assert old.keys() == new.keys() and {k: v for k, v in old.items() if k not in ours} == {
        k: v for k, v in new.items() if k not in ours
    }  # every other unit's entry byte for byte, comments included
    assert after.startswith(before[: before.index("contacts:")])  # the file's header comments
    for item in items:
        entry = next(e for e in entries[item.kind.slug] if e["id"] == item.id)
        assert entry["completed"] == filled[item.id]["是否全部完成（是/否）"]  # 否 stays 否, blank stays blank


def _footer(form: Form) -> tuple:
    return next(row for row in form.sheet.iter_rows() if any(cell.value == "填报人：" for cell in row))


@pytest.mark.parametrize("change", [None, "delete_cols"])
def test_the_footer_is_read_by_its_labels_wherever_its_cells_moved(data, change):
    """A column deleted moves the footer's cells: each value is still the text after its label, and a
    label is never taken for a value (填报人 left blank is blank, not “联系电话：”)."""
    assert run("--data", data, "--today", TODAY, "new-report", "2025-03").returncode == 0
    year, items = unit_items(data, 3)
    form, _ = fill_report(export(data, "report", "2025-03", "--unit", UNIT), items)
    if change:
        getattr(form.sheet, change)(3)  # column C: the prefilled 牵头领导, and in the footer, the name
    labels = {cell.value: cell for cell in _footer(form)}
    if change == "delete_cols":  # the name went with its column: 填报人： is now followed by 联系电话：
        assert labels["填报人："].offset(column=1).value == "联系电话："
    result = import_(data, form.save())
    assert result.returncode == 0, result.stderr
    contacts = yaml.safe_load((data / "2025" / "reports" / "2025-03.yaml").read_text("utf-8"))["contacts"][UNIT]
    name = {} if change == "delete_cols" else {"name": "张　三"}
    assert contacts == {"phone": "13800000000", "signatory": "李四"} | name


def test_text_in_the_footer_that_follows_no_label_is_a_problem(data):
    year, items = unit_items(data, 3)
    form, _ = fill_report(export(data, "report", "2025-03", "--unit", UNIT), items)
    footer = _footer(form)
    footer[0].value = "王五"  # before the first label: whose is it?
    before = snapshot(data)
    result = import_(data, form.save())
    assert result.returncode == 1 and snapshot(data) == before
    assert f"✗ {UNIT}!{footer[0].coordinate}：“王五”不在填报人、联系电话或负责人签字的后面" in result.stderr


def test_report_import_creates_the_month_file(data):
    path = data / "2025" / "reports" / "2025-03.yaml"
    assert not path.exists()
    year, items = unit_items(data, 3)
    form, filled = fill_report(export(data, "report", "2025-03", "--unit", UNIT), items)
    result = import_(data, form.save())
    assert result.returncode == 0, result.stderr
    assert "（新文件）" in result.stdout
    year = read_archive(data).years[0]
    assert len(year.items()) == sum(1 for i in year.items() if 3 in i.reports)  # every item, as new-report writes it
    assert all(i.reports[3].submitted for i in year.items() if i.reporting_unit.name == UNIT)


def test_plan_round_trip_into_a_new_file(data):
    (data / "2025" / "plans" / "qjytyj.yaml").unlink()
    year, items = unit_items(data)
    form = Form(export(data, "plan", "--unit", UNIT))
    assert form.cell(label(items[0]), "一季度").value is None  # no plan yet: nothing prefilled
    for i, item in enumerate(items):
        for q, quarter in enumerate(("一季度", "二季度", "三季度", "四季度")):
            form.cell(label(item), quarter).value = TEXTS[(i + q) % len(TEXTS)]
        form.cell(label(item), "主要负责人").value = "王　五"
        form.cell(label(item), "备注").value = TEXTS[i % len(TEXTS)] if i % 2 else None
    form.labelled("填报时间").value = "2025年2月14日"
    form.labelled("填报人").value = "赵六"
    result = import_(data, form.save())
    assert result.returncode == 0, result.stderr
    year = read_archive(data).years[0]
    for i, item in enumerate(i for i in year.items() if i.reporting_unit.name == UNIT):
        assert item.plan.targets == [TEXTS[(i + q) % len(TEXTS)] for q in range(4)]
        assert item.plan.filed == dt.date(2025, 2, 14) and item.plan.principal == "王　五" and item.plan.deputy == ""
        assert item.plan.remarks == (TEXTS[i % len(TEXTS)] if i % 2 else "")
    written = yaml.safe_load((data / "2025" / "plans" / "qjytyj.yaml").read_text("utf-8"))
    assert written["unit"] == UNIT and written["contact"] == {"name": "赵六"}


def test_plan_changes_keep_every_comment_above_its_entry(data):
    path = data / "2025" / "plans" / "qjytyj.yaml"
    year, items = unit_items(data)
    form = Form(export(data, "plan", "--unit", UNIT))
    without = [i for i in items if not i.plan.remarks]
    for item in without:  # a key added after the last one of each entry, where the next entry's comment hangs
        form.cell(label(item), "备注").value = "新增备注\n第二行"
    form.cell(label(items[1]), "分管负责人").value = None  # and one removed
    form.labelled("填报时间").value = "2025-02-12"
    form.labelled("填报人").value, form.labelled("联系电话").value = "示例填报人", "13800000015"
    form.labelled("负责人签字").value = "示例负责人"
    result = import_(data, form.save())
    assert result.returncode == 2 and "分管负责人：“分管负责同志” → （空）  ← 替换已有内容" in result.stderr
    result = import_(data, form.save(), "--replace")
    assert result.returncode == 0, result.stderr
    lines = path.read_text("utf-8").splitlines()
    for n, line in enumerate(lines):
        match = re.fullmatch(r"  # (任务|实事|措施)(\d+)：.*", line)
        if match:
            item = next(i for i in items if label(i) == match[1] + match[2])
            assert lines[n + 1] == f'  - id: "{item.id}"'
    year = read_archive(data).years[0]
    assert all(
        i.plan.remarks == "新增备注\n第二行"
        for i in year.items()
        if i.id in {w.id for w in without} and i.kind is without[0].kind
    )


def test_a_file_written_by_hand_keeps_its_content_and_the_footer_left_blank_its_contact(data):
    path = data / "2025" / "plans" / "qjytyj.yaml"
    text = re.sub(r"(?m)^  (- |  )", r"\1", path.read_text("utf-8"))  # list entries not indented: valid all the same
    path.write_text(text, encoding="utf-8")
    before = yaml.safe_load(text)
    form = Form(export(data, "plan", "--unit", UNIT))
    form.cell("任务61", "备注").value = "加一条备注"
    form.labelled("填报时间").value = "2025-02-12"
    result = import_(data, form.save())
    assert result.returncode == 0, result.stderr
    assert "原来的写法（缩进、引号等）与本程序不同" in result.stdout and "填报人" not in result.stdout
    after = yaml.safe_load(path.read_text("utf-8"))
    assert after["tasks"][0].pop("remarks") == "加一条备注" and after == before


# -- re-import: never silently


def test_reimport_shows_the_changes_and_needs_replace(data):
    year, items = unit_items(data, 3)
    form, filled = fill_report(export(data, "report", "2025-03", "--unit", UNIT), items)
    assert import_(data, form.save()).returncode == 0
    again = import_(data, form.save())
    assert again.returncode == 0 and "没有需要写入的变化" in again.stdout
    first = label(items[0])
    form.cell(first, "完成情况").value = "改正后的完成情况"
    form.cell(first, "是否完成阶段任务目标").value = "是"
    changed = form.save("changed.xlsx")
    before = snapshot(data)
    refused = import_(data, changed)
    assert refused.returncode == 2 and "Traceback" not in refused.stderr
    assert f"{UNIT}!A5 {first}" in refused.stderr and "--replace" in refused.stderr
    assert f"完成情况：“{TEXTS[0][:20]}" in refused.stderr and "→ “改正后的完成情况”  ← 替换已有内容" in refused.stderr
    assert snapshot(data) == before
    dry = import_(data, changed, "--dry-run")
    assert dry.returncode == 0 and "试运行" in dry.stdout and "改正后的完成情况" in dry.stdout
    assert snapshot(data) == before
    replaced = import_(data, changed, "--replace")
    assert replaced.returncode == 0, replaced.stderr
    report = next(i for i in read_archive(data).years[0].items() if i.id == items[0].id).reports[3]
    assert report.progress == "改正后的完成情况" and report.stage_met
    month = (data / "2025" / "reports" / "2025-03.yaml").read_text("utf-8")
    assert "    progress: 改正后的完成情况\n" in month  # one line now: no longer a | block


@pytest.mark.parametrize("bom, crlf", [(True, True), (False, True), (True, False)])
def test_replace_keeps_the_files_line_ends_and_byte_order_mark(data, bom, crlf):
    """A month file saved by Windows Notepad (BOM, CRLF) comes back from --replace the same way: only the entry
    replaced differs, every line ends as before."""
    year, items = unit_items(data, 3)
    form, _ = fill_report(export(data, "report", "2025-03", "--unit", UNIT), items)
    assert import_(data, form.save()).returncode == 0
    path = data / "2025" / "reports" / "2025-03.yaml"
    lf = path.read_bytes()
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + (lf.replace(b"\n", b"\r\n") if crlf else lf))
    form.cell(label(items[0]), "完成情况").value = "改正后的完成情况"
    assert import_(data, form.save("changed.xlsx"), "--replace").returncode == 0
    after = path.read_bytes()
    assert after.startswith(b"\xef\xbb\xbf") == bom
    assert after.count(b"\r\n") == (after.count(b"\n") if crlf else 0)
    body = after.removeprefix(b"\xef\xbb\xbf").replace(b"\r\n", b"\n").decode("utf-8")
    assert body == lf.decode("utf-8").replace(blocks(lf.decode("utf-8"))[items[0].id], blocks(body)[items[0].id])
    assert "progress: 改正后的完成情况" in blocks(body)[items[0].id]


# -- problems: named by sheet and cell, nothing written


def _set(form: Form, no: str, column: str, value):
    form.cell(no, column).value = value


def _general(cell, value):
    """A value pasted over the cell's date format, as happens with 选择性粘贴 or in another program."""
    cell.number_format = "General"
    cell.value = value


CASES = {
    "changed title": (
        lambda f, no: setattr(f.sheet["A1"], "value", "落实情况汇总"),
        "!A1：标题“落实情况汇总”不是落实计划表或落实情况表。",
    ),
    "unknown unit": (
        lambda f, no: setattr(f.sheet["A3"], "value", "填报单位：区不存在局"),
        "!A3：填报单位“区不存在局”不在2025年的责任单位名册中。",
    ),
    "unknown number": (
        lambda f, no: setattr(f.sheet.cell(f.row(no), 1), "value", "任务999"),
        "!A5：序号“任务999”不存在。",
    ),
    "not this unit's item": (
        lambda f, no: setattr(f.sheet.cell(f.row(no), 1), "value", "任务1"),
        f"!A5：任务1由区发展改革局报送，不是{UNIT}牵头报送的事项。",
    ),
    "full-width number": (
        lambda f, no: setattr(f.sheet.cell(f.row(no), 1), "value", "任务６１"),
        "!A5：“任务６１” 中有全角数字。应为：半角数字 任务61",
    ),
    "missing column": (
        lambda f, no: setattr(f.sheet.cell(f.header, f.columns["完成情况"]), "value", "完成"),
        "!A4:I4：表头中没有“完成情况”一栏",
    ),
    "merged cells": (lambda f, no: f.sheet.merge_cells("D5:D6"), "!D5:D6：合并了单元格。"),
    "date serial as number": (
        lambda f, no: _general(f.labelled("填报时间"), 45750),
        "!H3：“45750” 是 Excel 的日期序号（2025年4月3日），单元格没有设成日期格式。",
    ),
    "date serial as text": (
        lambda f, no: setattr(f.labelled("填报时间"), "value", "45750"),
        "!H3：“45750” 是 Excel 的日期序号",
    ),
    "full-width date": (
        lambda f, no: setattr(f.labelled("填报时间"), "value", "２０２５年４月３日"),
        "!H3：“２０２５年４月３日” 中有全角数字。应为：半角数字 2025年4月3日",
    ),
    "no date": (lambda f, no: setattr(f.labelled("填报时间"), "value", None), "!H3：没有填写填报时间。"),
    "date in the month": (
        lambda f, no: setattr(f.labelled("填报时间"), "value", "2025-03-15"),
        "!H3：填报时间 2025-03-15 早于所报月份结束（2025年3月31日）。",
    ),
    "完成": (lambda f, no: _set(f, no, "是否完成阶段任务目标", "完成"), "!G5：“完成” 不是“是”或“否”。应为：是 或 否"),
    "未完成": (lambda f, no: _set(f, no, "是否全部完成（是/否）", "未完成"), "!H5：“未完成” 不是“是”或“否”。"),
    "✓": (lambda f, no: _set(f, no, "是否完成阶段任务目标", "✓"), "!G5：“✓” 不是“是”或“否”。"),
    "√": (lambda f, no: _set(f, no, "是否完成阶段任务目标", "√"), "!G5：“√” 不是“是”或“否”。"),
    "×": (lambda f, no: _set(f, no, "是否完成阶段任务目标", "×"), "!G5：“×” 不是“是”或“否”。"),
    "Y": (lambda f, no: _set(f, no, "是否完成阶段任务目标", "Y"), "!G5：“Y” 不是“是”或“否”。"),
    "TRUE": (lambda f, no: _set(f, no, "是否完成阶段任务目标", True), "!G5：“TRUE” 不是“是”或“否”。"),
    "too long": (lambda f, no: _set(f, no, "完成情况", "字" * 2001), "!D5：共 2001 字，超过每格 2000 字的上限。"),
    "required left blank": (
        lambda f, no: _set(f, no, "下一步计划", None),
        "!F5：任务61已填写，但“下一步计划”没有填写。",
    ),
    "contradiction": (
        lambda f, no: (_set(f, no, "是否完成阶段任务目标", "否"), _set(f, no, "是否全部完成（是/否）", "是")),
        "!H5：“是否全部完成”为“是”，但“是否完成阶段任务目标”为“否”，两者矛盾。",
    ),
    "date in a text cell": (
        lambda f, no: _set(f, no, "存在问题", dt.datetime(2025, 4, 3)),
        "!E5：这一格被识别成了日期（2025年4月3日），不是文字。",
    ),
    "unknown indicator": (
        lambda f, no: _set(f, "任务101", "指标完成值", "新增学位：10\n新增床位：5"),
        "!I6：任务101没有名为“新增床位”的指标。应为：这个事项的指标：新建、续建教育设施、新增学位",
    ),
    "not a number": (lambda f, no: _set(f, "任务101", "指标完成值", "新增学位：两千"), "!I6：“两千” 不是数值。"),
    "full-width value": (
        lambda f, no: _set(f, "任务101", "指标完成值", "新增学位：２４００"),
        "!I6：“２４００” 中有全角数字。应为：半角数字 2400",
    ),
}


@pytest.mark.parametrize("case", CASES)
def test_bad_input_is_named_by_cell_and_nothing_is_written(data, case):
    change, message = CASES[case]
    year, items = unit_items(data, 3)
    assert label(items[0]) == "任务61" and label(items[1]) == "任务101"  # the rows the cases name
    form, _ = fill_report(export(data, "report", "2025-03", "--unit", UNIT), items)
    change(form, "任务61")
    before = snapshot(data)
    result = import_(data, form.save())
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"✗ {UNIT}{message}" in result.stderr, result.stderr
    assert "没有写入任何文件" in result.stderr
    assert snapshot(data) == before


FORMULA = '=HYPERLINK("http://evil.example","点我")'


@pytest.mark.parametrize("args", [("report", "2025-03", "--all"), ("plan", "--all")])
def test_a_text_that_looks_like_a_formula_stays_text_in_the_form(data, args):
    tasks = data / "2025" / "registers" / "tasks.yaml"
    text = "举办第十五届全民健身运动会，规划建设全民健身示范项目，丰富群众高品质文体生活。"
    tasks.write_text(tasks.read_text("utf-8").replace(f"text: {text}", f"text: '{FORMULA}{text}'"), "utf-8")
    book = load_workbook(export(data, *args))
    cells = [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]
    assert not [f"{cell.parent.title}!{cell.coordinate}" for cell in cells if cell.data_type == "f"]
    assert [cell.value for cell in cells if cell.value == FORMULA + text] == [FORMULA + text]


@pytest.mark.parametrize("column, cell", [("下一步计划", "F5"), ("存在问题", "E5"), ("指标完成值", "I6")])
def test_a_formula_without_a_value_is_named_as_such_required_or_not(data, column, cell):
    """A cell whose formula has no computed value (openpyxl saves none) reads as blank: said as a formula, and
    nothing is written, whether the cell is required (下一步计划) or may be left blank (存在问题, 指标完成值)."""
    year, items = unit_items(data, 3)
    form, _ = fill_report(export(data, "report", "2025-03", "--unit", UNIT), items)
    form.cell("任务101" if cell == "I6" else "任务61", column).value = FORMULA
    before = snapshot(data)
    result = import_(data, form.save())
    assert result.returncode == 1 and snapshot(data) == before
    assert (
        f"✗ {UNIT}!{cell}：这一格是公式（{FORMULA}），没有可读取的值。应为：直接填写文字、数字或日期，不要使用公式"
        in result.stderr
    )
    assert "没有填写" not in result.stderr, result.stderr


def test_an_item_not_due_that_month(data):
    shutil.copy(EXAMPLES / "2025" / "reports" / "2025-03.yaml", data / "2025" / "reports")
    year, items = unit_items(data, 4)
    form, _ = fill_report(export(data, "report", "2025-04", "--unit", UNIT), items, dt.datetime(2025, 5, 8))
    form.sheet.cell(form.row(label(items[0])), 1).value = "措施13"  # the Gaotang measures report in March, June, …
    result = import_(data, form.save())
    assert result.returncode == 1
    assert (
        f"✗ {UNIT}!A5：措施13在4月不需报送（产业帮扶措施每季度末月报送（本站做法））。应为：删除这一行" in result.stderr
    )


def test_a_file_that_is_not_a_workbook(data, tmp_path):
    path = tmp_path / "report.xlsx"
    path.write_text("not a workbook", encoding="utf-8")
    result = import_(data, path)
    assert result.returncode == 2 and "不是 .xlsx 文件" in result.stderr and "Traceback" not in result.stderr
