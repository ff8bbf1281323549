"""发布日期, 更新日期 and 更新记录 from the git history of the data folders, never typed.

An entry (a document, a register item, an item's plan or month's report) is published by the first commit, on the
first-parent history of HEAD, in which it exists, and updated by each later one that changes its published content,
compared as parsed YAML (reformatting and comments change nothing). Dates are the committer's, in Beijing time. Only
what the history holds counts: a build of a given commit is reproducible, and an entry not committed yet has no date.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from generator.model import KINDS, PUBLIC, Document, Item, Year
from generator.read.load import RESOLVING
from generator.read.schema import RENAMED, SCHEMA_DIR
from generator.words import chinese_date

BEIJING = dt.timezone(dt.timedelta(hours=8))  # Asia/Shanghai: no daylight saving since 1991
NO_HISTORY = "没有 git 历史（例如下载的压缩包）：页面不显示发布日期和更新日期。"
SHALLOW = "git 历史不完整（浅克隆）：页面不显示发布日期和更新日期；完整克隆（fetch-depth: 0）后即可显示。"
_REPORT = re.compile(r"([0-9]{4})-([0-9]{2})\.yaml")


@dataclass
class Dates:
    published: dt.date | None = None
    updated: dt.date | None = None
    changes: list[tuple[dt.date, list[str]]] = field(default_factory=list)  # after publication: (date, what changed)


@dataclass
class _Entry:
    """One entry's history as read: its dates, and (date, old, new) for each change after the first."""

    published: dt.date
    updated: dt.date
    edits: list[tuple[dt.date, object, object]] = field(default_factory=list)


@dataclass
class History:
    note: str = ""  # why there are no dates, when there are none
    root: Path | None = None  # the repository's top folder
    entries: dict[tuple, _Entry] = field(default_factory=dict)  # see `_entries` for the keys
    files: dict[str, dt.date] = field(default_factory=dict)  # path in the repository → its last commit's date

    def __post_init__(self):
        self._of: dict[tuple, list[tuple[tuple, _Entry]]] = {}  # (what, year, id…) → the entries under it
        self._newest: dict[int, dt.date] = {}
        for key, entry in self.entries.items():
            kind, year, *rest = key
            if kind in ("plan", "report"):
                self._of.setdefault(("item", year, *rest[:2]), []).append((key, entry))
            if kind == "attached":
                self._of.setdefault(("document", year, rest[0]), []).append((key, entry))
            self._newest[year] = max(entry.updated, self._newest.get(year, entry.updated))
        self._items: dict[tuple, Dates] = {}

    def document(self, year: int, document: Document) -> Dates:
        """Its own file's dates and those of the registers and forms it issues; the YAML's `published` wins."""
        key = ("document", year, document.id)
        own = self.entries.get(key)
        published = document.published or (own.published if own else None)
        updated = [own.updated if own else None] + [e.updated for _, e in self._of.get(key, [])]
        return Dates(published, newest([published, *updated]))

    def date_documents(self, year: Year, index_code: str) -> None:
        """Gives each of the year's documents its 发布日期 and, with the organisation's code, its 索引号 (code/year-
        sequence), unless the YAML gives them. The sequence is the order of first publication (notices published in
        one commit: in the order of their file names), documents since removed included: a 索引号 once published
        never changes. A document not committed yet has neither."""
        sequence = {key[2]: n for n, key in enumerate((k for k in self.entries if k[:2] == ("document", year.year)), 1)}
        for document in year.documents:
            document.published = self.document(year.year, document).published
            if index_code and not document.index_no and document.id in sequence:
                document.index_no = f"{index_code}/{year.year}-{sequence[document.id]:05d}"

    def item(self, year: int, item: Item) -> Dates:
        """Its register entry's dates, updated by its plan and reports too; the record of each change."""
        key = ("item", year, item.kind.slug, item.id)
        if key not in self._items:
            self._items[key] = self._item(key)
        return self._items[key]

    def _item(self, key: tuple) -> Dates:
        own = self.entries.get(key)
        if own is None:
            return Dates()
        changes = [(day, [_corrected(old, new)]) for day, old, new in own.edits]
        for (kind, year, *rest), entry in self._of.get(key, []):
            what = "落实计划" if kind == "plan" else f"{year}年{rest[2]}月落实情况"
            changes += [(entry.published, [f"新增{what}"])] + [(day, [f"更正{what}"]) for day, _, _ in entry.edits]
        return Dates(
            own.published, newest([own.updated] + [e.updated for _, e in self._of.get(key, [])]), _by_date(changes)
        )

    def newest(self, year: int) -> dt.date | None:
        """The last date any of the year's published data changed."""
        return self._newest.get(year)

    def file(self, path: str | None) -> dt.date | None:
        """The date of the last commit of a file (a hand-written page), when it is in the repository."""
        if self.root is None or path is None or not (path := Path(path).resolve()).is_relative_to(self.root):
            return None
        return self.files.get(path.relative_to(self.root).as_posix())


_read: dict[tuple, History] = {}  # by repository, HEAD and folders: `mkdocs serve` reads it once per commit
_WITHOUT = {note: History(note) for note in (NO_HISTORY, SHALLOW)}  # the same each time: nothing to render again


