"""Property-based tests (hypothesis) of the loader and the validator: whatever is written, the result is either
the data as written, or DataError with problems that say where (file, line, field) in Chinese. Never a traceback,
never a silent drop.

(a) documents generated from random structures (CJK text, numbers, booleans, nulls, dates, keys that look like
    YAML specials), dumped by PyYAML's standard dumper, read back equal (dates as their text); plain scalars read
    by the rules defined here (YAML 1.2 booleans, no number that changes its value);
(b) random mutations of real data files (a character deleted, a line duplicated or swapped, a Tab, colon, quote or
    stray byte inserted, the file cut short) read through `read_archive`: refused with located problems, or read
    with every entry that the text still holds;
(c) random values put into a real file's fields: schema problems at that field, or valid data equal to it.
Everything goes through the library, not the command line (a process per example would be too slow).

Reproducible: derandomize=True (examples derived from the test's name, the same on every run and in CI), no
example database, and Hypothesis's caches in the temp folder (nothing written into the repository).
"""

from __future__ import annotations

import copy
import datetime as dt
import math
import re
import shutil
import tempfile
from collections import Counter
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, assume, event, given, settings
from hypothesis import strategies as st
from hypothesis.configuration import set_hypothesis_home_dir
from mistakes import entries

from generator.read import schema
from generator.read.load import load_yaml
from generator.read.problems import DataError, field_path
from generator.read.registry import read_archive

# Hypothesis keeps caches (constants found in the code, Unicode tables) in .hypothesis/: in the temp folder, not
# the repository, where only site/ may be written.
set_hypothesis_home_dir(Path(tempfile.gettempdir()) / "hypothesis-shizhong")

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "data"
EXAMPLES = REPO / "examples" / "data"
CJK = re.compile(r"[\u4e00-\u9fff]")

COMMON = dict(
    deadline=None,
    derandomize=True,
    database=None,
    print_blob=False,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture, HealthCheck.data_too_large],
)
FAST = settings(max_examples=200, **COMMON)  # a file read: milliseconds
ARCHIVE = settings(max_examples=100, **COMMON)  # the whole archive read: about 0.1 s each


def dump(document) -> str:
    return yaml.safe_dump(document, allow_unicode=True, sort_keys=False, width=10_000)


