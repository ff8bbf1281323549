"""Bringing a filled workbook into data/: each sheet's rows become edits of plans/<unit>.yaml or
reports/YYYY-MM.yaml, only that unit's entries, everything else byte for byte. The changes are listed; they are
written only when nothing already there is replaced (or when told to), data/ is read back, and the files are
restored on any problem."""

from __future__ import annotations

import codecs
import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from generator.derive.progress import Progress, derive
from generator.forms.layout import QUARTERS, label
from generator.forms.read import Filled, Row, read_workbook
from generator.forms.yaml_edit import Change, Editor, comment_lines, dump, insert, position_for, round_trip
from generator.model import KINDS, Archive, Item, Unit
from generator.office import report_file
from generator.read.load import load_yaml
from generator.read.registry import read_archive

PLAN_KEYS = ("unit", "filed", "contact", "tasks", "projects", "measures")
PLAN_ENTRY = ("id", "targets", "principal", "deputy", "remarks")
REPORT_KEYS = ("contacts", "tasks", "projects", "measures")
REPORT_ENTRY = (
    "id",
    "unit",
    "submitted",
    "target",
    "progress",
    "problems",
    "next_steps",
    "stage_met",
    "completed",
    "indicators",
)


@dataclass
class Update:
    """The new text of one YAML file, and what it changes."""

    path: Path
    before: bytes | None  # None: a new file
    start: str  # the text edited: the file's, or the beginning of a new one
    after: str
    changes: list[Change]
    sheets: list[Filled]  # the sheets it comes from

    def encoded(self) -> bytes:
        """`after` as the file was: with its byte order mark and its line ends (Windows Notepad writes both)."""
        if self.before is None:
            return self.after.encode("utf-8")
        bom = codecs.BOM_UTF8 if self.before.startswith(codecs.BOM_UTF8) else b""
        return bom + (self.after.replace("\n", "\r\n") if b"\r\n" in self.before else self.after).encode("utf-8")

    @property
    def reformatted(self) -> bool:
        """The file was not written the way this program writes YAML: its other lines change form, not content."""
        return self.before is not None and dump(round_trip().load(self.start)) != self.start


def _text(before: bytes) -> str:
    """A file's text to edit: without its byte order mark, line ends as LF (`Update.encoded` puts both back)."""
    return before.decode("utf-8-sig").replace("\r\n", "\n")


# -- each sheet's rows as edits of its YAML file


def _entry_of(document: CommentedMap, item: Item) -> CommentedMap | None:
    return next((e for e in document.get(item.kind.slug) or [] if str(e.get("id")) == item.id), None)


def _add_entry(document: CommentedMap, item: Item, entry: CommentedMap, order: tuple) -> None:
    """A new entry at the end of its register's list, with the item's label as a comment above it."""
    text = " ".join(item.text.split())
    comment = f"{label(item)}：{text[:40]}{'…' if len(text) > 40 else ''}"
    section = document.get(item.kind.slug)
    if section is None:
        section = CommentedSeq([entry])
        section.yaml_set_comment_before_after_key(0, before=comment, indent=2)
        insert(document, position_for(document, item.kind.slug, order), item.kind.slug, section)
        return
    insert(section, len(section), None, entry)
    section.yaml_set_comment_before_after_key(len(section) - 1, before=comment, indent=2)


def _report_update(path: Path, sheets: list[Filled], progress: Progress) -> Update:
    before = path.read_bytes() if path.exists() else None
    start = _text(before) if before else report_file(progress, sheets[0].month)
    document = round_trip().load(start)
    editor = Editor()
    for sheet in sheets:
        _report_contact(document, editor, sheet)
        for row in sheet.rows:
            _report_entry(document, editor, sheet, row)
    return Update(path, before, start, dump(document), editor.changes, sheets)


def _report_contact(document: CommentedMap, editor: Editor, sheet: Filled) -> None:
    """The footer replaces the unit's contact as filled in; a footer left blank changes nothing."""
    if not any(sheet.contact.values()):
        return
    contacts = document.get("contacts")
    if contacts is None:
        contacts = CommentedMap()
        insert(document, 0, "contacts", contacts)
    if contacts.fa.flow_style() and not contacts:
        contacts.fa.set_block_style()  # one line per unit, not all units on one line
    editor.set_all(contacts, sheet.unit.name, sheet.contact, (), sheet.sheet, flow=True, keep_key=False)


