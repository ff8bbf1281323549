"""YAML files to plain values, remembering where each value stands in its file.

Stricter than plain PyYAML, so that nothing is lost or changed without a word:
- duplicate keys are errors (the second would silently replace the first);
- anchors, aliases, merge keys (`<<`) and tags (`!name`, `!!binary`) are errors (aliases can blow a small
  file up to billions of values, and the rest are not needed by the office);
- only true/false are booleans (`on: 1` has a key `on`, as in YAML 1.2), dates stay text (so that the schema can
  say clearly when one does not exist), and no number changes its value without a word: `010` is ten (not
  octal eight), `1:30` (not 90), `1_000`, `0b11`, `.inf` and `.nan` stay text. What is read as a number is
  always what YAML 1.1 reads as one too, so text written by PyYAML's dumper (or by hand, like it) reads back
  as text;
- a ` #` after unquoted text on the same line is refused: YAML would drop the rest of the line as a comment,
  and office staff write `完成3栋 #4号楼` meaning it as text;
- invisible control characters and line breaks (U+0085, U+2028), numbers too big to hold, texts longer than
  MAX_TEXT, values nested deeper than MAX_DEPTH, files over MAX_BYTES (checked before reading) and files that
  are not UTF-8 (GBK, UTF-16: said so, with how to save them again, at the first byte that is not UTF-8) are
  refused, with their line.
A UTF-8 byte order mark (as Windows Notepad writes) is accepted.
"""

from __future__ import annotations

import codecs
import datetime as dt
import math
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from yaml.composer import Composer

from generator.read.problems import DataError, Problem, field_path

MAX_BYTES = 5 * 1024 * 1024  # the largest real file (a month's report) is about 100 KB
MAX_DEPTH = 30  # the data nests at most 6 levels; deeper is a mistake and would exhaust recursion
MAX_TEXT = 5000  # characters of one text: the longest in the notices has 300; a megabyte would slow the build
MAX_LISTED = 10  # alias (or control character) problems listed one by one per file; the rest are counted

_BASE = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml parses (and composes, but for anchors: below)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # invisible, and refused by Excel and XML
# What YAML cannot hold as written (its "printable" set), and the invisible line breaks U+0085, U+2028 and U+2029,
# which YAML 1.1 (PyYAML) reads as line breaks but 1.2 does not: a text would change without a word.
_UNPRINTABLE = re.compile("[^\x09\x0a\x0d\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_PLAIN_TAGS = {f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "seq", "map")}
_CJK = re.compile(r"[\u4e00-\u9fff]")
_COMMENT = re.compile(r"\s+(#.*)")
_KEY_COLON = re.compile(r"^\s*(?:-\s+)?[A-Za-z_][A-Za-z0-9_]*(：|:(?=[^\s/]))")


class _Refused(Exception):
    """A scalar the loader will not build: said as a problem at the scalar."""

    def __init__(self, message: str, expected: str):
        super().__init__(message)
        self.message, self.expected = message, expected


class _Loader(_BASE):
    """Booleans true/false, decimal (and 0x) integers, decimal floats; no dates, no `=`; see the module's notes."""

    yaml_implicit_resolvers = {
        first: [
            (tag, regexp) for tag, regexp in resolvers if tag in ("tag:yaml.org,2002:null", "tag:yaml.org,2002:merge")
        ]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
    alias_marks: dict = {}  # a file without `&` has no anchor, hence no alias


class _AliasLoader(*((Composer, _Loader) if _BASE is not yaml.SafeLoader else (_Loader,))):
    """For a file with `&` in it: composes in Python over libyaml's events (a third slower than libyaml's own
    composer) to note where each alias stands: the composer hands out the anchored node again, whose mark is
    the anchor's, not the alias's."""

    def __init__(self, stream):
        _BASE.__init__(self, stream)
        Composer.__init__(self)
        self.alias_marks: dict[tuple, yaml.Mark] = {}  # (id of the parent node, index or key node) → the alias's mark

    def compose_node(self, parent, index):
        if parent is not None and self.check_event(yaml.AliasEvent):
            where = index if isinstance(index, int) else ("key", len(parent.value)) if index is None else id(index)
            self.alias_marks[(id(parent), where)] = self.peek_event().start_mark
        return super().compose_node(parent, index)


_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
# Each a part of PyYAML's (YAML 1.1) own pattern: 1.1's octal `010` is read as decimal; its sexagesimal `1:30`,
# binary `0b11`, `1_000`, `.inf` and `.nan` are left out (text). Never more than 1.1, so its dumper's plain text
# (`09`, `1e5`: text in 1.1) is text here too.
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:int",
    re.compile(r"^(?:[-+]?0[0-7]+|[-+]?(?:0|[1-9][0-9]*)|[-+]?0x[0-9a-fA-F]+)$"),
    list("-+0123456789"),
)
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^(?:[-+]?[0-9]+\.[0-9]*(?:[eE][-+][0-9]+)?|\.[0-9]+(?:[eE][-+][0-9]+)?)$"),
    list("-+0123456789."),
)
RESOLVING = _Loader  # reads values as load_yaml does, without its checks and marks (history.py compares versions)