def read(data_dirs: list[Path], pages_dir: Path | None = None) -> History:
    """The history of the data folders (the first holds data/'s years; another, the example data, is read as if in
    it), and the last commit dates of the files under `pages_dir`; empty, with a `note`, without a full history."""
    try:
        top, shallow, head = (
            _git(data_dirs[0], "rev-parse", "--show-toplevel", "--is-shallow-repository", "HEAD")
            .decode()
            .split("\n")[:3]
        )
    except (OSError, subprocess.CalledProcessError, ValueError):
        return _WITHOUT[NO_HISTORY]
    if shallow == "true":
        return _WITHOUT[SHALLOW]
    root = Path(top).resolve()
    folders = [d.resolve().relative_to(root).as_posix() for d in data_dirs if d.resolve().is_relative_to(root)]
    pages = (
        pages_dir.resolve().relative_to(root).as_posix()
        if pages_dir and pages_dir.resolve().is_relative_to(root)
        else None
    )
    key = (root, head, tuple(folders), pages)
    if key not in _read:
        _read[key] = History("", root, _walk(root, folders), _last_commits(root, pages) if pages else {})
    return _read[key]


def _git(cwd: Path, *args: str, stdin: bytes | None = None) -> bytes:
    return subprocess.run(
        ["git", "-c", "core.quotePath=false", *args], cwd=cwd, input=stdin, capture_output=True, check=True
    ).stdout


def _commits(root: Path, paths: list[str]) -> list[tuple[str, dt.date, list[str]]]:
    """(commit, date, files touched) of the first-parent history that touched `paths`, oldest first."""
    out = _git(
        root, "log", "--first-parent", "-m", "--no-renames", "--name-only", "--format=\x01%H %ct", "--", *paths
    ).decode("utf-8", "replace")
    commits = []
    for chunk in out.split("\x01")[1:]:
        header, *names = chunk.strip("\n").split("\n")
        sha, stamp = header.split()
        day = dt.datetime.fromtimestamp(int(stamp), BEIJING).date()
        commits.append((sha, day, [name for name in names if name]))
    return commits[::-1]


def _last_commits(root: Path, folder: str) -> dict[str, dt.date]:
    last: dict[str, dt.date] = {}
    for _, day, names in _commits(root, [folder]):
        last.update(dict.fromkeys(names, day))
    return last


def _walk(root: Path, folders: list[str]) -> dict[tuple, _Entry]:
    """Each entry's history: every version of every file of `folders`, in the order committed, compared by entry."""
    commits = _commits(root, folders) if folders else []
    wanted = [(sha, name) for sha, _, names in commits for name in names if _place(name, folders)]
    blobs = _blobs(root, wanted)
    entries: dict[tuple, _Entry] = {}
    now: dict[tuple, object] = {}  # each entry's published content as of the commit walked
    in_file: dict[str, dict[tuple, object]] = {}
    for sha, day, names in commits:
        gone, found = set(), {}
        for name in names:
            place = _place(name, folders)
            if place is None:
                continue
            content = _parsed(blobs.get((sha, name)))
            if content is _BROKEN:  # a file that did not parse: as it was until it does
                continue
            gone |= in_file.get(name, {}).keys()
            in_file[name] = _entries(place, content)
            found.update(in_file[name])
        for key in gone - found.keys():
            now.pop(key, None)
        for key, content in found.items():
            entry = entries.get(key)
            if entry is None:
                entries[key] = _Entry(day, day)
            elif now.get(key) != content:
                entry.updated = day
                entry.edits.append((day, now.get(key), content))
            now[key] = content
    return entries


def _blobs(root: Path, wanted: list[tuple[str, str]]) -> dict[tuple[str, str], bytes | None]:
    """The content of each (commit, path), read by one `git cat-file --batch`; None where it was deleted."""
    if not wanted:
        return {}
    out = _git(root, "cat-file", "--batch", stdin="".join(f"{sha}:{name}\n" for sha, name in wanted).encode())
    blobs, at = {}, 0
    for key in wanted:
        end = out.index(b"\n", at)
        header = out[at:end].split()
        if header[-1] == b"missing":
            blobs[key], at = None, end + 1
        else:
            size = int(header[2])
            blobs[key], at = out[end + 1 : end + 1 + size], end + 2 + size
    return blobs


_BROKEN = object()


def _parsed(blob: bytes | None):
    if blob is None:
        return None
    try:
        return yaml.load(blob, Loader=RESOLVING)
    except yaml.YAMLError:
        return _BROKEN


def _place(name: str, folders: list[str]) -> tuple[int, str, str] | None:
    """(year, folder, file name) of a data file, e.g. (2025, "registers", "tasks.yaml"); None for any other file."""
    for folder in folders:
        parts = name[len(folder) + 1 :].split("/") if name.startswith(folder + "/") else []
        if len(parts) in (2, 3) and re.fullmatch(r"[0-9]{4}", parts[0]) and parts[-1].endswith(".yaml"):
            return int(parts[0]), "/".join(parts[1:-1]), parts[-1]
    return None


