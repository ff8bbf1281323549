"""Commands for the office: thin shells over the library (`python -m generator --help`).

`validate` runs often (the office's loop, the commit hook): it imports only the reading of data/; the other
commands import the rest (Jinja2, openpyxl, ruamel.yaml) when they run."""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import sys
from pathlib import Path

from generator.derive.progress import build_date, derive
from generator.read.problems import DataError
from generator.read.registry import read_archive


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        archive = read_archive(args.data, args.example, _only(parser, args))
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
    _common_options(parser, {"data": Path("data"), "example": None, "today": None})
    commands = _Commands(parser.add_subparsers(dest="command", required=True))
    validate = commands.add_parser("validate", help="检查全部数据，列出所有问题")
    validate.add_argument(
        "files",
        nargs="*",
        type=Path,
        help="只检查这些文件，例如 data/2025/reports/2025-03.yaml（与所在年份的名册、公文和台账核对）",
    )
    validate.add_argument("--launch", action="store_true", help="检查之后，列出公开上线前还缺少的备案、设置和栏目内容")
    render = commands.add_parser("render", help="把生成的 Markdown 写到一个目录，便于查看")
    render.add_argument(
        "--out", type=Path, required=True, help="输出目录：新的或空的目录，或上次 render 生成的目录（会被清空重建）"
    )
    new = commands.add_parser("new-report", help="生成某月的落实情况表文件，预填每个事项、报送单位和季度目标")
    new.add_argument("month", help="月份，例如 2025-03")
    status = commands.add_parser("status", help="列出某月各单位已报、迟报和未报的事项")
    status.add_argument("month", nargs="?", help="月份，例如 2025-03（默认：最近一个有报送文件的月份）")
    form = commands.add_parser("form", help="导出供各单位填写的 Excel 表格（附件3、附件4），或导入填好的表格")
    forms = _Commands(form.add_subparsers(dest="form", required=True))
    plan = forms.add_parser("plan", help="导出落实计划表（附件3）：列出单位牵头报送的全部事项")
    plan.add_argument("--year", type=int, help="年份，例如 2025（默认：最近的一年）")
    _form_target(plan)
    report = forms.add_parser("report", help="导出某月的落实情况表（附件4）：预填当月应报事项和季度目标")
    report.add_argument("month", help="月份，例如 2025-03")
    _form_target(report)
    pack = forms.add_parser(
        "pack", help="导出某月全部单位的落实情况表（每个单位一个文件），以及尚未报送计划的单位的落实计划表"
    )
    pack.add_argument("month", nargs="?", help="月份，例如 2025-03（默认：上个月）")
    pack.add_argument("--out", type=Path, required=True, help="输出目录：新的或空的目录")
    _summary_option(pack)
    imported = forms.add_parser("import", help="把填好的表格导入 data/：列出每处变化；已有的内容，加 --replace 才替换")
    imported.add_argument("file", type=Path, help="填好的 .xlsx 文件")
    imported.add_argument("--replace", action="store_true", help="替换已有的内容（先不加此项运行，核对列出的变化）")
    imported.add_argument("--dry-run", action="store_true", help="只列出会有的变化，不写入任何文件")
    inbox = commands.add_parser("inbox", help="导入上传文件夹中的全部表格：全部无误才写入，写入后移除上传的文件")
    inbox.add_argument("folder", nargs="?", type=Path, default=Path("inbox"), help="上传文件夹（默认 inbox）")
    inbox.add_argument(
        "--replace", action="store_true", help="替换已有的内容（也可在文件夹中放一个名为 replace 的文件）"
    )
    inbox.add_argument("--message", type=Path, help="写入后，把提交说明写到这个文件")
    _summary_option(inbox)
    return parser


def _summary_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--summary", type=Path, help="同时把结果以 Markdown 追加到这个文件（工作流的运行摘要）")


def _common_options(parser: argparse.ArgumentParser, defaults: dict) -> None:
    parser.add_argument("--data", type=Path, default=defaults["data"], help="数据目录（默认 data）")
    parser.add_argument(
        "--example", type=Path, default=defaults["example"], help="同时读取的示例数据目录，例如 examples/data"
    )
    parser.add_argument(
        "--today", type=dt.date.fromisoformat, default=defaults["today"], help="按这一天统计（YYYY-MM-DD，默认今天）"
    )