def as_written(value):
    """What a document dumped by PyYAML reads back as: the same, with each date as its text."""
    if isinstance(value, dict):
        return {k: as_written(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_written(v) for v in value]
    return value.isoformat() if isinstance(value, dt.date) else value


def same(a, b) -> bool:
    """Equal, and of the same types all the way down (True is not 1, 1 is not 1.0)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    return a == b


@pytest.fixture(scope="module")
def scratch(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("scratch")


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "file.yaml"
    path.write_text(text, "utf-8")
    return path


def refused(scratch: Path, text: str) -> list:
    """The problems of a file holding `text`, which must be refused with each problem located in it."""
    path = write(scratch, text)
    with pytest.raises(DataError) as info:
        load_yaml(path)
    assert_located(info.value.problems, {path})
    return info.value.problems


def assert_located(problems: list, files: set[Path] | None = None) -> None:
    """Every problem names its file, says what is wrong in Chinese, and its line (but for whole-file problems)."""
    assert problems
    for p in problems:
        assert isinstance(p.file, Path) and (files is None or p.file in files), p
        assert CJK.search(p.message), p
        if p.line:
            assert p.line > 0 and p.column > 0, p
        else:
            assert WHOLE_FILE.search(p.message), f"a problem without a line:\n{p}"


# The problems that concern a file as a whole (line 0): its encoding, size, emptiness, name or place.
WHOLE_FILE = re.compile(
    "UTF-8|UTF-16|GBK|太大|空的|不在约定的位置|文件夹|缺少 .*\\.yaml|重复，两个文件|不是\\d{4}年的月份|全角数字"
)


# -- (a) generated structures, dumped by PyYAML, read back equal

SPECIAL_WORDS = [
    "yes",
    "no",
    "No",
    "on",
    "off",
    "y",
    "n",
    "Y",
    "null",
    "Null",
    "~",
    "true",
    "False",
    "TRUE",
    "<<",
    "=",
    "2025-01-24",
    "2025-02-30",
    "1:30",
    "010",
    "09",
    "0o17",
    "0x1F",
    "1_000",
    "1e5",
    ".5",
    "+1",
    "-0",
    ".inf",
    "-.inf",
    ".nan",
    "NaN",
    "-",
    "?",
    ":",
    "#",
    "# 注释",
    "&a",
    "*a",
    "!tag",
    "!!str",
    "@",
    "`",
    "|",
    ">",
    "%",
    "'",
    '"',
    "",
    " ",
    "key: value",
    "- item",
    "[",
    "]",
    "{",
    "}",
    ",",
    "１２",
    "2025-０１-24",
    "１２月",
    "中文",
    "no ",
    " no",
    "a #b",
    "a: b",
    "\t",
    "\n",
    "多\n行",
    "\u3000",
    "\ufeff",
    "😀",
    "第1项",
    "…",
    "\\",
    "\\n",
    "${x}",
    "{{ x }}",
]
# Refused by design, see test_invisible_character_is_refused_at_its_line: control characters, and the line breaks
# U+0085, U+2028, U+2029 (YAML 1.1 would turn them into spaces, or end a text early).
REFUSED = "".join(map(chr, range(32))) + "\x7f\x85\u2028\u2029"
text = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters=REFUSED.replace("\t", "").replace("\n", "")),
    max_size=12,
) | st.text(st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF), max_size=8)
keys = text | st.sampled_from(SPECIAL_WORDS)
scalars = (
    st.none()
    | st.booleans()
    | st.integers(-(10**30), 10**30)
    | st.floats(allow_nan=False, allow_infinity=False)
    | text
    | st.sampled_from(SPECIAL_WORDS)
    | st.sampled_from(["\t缩进", "a\tb", "\r\n", "x\r"])
    | st.dates()
)
structures = st.recursive(
    scalars,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(keys, children, max_size=4),
    max_leaves=25,
)
documents = st.dictionaries(keys, structures, max_size=6)


@FAST
@given(document=documents)
def test_generated_document_reads_back_as_written(scratch, document):
    assert same(load_yaml(write(scratch, dump(document))).data, as_written(document))


# How this project reads a plain scalar: YAML 1.2's null and booleans; numbers as YAML 1.1 (PyYAML) writes them,
# but for the forms that would change a value without a word (1.1's octal 010 is ten here; 1:30, 1_000, 0b11, .inf,
# .nan are text); everything else is text (dates, yes, no, １２).
NULL = re.compile(r"~|null|Null|NULL|")
BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
INT = re.compile(r"[-+]?0[0-7]+|[-+]?(?:0|[1-9][0-9]*)|[-+]?0x[0-9a-fA-F]+")
FLOAT = re.compile(r"[-+]?[0-9]+\.[0-9]*(?:[eE][-+][0-9]+)?|\.[0-9]+(?:[eE][-+][0-9]+)?")


def plain_value(plain: str):
    """The value of a plain scalar, by the rules above."""
    if NULL.fullmatch(plain):
        return None
    if plain in BOOL:
        return BOOL[plain]
    if INT.fullmatch(plain):
        return int(plain, 16 if "x" in plain else 10)
    if FLOAT.fullmatch(plain):
        return float(plain)
    return plain


plain_scalars = st.one_of(
    st.from_regex(r"[-+]?[0-9]{1,6}", fullmatch=True),
    st.from_regex(
        r"0[0-9]{1,4}|0o[0-7]{1,4}|0x[0-9a-fA-F]{1,4}|0b[01]{1,4}|[0-9]{1,3}(_[0-9]{3}){1,2}", fullmatch=True
    ),
    st.from_regex(
        r"[-+]?([0-9]{1,4}\.[0-9]{0,4}|\.[0-9]{1,4})([eE][-+]?[0-9]{1,3})?|[0-9]{1,3}[eE][-+]?[0-9]{1,2}",
        fullmatch=True,
    ),
    st.from_regex(r"[-+]?[0-9]{1,2}(:[0-5]?[0-9]){1,2}(\.[0-9]*)?", fullmatch=True),
    st.from_regex(r"[0-9]{4}-[0-9]{2}-[0-9]{2}( [0-9]{2}:[0-9]{2})?|[0-9]{1,2}:[0-9]{2}(:[0-9]{2})?", fullmatch=True),
    st.sampled_from(
        [
            "~",
            "null",
            "Null",
            "NULL",
            "true",
            "True",
            "TRUE",
            "false",
            "False",
            "FALSE",
            "yes",
            "no",
            "on",
            "off",
            "y",
            "n",
            "Yes",
            "NO",
            ".inf",
            "-.inf",
            ".nan",
            ".NaN",
            "=",
            "<",
            "0x",
            "0o",
            "1.2.3",
            "１２",
            "2025-０１-２４",
            "十二",
            "12个",
            "1,000",
        ]
    ),
    st.from_regex(r"[a-z\u4e00-\u9fa5][a-z0-9\u4e00-\u9fa5 ]{0,8}[a-z0-9\u4e00-\u9fa5]", fullmatch=True),
)


@FAST
@given(values=st.lists(plain_scalars, min_size=1, max_size=8))
def test_plain_scalars_follow_the_rules(scratch, values):
    lines = [f"k{i}: {value}" for i, value in enumerate(values)] + [f"- {value}" for value in values]
    path = write(
        scratch,
        "\n".join(lines[: len(values)]) + "\nlist:\n" + "\n".join("  " + line for line in lines[len(values) :]) + "\n",
    )
    expected = [plain_value(value) for value in values]
    too_big = [i for i, e in enumerate(expected) if isinstance(e, float) and not math.isfinite(e)]
    if too_big:  # 1e400: refused, not read as infinity
        with pytest.raises(DataError) as info:
            load_yaml(path)
        assert_located(info.value.problems, {path})
        assert {p.line for p in info.value.problems} == {i + 1 for i in too_big} | {
            i + len(values) + 2 for i in too_big
        }
        assert all("太大" in p.message for p in info.value.problems)
        return
    result = load_yaml(path).data
    assert all(same(result[f"k{i}"], e) for i, e in enumerate(expected)), (result, expected)
    assert same(result["list"], expected)


@FAST
@given(value=plain_scalars | text)
def test_text_pyyaml_writes_reads_back_as_text(scratch, value):
    """Whatever PyYAML's dumper writes without quotes, it reads as text (YAML 1.1): so must we, or a value
    written by a tool (or by hand, like it) would silently become a number."""
    assert same(load_yaml(write(scratch, dump({"k": value, "l": [value]}))).data, {"k": value, "l": [value]})


@FAST
@given(document=documents, bad=st.sampled_from([c for c in REFUSED if c not in "\t\n\r"]))
def test_invisible_character_is_refused_at_its_line(scratch, document, bad):
    """Written escaped ("\\a") or raw, a control character or invisible line break is refused on its line."""
    marker = "前\u4dc0"
    document = {**document, "值": {"文字": marker + bad + "后"}}
    text = dump(document)
    problems = refused(scratch, text)
    line = text[: text.index(marker)].count("\n") + 1
    assert any(
        p.line == line and f"U+{ord(bad):04X}" in p.message and p.field in ("值 › 文字", "") for p in problems
    ), problems


@FAST
@given(
    document=documents, key=st.integers() | st.booleans() | st.none() | st.floats(allow_nan=False, allow_infinity=False)
)
def test_a_key_that_is_not_text_is_refused_at_its_line(scratch, document, key):
    document = {**document, "组": {key: "值"}}
    problems = refused(scratch, dump(document))
    assert [p.field for p in problems] == ["组"]
    assert "字段名必须是文字" in problems[0].message


@FAST
@given(
    document=documents,
    before=st.from_regex(r"[\u4e00-\u9fa5][\u4e00-\u9fa5a-z0-9，。]{0,8}", fullmatch=True),
    spaces=st.sampled_from([" ", "  ", "\t", " \u3000 "]),
    after=st.text(st.characters(whitelist_categories=("L", "N", "P", "S", "Zs")), max_size=12),
)
def test_text_after_a_spaced_hash_is_refused_not_dropped(scratch, document, before, spaces, after):
    """`进度: 完成3栋 #4号楼`: YAML would drop `#4号楼` as a comment; it is refused on its line instead."""
    assume(document and "进度" not in document)
    problems = refused(scratch, f"进度: {before}{spaces}#{after}\n" + dump(document))
    assert [(p.line, p.field) for p in problems if "注释" in p.message] == [(1, "进度")], problems


# -- (b) mutations of real files, read as the whole archive

DATA_FILES = [
    "2025/units.yaml",
    "2025/leaders.yaml",
    "2025/forms.yaml",
    "2025/registers/tasks.yaml",
    "2025/registers/projects.yaml",
    "2025/registers/personnel.yaml",
    "2025/documents/banfa-1.yaml",
]
EXAMPLE_FILES = ["2025/plans/qjytyj.yaml", "2025/reports/2025-03.yaml", "2025/events/2025-05-flood-season-check.yaml"]

INSERTS = [
    b"\t",
    b":",
    b": ",
    b'"',
    b"'",
    b"- ",
    b"#",
    b" #",
    b"&a ",
    b"*a",
    b"!x ",
    b"{",
    b"}",
    b"[",
    b"]",
    b",",
    b"\n",
    b" ",
    b"  ",
    b"? ",
    b"|",
    b">",
    b"%",
    b"@",
    b"`",
    b"---\n",
    b"...\n",
    "１".encode(),
    "：".encode(),
    "\u3000".encode(),
    b"\xef\xbb\xbf",
    b"\x00",
    b"\x07",
    b"\xff",
    b"\xc3",
    b"\xe4\xb8",
    "中".encode("gbk"),
    b"<<: *a\n",
    b"\r",
    b"\\",
    b"id",
    "重复".encode(),
]

operation = st.one_of(
    st.tuples(st.just("delete"), st.floats(0, 1, exclude_max=True), st.integers(1, 4)),
    st.tuples(st.just("insert"), st.floats(0, 1, exclude_max=True), st.sampled_from(INSERTS)),
    st.tuples(st.just("insert at line start"), st.floats(0, 1, exclude_max=True), st.sampled_from(INSERTS)),
    st.tuples(st.just("insert after colon"), st.floats(0, 1, exclude_max=True), st.sampled_from(INSERTS)),
    st.tuples(st.just("duplicate line"), st.floats(0, 1, exclude_max=True), st.just(None)),
    st.tuples(st.just("delete line"), st.floats(0, 1, exclude_max=True), st.just(None)),
    st.tuples(st.just("swap lines"), st.floats(0, 1, exclude_max=True), st.floats(0, 1, exclude_max=True)),
    st.tuples(st.just("truncate"), st.floats(0, 1, exclude_max=True), st.just(None)),
    st.tuples(st.just("change digit"), st.floats(0, 1, exclude_max=True), st.integers(0, 9)),
)


def mutate(raw: bytes, operations) -> bytes:
    for kind, a, b in operations:
        lines = raw.split(b"\n")
        line = int(a * len(lines))
        at = int(a * len(raw))
        if kind == "delete":
            raw = raw[:at] + raw[at + b :]
        elif kind == "insert":
            raw = raw[:at] + b + raw[at:]
        elif kind == "insert at line start":
            lines[line] = b + lines[line]
            raw = b"\n".join(lines)
        elif kind == "insert after colon":
            colons = [m.end() for m in re.finditer(rb": ?", raw)]
            if colons:
                at = colons[int(a * len(colons))]
                raw = raw[:at] + b + raw[at:]
        elif kind == "duplicate line":
            raw = b"\n".join(lines[: line + 1] + lines[line:])
        elif kind == "delete line":
            raw = b"\n".join(lines[:line] + lines[line + 1 :])
        elif kind == "swap lines":
            other = int(b * len(lines))
            lines[line], lines[other] = lines[other], lines[line]
            raw = b"\n".join(lines)
        elif kind == "truncate":
            raw = raw[:at]
        elif kind == "change digit":
            digits = [m.start() for m in re.finditer(rb"[0-9]", raw)]
            if digits:
                at = digits[int(a * len(digits))]
                raw = raw[:at] + str(b).encode() + raw[at + 1 :]
    return raw


@pytest.fixture(scope="module")
def tree(tmp_path_factory) -> tuple[Path, Path]:
    """A copy of data/ and of a few example files (a plan, a month's report, an event): a valid archive."""
    root = tmp_path_factory.mktemp("tree")
    shutil.copytree(DATA, root / "data")
    for relpath in EXAMPLE_FILES:
        (root / "examples" / relpath).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(EXAMPLES / relpath, root / "examples" / relpath)
    read_archive(root / "data", root / "examples")  # valid as it stands
    return root / "data", root / "examples"


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield k
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)


ENTRY_ID = re.compile(r"""^[ \t]*-[ \t]+["']?id["']?[ \t]*:[ \t]*["']?([^"'\s#,}]+)""", re.M)  # `- id: "004"`
FLOW_ID = re.compile(r"""\{[ \t]*id:[ \t]*["']?([^"'\s#,}]+)""")  # `- {id: wang-ying, …}`
TOP_ID = re.compile(r"""^id:[ \t]*["']?([^"'\s#]+)""", re.M)  # a document's or an event's own id
PERSON = re.compile(r"""\bperson:""")


def written_entries(relpath: str, text: str) -> Counter:
    """The entries the text holds, as its lines show them (comments aside)."""
    text = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
    if relpath.endswith("leaders.yaml"):
        return Counter(FLOW_ID.findall(text))
    if relpath.endswith("personnel.yaml"):
        return Counter({"person": len(PERSON.findall(text))})
    if "/documents/" in relpath or "/events/" in relpath:
        return Counter(TOP_ID.findall(text))
    return Counter(ENTRY_ID.findall(text))


def read_entries(relpath: str, year, path: Path) -> Counter:
    """The entries the archive holds from that file."""
    if relpath.endswith("units.yaml"):
        return Counter(unit.id for unit in year.units)
    if relpath.endswith("leaders.yaml"):
        return Counter(leader.id for leader in year.leaders)
    if relpath.endswith("forms.yaml"):
        return Counter(form.id for form in year.forms)
    if relpath.endswith("personnel.yaml"):
        return Counter({"person": sum(len(p.appointments) + len(p.removals) for p in year.personnel)})
    if "/registers/" in relpath:
        kind = load_yaml(path).data["kind"]
        return Counter(item.id for item in year.items() if item.kind.slug == kind)
    if "/documents/" in relpath:
        return Counter(d.id for d in year.documents)
    if "/events/" in relpath:
        return Counter(e.id for e in year.events)
    if "/plans/" in relpath:
        return Counter(item.id for item in year.items() if item.plan is not None)
    return Counter(item.id for item in year.items() for month in item.reports)  # the one month's report


def check_mutation(data: Path, examples: Path, relpath: str, root: Path, operations) -> None:
    path = root / relpath
    original = path.read_bytes()
    mutated = mutate(original, operations)
    try:
        path.write_bytes(mutated)
        try:
            archive = read_archive(data, examples)
        except DataError as err:
            assert_located(err.problems)
            assert all(p.file.is_relative_to(data.parent) for p in err.problems)
            event("refused: " + re.sub(r"[“(（].*", "", err.problems[0].message)[:12])
            return
        event("read")
        # Read: nothing the text holds is missing from what was read (but what a mutation folded into a text).
        year = archive.years[0]
        text = mutated.decode("utf-8").removeprefix("\ufeff")
        written, read = written_entries(relpath, text), read_entries(relpath, year, path)
        swallowed = list(_strings(load_yaml(path).data))
        lost = [
            entry
            for entry in written - read  # not read, nor folded into a text (`…\n  - id: "004"` in a text)
            if not any(re.search(rf"""id:\s*["']?{re.escape(entry)}\b""", s) for s in swallowed)
        ]
        assert lost == [], f"entries written but not read: {lost}"
    finally:
        path.write_bytes(original)


@ARCHIVE
@given(relpath=st.sampled_from(DATA_FILES), operations=st.lists(operation, min_size=1, max_size=3))
def test_mutated_data_file_is_read_whole_or_refused_with_locations(tree, relpath, operations):
    data, examples = tree
    check_mutation(data, examples, relpath, data, operations)


@ARCHIVE
@given(relpath=st.sampled_from(EXAMPLE_FILES), operations=st.lists(operation, min_size=1, max_size=3))
def test_mutated_progress_file_is_read_whole_or_refused_with_locations(tree, relpath, operations):
    data, examples = tree
    check_mutation(data, examples, relpath, examples, operations)


# -- (c) random values in a real file's fields, through the schema

SAMPLE_FILES = {
    "units": DATA / "2025/units.yaml",
    "document": DATA / "2025/documents/banfa-1.yaml",
    "register": DATA / "2025/registers/projects.yaml",
    "personnel": DATA / "2025/registers/personnel.yaml",
    "forms": DATA / "2025/forms.yaml",
    "plan": EXAMPLES / "2025/plans/qjytyj.yaml",
    "report": EXAMPLES / "2025/reports/2025-03.yaml",
    "event": EXAMPLES / "2025/events/2025-05-flood-season-check.yaml",
}


def _trim(value):
    """The first three entries of each list (and below, of the report's contacts): small, every kind of field."""
    if isinstance(value, dict):
        return {k: _trim(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_trim(v) for v in value[:3]]
    return value


SAMPLES = {name: _trim(load_yaml(path).data) for name, path in SAMPLE_FILES.items()}
SAMPLES["report"]["contacts"] = dict(list(SAMPLES["report"]["contacts"].items())[:3])


PATHS = {name: [path for path, _ in entries(data) if path] for name, data in SAMPLES.items()}
json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(10**6), 10**6)
    | st.floats(allow_nan=False, allow_infinity=False)
    | text
    | st.sampled_from(SPECIAL_WORDS + ["2025-02-30", "2025-03-01", "主动公开", "是", "否"]),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(keys, children, max_size=3),
    max_leaves=8,
)


@FAST
@given(data=st.data())
def test_any_value_in_any_field_is_valid_or_a_problem_at_that_field(scratch, data):
    name = data.draw(st.sampled_from(sorted(SAMPLES)))
    document = copy.deepcopy(SAMPLES[name])
    path = data.draw(st.sampled_from(PATHS[name]))
    value = data.draw(json_values)
    target = document
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = value
    file = write(scratch, dump(document))
    source = load_yaml(file)
    assert same(source.data, as_written(document))  # what was written, exactly
    schema_name = "personnel" if name == "register" and document.get("kind") == "personnel" else name
    problems = schema.check(source, schema_name)
    if problems:
        assert_located(problems, {file})
        assert all(p.line > 0 for p in problems)
        if path != ("kind",):  # kind: personnel makes it another schema, whose problems are elsewhere
            mine = [p for p in problems if p.field.startswith(field_path(path[:1]))]
            assert mine, "the problem is not where the value was put:\n" + "\n".join(map(str, problems))
    else:
        assert schema._validator(schema_name).is_valid(document)
