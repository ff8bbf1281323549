"""Reads `data/`: every file loaded, checked against its schema, cross-checked, and built into records.

Layout of one year (`data/2025/`):
    units.yaml  leaders.yaml  forms.yaml  documents/*.yaml  registers/*.yaml
    plans/*.yaml  reports/YYYY-MM.yaml  events/*.yaml   (progress: see tracking.py)
and, beside the years, `data/holidays.yaml`: the 放假安排 of years the holiday calendar does not cover yet;
`data/site.yaml`: the site's identity; `data/disclosure/`: the office's texts of the 政府信息公开 section
(apply.md: 依申请公开; reports/YYYY.md: each year's 政府信息公开工作年度报告).
All problems are collected and raised together as one DataError.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

from generator.derive.deadlines import report_deadlines
from generator.derive.workdays import LIBRARY_ONLY, Arrangement, Published, covered
from generator.model import (
    KINDS,
    PUBLIC,
    Archive,
    Attachment,
    Change,
    Column,
    Contact,
    Disclosure,
    Document,
    Form,
    Group,
    Indicator,
    Item,
    Leader,
    Personnel,
    Register,
    Settings,
    Unit,
    UnitRef,
    Year,
    parse_blocks,
    parse_date,
)
from generator.read import schema, targets, tracking
from generator.read.load import Source, half_width, load_yaml
from generator.read.problems import DataError, Problem

YEAR_FILES = {"units.yaml": "units", "leaders.yaml": "leaders", "forms.yaml": "forms"}
YEAR_FOLDERS = {
    "documents": "document",
    "registers": "register",
    "plans": "plan",
    "reports": "report",
    "events": "event",
}
PROGRESS_FOLDERS = ("plans", "reports", "events")  # files that refer to the registers; none refers to them
HOLIDAYS = "holidays.yaml"  # in data/ itself: the 放假安排 of years the holiday calendar lacks
SETTINGS = "site.yaml"  # in data/ itself: the site's identity (网站设置)
DISCLOSURE = "disclosure"  # in data/ itself: the office's texts of the 政府信息公开 section
APPLY, REPORTS = Path("apply.md"), Path("reports")
MARKS = "identity"  # in data/ itself: the settings' images (the 党政机关网站标识)


def read_archive(
    data_dir: Path, extra: Path | None = None, only: set[Path] | None = None, cache: Cache | None = None
) -> Archive:
    """All years of `data_dir`; files of `extra` (the example progress data) are read as if they were in it.
    With `only` (resolved paths of files in those folders): the years holding them, each read whole but for its
    plans, reports and events, of which only these (cross-checked as in a full read). With a `cache`, what did
    not change since the cache's last read is not read again."""
    problems: list[Problem] = []
    folders: dict[str, list[Path]] = {}
    for root in (data_dir, extra) if extra else (data_dir,):
        if not root.is_dir():
            raise DataError([Problem(root, 0, 0, "", "找不到数据目录。", "项目中的 data/ 目录")])
        for entry in sorted(root.iterdir()):
            if entry.name.startswith(".") or (
                root == data_dir and entry.name in (HOLIDAYS, SETTINGS, DISCLOSURE, MARKS)
            ):
                continue
            if entry.is_symlink():
                problems.append(_linked(entry))
            elif entry.is_dir() and re.fullmatch(r"[0-9]{4}", entry.name):
                folders.setdefault(entry.name, []).append(entry)
            elif fix := half_width(entry.name):  # ２０２５ would be a second year 2025
                problems.append(
                    Problem(
                        entry,
                        0,
                        0,
                        "",
                        f"名称“{entry.name}”中有全角数字，这个文件夹不会被读取。",
                        f"改为半角数字：{fix}",
                    )
                )
            else:
                problems.append(
                    Problem(
                        entry,
                        0,
                        0,
                        "",
                        "data/ 下只能有以年份命名的文件夹，这个文件或文件夹不会被读取。",
                        "放进对应年份的文件夹，例如 data/2025/",
                    )
                )
    published = _published(data_dir / HOLIDAYS, problems)
    settings = _settings(data_dir, problems)
    disclosure = _disclosure(data_dir / DISCLOSURE, {int(name) for name in folders}, problems)
    if only is not None:
        folders = {
            name: paths
            for name, paths in folders.items()
            if any(file.is_relative_to(path.resolve()) for file in only for path in paths)
        }
    found = [_year_or_problems(folders[name], only=only, cache=cache) for name in sorted(folders)]
    years = [year for year in found if isinstance(year, Year)]
    problems += [problem for year in found if not isinstance(year, Year) for problem in year]
    if problems:
        raise DataError(problems)
    for year in years:  # not cached with the year: data/holidays.yaml may change alone
        year.deadlines = report_deadlines(year.year, published)
    return Archive(sorted(years, key=lambda y: y.year, reverse=True), settings, disclosure)


