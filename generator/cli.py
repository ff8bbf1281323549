"""Commands for the office: thin shells over the library (`python -m generator --help`)."""
from __future__ import annotations

import argparse
import datetime as dt
import shutil
import sys
from pathlib import Path

from .office import month_of, report_file, status_report
from .pages import site_pages
from .problems import DataError
from .progress import build_date, derive
from .publish import published
from .registry import read_archive


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        archive = read_archive(args.data, args.example)
    except DataError as err:
        print(err.report(), file=sys.stderr)
        return 1
    today = args.today or build_date()
    try:
        return COMMANDS[args.command](archive, args, today)
    except ValueError as err:  # a mistyped month or file, said in Chinese
        print(f"✗ {err}", file=sys.stderr)
        return 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m generator", description="检查 data/ 中的台账并生成网站页面。")
    parser.add_argument("--data", type=Path, default=Path("data"), help="数据目录（默认 data）")
    parser.add_argument("--example", type=Path, help="同时读取的示例数据目录，例如 examples/data")
    parser.add_argument("--today", type=dt.date.fromisoformat, help="按这一天统计（YYYY-MM-DD，默认今天）")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("validate", help="检查全部数据，列出所有问题")
    render = commands.add_parser("render", help="把生成的 Markdown 写到一个目录，便于查看")
    render.add_argument("--out", type=Path, required=True, help="输出目录（会被清空重建）")
    new = commands.add_parser("new-report", help="生成某月的落实情况表文件，预填每个事项、报送单位和季度目标")
    new.add_argument("month", help="月份，例如 2025-03")
    status = commands.add_parser("status", help="列出某月各单位已报、迟报和未报的事项")
    status.add_argument("month", nargs="?", help="月份，例如 2025-03（默认：最近一个有报送文件的月份）")
    return parser


def _validate(archive, args, today) -> int:
    lines = ["✓ 数据检查通过："]
    for year in archive.years:
        counts = [f"公文 {len(year.documents)} 份"]
        counts += [f"{r.kind.title} {len(r.items)} 项" for r in year.registers]
        counts += [f"任免 {sum(len(p.appointments) + len(p.removals) for p in year.personnel)} 人次"]
        counts += [f"责任单位 {len(year.units)} 个", f"牵头领导 {len(year.leaders)} 位"]
        counts += [f"落实计划 {sum(1 for item in year.items() if item.plan)} 项",
                   f"月度报送 {len(year.months)} 个月", f"重大事项通报 {len(year.events)} 篇"]
        lines.append(f"  {year.year}年：" + "，".join(counts))
    print("\n".join(lines))
    return 0


def _render(archive, args, today) -> int:
    pages = site_pages(published(archive), today, example=args.example is not None)
    shutil.rmtree(args.out, ignore_errors=True)
    for page in pages:
        target = args.out / page.uri
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page.markdown, encoding="utf-8")
    print(f"已生成 {len(pages)} 个页面到 {args.out}")
    return 0


def _new_report(archive, args, today) -> int:
    year, month = month_of(args.month, archive.years)
    path = args.data / str(year.year) / "reports" / f"{year.year}-{month:02d}.yaml"
    if path.exists():
        raise ValueError(f"{path} 已存在，没有覆盖。要重新生成，请先确认其中内容不再需要，再删除或改名。")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(report_file(derive(year, today), month), encoding="utf-8")
    print(f"已生成 {path}：请各单位填写后提交，然后运行 validate 检查。")
    return 0


def _status(archive, args, today) -> int:
    if args.month:
        year, month = month_of(args.month, archive.years)
    else:
        year = next((y for y in archive.years if y.months), None)
        if year is None:
            raise ValueError("还没有任何月份的落实情况表；先用 new-report 生成。")
        month = year.months[-1]
    if month not in year.months:
        raise ValueError(f"没有 {year.year}年{month}月的落实情况表（reports/{year.year}-{month:02d}.yaml）。")
    print(status_report(derive(year, today), month))
    return 0


COMMANDS = {"validate": _validate, "render": _render, "new-report": _new_report, "status": _status}