def _report_entry(document: CommentedMap, editor: Editor, sheet: Filled, row: Row) -> None:
    item, where = row.item, f"{row.where} {label(row.item)}"
    entry = _entry_of(document, item)
    new = entry is None
    if new:
        entry = CommentedMap(id=DoubleQuotedScalarString(item.id), unit=sheet.unit.name)
        if item.plan:
            entry["target"] = item.plan.targets[(sheet.month - 1) // 3]
    elif entry.get("unit") not in (sheet.unit.name, *sheet.unit.aliases):
        editor.set(entry, "unit", sheet.unit.name, REPORT_ENTRY, where)
    editor.set(entry, "submitted", sheet.date, REPORT_ENTRY, where)
    for key in ("progress", "problems", "next_steps", "stage_met", "completed"):
        editor.set(entry, key, row.values.get(key), REPORT_ENTRY, where)
    values = row.values.get("indicators") or {}
    editor.set_all(
        entry,
        "indicators",
        {i.name: values.get(i.name) for i in item.indicators},
        REPORT_ENTRY,
        where,
        prefix="指标完成值·",
    )
    if new:
        _add_entry(document, item, entry, REPORT_KEYS)


def _plan_update(path: Path, sheet: Filled) -> Update:
    before = path.read_bytes() if path.exists() else None
    start = (
        _text(before)
        if before
        else (
            "# yaml-language-server: $schema=../../../generator/schemas/plan.schema.json\n"
            f"# {sheet.unit.name}落实计划表（附件3），由 form import 从填报的 Excel 表格导入。\n"
            f"unit: {json.dumps(sheet.unit.name, ensure_ascii=False)}\n"
        )
    )
    document = round_trip().load(start)
    editor = Editor()
    editor.set(document, "filed", sheet.date, PLAN_KEYS, sheet.sheet)
    if any(sheet.contact.values()):  # a footer left blank changes nothing
        editor.set_all(document, "contact", sheet.contact, PLAN_KEYS, sheet.sheet, flow=True, keep_key=False)
    for row in sheet.rows:
        where = f"{row.where} {label(row.item)}"
        entry = _entry_of(document, row.item)
        new = entry is None
        if new:
            entry = CommentedMap(id=DoubleQuotedScalarString(row.item.id))
        editor.set_all(entry, "targets", {q: row.values.get(q) for q in QUARTERS}, PLAN_ENTRY, where)
        for key in ("principal", "deputy", "remarks"):
            editor.set(entry, key, row.values.get(key), PLAN_ENTRY, where, keep_key=False)
        if new:
            _add_entry(document, row.item, entry, PLAN_KEYS)
    return Update(path, before, start, dump(document), editor.changes, [sheet])


def _plan_paths(data: Path, sheets: list[Filled]) -> dict[Unit, Path]:
    """Each unit's plan file: the one that names it (by any of its names), else plans/<unit id>.yaml."""
    named: dict[Path, dict] = {}  # folder → {unit as written: file}
    paths = {}
    for sheet in sheets:
        folder = data / str(sheet.year.year) / "plans"
        if folder not in named:
            named[folder] = {load_yaml(path).data.get("unit"): path for path in sorted(folder.glob("*.yaml"))}
        found = (named[folder][name] for name in (sheet.unit.name, *sheet.unit.aliases) if name in named[folder])
        paths[sheet.unit] = next(found, folder / f"{sheet.unit.id}.yaml")
    return paths


# -- the import as a whole


def import_workbook(path: Path, archive: Archive, data: Path, today: dt.date) -> list[Update]:
    """The changes a filled workbook makes to data/, file by file; nothing written (FormError on problems)."""
    return import_sheets([sheet for sheet in read_workbook(path, archive, today) if sheet.rows], data, today)


def import_sheets(sheets: list[Filled], data: Path, today: dt.date) -> list[Update]:
    """The changes filled sheets make to data/, file by file; nothing written."""
    plans = [sheet for sheet in sheets if sheet.month is None]
    paths = _plan_paths(data, plans)
    updates = [_plan_update(paths[sheet.unit], sheet) for sheet in plans]
    months: dict[tuple[int, int], list[Filled]] = {}
    for sheet in sheets:
        if sheet.month is not None:
            months.setdefault((sheet.year.year, sheet.month), []).append(sheet)
    for (year, month), same in months.items():
        path = data / str(year) / "reports" / f"{year}-{month:02d}.yaml"
        updates.append(_report_update(path, same, derive(same[0].year, today)))
    for update in updates:
        _check(update)
    return updates


def _check(update: Update) -> None:
    """Before anything is written: every comment still above what it was above, every other entry unchanged."""
    kept = set(comment_lines(update.after))
    moved = next((comment for comment, _ in comment_lines(update.start) if (comment, _) not in kept), None)
    if moved:
        raise ValueError(f"写入 {update.path} 会使注释“{moved}”离开原来的位置，没有写入。这是程序的问题，请报告。")
    safe = YAML(typ="safe", pure=True)
    if _others(safe.load(update.start), update.sheets) != _others(safe.load(update.after), update.sheets):
        raise ValueError(f"写入 {update.path} 会改动表格以外的内容，没有写入。这是程序的问题，请报告。")


def _others(data: dict, sheets: list[Filled]) -> dict:
    """What an import must leave as it was: all but the filled rows' entries and the sheets' date and contacts."""
    ids = {(row.item.kind.slug, row.item.id) for sheet in sheets for row in sheet.rows}
    units = {sheet.unit.name for sheet in sheets}
    others = {key: value for key, value in data.items() if key not in ("filed", "contact", "contacts", *KINDS)}
    others["contacts"] = {name: value for name, value in (data.get("contacts") or {}).items() if name not in units}
    for slug in KINDS:
        others[slug] = [entry for entry in data.get(slug) or [] if (slug, str(entry["id"])) not in ids]
    return others


# -- showing and writing the changes


def apply(
    updates: list[Update], data: Path, example: Path | None, *, replace: bool = False, dry_run: bool = False
) -> str:
    """Writes the updates and says what changed. Nothing is written on a dry run, nor (ValueError) when they would
    replace content already there without `replace`."""
    shown = describe(updates)
    if not shown:
        return "表格中的内容与数据中已有的相同，没有需要写入的变化。"
    replaced = replacements(updates)
    if dry_run:
        return f"{shown}\n\n试运行：以上变化没有写入。"
    if replaced and not replace:
        raise ValueError(f"有 {replaced} 处会替换已有内容，没有写入：\n{shown}\n\n核对无误后，加 --replace 重新导入。")
    write(updates, data, example)
    written = "、".join(str(update.path) for update in updates if update.changes)
    return f"{shown}\n\n✓ 已写入 {written}，数据检查通过。"


def replacements(updates: list[Update]) -> int:
    """How many values already in data/ the updates would replace."""
    return sum(change.replaces for update in updates for change in update.changes)


def describe(updates: list[Update]) -> str:
    """The changes, file by file and row by row: field：old → new."""
    lines = []
    for update in (u for u in updates if u.changes):
        lines.append(f"{update.path}{'（新文件）' if update.before is None else ''}：")
        if update.reformatted:
            lines.append("  注：这个文件原来的写法（缩进、引号等）与本程序不同，其余条目的写法会随之统一，内容不变。")
        where = None
        for change in update.changes:
            if change.where != where:
                where = change.where
                lines.append(f"  {where}")
            lines.append(
                f"    {change.name}：{_show(change.old)} → {_show(change.new)}"
                + ("  ← 替换已有内容" if change.replaces else "")
            )
    return "\n".join(lines)


def _show(value) -> str:
    if value is None:
        return "（空）"
    if not isinstance(value, str):
        return str(value)
    text = value.replace("\n", "⏎")
    return f"“{text}”" if len(text) <= 60 else f"“{text[:60]}…”（共 {len(value)} 字）"


def write(updates: list[Update], data: Path, example: Path | None) -> None:
    """Writes the files, reads data/ back and checks every filled value is there as filled; on any problem the
    files are restored as they were and the error raised (DataError, ValueError)."""
    updates = [update for update in updates if update.changes]  # a file without changes is not even reformatted
    try:
        for update in updates:
            update.path.parent.mkdir(parents=True, exist_ok=True)
            update.path.write_bytes(update.encoded())
        read_archive(data, example)
        for update in updates:
            _read_back(update)
    except BaseException:
        for update in updates:
            if update.before is None:
                update.path.unlink(missing_ok=True)
            else:
                update.path.write_bytes(update.before)
        raise


def _read_back(update: Update) -> None:
    """Each filled row, read back with the generator's own loader, holds exactly what was filled in."""
    data = load_yaml(update.path).data
    for sheet in update.sheets:
        for row in sheet.rows:
            entry = next(e for e in data.get(row.item.kind.slug, []) if e["id"] == row.item.id)
            if _stored(entry, sheet.month) != _filled(row, sheet):
                raise ValueError(
                    f"写入后读回的{label(row.item)}与表格（{row.where}）不一致，已恢复原文件。这是程序的问题，请报告。"
                )


def _filled(row: Row, sheet: Filled) -> dict:
    if sheet.month is None:
        return {key: row.values.get(key) for key in (*QUARTERS, "principal", "deputy", "remarks")}
    values = {key: row.values.get(key) for key in ("progress", "problems", "next_steps", "stage_met", "completed")}
    return {**values, "submitted": sheet.date.isoformat(), "indicators": row.values.get("indicators") or {}}


def _stored(entry: dict, month: int | None) -> dict:
    if month is None:
        return {**entry["targets"], **{key: entry.get(key) for key in ("principal", "deputy", "remarks")}}
    values = {key: entry.get(key) for key in ("progress", "problems", "next_steps", "stage_met", "completed")}
    indicators = {name: value for name, value in (entry.get("indicators") or {}).items() if value is not None}
    return {**values, "submitted": entry.get("submitted"), "indicators": indicators}