def _int(node) -> int:
    value = node.value
    try:
        return int(value, 16 if "x" in value else 10)  # 010 is ten
    except ValueError:  # more digits than Python converts (4300): no real number is that long
        raise _Refused(
            f"数字太长（{len(value)} 位），无法读取。", "检查这个数字；很长的编号请加英文引号，作为文字"
        ) from None


def _float(node) -> float:
    value = float(node.value)
    if not math.isfinite(value):
        raise _Refused(f"数字“{node.value}”太大，无法读取。", "检查这个数字")
    return value


def _str(node) -> str:
    if len(node.value) > MAX_TEXT:
        raise _Refused(
            f"这段文字有 {len(node.value)} 字，超过每段 {MAX_TEXT} 字的上限，没有读取。",
            "检查是否把内容重复粘贴了多次；长篇材料请分段，或另行报送，这里写摘要",
        )
    return node.value


_SCALARS = {  # a scalar's value by its tag: the plain tags, the only ones `_Builder._supported` lets through
    "tag:yaml.org,2002:str": _str,
    "tag:yaml.org,2002:null": lambda node: None,
    "tag:yaml.org,2002:bool": lambda node: node.value.lower() == "true",
    "tag:yaml.org,2002:int": _int,
    "tag:yaml.org,2002:float": _float,
}


@dataclass
class Source:
    """One loaded YAML file: its values, and the position of every value and key."""

    path: Path
    data: object
    marks: dict[tuple, tuple[int, int]] = field(default_factory=dict)
    key_marks: dict[tuple, tuple[int, int]] = field(default_factory=dict)
    written: dict[tuple, str] = field(default_factory=dict)  # each scalar as typed, e.g. 001 (read as 1)

    def problem(
        self, path: tuple, message: str, expected: str = "", *, at_key: bool = False, detail: str = ""
    ) -> Problem:
        # at_key: the key's own line if `path` is a key; else the value's line (a list item has no key).
        line, column = (self.key_marks.get(path) if at_key else None) or _nearest(self.marks, path) or (0, 0)
        return Problem(self.path, line, column, field_path(path), message, expected, detail)


def _nearest(marks: dict, path: tuple):
    while True:
        if path in marks:
            return marks[path]
        if not path:
            return None
        path = path[:-1]