class _Commands:
    """Subcommands that accept --data, --example and --today after their name too (`status 2025-03 --today …`)."""

    def __init__(self, subparsers):
        self.subparsers = subparsers

    def add_parser(self, name: str, **kwargs) -> argparse.ArgumentParser:
        command = self.subparsers.add_parser(name, **kwargs)
        _common_options(command, dict.fromkeys(("data", "example", "today"), argparse.SUPPRESS))
        return command


def _form_target(parser: argparse.ArgumentParser) -> None:
    who = parser.add_mutually_exclusive_group(required=True)
    who.add_argument("--unit", help="单位名称、其他写法或编号，例如 区教育体育局")
    who.add_argument("--all", action="store_true", help="所有报送单位，每个单位一个工作表（供区政府办公室使用）")
    parser.add_argument("--out", type=Path, required=True, help="输出的 .xlsx 文件（已存在时不覆盖）")


def _only(parser: argparse.ArgumentParser, args) -> set[Path] | None:
    """The files given to `validate`, if any; exits, as argparse does, for one that is not a file of a data folder."""
    if not getattr(args, "files", None):
        return None
    roots = [root.resolve() for root in (args.data, args.example) if root]
    for path in args.files:
        if not path.is_file() or not any(path.resolve().is_relative_to(root) for root in roots):
            parser.exit(
                2,
                f"✗ 找不到文件 {path}：要检查的文件应在 {args.data}/ 的年份文件夹中，"
                f"例如 {args.data}/2025/reports/2025-03.yaml。\n",
            )
    return {path.resolve() for path in args.files}


def _validate(archive, args, today) -> int:
    if args.files:
        print("✓ 数据检查通过：" + "、".join(map(str, args.files)) + "（已与所在年份的名册、公文和台账核对）")
        return 0
    lines = ["✓ 数据检查通过："]
    for year in archive.years:
        counts = [f"公文 {len(year.documents)} 份"]
        counts += [f"{r.kind.title} {len(r.items)} 项" for r in year.registers]
        counts += [f"任免 {sum(len(p.appointments) + len(p.removals) for p in year.personnel)} 人次"]
        counts += [f"责任单位 {len(year.units)} 个", f"牵头领导 {len(year.leaders)} 位"]
        counts += [
            f"落实计划 {sum(1 for item in year.items() if item.plan)} 项",
            f"月度报送 {len(year.months)} 个月",
            f"重大事项通报 {len(year.events)} 篇",
        ]
        lines.append(f"  {year.year}年：" + "，".join(counts))
    if args.launch:
        from generator.launch import report

        lines += ["", report(archive, today)]
    print("\n".join(lines))
    return 0


def _render(archive, args, today) -> int:
    import yaml

    from generator.read import history
    from generator.site import generate, identity

    _empty_render_folder(args.out)
    dated = history.read([folder for folder in (args.data, args.example) if folder])  # as the site dates its pages
    site = generate(archive, today, example=args.example is not None, history=dated)
    files = [(page.uri, page.markdown.encode("utf-8")) for page in site.pages]
    files += [(download.uri, download.content) for download in site.downloads]
    files += [
        ("robots.txt", identity.robots(site.settings.site_url).encode("utf-8")),
        (NAV, yaml.safe_dump(site.menu(), allow_unicode=True, sort_keys=False).encode("utf-8")),
    ]
    for uri, content in files:
        target = args.out / uri
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
    print(f"已生成 {len(site.pages)} 个页面和 {len(site.downloads)} 个下载文件到 {args.out}（菜单：{NAV}）")
    return 0


NAV = "nav.yml"  # the menu, as mkdocs.yml's `nav` (the hand-written pages of content/ added after it)
RENDERED = ".rendered"  # marks a folder `render` wrote, which the next `render` may empty


def _empty_render_folder(out: Path) -> None:
    """Empties `out` only if `render` wrote it: `--out .` or `--out content` must not delete anyone's files."""
    if out.exists() and not (out / RENDERED).is_file() and (not out.is_dir() or any(out.iterdir())):
        raise ValueError(
            f"{out} 已存在且不是空目录，也不是 render 生成的目录；为免删除其中的文件，没有写入。"
            "请指定一个新的或空的目录。"
        )
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    (out / RENDERED).write_text(
        "本目录由 python -m generator render 生成，再次生成时会被清空重建。\n", encoding="utf-8"
    )