def _entries(place: tuple[int, str, str], data) -> dict[tuple, object]:
    """The published entries of one file, by key: ("document", year, id), ("item", year, kind, id),
    ("plan", year, kind, id), ("report", year, kind, id, month), ("attached", year, document id, what)."""
    year, folder, name = place
    data = _public(data)
    if not isinstance(data, dict):
        return {}
    if folder == "documents" and data.get("disclosure") == PUBLIC and _text(data, "id"):
        return {("document", year, data["id"]): data}
    if folder == "registers":
        found = {("attached", year, _text(data, "document"), name): data}
        if _text(data, "kind") in KINDS:
            groups = {g.get("seq"): g.get("title") for g in _dicts(data.get("groups"))}
            label = data.get("groups_label") or "分组"
            found |= {
                ("item", year, data["kind"], e.get("id")): _grouped(e, groups, label) for e in _dicts(data.get("items"))
            }
        return found
    if folder == "plans":
        return {
            ("plan", year, kind, e.get("id")): {**e, "unit": data.get("unit"), "filed": data.get("filed")}
            for kind in KINDS
            for e in _dicts(data.get(kind))
        }
    if folder == "reports" and (month := _REPORT.fullmatch(name)):
        return {
            ("report", year, kind, e.get("id"), int(month[2])): e
            for kind in KINDS
            for e in _dicts(data.get(kind))
            if e.get("submitted")
        }
    if folder == "" and name == "forms.yaml":
        return {
            ("attached", year, _text(f, "document"), f"forms.yaml#{f.get('id')}"): f for f in _dicts(data.get("forms"))
        }
    return {}


def _public(value):
    """`value` without the entries of its lists that are not 主动公开, without contacts (never published), and with
    fields renamed since (`no` is `seq`)."""
    if isinstance(value, dict):
        return {RENAMED.get(k, k): _public(v) for k, v in value.items() if k not in ("contact", "contacts")}
    if isinstance(value, list):
        return [_public(v) for v in value if not (isinstance(v, dict) and v.get("disclosure", PUBLIC) != PUBLIC)]
    return value


def _text(data: dict, key: str) -> str | None:
    """data[key] when it is text (always, in a valid file): a key of `_entries`."""
    return data[key] if isinstance(data.get(key), str) else None


def _dicts(value) -> list[dict]:
    """The entries of a list that have an id (all, in a valid file) or need none."""
    if not isinstance(value, list):
        return []
    return [v for v in value if isinstance(v, dict) and isinstance(v.get("id", ""), str)]


def _grouped(entry: dict, groups: dict, label: str) -> dict:
    """A register entry with its group as the page shows it: the group's title, under the register's label."""
    if "group" not in entry:
        return entry
    seq = entry["group"]
    return {**entry, "group": (label, groups.get(seq, seq) if isinstance(seq, int) else seq)}


# -- the record of an item's changes, in words


def _titles() -> dict[str, str]:
    item = json.loads((SCHEMA_DIR / "register.schema.json").read_text("utf-8"))["properties"]["items"]["items"]
    return {name: spec.get("title", name) for name, spec in item["properties"].items()}


_TITLES = _titles()


def _corrected(old, new) -> str:
    """What changed in an item's register entry: each field, old value → new."""
    if not isinstance(old, dict) or not isinstance(new, dict):
        return "重新公开"
    fields = [k for k in dict.fromkeys([*new, *old]) if old.get(k) != new.get(k)]
    return "；".join(
        f"{_label(k, old.get(k), new.get(k))}：{_shown(old.get(k))} → {_shown(new.get(k))}" for k in fields
    )


def _label(name, old, new) -> str:
    if name == "group":
        return (new or old)[0]
    return _TITLES.get(str(name), str(name)).removesuffix("（网址用）")


def _shown(value) -> str:
    if value is None or value == [] or value == "":
        return "（无）"
    if isinstance(value, tuple):  # a group: (label, title)
        return str(value[1])
    if isinstance(value, list):
        return "、".join(map(_shown, value))
    if isinstance(value, dict):
        if "target" in value:  # an indicator
            return f"{value.get('name', '')} {value['target']}"
        if "kind" in value and "id" in value:  # a related item
            kind = KINDS.get(value["kind"])
            return f"{kind.title if kind else value['kind']} {value['id']}"
        return str(value.get("name", "")) + ("（牵头）" if value.get("lead") else "")  # a unit
    if isinstance(value, dt.date):
        return chinese_date(value)
    if isinstance(value, bool):
        return "是" if value else "否"
    return " ".join(str(value).split())


def _by_date(changes: list[tuple[dt.date, list[str]]]) -> list[tuple[dt.date, list[str]]]:
    merged: dict[dt.date, list[str]] = {}
    for day, what in sorted(changes, key=lambda change: change[0]):
        merged.setdefault(day, []).extend(what)
    return [(day, list(dict.fromkeys(what))) for day, what in merged.items()]  # two commits a day: said once


def newest(dates) -> dt.date | None:
    """The latest of `dates` that are known."""
    return max((d for d in dates if d), default=None)
