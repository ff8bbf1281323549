"""What the forge's workflow runs for an office that works in a browser (.github/workflows/forms.yml):

    pack        the month's forms for every unit at once: one 落实情况表 (附件4) per unit and the office's all-units
                workbook, and the 落实计划表 (附件3) of every unit that has not filed its plan for the year yet
    take_inbox  every form uploaded to the inbox folder imported together, or none: any problem in any file and
                nothing is written. Done, the uploaded files are removed (the branch's history keeps them).

Each returns Markdown for the run's summary page (and the pull request's comment), without headings: the office's
guide shows it as it is."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from generator.derive.progress import Progress
from generator.forms.apply import describe, import_sheets, replacements, write
from generator.forms.export import plan_workbook, report_workbook, reporting_units
from generator.forms.read import Filled, FormError, read_workbook
from generator.model import Archive
from generator.office import expected, status_report
from generator.read.problems import DataError

ALL_UNITS = "全部单位"
REPLACE_SIGNS = ("replace", "替换")  # a file of this name (any extension) among the uploads: replace what is there
REPLACE_LABEL = "替换已有内容"  # the pull request's label that says the same
NOT_UPLOADS = ("README.md",)  # and hidden files (.gitkeep, .DS_Store)


def fenced(text: str) -> str:
    """`text` as a Markdown code block, shown verbatim whatever it holds (a unit's text may hold backticks)."""
    fence = "`" * max(3, 1 + max(map(len, re.findall(r"`+", text)), default=0))
    return f"{fence}text\n{text.rstrip()}\n{fence}"


# -- forms out


def pack(progress: Progress, month: int, out: Path) -> list[Path]:
    """Writes the workbooks into `out` (new or empty), one folder per form; returns their paths."""
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise ValueError(f"{out} 已存在且不是空目录；为免覆盖其中的文件，没有写入。请指定一个新的或空的目录。")
    year = progress.year
    when = dt.datetime.combine(progress.as_of, dt.time())
    paths = _write(
        out / f"{year.year}年{month}月落实情况表",
        reporting_units(year, expected(progress, month)),
        lambda units: report_workbook(progress, month, units, when),
    )
    unplanned = [
        unit
        for unit in reporting_units(year, year.items())
        if any(not item.plan for item in year.items() if item.reporting_unit is unit)
    ]
    if unplanned:
        paths += _write(out / f"{year.year}年落实计划表", unplanned, lambda units: plan_workbook(year, units, when))
    return paths


def _write(folder: Path, units: list, workbook) -> list[Path]:
    """One file per unit, and one with a sheet per unit for the office."""
    if not units:
        return []
    folder.mkdir(parents=True)
    paths = []
    for name, chosen in [(unit.name, [unit]) for unit in units] + [(ALL_UNITS, units)]:
        path = folder / f"{name}.xlsx"
        path.write_bytes(workbook(chosen))
        paths.append(path)
    return paths


def pack_summary(progress: Progress, month: int, paths: list[Path]) -> str:
    """What the download holds, and the month's reporting so far."""
    counts: dict[str, int] = {}
    for path in paths:
        counts[path.parent.name] = counts.get(path.parent.name, 0) + 1
    lines = [
        f"**{progress.year.year}年{month}月的表格**",
        "",
        "在本页的“Artifacts”中下载“表格”（一个 zip 文件）。解压后：",
        "",
    ]
    lines += [
        f"- {folder}：{count - 1} 个单位各一个文件，另有“{ALL_UNITS}.xlsx”，每个单位一个工作表"
        for folder, count in counts.items()
    ]
    lines += ["", "报送情况：", "", fenced(status_report(progress, month))]
    return "\n".join(lines) + "\n"


# -- forms in


@dataclass
class Taken:
    """What became of the inbox: `ok` when everything in it was written (or there was nothing)."""

    ok: bool
    summary: str  # Markdown
    message: str = ""  # the commit's message, when something was written


def take_inbox(inbox: Path, archive: Archive, data: Path, example: Path | None, today: dt.date, replace: bool) -> Taken:
    """Imports every form in `inbox` into `data` and removes the files, or, on any problem, writes nothing."""
    files = sorted(
        path
        for path in inbox.rglob("*")
        if not path.is_dir() and path.name not in NOT_UPLOADS and not path.name.startswith(".")
    )
    signs = [path for path in files if path.stem.lower() in REPLACE_SIGNS]
    uploads = [path for path in files if path not in signs]
    if not uploads:
        return Taken(True, f"{inbox}/ 中没有上传的表格，没有需要导入的内容。\n")
    sheets, problems = _read(uploads, archive, today)
    problems += _mixed(sheets) + _twice(sheets)
    if problems:
        return _refused(problems)
    filled = [sheet for _, sheet in sheets if sheet.rows]  # a workbook of all units may leave some sheets blank
    updates = import_sheets(filled, data, today)
    shown = describe(updates)
    replaced = replacements(updates)
    if replaced and not (replace or signs):
        return _refused(
            [
                f"✗ 有 {replaced} 处会替换已有内容（下面标有“← 替换已有内容”），没有写入。应为：核对无误后，给合并请求"
                f"加上标签“{REPLACE_LABEL}”，或在 {inbox}/ 中新建一个名为 replace 的文件，检查会再次运行。\n\n{shown}"
            ]
        )
    try:
        write(updates, data, example)
    except (DataError, ValueError) as err:
        text = err.report() if isinstance(err, DataError) else str(err)
        return _refused([f"{text}\n导入后的数据没有通过检查，已恢复导入前的文件。"])
    for path in files:
        path.unlink()
    return _taken(uploads, filled, shown)


def _read(uploads: list[Path], archive: Archive, today: dt.date) -> tuple[list[tuple[Path, Filled]], list[str]]:
    """Every uploaded file's sheets, and every problem of every file."""
    sheets, problems = [], []
    for path in uploads:
        try:
            if path.is_symlink():
                raise ValueError(f"{path} 是符号链接，不读取。应为：上传表格文件本身")
            found = read_workbook(path, archive, today)
        except FormError as err:
            problems.append(f"{path}：\n" + "\n".join(map(str, err.problems)))
            continue
        except ValueError as err:
            problems.append(f"✗ {err}")
            continue
        if not any(sheet.rows for sheet in found):
            problems.append(f"✗ {path} 中没有填写任何事项（可能是下发的空白表格）。应为：上传单位填好的表格")
        sheets += [(path, sheet) for sheet in found]
    return sheets, problems


def _period(sheet: Filled) -> str:
    return f"{sheet.year.year}年" + (f"{sheet.month}月落实情况表" if sheet.month else "落实计划表")


def _mixed(sheets: list[tuple[Path, Filled]]) -> list[str]:
    """One batch is one month's reports (and that year's plans): a form of another month or year is a mistake."""
    years = {sheet.year.year for _, sheet in sheets}
    months = {sheet.month for _, sheet in sheets if sheet.month}
    if len(years) <= 1 and len(months) <= 1:
        return []
    listed = "\n".join(f"  {path}：{_period(sheet)}（{sheet.unit.name}）" for path, sheet in sheets)
    return [
        f"✗ 这一批表格不是同一个月的：\n{listed}\n应为：一次只上传同一个月的落实情况表（和同一年的落实计划表）；"
        "其他月份的表格另开一个合并请求上传"
    ]


def _twice(sheets: list[tuple[Path, Filled]]) -> list[str]:
    """The same unit's same form in two files: which one is right is the office's call."""
    seen: dict = {}
    problems = []
    for path, sheet in sheets:
        key = (sheet.form.id, sheet.year.year, sheet.month, sheet.unit)
        if key in seen:
            problems.append(
                f"✗ {path}（工作表“{sheet.sheet}”）与 {seen[key]} 是{sheet.unit.name}的同一张表"
                f"（{_period(sheet)}）。应为：只保留其中正确的一份，删除另一份"
            )
        seen.setdefault(key, f"{path}（工作表“{sheet.sheet}”）")
    return problems


def _refused(problems: list[str]) -> Taken:
    lines = [
        "**✗ 表格有问题，没有写入任何文件**",
        "",
        fenced("\n\n".join(problems)),
        "",
        "请改正表格（或退回单位改正）后，重新上传到同一个文件夹（同名文件会被替换）；检查会再次运行。",
    ]
    return Taken(False, "\n".join(lines) + "\n")


def _taken(uploads: list[Path], sheets: list[Filled], shown: str) -> Taken:
    filed = {sheet.unit for sheet in sheets}
    units = "、".join(unit.name for unit in sheets[0].year.units if unit in filed)
    periods = "、".join(dict.fromkeys(map(_period, sheets)))
    lines = [
        f"**✓ 已导入{periods}**",
        "",
        f"{len(uploads)} 个文件：{units}。数据检查通过，上传的文件已从文件夹中移除（在合并请求的提交记录中仍可找到）。",
        "",
        fenced(shown or "表格中的内容与数据中已有的相同，没有变化。"),
    ]
    return Taken(True, "\n".join(lines) + "\n", f"导入{periods}：{units}")
