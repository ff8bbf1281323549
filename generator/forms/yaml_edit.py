"""Editing a YAML file in place with ruamel.yaml's round trip: comments, key order, quotes and flow style stay as
they were, and every value changed is recorded as a Change."""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import CommentMark
from ruamel.yaml.scalarstring import FoldedScalarString, LiteralScalarString, PlainScalarString
from ruamel.yaml.tokens import CommentToken

from generator.forms.layout import NAMES

_BLOCK_SCALARS = (LiteralScalarString, FoldedScalarString)


@dataclass(frozen=True)
class Change:
    """One value an import changes, as listed before anything is written."""

    where: str  # e.g. 区教育体育局!A5 任务61, or 区教育体育局 for the sheet's date and contacts
    name: str  # the field, as the form calls it
    old: object
    new: object

    @property
    def replaces(self) -> bool:
        """True when it changes or removes something already there (an empty field being filled does not)."""
        return self.old is not None


def round_trip() -> YAML:
    """The YAML reader and writer of every edit."""
    yaml = YAML()  # round trip: comments, order, quotes and flow style stay as they are
    yaml.preserve_quotes = True
    yaml.width = 1_000_000  # never fold a long line
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def dump(document) -> str:
    """A document edited, as text."""
    out = io.StringIO()
    round_trip().dump(document, out)
    return out.getvalue()


def _plain(value):
    """A value as compared and shown: text, number, ISO date, or None."""
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()[:10]
    if isinstance(value, (int, float)):
        return int(value) if float(value).is_integer() else float(value)
    return str(value)


def _scalar(value, old=None):
    """A value as written: a text with line breaks as a literal block (|), one without in the old value's quotes
    but never as a block; dates as YYYY-MM-DD."""
    if isinstance(value, str) and "\n" in value and "\r" not in value:
        return LiteralScalarString(value)
    if isinstance(value, str) and isinstance(old, _BLOCK_SCALARS):
        return PlainScalarString(value)  # quoted when needed; a plain str would take the old block style
    if isinstance(value, dt.date):  # a copy each time: the same object twice would be written as &anchor and *alias
        return dt.date.fromordinal(value.toordinal())
    return value


class Editor:
    """Changes values in a loaded YAML document, recording each change; comments stay where they were."""

    def __init__(self):
        self.changes: list[Change] = []

    def set(
        self, node: CommentedMap, key: str, new, order: tuple, where: str, *, keep_key: bool = True, prefix: str = ""
    ) -> None:
        """node[key] = new; None empties it (keep_key) or removes the key."""
        old = node.get(key)
        if _plain(old) == _plain(new):
            return
        self.changes.append(Change(where, prefix + NAMES.get(key, key), _plain(old), _plain(new)))
        if key not in node:
            insert(node, position_for(node, key, order), key, _scalar(new))
        elif new is None and not keep_key:
            _remove(node, key)
        else:
            tail = _detach(node, key)
            node[key] = _scalar(new, old)
            _attach(node, key, tail)

    def set_all(
        self,
        node: CommentedMap,
        key: str,
        values: dict,
        order: tuple,
        where: str,
        *,
        flow: bool = False,
        keep_key: bool = True,
        prefix: str = "",
    ) -> None:
        """The fields of the mapping node[key], created (with only the fields given) when missing."""
        child = node.get(key)
        if child is None:
            if all(value is None for value in values.values()):
                return
            child = CommentedMap()
            if flow:
                child.fa.set_flow_style()
            for name, value in values.items():
                self.set(child, name, value, tuple(values), where, prefix=prefix)
            insert(node, position_for(node, key, order), key, child)
            return
        for name, value in values.items():
            self.set(child, name, value, tuple(values), where, keep_key=keep_key, prefix=prefix)


def position_for(node: CommentedMap, key: str, order: tuple | None) -> int:
    """Where a new key goes: after the last key that comes before it in `order` (at the end without an order)."""
    if not order or key not in order:
        return len(node)
    rank = order.index(key)
    return max((i + 1 for i, k in enumerate(node) if k in order and order.index(k) < rank), default=0)


# Comment lines between two entries belong to the next one, but ruamel keeps them after the last value of the
# previous one. Inserting or removing a value there would leave them behind: they are detached and moved along.


def insert(node, position: int, key, value) -> None:
    """Inserts into a mapping (key) or a sequence (key None) at `position`, comment lines kept before what follows."""
    tail = _detach(node, _key_at(node, position - 1)) if position else ""
    if isinstance(node, CommentedSeq):
        node.insert(position, value)
        key = position
    else:
        node.insert(position, key, value)
    _attach(node, key, tail)


def _remove(node: CommentedMap, key) -> None:
    position = list(node).index(key)
    tail = _detach(node, key)
    del node[key]
    node.ca.items.pop(key, None)
    if position:
        _attach(node, _key_at(node, position - 1), tail)


def _key_at(node, position: int):
    return list(node)[position] if isinstance(node, CommentedMap) else position


def _block(value) -> bool:
    return isinstance(value, (CommentedMap, CommentedSeq)) and len(value) > 0 and not value.fa.flow_style()


def _detach(node, key) -> str:
    """Removes and returns the comment lines that follow node[key] (its own end-of-line comment stays)."""
    value = node[key]
    if _block(value):
        return _detach(value, _key_at(value, len(value) - 1))
    slot = node.ca.items.get(key) if isinstance(node, CommentedMap) else None
    token = slot[2] if slot else None
    if token is None:
        return ""
    if isinstance(value, _BLOCK_SCALARS):  # after a block scalar (| or >), the token holds whole lines
        head, tail = "", token.value if token.value.startswith("\n") else " " * token.column + token.value
    else:
        cut = token.value.find("\n") + 1
        head, tail = token.value[:cut], token.value[cut:]
    slot[2] = CommentToken(head, token.start_mark) if head.strip() else None
    return tail


def _attach(node, key, tail: str) -> None:
    """Puts comment lines after node[key]."""
    if not tail:
        return
    value = node[key]
    if _block(value):
        _attach(value, _key_at(value, len(value) - 1), tail)
        return
    slot = node.ca.items.setdefault(key, [None, None, None, None])
    if isinstance(value, _BLOCK_SCALARS):
        indent = 0 if tail.startswith("\n") else len(tail) - len(tail.lstrip(" "))
        slot[2] = CommentToken(tail[indent:], CommentMark(indent))
    else:
        head = slot[2].value if slot[2] else "\n"
        slot[2] = CommentToken(head + tail, slot[2].start_mark if slot[2] else CommentMark(0))


def comment_lines(text: str) -> list[tuple[str, str]]:
    """Each whole-line comment with what follows it: a list entry's first line, or a key ("" for the file's header)."""
    lines = text.splitlines()
    pairs, block, header = [], None, True  # block: indentation of the line opening a block scalar (|, >) being skipped
    for i, line in enumerate(lines):
        indent = len(line) - len(line.lstrip())
        if block is not None and (not line.strip() or indent > block):
            continue
        block = indent if re.search(r":\s+[|>][-+0-9]*\s*$", line) else None
        if line.lstrip().startswith("#"):
            following = next((n.strip() for n in lines[i + 1 :] if n.strip() and not n.lstrip().startswith("#")), "")
            pairs.append(
                (line.strip(), "" if header else following if following.startswith("- ") else following.split(":")[0])
            )
        elif line.strip():
            header = False
    return pairs