def _published(path: Path, problems: list[Problem]) -> Published:
    """The 放假安排 the office recorded in data/holidays.yaml for years the holiday calendar lacks."""
    if not path.exists():
        return LIBRARY_ONLY
    if path.is_symlink() or not path.is_file():
        problems.append(_linked(path))
        return LIBRARY_ONLY
    source, found, _ = _checked(path, "holidays")
    problems += found
    if source is None or found:
        return LIBRARY_ONLY
    published: dict[int, Arrangement] = {}
    for i, entry in enumerate(source.data["years"]):
        where = ("years", i, "year")
        if covered(entry["year"]):
            problems.append(
                source.problem(where, f"节假日日历已包含{entry['year']}年的放假安排，这里不需要再填写。", "删除这一年")
            )
        elif entry["year"] in published:
            problems.append(source.problem(where, f"{entry['year']}年重复出现。", "每年只写一次"))
        else:
            holidays = set()
            for j, span in enumerate(entry["holidays"]):
                first, last = parse_date(span["from"]), parse_date(span["to"])
                if last < first:
                    problems.append(
                        source.problem(
                            ("years", i, "holidays", j, "to"),
                            f"最后一天 {last} 早于第一天 {first}。",
                            "检查这个假期的日期",
                        )
                    )
                holidays |= {first + dt.timedelta(days=n) for n in range((last - first).days + 1)}
            published[entry["year"]] = Arrangement(frozenset(holidays), frozenset(map(parse_date, entry["workdays"])))
    return published


def _settings(data_dir: Path, problems: list[Problem]) -> Settings:
    """The site's identity from data/site.yaml; without the file, nothing of it is shown."""
    path = data_dir / SETTINGS
    if not path.exists():
        return Settings()
    if path.is_symlink() or not path.is_file():
        problems.append(_linked(path))
        return Settings()
    source, found, _ = _checked(path, "site")
    problems += found
    if source is None or found:
        return Settings()
    data = dict(source.data)
    if mark := data.get("mark"):
        data["mark"] = data_dir / mark
        if (
            not data["mark"].is_file()
            or data["mark"].is_symlink()
            or not data["mark"].resolve().is_relative_to(data_dir.resolve())
        ):
            problems.append(
                source.problem(
                    ("mark",), f"找不到标识图片 {mark}。", "把收到的图片放进 data/identity/，写 identity/文件名"
                )
            )
    if url := data.get("site_url"):
        data["site_url"] = url.rstrip("/") + "/"
    contacts = {key: Contact(**data[key]) for key in ("contact", "disclosure") if key in data}
    return Settings(**{**data, **contacts})


def _disclosure(folder: Path, years: set[int], problems: list[Problem]) -> Disclosure:
    """The office's texts in data/disclosure/: apply.md, reports/YYYY.md for a year of data/; each one written."""
    if not folder.exists():
        return Disclosure()
    if folder.is_symlink() or not folder.is_dir():
        problems.append(_linked(folder))
        return Disclosure()
    texts: dict[Path, str] = {}
    for path in _tree(folder):
        relative = path.relative_to(folder)
        if any(part.startswith(".") for part in relative.parts) or (path.is_dir() and relative == REPORTS):
            continue
        if path.is_symlink() or not path.is_file():
            problems.append(_linked(path) if path.is_symlink() or not path.is_dir() else _misplaced(path))
        elif relative != APPLY and not (relative.parent == REPORTS and re.fullmatch(r"[0-9]{4}\.md", relative.name)):
            problems.append(_misplaced(path))
        elif relative.parent == REPORTS and int(relative.stem) not in years:
            problems.append(
                Problem(
                    path,
                    0,
                    0,
                    "",
                    f"data/ 中没有 {relative.stem} 年的文件夹，这份年度报告不会发布。",
                    "年度报告的文件名是它所报告的年份，该年份要有 data/ 中的文件夹",
                )
            )
        elif (text := _text(path, problems)) is not None and not text.strip():
            problems.append(
                Problem(path, 0, 0, "", "文件是空的。网站不显示空白栏目。", "写好正文后再放进来，或删除这个文件")
            )
        elif text:
            texts[relative] = text
    return Disclosure(texts.get(APPLY, ""), {int(p.stem): text for p, text in texts.items() if p.parent == REPORTS})


