"""YAML files to plain values, remembering where each value stands in its file.

Stricter than plain PyYAML: duplicate keys, anchors and aliases are errors (the first
loses data silently, the second can blow up in size), and dates stay text so that the
schema can say clearly when one does not exist.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .problems import DataError, Problem, field_path

_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # invisible, and refused by Excel and XML


class _Loader(_Base):
    """YAML 1.2 booleans (`no: 1` is a number, not false) and no implicit dates."""

    yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in resolvers
                if tag not in ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:bool")]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }


_Loader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
                              list("tTfF"))


@dataclass
class Source:
    """One loaded YAML file: its values, and the position of every value and key."""

    path: Path
    data: object
    marks: dict[tuple, tuple[int, int]] = field(default_factory=dict)
    key_marks: dict[tuple, tuple[int, int]] = field(default_factory=dict)
    written: dict[tuple, str] = field(default_factory=dict)  # each scalar as typed, e.g. 001 (read as 1)

    def problem(self, path: tuple, message: str, expected: str = "", *, at_key: bool = False, detail: str = "") -> Problem:
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
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise DataError([Problem(path, 0, 0, "", "文件不是 UTF-8 编码，无法读取。",
                                 "用 UTF-8 编码保存文件（WPS、记事本“另存为”时选择 UTF-8）", str(err))]) from None
    if not text.strip() or all(not line.strip() or line.lstrip().startswith("#") for line in text.splitlines()):
        raise DataError([Problem(path, 0, 0, "", "文件是空的（或只有注释）。", "按格式填写内容，或删除这个文件")])
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        raise DataError([Problem(path, mark.line + 1 if mark else 0, mark.column + 1 if mark else 0, "",
                                 _syntax_message(text, mark),
                                 "检查这一行及上一行的缩进、冒号、引号和横线（缩进只能用空格，不能用 Tab）",
                                 str(err).replace("\n", " "))]) from None
    except yaml.YAMLError as err:
        raise DataError([Problem(path, 0, 0, "", "YAML 格式错误，文件无法读取。", "", str(err))]) from None
    finally:
        loader.dispose()
    source = Source(path, None)
    problems: list[Problem] = []
    try:
        source.data = _value(node, (), source, loader, problems, set())
    except yaml.MarkedYAMLError as err:  # a tag PyYAML cannot build: `<<` (merge key), `!name`
        mark = err.problem_mark or err.context_mark
        raise DataError([Problem(path, mark.line + 1 if mark else 0, mark.column + 1 if mark else 0, "",
                                 "YAML 格式错误：使用了不支持的写法（以 ! 开头的标记，或合并键 <<）。",
                                 "把内容直接写出来；以 ! 开头的文字请加英文引号",
                                 str(err).replace("\n", " "))]) from None
    if problems:
        raise DataError(problems)
    return source


def _syntax_message(text: str, mark) -> str:
    lines = text.splitlines()
    if mark and mark.line < len(lines):
        line = lines[mark.line]
        if "\t" in line[:len(line) - len(line.lstrip())]:
            return "YAML 格式错误：这一行用 Tab 键缩进了，文件无法读取。"
    return "YAML 格式错误，文件无法读取。"


def _value(node, path: tuple, source: Source, loader, problems: list[Problem], seen: set[int]):
    source.marks[path] = _mark(node)
    if id(node) in seen:  # the composer hands out the anchored node again for each alias
        line, column = source.key_marks.get(path) or _mark(node)  # the alias's own key, not the anchor
        problems.append(Problem(source.path, line, column, field_path(path),
                                "使用了 YAML 锚点和别名（& 和 *）。", "把内容直接写出来，不使用 & 和 *"))
        return None
    seen.add(id(node))
    if isinstance(node, yaml.MappingNode):
        result = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node) if isinstance(key_node, yaml.ScalarNode) else None
            if not isinstance(key, str):
                problems.append(Problem(source.path, *_mark(key_node), field_path(path),
                                        "字段名必须是文字。", "形如 name: 值 的写法"))
                continue
            if key in result:
                first = source.key_marks[path + (key,)][0]
                problems.append(Problem(source.path, *_mark(key_node), field_path(path + (key,)),
                                        f"字段“{key}”重复出现（第{first}行已有），后一个会覆盖前一个，造成内容丢失。",
                                        "每个字段只写一次；如要写多条，请写成列表"))
                continue
            source.key_marks[path + (key,)] = _mark(key_node)
            result[key] = _value(value_node, path + (key,), source, loader, problems, seen)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_value(child, path + (i,), source, loader, problems, seen) for i, child in enumerate(node.value)]
    source.written[path] = node.value
    value = loader.construct_object(node)
    if isinstance(value, str) and (control := _CONTROL.search(value)):
        problems.append(Problem(source.path, *_mark(node), field_path(path),
                                f"文字中有看不见的控制字符（U+{ord(control[0]):04X}），多半是复制粘贴带来的。",
                                "删除这个字符；换行请直接换行，不要写转义"))
    return value