def _mark(node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def load_yaml(path: Path) -> Source:
    text = _text(path)
    if not text.strip() or all(not line.strip() or line.lstrip().startswith("#") for line in text.splitlines()):
        raise _empty(path)
    unprintable = [
        Problem(
            path,
            *_position(text, match.start()),
            "",
            f"文件中有看不见的控制字符（U+{ord(match[0]):04X}），多半是复制粘贴带来的，文件无法读取。",
            "删除这个字符（可以删掉这一处的几个字后重新输入）",
        )
        for match in _UNPRINTABLE.finditer(text)
    ]
    if unprintable:
        raise DataError(_capped(unprintable, "看不见的控制字符", "删除这些字符"))
    loader = (_AliasLoader if "&" in text else _Loader)(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        if "simple key" in str(err.context) and err.context_mark:  # a line without its colon: that line
            mark = err.context_mark
        if quote := _runaway_quote(text, mark, err):
            mark, message, expected = quote, *_RUNAWAY_QUOTE
        else:
            message, expected = _syntax_message(text, mark, err)
        raise DataError(
            [
                Problem(
                    path,
                    mark.line + 1 if mark else 0,
                    mark.column + 1 if mark else 0,
                    "",
                    message,
                    expected,
                    str(err).replace("\n", " "),
                )
            ]
        ) from None
    except yaml.YAMLError as err:
        raise DataError([Problem(path, 0, 0, "", "YAML 格式错误，文件无法读取。", "", str(err))]) from None
    finally:
        loader.dispose()
    if node is None or (isinstance(node, yaml.ScalarNode) and node.tag.endswith(":null")):
        raise _empty(path)  # only `---`, or only `~`
    source = Source(path, None)
    problems: list[Problem] = []
    aliases: list[Problem] = []
    source.data = _Builder(source, text.splitlines(), loader, problems, aliases).value(node, ())
    aliases = _capped(aliases, "别名（*）", "把内容直接写出来，不使用 & 和 *")
    if problems or aliases:
        raise DataError(problems + aliases)
    return source


def _capped(problems: list[Problem], what: str, expected: str) -> list[Problem]:
    """The first MAX_LISTED problems of one kind, and one more counting the rest (a file may have thousands)."""
    if len(problems) <= MAX_LISTED:
        return problems
    rest = problems[MAX_LISTED:]
    return problems[:MAX_LISTED] + [
        Problem(
            rest[0].file,
            rest[0].line,
            rest[0].column,
            rest[0].field,
            f"另有 {len(rest)} 处{what}，不再逐一列出。",
            expected,
        )
    ]


def _empty(path: Path) -> DataError:
    return DataError([Problem(path, 0, 0, "", "文件是空的（或只有注释）。", "按格式填写内容，或删除这个文件")])


def _position(text: str, index: int) -> tuple[int, int]:
    """1-based line and column of text[index]."""
    line_start = text.rfind("\n", 0, index) + 1
    return text.count("\n", 0, index) + 1, index - line_start + 1


# -- reading the bytes


def _text(path: Path) -> str:
    """The file's text; DataError if it is too big or not UTF-8 (never reads more than MAX_BYTES + 1 bytes)."""
    size = path.stat().st_size
    if size <= MAX_BYTES:
        with path.open("rb") as file:
            raw = file.read(MAX_BYTES + 1)  # a file that grew meanwhile, or a device, is still bounded
        size = max(size, len(raw))
    if size > MAX_BYTES:
        raise DataError(
            [
                Problem(
                    path,
                    0,
                    0,
                    "",
                    f"文件太大（{_megabytes(size)}），超过数据文件 {_megabytes(MAX_BYTES)} 的上限，"
                    "没有读取：正常的数据文件只有几十到一百多 KB，这么大的文件多半是放错了文件（例如导出的表格、"
                    "图片），或者内容被重复粘贴了很多次；读取它会使网站生成变得很慢甚至耗尽内存。",
                    "检查文件内容，删除多余部分，或把这个文件移出 data/",
                )
            ]
        )
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise DataError(
            [
                Problem(
                    path,
                    0,
                    0,
                    "",
                    "文件是 UTF-16 编码（记事本中叫“Unicode”），不是 UTF-8，无法读取。",
                    _resave("UTF-16"),
                )
            ]
        )
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise DataError([_encoding_problem(path, raw, err)]) from None


def _megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB".replace(".0 MB", " MB")


def _resave(encoding: str = "") -> str:
    return (
        "用 UTF-8 编码重新保存，内容不用改：记事本中“文件 → 另存为”，编码选“UTF-8”；WPS 或 VS Code 中"
        "选择“以 UTF-8 编码保存”"
        + (f"（或在终端运行 iconv -f {encoding} -t UTF-8 原文件 > 新文件）" if encoding else "")
    )


def _encoding_problem(path: Path, raw: bytes, err: UnicodeDecodeError) -> Problem:
    """Where the first byte that is not UTF-8 stands, and which encoding the file is in when that is certain:
    GBK when the whole file reads as GBK (GB18030) with Chinese in it and no line of it reads as UTF-8 Chinese
    (a GBK file may hold a few bytes that happen to be valid UTF-8, never a whole line of Chinese)."""
    start = raw.startswith(codecs.BOM_UTF8) * len(codecs.BOM_UTF8)
    line_start = max(raw.rfind(b"\n", 0, err.start) + 1, start)
    line = raw.count(b"\n", start, err.start) + 1
    line_end = raw.find(b"\n", err.start)
    utf8_chinese = any(_CJK.search(text) for text in _utf8_lines(raw[start:]))  # some of the file is UTF-8 Chinese
    try:
        gbk = None if utf8_chinese else raw[start:].decode("gb18030")
    except UnicodeDecodeError:
        gbk = None
    if gbk is not None and _CJK.search(gbk):
        column = len(raw[line_start : err.start].decode("gb18030", "replace")) + 1
        shown = raw[line_start : line_end if line_end >= 0 else len(raw)].decode("gb18030", "replace").strip()
        return Problem(
            path,
            line,
            column,
            "",
            "文件是 GBK 编码（Windows 中文系统默认的“ANSI”编码），不是 UTF-8，无法读取。",
            _resave("GB18030"),
            f"第{line}行按 GBK 读出是：{shown[:60]}",
        )
    column = len(raw[line_start : err.start].decode("utf-8", "replace")) + 1
    if utf8_chinese:
        return Problem(
            path,
            line,
            column,
            "",
            "文件中从这里开始有不是 UTF-8 编码的文字（多半是从其他文件复制粘贴来的乱码），无法读取。",
            "删掉这一处的文字后重新输入，或把整个文件用 UTF-8 编码重新保存",
            str(err),
        )
    return Problem(path, line, column, "", "文件不是 UTF-8 编码，无法读取。", _resave(), str(err))


def _utf8_lines(raw: bytes):
    for line in raw.split(b"\n"):
        try:
            yield line.decode("utf-8")
        except UnicodeDecodeError:
            continue


# -- syntax errors


def _syntax_message(text: str, mark, err) -> tuple[str, str]:
    """(message, expected) for a YAML syntax error at `mark`: Tab indentation, a full-width colon, a colon
    without a space, a second document and too deep nesting are named; otherwise the usual suspects."""
    expected = "检查这一行及上一行的缩进、冒号、引号和横线（缩进只能用空格，不能用 Tab）"
    if "nesting depth" in str(err.problem):
        return ("YAML 格式错误：括号嵌套太深，文件无法读取。", "检查括号 [ ] 和 { } 是否成对")
    if "alias" in str(err.problem) or "anchor" in str(err.context):
        return ("YAML 格式错误：使用了 YAML 锚点和别名（& 和 *），文件无法读取。", "把内容直接写出来，不使用 & 和 *")
    if "another document" in str(err.problem):
        return (
            "YAML 格式错误：文件中有第二份内容（以 --- 分开），一个文件只能有一份。",
            "删除 --- 这一行及其后多余的内容，或把它们放进另一个文件",
        )
    opened = err.context_mark.line + 1 if err.context_mark else 0
    if opened and "flow" in str(err.context) and opened != (mark.line + 1 if mark else 0):
        return (
            f"YAML 格式错误：第{opened}行开始的方括号 [ ] 或花括号 {{ }} 没有成对，文件无法读取。",
            f"在第{opened}行补上缺少的括号；" + expected,
        )
    lines = text.splitlines()
    if mark and mark.line < len(lines):
        line = lines[mark.line]
        if "\t" in line[: len(line) - len(line.lstrip())]:
            return "YAML 格式错误：这一行用 Tab 键缩进了，文件无法读取。", expected
        for number in (mark.line, mark.line - 1):
            if 0 <= number < len(lines) and (colon := _KEY_COLON.match(lines[number])):
                where = "这一行" if number == mark.line else "上一行"
                if colon[1] == "：":
                    return (
                        f"YAML 格式错误：{where}字段名后面是中文全角冒号“：”，文件无法读取。",
                        "字段名后面用英文冒号加一个空格，例如 seq: 12",
                    )
                return (
                    f"YAML 格式错误：{where}字段名后面的冒号后没有空格，文件无法读取。",
                    "冒号后面加一个空格，例如 seq: 12",
                )
    if "expected ':'" in str(err.problem):
        return (
            "YAML 格式错误：这一行缺少冒号，文件无法读取。",
            "字段名后面加英文冒号和一个空格，例如 name: 区财政局；列表的每一项以“- ”开头",
        )
    return "YAML 格式错误，文件无法读取。", expected


_RUNAWAY_QUOTE = (
    "YAML 格式错误：这一行的引号没有成对，后面几行都被当成了这段文字，文件无法读取。",
    "在这一行的文字末尾补上缺少的引号",
)


def _runaway_quote(text: str, mark, err):
    """Where a quoted text opens that was never closed: YAML read on to the end of the file, or to the next quote
    it found lines later, and stopped at what follows. The mark of its opening quote, or None."""
    if "quoted scalar" in str(err.context) and "end of stream" in str(err.problem) and err.context_mark:
        return err.context_mark
    last = None
    try:
        for token in yaml.scan(text, Loader=yaml.SafeLoader):
            if token.start_mark.index >= (mark.index if mark else 0):
                break
            last = token
    except yaml.YAMLError:
        pass
    if (
        isinstance(last, yaml.ScalarToken)
        and last.style in ('"', "'")
        and mark
        and last.start_mark.line < last.end_mark.line == mark.line
    ):
        return last.start_mark
    return None


# -- the values


class _Builder:
    """Builds the values of one file, with the mark of each, collecting problems instead of stopping."""

    def __init__(self, source: Source, lines: list[str], loader, problems: list[Problem], aliases: list[Problem]):
        self.source, self.lines, self.loader, self.problems, self.aliases = source, lines, loader, problems, aliases
        self.seen: set[int] | None = set() if loader.alias_marks else None  # ids of the nodes built, if aliased

    def value(self, node, path: tuple, parent=None, where=None):
        """The value of `node`, found at `path` in `parent` (at index `where`, or as the value of key node `where`)."""
        source = self.source
        source.marks[path] = _mark(node)
        if self.seen is not None and self._aliased(node, path, parent, where):
            return None
        if not self._supported(node):
            self.problems.append(
                Problem(
                    source.path,
                    *_mark(node),
                    field_path(path),
                    f"YAML 格式错误：使用了不支持的写法（{_tag(node.tag)}）。",
                    "把内容直接写出来；以 ! 开头的文字请加英文引号",
                )
            )
            return None
        if len(path) >= MAX_DEPTH:
            self.problems.append(
                Problem(
                    source.path,
                    *_mark(node),
                    field_path(path[:3]) + " › …",
                    f"内容嵌套太深（超过 {MAX_DEPTH} 层），没有读取。",
                    "检查这一处的缩进和括号",
                )
            )
            return None
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            return [self.value(child, path + (i,), node, i) for i, child in enumerate(node.value)]
        source.written[path] = node.value
        value = self._scalar(node, path)
        if isinstance(value, str) and (control := _CONTROL.search(value)):
            self.problems.append(
                Problem(
                    source.path,
                    *_mark(node),
                    field_path(path),
                    f"文字中有看不见的控制字符（U+{ord(control[0]):04X}），多半是复制粘贴带来的。",
                    "删除这个字符；换行请直接换行，不要写转义",
                )
            )
        if isinstance(value, str) and not node.style and (comment := self._comment_after(node)):
            line, column, text = comment
            self.problems.append(
                Problem(
                    source.path,
                    line,
                    column,
                    field_path(path),
                    f"“{value[-12:]}”之后的“{text[:20]}”会被当作注释而不被读取（# 前面有空格）。",
                    "如果它是内容的一部分，给整段文字加上英文引号，或删掉 # 前面的空格；如果是备注，把它单独写在一行",
                )
            )
        return value

    def _aliased(self, node, path: tuple, parent, where) -> bool:
        """Whether an alias (`*name`) stands at `path`: said as a problem, at the alias."""
        alias = self.loader.alias_marks.get((id(parent), where if isinstance(where, int) else id(where)))
        if alias:
            self.source.marks[path] = (alias.line + 1, alias.column + 1)
        if alias or id(node) in self.seen:  # the composer hands out the anchored node again
            self.aliases.append(
                Problem(
                    self.source.path,
                    *self.source.marks[path],
                    field_path(path),
                    "使用了 YAML 锚点和别名（& 和 *）。",
                    "把内容直接写出来，不使用 & 和 *",
                )
            )
            return True
        self.seen.add(id(node))
        return False

    def _comment_after(self, node) -> tuple[int, int, str] | None:
        """(line, column, text) of a ` #…` after unquoted text on its line: YAML drops it as a comment, though the
        office may mean it as text."""
        end = node.end_mark
        rest = self.lines[end.line][end.column :] if end.line < len(self.lines) else ""
        if match := _COMMENT.match(rest):
            return end.line + 1, end.column + match.start(1) + 1, match[1].rstrip()
        return None

    def _mapping(self, node, path: tuple) -> dict:
        source, result = self.source, {}
        for i, (key_node, value_node) in enumerate(node.value):
            if self.seen is not None and (alias := self.loader.alias_marks.get((id(node), ("key", i)))):
                self.aliases.append(
                    Problem(
                        source.path,
                        alias.line + 1,
                        alias.column + 1,
                        field_path(path),
                        "使用了 YAML 锚点和别名（& 和 *）。",
                        "把内容直接写出来，不使用 & 和 *",
                    )
                )
                continue
            if isinstance(key_node, yaml.ScalarNode) and not self._supported(key_node):
                self.problems.append(
                    Problem(
                        source.path,
                        *_mark(key_node),
                        field_path(path),
                        f"YAML 格式错误：使用了不支持的写法（{_tag(key_node.tag)}）。",
                        "把内容直接写出来，不使用 & 和 *；以 ! 或 < 开头的文字请加英文引号",
                    )
                )
                continue
            key = self._scalar(key_node, path) if isinstance(key_node, yaml.ScalarNode) else None
            if not isinstance(key, str):
                self.problems.append(
                    Problem(
                        source.path,
                        *_mark(key_node),
                        field_path(path),
                        "字段名必须是文字。",
                        "形如 name: 值 的写法；数字作字段名时请加英文引号",
                    )
                )
                continue
            if key in result:
                first = source.key_marks[path + (key,)][0]
                self.problems.append(
                    Problem(
                        source.path,
                        *_mark(key_node),
                        field_path(path + (key,)),
                        f"字段“{key}”重复出现（第{first}行已有），后一个会覆盖前一个，造成内容丢失。",
                        "每个字段只写一次；如要写多条，请写成列表",
                    )
                )
                continue
            source.key_marks[path + (key,)] = _mark(key_node)
            result[key] = self.value(value_node, path + (key,), node, key_node)
        return result

    def _supported(self, node) -> bool:
        """No tag but the plain ones; a scalar's tag (`!!float .inf`, `!!bool yes`) no other than its text gives."""
        if node.tag not in _PLAIN_TAGS:
            return False
        if not isinstance(node, yaml.ScalarNode) or node.tag == "tag:yaml.org,2002:str":
            return True
        return node.tag == self.loader.resolve(yaml.ScalarNode, node.value, (True, False))

    def _scalar(self, node, path: tuple):
        try:
            return _SCALARS[node.tag](node)
        except _Refused as refused:
            self.problems.append(
                Problem(self.source.path, *_mark(node), field_path(path), refused.message, refused.expected)
            )
            return None


def _tag(tag: str) -> str:
    if tag == "tag:yaml.org,2002:merge":
        return "合并键 <<"
    return f"标记 {tag.replace('tag:yaml.org,2002:', '!!')}"


# -- how a scalar was typed: hints for the schema's messages

_FULL_WIDTH = str.maketrans("０１２３４５６７８９－．／：", "0123456789-./:")
_DATE = re.compile(r"(\d{4})\s*[年./-]\s*(\d{1,2})\s*[月./-]\s*(\d{1,2})\s*日?", re.ASCII)


def half_width(text: str) -> str | None:
    """`text` with its full-width digits (１２) made half-width (12); None when it has none."""
    if not re.search("[０-９]", text):
        return None
    return text.translate(_FULL_WIDTH)


def iso_date(text: str) -> str | None:
    """'2025年1月24日', '2025.1.24', '2025/1/24', '２０２５-０１-２４' → '2025-01-24' when that date exists;
    else None."""
    match = _DATE.fullmatch(text.translate(_FULL_WIDTH).strip())
    if not match:
        return None
    try:
        return dt.date(*map(int, match.groups())).isoformat()
    except ValueError:
        return None