def _misplaced(path: Path) -> Problem:
    return Problem(
        path,
        0,
        0,
        "",
        "这个文件不在约定的位置，不会被读取。",
        (
            "data/disclosure/ 中只能有 apply.md（依申请公开）和 "
            "reports/年份.md（政府信息公开工作年度报告，例如 reports/2025.md）"
        ),
    )


def _text(path: Path, problems: list[Problem]) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        problems.append(
            Problem(path, 0, 0, "", "文件不是 UTF-8 编码的文字，不会被读取。", "用文本编辑器另存为 UTF-8 编码")
        )
        return None


class Cache:
    """What `read_archive` read, for the next read in the same process (`mkdocs serve`, after an edit): each file
    loaded and checked against its schema, by its (path, mtime_ns, size), and each year's records, by those of all
    its files. A file or year that did not change is not read again."""

    def __init__(self):
        self.files: dict[Path, tuple[tuple, tuple]] = {}
        self.years: dict[str, tuple[dict, Year]] = {}

    def checked(self, path: Path, stamp: tuple, schema_name: str) -> tuple[Source | None, list[Problem], str]:
        if (hit := self.files.get(path)) and hit[0] == stamp:
            return hit[1]
        result = _checked(path, schema_name)
        self.files[path] = (stamp, result)
        return result


def _stamp(path: Path) -> tuple[int, int]:
    stat = path.stat()
    return stat.st_mtime_ns, stat.st_size


def _checked(path: Path, schema_name: str) -> tuple[Source | None, list[Problem], str]:
    """The file loaded and checked against its schema: (source, problems, the schema's name), or (None, problems,
    schema_name) when it cannot be read."""
    try:
        source = load_yaml(path)
    except DataError as err:
        return None, err.problems, schema_name
    if schema_name == "register" and isinstance(source.data, dict) and source.data.get("kind") == "personnel":
        schema_name = "personnel"
    return source, schema.check(source, schema_name), schema_name


def _year_or_problems(folders: list[Path], only: set[Path] | None, cache: Cache | None) -> Year | list[Problem]:
    try:
        return _read_year(folders, only, cache)
    except DataError as err:
        return err.problems


def _read_year(folders: list[Path], only: set[Path] | None, cache: Cache | None) -> Year:
    files, problems, broken = _year_files(folders, only)
    stamps = {path: _stamp(path) for path, _ in files} if cache is not None else {}  # only `serve` looks again
    if cache is not None and not problems and (hit := cache.years.get(folders[0].name)) and hit[0] == stamps:
        return hit[1]
    sources: dict[str, list[Source]] = {kind: [] for kind in ("units", "leaders", "forms", *YEAR_FOLDERS.values())}
    for path, schema_name in files:
        source, found, schema_name = (
            cache.checked(path, stamps[path], schema_name) if cache is not None else _checked(path, schema_name)
        )
        problems.extend(found)
        if found:
            broken.add(schema_name)
        else:
            sources["register" if schema_name == "personnel" else schema_name].append(source)
    builder = _YearBuilder(int(folders[0].name), sources, broken)
    year = builder.build()
    if problems or builder.problems:
        raise DataError(problems + builder.problems)
    if cache is not None:
        cache.years[folders[0].name] = (stamps, year)
    return year


