"""Commands for the office: `python -m generator validate` and `python -m generator render`."""
from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

from .pages import site_pages
from .problems import DataError
from .publish import published
from .registry import read_archive


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m generator", description="检查 data/ 中的台账并生成网站页面。")
    parser.add_argument("--data", type=Path, default=Path("data"), help="数据目录（默认 data）")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("validate", help="检查全部数据，列出所有问题")
    render = commands.add_parser("render", help="把生成的 Markdown 写到一个目录，便于查看")
    render.add_argument("--out", type=Path, required=True, help="输出目录（会被清空重建）")
    args = parser.parse_args(argv)
    try:
        archive = read_archive(args.data)
    except DataError as err:
        print(err.report(), file=sys.stderr)
        return 1
    if args.command == "validate":
        print(_summary(archive))
    else:
        pages = site_pages(published(archive))
        shutil.rmtree(args.out, ignore_errors=True)
        for page in pages:
            target = args.out / page.uri
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(page.markdown, encoding="utf-8")
        print(f"已生成 {len(pages)} 个页面到 {args.out}")
    return 0


def _summary(archive) -> str:
    lines = ["✓ 数据检查通过："]
    for year in archive.years:
        counts = [f"公文 {len(year.documents)} 份"]
        counts += [f"{r.kind.title} {len(r.items)} 项" for r in year.registers]
        counts += [f"任免 {sum(len(p.appointments) + len(p.removals) for p in year.personnel)} 人次"]
        counts += [f"责任单位 {len(year.units)} 个", f"牵头领导 {len(year.leaders)} 位"]
        lines.append(f"  {year.year}年：" + "，".join(counts))
    return "\n".join(lines)
