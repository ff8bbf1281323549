"""Data mistakes, reported in plain Chinese with the file, line, column and field."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    file: Path
    line: int  # 1-based; 0 when the whole file is concerned
    column: int
    field: str  # path in the file, e.g. "items › 第3项 › leaders"; "" for the file itself
    message: str  # what was found, in Chinese
    expected: str = ""  # what is expected, in Chinese
    detail: str = ""  # optional English detail for developers

    def __str__(self) -> str:
        where = f"{self.file}"
        if self.line:
            where += f":{self.line}:{self.column}（第{self.line}行第{self.column}列）"
        lines = [f"✗ {where}"]
        if self.field:
            lines.append(f"  字段：{self.field}")
        lines.append(f"  问题：{self.message}")
        if self.expected:
            lines.append(f"  应为：{self.expected}")
        if self.detail:
            lines.append(f"  （{self.detail}）")
        return "\n".join(lines)


class DataError(Exception):
    """Raised with every problem found, so the office sees them all at once."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=lambda p: (str(p.file), p.line, p.column))
        super().__init__(self.report())

    def report(self) -> str:
        body = "\n\n".join(str(p) for p in self.problems)
        return f"{body}\n\n共发现 {len(self.problems)} 处问题，请逐条修改后重新检查。"


def field_path(path: tuple) -> str:
    """("items", 2, "leaders") → "items › 第3项 › leaders"."""
    return " › ".join(f"第{part + 1}项" if isinstance(part, int) else str(part) for part in path)