def _year_files(folders: list[Path], only: set[Path] | None) -> tuple[list[tuple[Path, str]], list[Problem], set[str]]:
    """The year's files to read, with their schema's name; problems with files out of place or missing; and the
    kinds of file missing (references into them are not checked)."""
    files: list[tuple[Path, str]] = []
    problems: list[Problem] = []
    broken: set[str] = set()
    seen: dict[Path, Path] = {}
    for folder in folders:
        for path in _tree(folder):
            relative = path.relative_to(folder)
            if any(part.startswith(".") for part in relative.parts):
                continue
            if path.is_symlink() or not (path.is_dir() or path.is_file()):
                problems.append(_linked(path))
                continue
            if path.is_dir():
                continue
            if only is not None and relative.parts[0] in PROGRESS_FOLDERS and path.resolve() not in only:
                continue
            if relative in seen:
                problems.append(Problem(path, 0, 0, "", f"与 {seen[relative]} 重复，两个文件只能保留一个。"))
                continue
            seen[relative] = path
            if relative.parts[0] == "reports" and (fix := half_width(relative.name)):  # the name is the month
                problems.append(
                    Problem(
                        path,
                        0,
                        0,
                        "",
                        f"文件名“{relative.name}”中有全角数字，这个文件不会被读取。",
                        f"改为半角数字：{fix}",
                    )
                )
            elif len(relative.parts) == 1 and relative.name in YEAR_FILES:
                files.append((path, YEAR_FILES[relative.name]))
            elif len(relative.parts) == 2 and relative.parts[0] in YEAR_FOLDERS and path.suffix == ".yaml":
                files.append((path, YEAR_FOLDERS[relative.parts[0]]))
            else:
                if relative.parts[0] in YEAR_FOLDERS:  # e.g. registers/tasks.yml: references into it are not checked
                    broken.add(YEAR_FOLDERS[relative.parts[0]])
                problems.append(
                    Problem(
                        path,
                        0,
                        0,
                        "",
                        "这个文件不在约定的位置，不会被读取。",
                        "units.yaml、leaders.yaml、forms.yaml，或 "
                        + "、".join(f"{name}/" for name in YEAR_FOLDERS)
                        + " 文件夹中的 .yaml 文件",
                    )
                )
    for name in ("units.yaml", "leaders.yaml"):
        if Path(name) not in seen:
            problems.append(
                Problem(folders[0] / name, 0, 0, "", f"缺少 {name}。", "每个年份文件夹都要有责任单位和牵头领导名册")
            )
            broken.add(YEAR_FILES[name])
    return files, problems, broken


def _tree(folder: Path) -> list[Path]:
    """Every file and folder under `folder`, sorted; a linked folder is listed, never entered."""
    return sorted(Path(top, name) for top, folders, files in os.walk(folder) for name in folders + files)


def _linked(path: Path) -> Problem:
    """A link, a pipe or a device under data/: refused, and its target never read (it may be anything)."""
    return Problem(
        path,
        0,
        0,
        "",
        "这是一个链接（快捷方式）或特殊文件，不是普通的文件或文件夹，不会被读取。",
        "把文件本身放进 data/，不要放链接",
    )


