"""Helpers for the tests of the office's mistakes: where a text stands in a file, the problem reported there, and
every value of a document, to put a mistake in."""

from __future__ import annotations

from pathlib import Path


def line_of(text: str, needle: str) -> int:
    """1-based line on which `needle` (which must occur exactly once) starts."""
    assert text.count(needle) == 1, f"{needle!r} occurs {text.count(needle)} times"
    return text[: text.index(needle)].count("\n") + 1


def show(problems: list) -> str:
    return "\n\n".join(map(str, problems))


def the_problem(problems: list, file: Path, line: int):
    """The one problem reported for `file` at `line`; fails with the full report otherwise."""
    found = [p for p in problems if p.file == file and p.line == line]
    assert len(found) == 1, f"expected one problem at {file.name}:{line}, got:\n\n" + show(problems)
    return found[0]


def only_problem(problems: list, file: Path, line: int):
    """Like the_problem, and no other problem is reported (one mistake, one message)."""
    problem = the_problem(problems, file, line)
    assert len(problems) == 1, "one mistake should give one problem, got:\n\n" + show(problems)
    return problem


def entries(value, path: tuple = ()):
    """(path, value) of `value` and of every value inside it, each before what it holds."""
    yield path, value
    if isinstance(value, dict):
        for key, sub in value.items():
            yield from entries(sub, path + (key,))
    elif isinstance(value, list):
        for i, sub in enumerate(value):
            yield from entries(sub, path + (i,))
