"""The registers' JSON Schemas (also used by editors), with errors said in plain Chinese.

Data is checked twice over only when it is wrong: jsonschema-rs (compiled, 25 times faster) says whether a file is
valid; jsonschema, which names every error and where, says what is wrong with one that is not. The first never
passes what the second refuses, in anything the loader reads (tests/test_properties.py): both are Draft 2020-12,
and a date is checked by the same function.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import json
import re
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import jsonschema_rs

from generator.read.load import Source, half_width, iso_date
from generator.read.problems import Problem

SCHEMA_DIR = Path(__file__).parent.parent / "schemas"

_TYPES = {
    "string": "文字",
    "integer": "整数",
    "number": "数字",
    "boolean": "true 或 false",
    "array": "列表（每项以“- ”开头）",
    "object": "字段组（“名称: 值”的形式）",
    "null": "空值",
}


if TYPE_CHECKING:
    from jsonschema import Draft202012Validator

RENAMED = {"no": "seq"}  # old field name → new: `no` reads as false in YAML 1.1 (PyYAML)
_BASE_URI = "json-schema:///"  # the schemas refer to each other by file name: common.schema.json#/$defs/…


@cache
def _schemas() -> dict[str, dict]:
    return {path.name: json.loads(path.read_text("utf-8")) for path in SCHEMA_DIR.glob("*.schema.json")}


def _real_date(text) -> bool:
    """The schemas' format "date": YYYY-MM-DD, a day that exists (as jsonschema's FormatChecker has it)."""
    if not isinstance(text, str):
        return True  # the type's own error
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text, re.ASCII):
        return False
    try:
        dt.date.fromisoformat(text)
    except ValueError:  # 2025-02-29
        return False
    return True


@cache
def _fast(name: str) -> jsonschema_rs.Validator:
    schemas = _schemas()
    registry = jsonschema_rs.Registry([(_BASE_URI + file, schema) for file, schema in schemas.items()])
    return jsonschema_rs.Draft202012Validator(
        schemas[f"{name}.schema.json"],
        validate_formats=True,
        formats={"date": _real_date},
        registry=registry,
        base_uri=_BASE_URI,
    )


@cache
def _validator(name: str) -> Draft202012Validator:
    from jsonschema import Draft202012Validator, FormatChecker
    from referencing import Registry, Resource

    checker = FormatChecker(formats=())
    checker.checks("date")(_real_date)
    registry = Registry().with_resources((file, Resource.from_contents(schema)) for file, schema in _schemas().items())
    return Draft202012Validator(_schemas()[f"{name}.schema.json"], registry=registry, format_checker=checker)


def check(source: Source, schema_name: str) -> list[Problem]:
    """Every way `source` breaks the schema, as problems pointing at the culprit."""
    if _fast(schema_name).is_valid(source.data):
        return []
    validator = _validator(schema_name)
    return [
        _full_width(_problem(source, error, _field_titles(schema_name)), error)
        for error in validator.iter_errors(source.data)
        if not _renamed(error)
    ]


def _renamed(error) -> bool:
    """A required field missing only because it is written under its old name: said once, at the old name."""
    return error.validator == "required" and any(
        RENAMED.get(key) in error.validator_value and RENAMED[key] not in error.instance for key in error.instance
    )


def _full_width(problem: Problem, error) -> Problem:
    """A value that fails because of its full-width digits (１２, 2025-０１-24): say so, and how it should read."""
    fix = half_width(error.instance) if isinstance(error.instance, str) else None
    if fix is None or error.validator in ("required", "additionalProperties"):
        return problem
    enough = {
        "type": lambda: re.fullmatch(r"[-+]?[0-9]+(?:\.[0-9]+)?", fix),  # １２ → 12, not １２个 → 12个
        "pattern": lambda: re.search(error.validator_value, fix),
        "format": lambda: False,
    }.get(error.validator, lambda: True)()  # a date's own message says how
    return dataclasses.replace(
        problem,
        message=f"{problem.message}其中有全角数字，应为半角数字：{fix}。",
        expected=f"改为半角数字 {fix}" + (f"；{problem.expected}" if problem.expected else "")
        if enough
        else problem.expected,
    )


def _describe(value, written: str | None = None) -> str:
    if written is not None and not isinstance(value, str):
        return f"“{written}”" if written else "空值"
    if value is None:
        return "空值"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dict, list)):
        return _TYPES["object" if isinstance(value, dict) else "array"]
    return f"“{value}”"


def _title(schema: dict) -> str:
    return f"（{schema['title']}）" if "title" in schema else ""


@cache
def _field_titles(name: str) -> dict[str, dict]:
    """Field name → {"title": …} from the properties of a schema file: a field that refers to a shared
    definition (`$ref`) keeps its own title there, which errors (reported on the definition) lack."""
    titles: dict[str, dict] = {}

    def walk(node):
        if isinstance(node, dict):
            for key, sub in node.get("properties", {}).items():
                if isinstance(sub, dict) and "title" in sub:
                    titles.setdefault(key, {"title": sub["title"]})
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(_schemas()[f"{name}.schema.json"])
    return titles


def _expected(schema: dict) -> str:
    return schema.get("description", "")


def _problem(source: Source, error, titles: dict[str, dict]) -> Problem:
    path = tuple(error.absolute_path)
    schema, kind, value = error.schema, error.validator, error.instance
    field = next((part for part in reversed(path) if isinstance(part, str)), None)
    if "title" not in schema and field in titles:
        schema = {**schema, **titles[field]}
    found = _describe(value, source.written.get(path))
    if kind == "required":
        absent = [name for name in error.validator_value if name not in value]  # one error for each: this one's
        missing = next((name for name in absent if error.message.startswith(f"{name!r} ")), absent[0])
        sub = schema.get("properties", {}).get(missing, {})
        return source.problem(
            path,
            f"缺少必填字段“{missing}”{_title(sub)}。",
            f"在这里加上 {missing}: …",
            at_key=True,
            detail=error.message,
        )
    if kind == "additionalProperties":
        names = list(schema.get("properties", {}))
        extra = sorted(set(value) - set(names))
        if RENAMED.get(extra[0]) in names:
            return source.problem(
                path + (extra[0],),
                f"字段“{extra[0]}”已改名为“{RENAMED[extra[0]]}”。",
                f"把 {extra[0]}: 改为 {RENAMED[extra[0]]}:",
                at_key=True,
                detail=error.message,
            )
        meant = difflib.get_close_matches(str(extra[0]), names, n=1)
        return source.problem(
            path + (extra[0],),
            f"未知字段“{'”“'.join(extra)}”，不会被使用（字段名可能写错了）。",
            (f"是不是 {meant[0]}？" if meant else "") + f"只能使用这些字段：{'、'.join(names)}",
            at_key=True,
            detail=error.message,
        )
    if kind == "type":
        wanted = error.validator_value if isinstance(error.validator_value, list) else [error.validator_value]
        expected = "或".join(_TYPES[t] for t in wanted)
        if "string" in wanted and isinstance(value, int):  # 001 typed bare is read as the number 1
            expected = (
                expected + '；如果是编号，请加英文引号，例如 "001"' if field == "id" else _expected(schema) or expected
            )
        return source.problem(path, f"{found} 的类型不对{_title(schema)}。", expected, detail=error.message)
    if kind == "format" and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value, re.ASCII):  # 2025年1月24日, 2025.1.24
        iso = iso_date(value)
        return source.problem(
            path,
            f"{found} 的写法不对{_title(schema)}：日期要写作 YYYY-MM-DD。",
            f"写作 {iso}（日期一律写作 YYYY-MM-DD）" if iso else _expected(schema) or "YYYY-MM-DD 形式的日期",
            detail=error.message,
        )
    if kind == "format":
        return source.problem(
            path,
            f"{found} 不是真实存在的日期{_title(schema)}。",
            _expected(schema) or "YYYY-MM-DD 形式的日期",
            detail=error.message,
        )
    if kind in ("enum", "const"):
        options = error.validator_value if kind == "enum" else [error.validator_value]
        blank = "（尚未填写时留空）" if None in options else ""
        return source.problem(
            path,
            f"{found} 不是允许的取值{_title(schema)}。",
            "以下之一：" + "、".join(str(o) for o in options if o is not None) + blank,
            detail=error.message,
        )
    if kind in ("minLength", "minItems") or (kind == "pattern" and schema.get("pattern") == "\\S"):
        return source.problem(path, f"内容是空的{_title(schema)}。", "填写内容", detail=error.message)
    if kind == "pattern":
        return source.problem(path, f"{found} 的写法不对{_title(schema)}。", _expected(schema), detail=error.message)
    if kind == "minimum":
        return source.problem(
            path, f"{found} 太小{_title(schema)}。", f"不小于 {error.validator_value} 的数", detail=error.message
        )
    return source.problem(path, f"{found} 不符合要求{_title(schema)}。", _expected(schema), detail=error.message)