class _YearBuilder:
    """Cross-checks the schema-valid files of one year and builds its records."""

    def __init__(self, year: int, sources: dict[str, list[Source]], broken: set[str]):
        self.year = year
        self.sources = sources
        self.broken = broken
        self.problems: list[Problem] = []
        self.relations: list[tuple[Source, tuple, Item, dict]] = []  # (source, path, item, reference) to resolve

    def _unresolved(self, target: str, problem: Problem) -> None:
        """A reference into `target` ("units", "leaders", "document") that matches nothing."""
        if target not in self.broken:  # else the name may well be in the file that failed to load
            self.problems.append(problem)

    def build(self) -> Year:
        units = self._units()
        leaders = self._leaders()
        documents = self._documents()
        registers, personnel = [], []
        for source in self.sources["register"]:
            if source.data["kind"] == "personnel":
                personnel += self._personnel(source, documents)
            else:
                registers += self._register(source, documents, units, leaders)
        self._relate(registers)
        forms = [form for source in self.sources["forms"] for form in self._forms(source, documents)]
        registers.sort(key=lambda r: list(KINDS).index(r.kind.slug))
        year = Year(
            self.year,
            sorted(documents.values(), key=lambda d: (d.date, d.number)),
            registers,
            personnel,
            list(dict.fromkeys(units.values())),
            list(leaders.values()),
            forms,
        )
        self._track(year, units)
        return year

    def _track(self, year: Year, units: dict[str, Unit]) -> None:
        """Reads the plans, reports and events (tracking.py) into the year's items and the year."""
        items = {(item.kind.slug, item.id): item for item in year.items()}
        plans, plan_problems = tracking.plans(self.sources["plan"], items, units, self.broken)
        for plan in plans:
            plan.item.plan = plan
        year.months, reports, report_problems = tracking.reports(
            self.sources["report"], self.year, items, units, self.broken
        )
        for report in reports:
            report.item.reports[report.month] = report
        seen: dict = {}
        unique = [
            source
            for source in self.sources["event"]
            if self._first(source, ("id",), source.data["id"], seen, "通报编号")
        ]
        year.events, event_problems = tracking.events(unique, items, self.broken)
        self.problems += plan_problems + report_problems + event_problems

    # -- helpers

    def _unique(self, source: Source, entries: list[dict], key: str, path: tuple, seen: dict, what: str) -> bool:
        """False (and a problem) when entries[i][key] was seen before, in this file or another."""
        return all([self._first(source, path + (i, key), entry[key], seen, what) for i, entry in enumerate(entries)])

    def _first(self, source: Source, path: tuple, value, seen: dict, what: str) -> bool:
        """False (and a problem) when `value`, found at `path`, was seen before; else remember where it stands."""
        if value in seen:
            self.problems.append(
                source.problem(path, f"{what}“{value}”重复（{seen[value]}已有）。", f"每个{what}只能出现一次")
            )
            return False
        seen[value] = f"{source.path.name} 第{source.marks.get(path, (0, 0))[0]}行"
        return True

    def _attach(self, source: Source, data: dict, document: Document, content, path: tuple = ()) -> None:
        number = data.get("attachment")
        if number is None:
            return
        attachment = next((a for a in document.attachments if a.no == number), None)
        if attachment is None:
            self.problems.append(
                source.problem(
                    path + ("attachment",),
                    f"公文“{document.number}”没有附件{number}。",
                    "公文 attachments 中列出的附件序号",
                )
            )
        elif attachment.content is not None:
            self.problems.append(
                source.problem(
                    path + ("attachment",),
                    f"公文“{document.number}”的附件{number}已对应另一份台账或表格。",
                    "每个附件只对应一个文件",
                )
            )
        else:
            attachment.content = content

    def _document_of(self, source: Source, documents: dict, path: tuple = ()) -> Document | None:
        doc_id = _at(source.data, path)["document"]
        if doc_id not in documents:
            self._unresolved(
                "document",
                source.problem(
                    path + ("document",),
                    f"找不到编号为“{doc_id}”的公文。",
                    "documents/ 中某份公文的 id：" + "、".join(documents),
                ),
            )
            return None
        return documents[doc_id]

    # -- registers of names

    def _units(self) -> dict[str, Unit]:
        by_name: dict[str, Unit] = {}
        ids: dict = {}
        for source in self.sources["units"]:
            entries = source.data["units"]
            self._unique(source, entries, "id", ("units",), ids, "单位编号")
            for i, entry in enumerate(entries):
                unit = Unit(entry["id"], entry["name"], entry["side"], entry.get("aliases", []))
                for j, name in enumerate([unit.name, *unit.aliases]):
                    if name in by_name:
                        path = ("units", i, "name") if j == 0 else ("units", i, "aliases", j - 1)
                        self.problems.append(
                            source.problem(path, f"单位名称“{name}”重复。", "每个单位名称只能出现一次")
                        )
                    by_name[name] = unit
        return by_name

    def _leaders(self) -> dict[str, Leader]:
        by_name: dict[str, Leader] = {}
        for source in self.sources["leaders"]:
            entries = source.data["leaders"]
            self._unique(source, entries, "id", ("leaders",), {}, "领导编号")
            self._unique(source, entries, "name", ("leaders",), {}, "领导姓名")
            by_name.update((e["name"], Leader(e["id"], e["name"])) for e in entries)
        return by_name

    # -- documents and what hangs on them

    def _documents(self) -> dict[str, Document]:
        documents: dict[str, Document] = {}
        seen: dict = {}
        interpreting: list[tuple[Source, Document]] = []
        for source in self.sources["document"]:
            data = source.data
            if not self._first(source, ("id",), data["id"], seen, "公文编号"):
                continue
            attachments = [Attachment(a["seq"], a["title"]) for a in data.get("attachments", [])]
            self._unique(source, data.get("attachments", []), "seq", ("attachments",), {}, "附件序号")
            documents[data["id"]] = Document(
                id=data["id"],
                number=data.get("number", ""),
                title=data["title"],
                issuers=data["issuers"],
                date=parse_date(data["date"]),
                disclosure=data["disclosure"],
                body=parse_blocks(data["body"]),
                addressees=data.get("addressees", ""),
                disclosure_note=data.get("disclosure_note", ""),
                published=parse_date(data["published"]) if "published" in data else None,
                index_no=data.get("index_no", ""),
                kind=data.get("kind", Document.kind),
                topic=data.get("topic", ""),
                validity=data.get("validity", ""),
                attachments=attachments,
                enclosed=data.get("enclosed", False),
            )
            interpreting += [(source, documents[data["id"]])] if "interprets" in data else []
        self._interpret(interpreting, documents)
        return documents

    def _interpret(self, interpreting: list[tuple[Source, Document]], documents: dict[str, Document]) -> None:
        """Links each 解读 to the notice it interprets, both ways."""
        for source, document in sorted(interpreting, key=lambda pair: pair[1].date):
            notice = documents.get(source.data["interprets"])
            if not document.interpretation:
                self.problems.append(
                    source.problem(
                        ("interprets",), "只有政策解读才写所解读的文件。", "在文件中写 kind: 解读，或删除 interprets"
                    )
                )
            elif notice is None or notice.interpretation:
                notices = [d.id for d in documents.values() if not d.interpretation]
                found = "是一份解读" if notice else "不存在"
                self._unresolved(
                    "document",
                    source.problem(
                        ("interprets",),
                        f"编号为“{source.data['interprets']}”的公文{found}。",
                        "同一年份 documents/ 中某份通知的 id：" + "、".join(notices),
                    ),
                )
            else:
                document.interprets = notice
                notice.interpretations.append(document)

    def _register(self, source: Source, documents: dict, units: dict, leaders: dict) -> list[Register]:
        data = source.data
        document = self._document_of(source, documents)
        if document is None:
            return []
        groups = {g["seq"]: Group(g["seq"], g["title"]) for g in data.get("groups", [])}
        self._unique(source, data.get("groups", []), "seq", ("groups",), {}, "分组序号")
        register = Register(
            KINDS[data["kind"]],
            document,
            data["title"],
            [],
            data.get("attachment"),
            data.get("note", ""),
            parse_blocks(data.get("intro", [])),
            data.get("groups_label", ""),
            list(groups.values()),
        )
        entries = data["items"]
        self._unique(source, entries, "id", ("items",), {}, "事项编号")
        self._unique(source, entries, "seq", ("items",), {}, "事项序号")
        for i, entry in enumerate(entries):
            path = ("items", i)
            group = None
            if "group" in entry:
                group = groups.get(entry["group"])
                if group is None:
                    self.problems.append(
                        source.problem(
                            path + ("group",),
                            f"没有序号为 {entry['group']} 的分组。",
                            "groups 中列出的分组序号：" + "、".join(map(str, groups))
                            if groups
                            else "先在文件的 groups 中列出分组",
                        )
                    )
            elif groups:
                self.problems.append(
                    source.problem(path, "缺少所属分组“group”。", "groups 中列出的分组序号", at_key=True)
                )
            item_leaders = []
            for j, name in enumerate(entry.get("leaders", [])):
                if name in leaders:
                    item_leaders.append(leaders[name])
                else:
                    self._unresolved(
                        "leaders",
                        source.problem(
                            path + ("leaders", j),
                            f"“{name}”不在牵头领导名册中。",
                            "leaders.yaml 中的姓名（姓名中间不要加空格）",
                        ),
                    )
            refs = []
            for j, ref in enumerate(entry["units"]):
                unit = units.get(ref["name"])
                if unit is None:
                    self._unresolved(
                        "units",
                        source.problem(
                            path + ("units", j, "name"),
                            f"“{ref['name']}”不在责任单位名册中。",
                            "units.yaml 中的单位名称或其他写法（aliases）",
                        ),
                    )
                else:
                    refs.append(UnitRef(ref["name"], unit, ref.get("lead", False)))
            indicators = self._indicators(source, path, entry)
            self._unique(source, entry.get("indicators", []), "name", path + ("indicators",), {}, "指标名称")
            item = Item(
                entry["id"],
                entry["seq"],
                entry["text"],
                refs,
                item_leaders,
                group,
                entry.get("responsible", ""),
                entry.get("disclosure", PUBLIC),
                indicators,
                register,
            )
            register.items.append(item)
            self.relations += [
                (source, path + ("related", j), item, ref) for j, ref in enumerate(entry.get("related", []))
            ]
        self._attach(source, data, document, register)
        return [register]

    def _relate(self, registers: list[Register]) -> None:
        """Links each item to those its `related` names, both ways; a link is written once, on either side."""
        items = {(item.kind.slug, item.id): item for register in registers for item in register.items}
        seen: dict[frozenset, str] = {}
        for source, path, item, ref in self.relations:
            other = items.get((ref["kind"], ref["id"]))
            if other is None:
                self._unresolved(
                    "register",
                    source.problem(
                        path + ("id",),
                        f"{KINDS[ref['kind']].title}中没有编号为“{ref['id']}”的事项。",
                        f"registers/ 中 kind: {ref['kind']} 的台账里某个事项的 id",
                    ),
                )
            elif other is item:
                self.problems.append(
                    source.problem(path, f"{item.name}写成了与自身相关。", "另一份台账中所述为同一项工作的事项")
                )
            elif (pair := frozenset((item, other))) in seen:
                self.problems.append(
                    source.problem(
                        path,
                        f"{item.name}与{other.name}的关联已写过（{seen[pair]}）。",
                        "只在其中一项写一次，两项页面都会显示，删除这一条",
                    )
                )
            else:
                seen[pair] = f"{source.path.name} 第{source.marks.get(path + ('id',), (0, 0))[0]}行"
                item.related.append(other)
                other.related.append(item)

    def _indicators(self, source: Source, path: tuple, entry: dict) -> list[Indicator]:
        """The item's indicators, each target read as written and found in the item's text."""
        indicators = []
        for j, spec in enumerate(entry.get("indicators", [])):
            where = path + ("indicators", j)
            target = targets.parse(spec["target"])
            if target is None:
                self.problems.append(
                    source.problem(
                        where + ("target",),
                        f"目标“{spec['target']}”不是原文中“数字＋单位”的写法。",
                        "照原文抄写数字、单位及“左右”“以上”“余”等字样，例如 5.6%左右、1—2个、1500余个",
                    )
                )
            elif not targets.stated_in(entry["text"], target.printed):
                self.problems.append(
                    source.problem(
                        where + ("target",),
                        f"事项内容中没有完整写出“{target.printed}”。",
                        "照事项内容原样抄写，不要漏掉前后的“不少于”“左右”“以上”等字样",
                    )
                )
            elif not spec.get("own_name") and spec["name"] not in entry["text"]:
                self.problems.append(
                    source.problem(
                        where + ("name",),
                        f"指标名称“{spec['name']}”不是事项内容中的原话。",
                        "从事项内容中摘取名称；原文没有合适的说法时，写 own_name: true，页面会注明名称为本站所拟",
                    )
                )
            else:
                indicators.append(Indicator(spec["name"], target, spec.get("own_name", False)))
        self._unique(source, entry.get("indicators", []), "name", path + ("indicators",), {}, "指标名称")
        return indicators

    def _personnel(self, source: Source, documents: dict) -> list[Personnel]:
        document = self._document_of(source, documents)
        if document is None:
            return []

        def changes(key):
            return [
                Change(
                    c["person"], c["organisation"], c["post"], c.get("probation_months"), c.get("disclosure", PUBLIC)
                )
                for c in source.data.get(key, [])
            ]

        if document.personnel is not None:
            self.problems.append(
                source.problem(
                    ("document",), f"公文“{document.number}”已有一份任免台账。", "每份任免通知只对应一个文件"
                )
            )
            return []
        document.personnel = Personnel(document, changes("appointments"), changes("removals"))
        return [document.personnel]

    def _forms(self, source: Source, documents: dict) -> list[Form]:
        forms = []
        self._unique(source, source.data["forms"], "id", ("forms",), {}, "表格编号")
        for i, entry in enumerate(source.data["forms"]):
            document = self._document_of(source, documents, ("forms", i))
            if document is None:
                continue
            form = Form(
                entry["id"],
                document,
                entry["attachment"],
                entry["title"],
                _columns(entry["columns"]),
                entry["rows"],
                entry.get("subtitle", ""),
                entry.get("header", []),
                entry.get("footer", []),
            )
            self._attach(source, entry, document, form, ("forms", i))
            forms.append(form)
        return forms


def _at(data, path: tuple):
    for part in path:
        data = data[part]
    return data


def _columns(entries: list[dict]) -> list[Column]:
    return [Column(e["key"], e["label"], _columns(e.get("columns", []))) for e in entries]