def _new_report(archive, args, today) -> int:
    from generator.office import month_of, report_file

    year, month = month_of(args.month, archive.years)
    path = args.data / str(year.year) / "reports" / f"{year.year}-{month:02d}.yaml"
    if path.exists():
        raise ValueError(f"{path} 已存在，没有覆盖。要重新生成，请先确认其中内容不再需要，再删除或改名。")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(report_file(derive(year, today), month), encoding="utf-8")
    print(f"已生成 {path}：请各单位填写后提交，然后运行 validate 检查。")
    return 0


def _status(archive, args, today) -> int:
    from generator.office import month_of, status_report

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


def _form(archive, args, today) -> int:
    return FORM_COMMANDS[args.form](archive, args, today)


def _form_plan(archive, args, today) -> int:
    from generator.forms import plan_workbook

    year = next((y for y in archive.years if y.year == args.year), None) if args.year else archive.years[0]
    if year is None:
        raise ValueError(f"data/ 中没有 {args.year} 年的台账。")
    units = _form_units(year, year.items(), args)
    _save(args.out, plan_workbook(year, units, dt.datetime.combine(today, dt.time())))
    print(f"已生成 {args.out}：{year.year}年落实计划表，{_form_count(year.items(), units)}。")
    return 0


def _form_report(archive, args, today) -> int:
    from generator.forms import report_workbook
    from generator.office import expected, month_of

    year, month = month_of(args.month, archive.years)
    progress = derive(year, today)
    items = expected(progress, month)
    units = _form_units(year, items, args)
    _save(args.out, report_workbook(progress, month, units, dt.datetime.combine(today, dt.time())))
    print(f"已生成 {args.out}：{year.year}年{month}月落实情况表，{_form_count(items, units)}。")
    return 0


def _form_units(year, items, args) -> list:
    from generator.forms import find_unit, reporting_units

    units = reporting_units(year, items)
    if args.all:
        return units
    unit = find_unit(year, args.unit)
    if unit not in units:
        raise ValueError(f"{unit.name}没有要填这张表的事项：它不是这些事项的报送单位（第一个牵头单位）。")
    return [unit]


def _form_count(items, units) -> str:
    count = sum(1 for item in items if item.reporting_unit in units)
    return f"{units[0].name} {count} 项" if len(units) == 1 else f"{len(units)} 个单位的工作表，共 {count} 项"


def _save(path: Path, content: bytes) -> None:
    if path.exists():
        raise ValueError(f"{path} 已存在，没有覆盖。请换一个文件名，或先把它移走（它可能是单位交回的表格）。")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)


def _form_import(archive, args, today) -> int:
    from generator.forms import FormError, apply, import_workbook

    try:
        updates = import_workbook(args.file, archive, args.data, today)
        print(apply(updates, args.data, args.example, replace=args.replace, dry_run=args.dry_run))
    except FormError as err:
        print(err.report(), file=sys.stderr)
        return 1
    except DataError as err:
        print(f"{err.report()}\n导入后的数据没有通过检查，已恢复导入前的文件，没有改动。", file=sys.stderr)
        return 1
    return 0


def _form_pack(archive, args, today) -> int:
    from generator.forms.workflow import pack, pack_summary
    from generator.office import month_of

    last_month = today.replace(day=1) - dt.timedelta(days=1)
    year, month = month_of(args.month or f"{last_month:%Y-%m}", archive.years)
    progress = derive(year, today)
    paths = pack(progress, month, args.out)
    print(f"已生成 {len(paths)} 个文件到 {args.out}：")
    print("\n".join(f"  {path.relative_to(args.out)}" for path in paths))
    _append(args.summary, pack_summary(progress, month, paths))
    return 0


def _inbox(archive, args, today) -> int:
    from generator.forms.workflow import take_inbox

    if not args.folder.is_dir():
        raise ValueError(f"找不到上传文件夹 {args.folder}。")
    taken = take_inbox(args.folder, archive, args.data, args.example, today, args.replace)
    print(taken.summary, file=sys.stdout if taken.ok else sys.stderr)
    _append(args.summary, taken.summary)
    if args.message and taken.message:
        args.message.write_text(taken.message + "\n", encoding="utf-8")
    return 0 if taken.ok else 1


def _append(path: Path | None, markdown: str) -> None:
    if path:
        with path.open("a", encoding="utf-8") as file:
            file.write(markdown)


FORM_COMMANDS = {"plan": _form_plan, "report": _form_report, "pack": _form_pack, "import": _form_import}
COMMANDS = {
    "validate": _validate,
    "render": _render,
    "new-report": _new_report,
    "status": _status,
    "form": _form,
    "inbox": _inbox,
}
