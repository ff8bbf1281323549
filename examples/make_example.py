"""Writes a complete, FICTITIOUS example year of progress data to examples/data/2025/.

    .venv/bin/python examples/make_example.py

Reads the real registers in data/ (items, units, indicators) and invents, for every item:
  plans/<unit id>.yaml    附件3 落实计划表 — one file per reporting unit
  reports/2025-MM.yaml    附件4 落实情况表 — one file per month
  events/<id>.yaml        重大事项一事一通报 — a few bulletins
Everything written here is 示例数据（虚构）: nothing of it may ever be copied into data/.
`write_year` also serves benchmarks/archive.py, which invents progress for synthetic years.
Deterministic: seeded random.Random(2025); running it twice gives byte-identical files.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import shutil
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.derive.deadlines import plan_deadline, report_deadline  # noqa: E402
from generator.derive.workdays import nth_working_day  # noqa: E402
from generator.read import schema  # noqa: E402
from generator.read.load import load_yaml  # noqa: E402
from generator.read.problems import DataError  # noqa: E402
from generator.read.registry import read_archive  # noqa: E402

YEAR = 2025
SEED = 2025
OUT = ROOT / "examples" / "data" / str(YEAR)
NOTICE = "# 示例数据（虚构），仅用于演示，不是真实工作进展。"
CONTACT_NAME, SIGNATORY = "示例填报人", "示例负责人"
PHONE_PREFIX = "138000000"  # + two digits: 13800000000 … 13800000099, never real numbers
QUARTER_NAMES = ["一", "二", "三", "四"]
KINDS = ("tasks", "projects", "measures")  # item kinds, in the order of the forms
COUNTABLE = set("个家处座条所栋人场次件套项名村户") | {"场次"}  # units counted in whole numbers

# completion month of the items that do complete, as weights: a handful in Q2, more in Q3, most in Q4
COMPLETION_WEIGHTS = {5: 1, 6: 3, 7: 5, 8: 6, 9: 10, 10: 12, 11: 18, 12: 45}
NOT_COMPLETING = {"tasks": 0.10, "projects": 0.05, "measures": 0.11}  # share still open at year end
EPISODES = {0: 56, 1: 37, 2: 7}  # number of 进度滞后 spells per item, as weights
EPISODE_LENGTH = {1: 30, 2: 40, 3: 30}  # months behind per spell
MISSING_SHARE = 0.025  # 未报送
LATE_SHARE = 0.03  # 迟报, of the submitted entries

# ---------------------------------------------------------------- texts

PLAN_START = [
    "制定年度工作方案，细化分解目标任务，明确责任分工和时间节点",
    "开展前期调研，摸清工作底数，建立工作台账，启动各项工作",
    "召开工作部署会，完善推进机制，压实工作责任",
]
PLAN_MID = [
    "全面推进各项工作，加强调度督导",
    "加快推进实施，重点环节按计划突破",
    "对照年度目标倒排工期，确保阶段性任务按期完成",
]
PLAN_CONTINUE = [  # Q4 of an item that runs on into the next year
    "持续推进各项工作，做好跨年度工作衔接",
    "按计划推进实施，明确下一年度工作安排",
]
PLAN_DONE = [
    "全面完成年度目标任务，做好总结评估",
    "完成全部工作任务，开展成效评估，形成工作总结",
    "确保年度目标任务全面完成，做好资料整理归档",
]
PLAN_AFTER = [
    "巩固工作成效，完善长效机制",
    "做好成果巩固和常态化管理，总结推广经验做法",
    "持续跟踪运行情况，巩固提升工作成效",
]
REMARKS = ["需相关部门（单位）配合推进", "涉及资金保障，按程序申请", "分阶段组织实施", "按季度报送推进情况"]

PROGRESS_FIRST = [
    "制定印发年度工作方案，将目标任务分解到责任科室，建立工作台账",
    "召开工作推进会，对年度任务进行部署，明确时间节点和责任人",
    "梳理年度工作清单，细化推进措施，各项工作有序启动",
]
PROGRESS = [
    "召开专题调度会{k}次，对照年度目标逐项梳理推进情况，各项工作有序开展",
    "持续推进各项工作，本月完成阶段性工作{k}项",
    "会同相关部门（单位）加强协调联动，开展实地督导{k}次，协调解决具体问题{j}个",
    "对照季度计划倒排工期、挂图作战，重点环节按期推进",
    "深入一线开展调研走访{k}次，及时掌握工作进展和存在困难",
    "完善工作推进机制，编发工作简报{k}期，及时报送工作进展",
    "建立周调度、月通报工作机制，本月召开推进会{k}次，工作进度符合序时要求",
]
PROGRESS_BEHIND = [
    "本月持续推进相关工作，但{cause}，部分环节进度慢于计划",
    "本月工作仍在推进，{cause}，未完成阶段任务目标",
    "已就存在问题开展专题研究，但{cause}，进度仍慢于计划",
]
PROGRESS_RECOVERED = [
    "前期存在的问题已协调解决，本月加快推进，已赶上序时进度",
    "通过专题调度、压茬推进，前期滞后工作已补齐，进度恢复正常",
]
PROGRESS_DONE = [
    "年度目标任务已全部完成，已组织开展成效评估并形成工作总结",
    "各项工作均已完成，经自查验收达到年度目标要求",
    "全面完成年度各项工作任务，相关资料已整理归档",
]
# (cause as said in 完成情况, 存在问题, months when it can happen)
CAUSES = [
    ("部分子项目审批手续办理周期较长", "部分子项目审批手续办理周期较长，开工时间较计划推迟。", range(1, 13)),
    (
        "涉及多个部门（单位）的协调事项尚未达成一致",
        "涉及多个部门（单位）的协调事项意见尚未统一，影响推进进度。",
        range(1, 13),
    ),
    ("部分资金尚未拨付到位", "部分资金尚未拨付到位，影响项目实施节奏。", range(1, 13)),
    ("受连续降雨天气影响", "受连续降雨天气影响，室外施工作业暂停，工程进度滞后。", range(6, 10)),
    ("受低温天气影响", "受低温天气影响，部分室外作业暂停，工程进度滞后。", (1, 2, 12)),
    ("前期论证耗时较长", "前期论证耗时较长，实施方案尚未最终确定。", range(1, 13)),
    ("相关配套政策仍在完善中", "相关配套政策仍在完善中，部分工作需待上级文件印发后推进。", range(1, 13)),
    ("合作意向方尚未最终明确", "合作意向方尚未最终明确，签约进度慢于预期。", range(1, 13)),
    ("部分点位群众意见尚未统一", "部分点位群众意见尚未统一，需进一步沟通协调。", range(1, 13)),
    ("招标采购程序用时超出预期", "招标采购程序用时超出预期，项目尚未进场实施。", range(1, 13)),
]
NEXT = [
    "按照季度计划继续推进，加强跟踪调度，确保按期完成阶段目标。",
    "强化部门协同，及时研究解决推进中的问题，做好过程资料收集整理。",
    "持续加大工作力度，确保{q}季度目标任务按期完成。",
    "对照年度目标查漏补缺，巩固提升工作成效。",
    "加强督导检查，推动各项措施落地见效。",
]
NEXT_BEHIND = [
    "加强与相关部门沟通对接，倒排工期、压茬推进，力争下月赶上序时进度。",
    "提请分管负责同志专题调度，协调解决存在问题，加快推进进度。",
    "督促实施单位增加力量投入，合理安排工序，确保完成季度目标。",
]
NEXT_DONE = [
    "巩固工作成效，建立健全长效管理机制。",
    "做好资料归档和经验总结，持续跟踪后续运行情况。",
]


# ---------------------------------------------------------------- YAML output


class Quoted(str):
    """A string always written in double quotes (ids, phone numbers)."""


class Flow(dict):
    """A mapping written on one line: {name: …, phone: …}."""


class FlowList(list):
    """A list written on one line: ["001", "002"]."""


class _Dumper(yaml.SafeDumper):
    def increase_indent(self, flow=False, indentless=False):  # "key:\n  - item", as in data/
        return super().increase_indent(flow, False)


_Dumper.add_representer(type(None), lambda d, v: d.represent_scalar("tag:yaml.org,2002:null", ""))
_Dumper.add_representer(Quoted, lambda d, v: d.represent_scalar("tag:yaml.org,2002:str", str(v), style='"'))
_Dumper.add_representer(FlowList, lambda d, v: d.represent_sequence("tag:yaml.org,2002:seq", v, flow_style=True))
_Dumper.add_representer(Flow, lambda d, v: d.represent_mapping("tag:yaml.org,2002:map", v.items(), flow_style=True))


def dump(value) -> str:
    return yaml.dump(value, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1000, default_flow_style=False)


def header(schema_name: str, folder: Path) -> str:
    """The schema line (as in data/, relative to `folder`) and the notice."""
    schemas = Path(os.path.relpath(ROOT / "generator" / "schemas", folder)).as_posix()
    return f"# yaml-language-server: $schema={schemas}/{schema_name}.schema.json\n{NOTICE}\n"


def indent(text: str) -> str:
    return "".join("  " + line if line.strip() else line for line in text.splitlines(keepends=True))


def title_comment(item) -> str:
    text = item.text.replace("\n", " ")
    return f"# {item.kind.item}{item.no}：{text[:20]}{'…' if len(text) > 20 else ''}"


# ---------------------------------------------------------------- numbers


def is_rate(ind) -> bool:
    return "%" in ind.unit or "‰" in ind.unit or "百分点" in ind.unit


def decimals(ind) -> int:
    """Decimal places of the indicator's values: whole numbers for things counted one by one."""
    target = ind.target.low
    if not is_rate(ind) and target.is_integer() and (target >= 20 or ind.unit in COUNTABLE):
        return 0
    return 2 if ("万" in ind.unit or "亿" in ind.unit) and target < 10 else 1


def fmt(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:g}"


def number(x: float):
    return int(x) if float(x).is_integer() else x


def value_at(ind, fraction: float, done: bool, base: float, previous: float | None) -> float:
    """The indicator's value reached so far, for a progress `fraction` (0…1+) of the year's work."""
    target = ind.target.low
    places = decimals(ind)
    ceiling = ind.target.ceiling
    if ceiling:
        top = 0.97 if is_rate(ind) else 0.95
        raw = target * (base + (top - base) * min(fraction, 1.0)) if is_rate(ind) else target * top * min(fraction, 1.0)
    elif is_rate(ind):  # a rate climbs from its starting level and reaches the target exactly
        raw = target * (base + (1 - base) * min(fraction, 1.0))
    else:
        raw = target * fraction
    value = round(raw, places) if places else float(int(raw))  # counts round down: no early completion
    if previous is not None:
        value = max(value, previous)
    if ceiling:
        value = min(value, target)
    elif done:
        value = max(value, target)
    elif value >= target:  # not completed yet: stay just below the target
        step = 10**-places
        value = max(previous or 0.0, round(target - step, places))
    return round(value, places) if places else float(int(value))


# ---------------------------------------------------------------- indicator texts


def indicator_plan(ind, fraction: float, done: bool, base: float) -> str:
    if ind.target.ceiling:
        return f"{ind.name}控制在{fmt(ind.target.low)}{ind.unit}以内"
    if done:
        return f"{ind.name}达到{fmt(ind.target.low)}{ind.unit}"
    places = decimals(ind)
    if is_rate(ind):
        value = round(ind.target.low * (base + (1 - base) * fraction), places)
        return f"{ind.name}力争达到{fmt(value)}{ind.unit}左右"
    fraction = min(0.95, round(fraction * 20) / 20)  # plans use round shares: 25%, 40% …, below 100% until done
    value = round(ind.target.low * fraction, places) if places else float(int(ind.target.low * fraction))
    return f"累计{ind.name}{fmt(value)}{ind.unit}左右" if value > 0 else f"{ind.name}相关工作有序启动"


def indicator_progress(ind, value: float) -> str:
    target = ind.target.low
    if ind.target.ceiling:
        return f"{ind.name}为{fmt(value)}{ind.unit}，控制在{fmt(target)}{ind.unit}以内"
    if is_rate(ind):
        return f"{ind.name}为{fmt(value)}{ind.unit}，年度目标为{ind.target.printed}"
    if value <= 0:
        return f"{ind.name}相关工作正在推进（全年目标{ind.target.printed}）"
    return f"累计{ind.name}{fmt(value)}{ind.unit}，完成全年目标的{round(value / target * 100)}%"


# ---------------------------------------------------------------- the invented year


@dataclass
class Plot:
    """What happens to one item in the example year."""

    item: object
    completion: int | None  # month of completion, None = still open at year end
    gamma: float
    end: float  # share of the work done by the completion month (or by December)
    behind: dict[int, tuple] = field(default_factory=dict)  # month → cause
    missing: dict[int, str] = field(default_factory=dict)  # month → "placeholder" | "absent"
    bases: list[float] = field(default_factory=list)  # starting level of rate indicators
    progress: float = 0.0  # share of the work done so far
    values: dict[int, float] = field(default_factory=dict)  # indicator index → value reported so far

    @property
    def last(self) -> int:
        return self.completion or 12

    def planned(self, month: int) -> float:
        return min(1.0, (month / self.last) ** self.gamma * (1.0 if self.completion else self.end))

    def advance(self, rng: random.Random, month: int) -> float:
        """The progress in `month`: it lags while behind schedule and catches up afterwards."""
        if month in self.behind:
            progress = self.progress + 0.3 * (self.planned(month) - self.planned(month - 1))
        else:
            progress = self.planned(month) * rng.uniform(0.98, 1.01)
        self.progress = max(self.progress, progress)
        if month == self.completion:
            self.progress = max(1.0, self.progress)
        return self.progress


def quarter(month: int) -> int:
    return (month - 1) // 3 + 1


def weighted(rng: random.Random, weights: dict):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def plot_items(rng: random.Random, items: list) -> list[Plot]:
    plots = []
    by_kind: dict[str, list] = {}
    for item in items:
        by_kind.setdefault(item.kind.slug, []).append(item)
    open_items = set()
    for slug, group in by_kind.items():
        count = max(1, round(len(group) * NOT_COMPLETING.get(slug, 0.1)))
        open_items |= {(slug, item.id) for item in rng.sample(group, count)}
    for item in items:
        is_open = (item.kind.slug, item.id) in open_items
        plot = Plot(
            item,
            None if is_open else weighted(rng, COMPLETION_WEIGHTS),
            rng.uniform(0.85, 1.3),
            rng.uniform(0.84, 0.95) if is_open else 1.0,
        )
        plot.bases = [rng.uniform(0.88, 0.96) for _ in item.indicators]
        # spells of 进度滞后: non-overlapping, at least one month apart, never in the month of completion
        latest = 12 if is_open else plot.completion - 1
        if is_open and rng.random() < 0.2:  # some open items end the year behind schedule
            cause = rng.choice([c for c in CAUSES if 11 in c[2] and 12 in c[2]])
            for m in range(rng.choice((11, 12)), 13):
                plot.behind[m] = cause
        for _ in range(weighted(rng, EPISODES)):
            length = weighted(rng, EPISODE_LENGTH)
            for _attempt in range(10):
                start = rng.randint(2, 12)
                months = range(start, start + length)
                if months[-1] <= latest and not any(m + d in plot.behind for m in months for d in (-1, 0, 1)):
                    choices = [c for c in CAUSES if all(m in c[2] for m in months)]
                    cause = rng.choice(choices)
                    for m in months:
                        plot.behind[m] = cause
                    break
        plots.append(plot)
    return plots


def choose_missing(rng: random.Random, plots: list[Plot]) -> None:
    candidates = [(p, m) for p in plots for m in range(1, p.last + 1) if m not in p.behind and m != p.completion]
    total = sum(p.last for p in plots)
    chosen = rng.sample(candidates, round(total * MISSING_SHARE))
    chosen.sort(key=lambda pm: (plots.index(pm[0]), pm[1]))
    for i, (plot, month) in enumerate(chosen):
        plot.missing[month] = "placeholder" if i % 2 == 0 else "absent"


def share_stories(plots: list[Plot]) -> None:
    """Related items (the same work in two registers) share the story of the first of them: they complete, fall
    behind and go unreported in the same months, so that their statuses never contradict each other."""
    by_item = {plot.item: plot for plot in plots}
    told: set = set()
    for plot in plots:
        if plot.item in told:
            continue
        group, queue = [], [plot.item]
        while queue:  # every item linked to this one, directly or through another
            item = queue.pop()
            if item not in told:
                told.add(item)
                group.append(by_item[item])
                queue += item.related
        for other in group[1:]:
            other.completion, other.gamma, other.end = plot.completion, plot.gamma, plot.end
            other.behind, other.missing = dict(plot.behind), dict(plot.missing)


def submission_days(rng: random.Random, year: int, units: list, plots: list[Plot]) -> dict:
    """(unit id, month) → submission date: one form per unit and month; a few of them late (迟报)."""
    per_unit_month = Counter(
        (p.item.reporting_unit.id, m) for p in plots for m in range(1, p.last + 1) if p.missing.get(m) is None
    )
    keys = sorted(per_unit_month, key=lambda k: ([u.id for u in units].index(k[0]), k[1]))
    shuffled = keys[:]
    rng.shuffle(shuffled)
    budget = round(sum(per_unit_month.values()) * LATE_SHARE)
    late = set()
    for key in shuffled:
        if per_unit_month[key] <= min(budget, 6):  # smaller units are late, one form at a time
            late.add(key)
            budget -= per_unit_month[key]
    days = {}
    for unit_id, month in keys:
        following = dt.date(year + month // 12, month % 12 + 1, 1)
        deadline = report_deadline(year, month)
        if (unit_id, month) in late:
            options = [nth_working_day(following.year, following.month, n) for n in range(6, 12)]
            options = [d for d in options if 1 <= (d - deadline).days <= 6] or options[:1]  # after a long holiday
            day = rng.choices(options, weights=[len(options) - i for i in range(len(options))])[0]
        else:
            options = [nth_working_day(following.year, following.month, n) for n in range(1, 6)]
            day = rng.choices(options, weights=[1, 2, 3, 4, 4])[0]
        days[(unit_id, month)] = day
    return days


def plan_targets(rng: random.Random, plot: Plot) -> list[str]:
    """Four quarterly targets; an item still open at year end was planned to run on into the next year."""
    done_quarter = quarter(plot.completion) if plot.completion else 5
    texts = []
    for q in range(1, 5):
        fraction = plot.planned(3 * q) if q < done_quarter else 1.0
        if q > done_quarter:
            texts.append(rng.choice(PLAN_AFTER) + "。")
            continue
        done = q == done_quarter
        lead = rng.choice(PLAN_DONE if done else PLAN_START if q == 1 else PLAN_CONTINUE if q == 4 else PLAN_MID)
        if plot.item.indicators:
            parts = [indicator_plan(ind, fraction, done, base) for ind, base in zip(plot.item.indicators, plot.bases)]
            texts.append("，".join(parts + [lead]) + "。" if done else lead + "，" + "，".join(parts) + "。")
        elif done:
            texts.append(lead + "。")
        else:
            pct = min(95, max(5, round(fraction * 20) * 5))
            texts.append(f"{lead}，累计完成年度任务的{pct}%左右。")
    return texts


def reporting_units(year) -> list:
    """The units reporting on at least one item, in the order of the register."""
    units = list(dict.fromkeys(item.reporting_unit for item in year.items()))
    units.sort(key=year.units.index)
    assert len(units) <= 100, "placeholder phone numbers have two digits"
    return units


def contact(units: list, unit) -> Flow:
    """The placeholder contact of `unit`, its phone numbered by the unit's place in `units`."""
    return Flow(name=CONTACT_NAME, phone=Quoted(f"{PHONE_PREFIX}{units.index(unit):02d}"), signatory=SIGNATORY)


# ---------------------------------------------------------------- the job


def main() -> None:
    year = read_archive(ROOT / "data").years[0]
    assert year.year == YEAR, year.year
    written, plots, stats = write_year(year, OUT, SEED)
    bad = check_schemas(written) + cross_check()
    summary(plots, stats, written)
    if bad:
        sys.exit(f"{bad} problem(s) in the written files")


def write_year(year, out: Path, seed: int) -> tuple[list[tuple[Path, str]], list[Plot], Counter]:
    """Invents the progress of the registers of `year` (a read Year) into out/plans|reports|events/."""
    rng = random.Random(seed)
    units = reporting_units(year)
    plots = plot_items(rng, year.items())
    choose_missing(rng, plots)
    share_stories(plots)
    days = submission_days(rng, year.year, units, plots)
    targets = {plot.item: plan_targets(rng, plot) for plot in plots}

    clear_output(out)
    written = write_plans(rng, year.year, out, units, plots, targets)
    reports, stats = write_reports(rng, year.year, out, units, plots, targets, days)
    written += reports + write_events(year, out)
    return written, plots, stats


def clear_output(out: Path) -> None:
    for folder in ("plans", "reports", "events"):
        shutil.rmtree(out / folder, ignore_errors=True)
        (out / folder).mkdir(parents=True)


# ---------------------------------------------------------------- plans (附件3)


def write_plans(
    rng: random.Random, year: int, out: Path, units: list, plots: list[Plot], targets: dict
) -> list[tuple[Path, str]]:
    """One 落实计划表 per reporting unit, filed on one of the last working days before the deadline."""
    working_days = (nth_working_day(year, 2, n) for n in range(1, 20))
    filing_days = [day for day in working_days if day <= plan_deadline(year)][-8:]
    written = []
    for unit in units:
        text = header("plan", out / "plans") + dump(
            {"unit": unit.name, "filed": rng.choice(filing_days), "contact": contact(units, unit)}
        )
        for slug in KINDS:
            mine = [p for p in plots if p.item.kind.slug == slug and p.item.reporting_unit is unit]
            if mine:
                text += f"{slug}:\n" + "".join(indent(plan_entry(rng, p.item, targets[p.item])) for p in mine)
        path = out / "plans" / f"{unit.id}.yaml"
        path.write_text(text, "utf-8")
        written.append((path, "plan"))
    return written


def plan_entry(rng: random.Random, item, targets: list[str]) -> str:
    entry = {
        "id": Quoted(item.id),
        "targets": dict(zip(("q1", "q2", "q3", "q4"), targets)),
        "principal": "单位主要负责同志",
        "deputy": "分管负责同志",
    }
    if rng.random() < 0.15:
        entry["remarks"] = rng.choice(REMARKS)
    return title_comment(item) + "\n" + dump([entry])


# ---------------------------------------------------------------- reports (附件4)


def write_reports(
    rng: random.Random, year: int, out: Path, units: list, plots: list[Plot], targets: dict, days: dict
) -> tuple[list[tuple[Path, str]], Counter]:
    """One 落实情况表 per month; also returns the count of the entries by status, of late and missing ones."""
    stats = Counter()
    written = []
    for month in range(1, 13):
        path = out / "reports" / f"{year}-{month:02d}.yaml"
        text = report(rng, year, month, units, plots, targets, days, stats)
        path.write_text(header("report", out / "reports") + text, "utf-8")
        written.append((path, "report"))
    return written, stats


def report(
    rng: random.Random, year: int, month: int, units: list, plots: list[Plot], targets: dict, days: dict, stats: Counter
) -> str:
    """The month's 落实情况表 (without its header); counts its entries in `stats`."""
    deadline = report_deadline(year, month)
    sections: dict[str, list[str]] = {slug: [] for slug in KINDS}
    submitting, late_units = [], set()
    for plot in plots:
        if plot.completion and month > plot.completion:
            continue  # completed earlier: no more reports
        stats["expected"] += 1
        progress = plot.advance(rng, month)  # progress goes on even when it is not reported
        target = targets[plot.item][quarter(month) - 1]
        missing = plot.missing.get(month)
        if missing == "absent":
            stats["未报送（缺条目）"] += 1
            continue
        if missing == "placeholder":
            stats["未报送（留空）"] += 1
            sections[plot.item.kind.slug].append(placeholder_entry(plot.item, target))
            continue
        unit = plot.item.reporting_unit
        submitted = days[(unit.id, month)]
        if submitted > deadline:
            stats["迟报"] += 1
            stats["late_days"] += (submitted - deadline).days
            late_units.add(unit.id)
        if unit not in submitting:
            submitting.append(unit)
        entry = report_entry(rng, plot, month, progress, target, submitted, submitted > deadline, stats)
        sections[plot.item.kind.slug].append(entry)
    stats["late_forms"] += len(late_units)
    text = f"# {year}年{month}月落实情况；报送期限 {deadline.isoformat()}\n"
    text += dump({"contacts": {u.name: contact(units, u) for u in units if u in submitting}})
    for slug, entries in sections.items():
        if entries:
            text += f"{slug}:\n" + "".join(indent(e) for e in entries)
    return text


def placeholder_entry(item, target: str) -> str:
    entry = {
        "id": Quoted(item.id),
        "unit": item.reporting_unit.name,
        "submitted": None,
        "target": target,
        "progress": None,
        "problems": None,
        "next_steps": None,
        "stage_met": None,
        "completed": None,
    }
    return title_comment(item) + "（尚未报送）\n" + dump([entry])


def report_entry(
    rng: random.Random,
    plot: Plot,
    month: int,
    progress: float,
    target: str,
    submitted: dt.date,
    late: bool,
    stats: Counter,
) -> str:
    """A submitted entry; counts its status in `stats`."""
    item = plot.item
    done = month == plot.completion
    for i, ind in enumerate(item.indicators):
        plot.values[i] = value_at(ind, progress, done, plot.bases[i], plot.values.get(i))
    status, text, problems, next_steps = progress_texts(rng, plot, month)
    stats[status] += 1
    indicator_text = "；".join(indicator_progress(ind, plot.values[i]) for i, ind in enumerate(item.indicators))
    if indicator_text:
        text += "；" + indicator_text + "。"
    elif not done:
        text += f"，年度任务累计完成约{min(99, round(progress * 100))}%。"
    else:
        text += "。"
    entry = {
        "id": Quoted(item.id),
        "unit": item.reporting_unit.name,
        "submitted": submitted,
        "target": target,
        "progress": text,
        "problems": problems,
        "next_steps": next_steps,
        "stage_met": "否" if status == "进度滞后" else "是",
        "completed": "是" if done else "否",
    }
    if item.indicators:
        entry["indicators"] = Flow({ind.name: number(plot.values[i]) for i, ind in enumerate(item.indicators)})
    return title_comment(item) + ("（迟报）" if late else "") + "\n" + dump([entry])


def progress_texts(rng: random.Random, plot: Plot, month: int) -> tuple[str, str, str, str]:
    """(status, 完成情况 without the indicators, 存在问题, 下一步工作) of the month's entry."""
    if month == plot.completion:
        return "已完成", rng.choice(PROGRESS_DONE), "无", rng.choice(NEXT_DONE)
    if month in plot.behind:
        short, problems, _ = plot.behind[month]
        return "进度滞后", rng.choice(PROGRESS_BEHIND).format(cause=short), problems, rng.choice(NEXT_BEHIND)
    if month - 1 in plot.behind:
        text = rng.choice(PROGRESS_RECOVERED)
    elif month <= 2 and rng.random() < 0.7:
        text = rng.choice(PROGRESS_FIRST)
    else:
        text = rng.choice(PROGRESS).format(k=rng.randint(1, 4), j=rng.randint(1, 6))
    return "序时推进", text, "无", rng.choice(NEXT).format(q=QUARTER_NAMES[quarter(month) - 1])


# ---------------------------------------------------------------- events (重大事项一事一通报)


def write_events(year, out: Path) -> list[tuple[Path, str]]:
    written = []
    for event in events(year):
        path = out / "events" / f"{event['id']}.yaml"
        path.write_text(header("event", out / "events") + dump(event), "utf-8")
        written.append((path, "event"))
    return written


def events(year) -> list[dict]:
    known = {(item.kind.slug, item.id) for item in year.items()}

    def refs(**ids) -> dict:
        for slug, wanted in ids.items():
            missing = [i for i in wanted if (slug, i) not in known]
            assert not missing, f"event refers to unknown {slug} {missing}"
        return {slug: FlowList(Quoted(i) for i in wanted) for slug, wanted in ids.items()}

    y = year.year
    notice = "本通报为示例数据（虚构），仅用于演示网站功能，不反映真实工作情况。"
    return [
        {
            "id": f"{y}-05-flood-season-check",
            "title": "（示例）关于汛前防汛安全隐患排查情况的通报",
            "date": dt.date(y, 5, 28),
            "body": [
                notice,
                {"heading": "一、基本情况"},
                f"为做好{y}年汛期安全防范工作，区水务局会同区应急局等部门（单位），于5月中下旬对全区易积水点位、在建工程、"
                "河道沟渠和地下空间开展汛前隐患排查（示例）。",
                {"heading": "二、发现的问题"},
                "排查中发现部分雨水管网存在淤堵、个别在建工地排水设施不完善等问题（示例），已建立问题清单，明确整改责任和时限。",
                {"heading": "三、下一步工作"},
                "各责任单位要在汛期到来前完成整改，落实值班值守和应急物资储备，确保安全度汛。",
            ],
            "related": refs(tasks=["050", "085", "107"]),
            "disclosure": "主动公开",
        },
        {
            "id": f"{y}-07-industry-aid-meeting",
            "title": "（示例）关于召开产业帮扶联席会议的通报",
            "date": dt.date(y, 7, 16),
            "body": [
                notice,
                "7月中旬，产业帮扶联席会议召开第三次会议（示例），听取两地对口部门（单位）上半年工作情况汇报，"
                "研究协同招商、产业转移项目推进中的具体问题。",
                "会议要求，各工作专班对照年度计划查漏补缺，对进度滞后事项逐项明确解决措施，按季度报送推进情况。",
            ],
            "related": refs(measures=["14", "16", "18"]),
            "disclosure": "主动公开",
        },
        {
            "id": f"{y}-09-livelihood-projects-review",
            "title": "（示例）关于民生实事项目集中观摩推进情况的通报",
            "date": dt.date(y, 9, 24),
            "body": [
                notice,
                {"heading": "一、观摩情况"},
                "9月下旬，区政府办公室组织对老旧小区改造、中小学幼儿园建设、充电设施建设等民生实事项目开展集中观摩（示例）。",
                {"heading": "二、总体评价"},
                "观摩项目总体按计划推进，部分项目受审批手续和施工条件影响进度偏慢（示例）。",
                {"heading": "三、工作要求"},
                "各责任单位要倒排工期、挂图作战，确保年度目标任务按期完成，并及时报送月度落实情况。",
            ],
            "related": refs(tasks=["053", "101"], projects=["07", "08", "13"]),
            "disclosure": "主动公开",
        },
        {
            "id": f"{y}-11-gas-safety-drill",
            "title": "（示例）关于开展冬季燃气安全应急演练的通报",
            "date": dt.date(y, 11, 19),
            "body": [
                notice,
                "为做好冬季取暖期安全防范工作，区应急局会同有关部门（单位）组织开展燃气泄漏和一氧化碳中毒应急处置演练（示例），"
                "检验了信息报告、人员疏散、现场处置和医疗救护等环节的协同配合。",
                "演练结束后进行了讲评，针对发现的问题提出改进措施。各街道要结合演练情况完善应急预案，加强入户安全宣传。",
            ],
            "related": refs(tasks=["107"], projects=["20"]),
            "disclosure": "主动公开",
        },
    ]


# ---------------------------------------------------------------- checks and summary


def check_schemas(written: list[tuple[Path, str]]) -> int:
    """Checks every written file against its schema; prints and counts the problems."""
    bad = 0
    for path, name in written:
        try:
            problems = schema.check(load_yaml(path), name)
        except DataError as err:
            problems = err.problems
        for problem in problems:
            print(problem)
        bad += len(problems)
    return bad


def cross_check() -> int:
    """Reads data/ together with the example files, as the example site does; prints and counts the problems."""
    try:
        read_archive(ROOT / "data", extra=OUT.parent)
    except DataError as err:
        print(err.report())
        return len(err.problems)
    print("cross-checks: read_archive(data, extra=examples/data) finds no problem")
    return 0


def summary(plots: list[Plot], stats: Counter, written: list[tuple[Path, str]]) -> None:
    expected = stats["expected"]
    reported = stats["序时推进"] + stats["进度滞后"] + stats["已完成"]
    missing = stats["未报送（留空）"] + stats["未报送（缺条目）"]

    def share(n, total=expected):
        return f"{n:4d}  ({n / total:5.1%})"

    print(
        f"wrote {len(written)} files under {OUT.relative_to(ROOT)}/ "
        f"({sum(1 for _, n in written if n == 'plan')} plans, {sum(1 for _, n in written if n == 'report')} "
        f"reports, {sum(1 for _, n in written if n == 'event')} events)"
    )
    print(f"item-months to report (until completion): {expected}")
    for key in ("序时推进", "进度滞后", "已完成"):
        print(f"  {key:10s} {share(stats[key])}")
    print(f"  未报送       {share(missing)}  — 留空 {stats['未报送（留空）']}, 缺条目 {stats['未报送（缺条目）']}")
    print(
        f"  迟报 (late, counted as reported) {stats['迟报']} of {reported} submitted ({stats['迟报'] / reported:.1%}), "
        f"on {stats['late_forms']} unit-month forms, "
        f"{stats['late_days'] / max(1, stats['迟报']):.1f} days late on average"
    )
    spells = sum(1 for p in plots for m in p.behind if m - 1 not in p.behind)
    print(f"  进度滞后 spells: {spells} on {sum(1 for p in plots if p.behind)} items")
    completed = Counter(quarter(p.completion) for p in plots if p.completion)
    print("completed per quarter: " + ", ".join(f"Q{q} {completed[q]}" for q in range(1, 5)))
    for slug in KINDS:
        mine = [p for p in plots if p.item.kind.slug == slug]
        open_ = [p for p in mine if not p.completion]
        behind_dec = sum(1 for p in open_ if 12 in p.behind)
        print(
            f"  {slug:8s} {len(mine):3d} items: {len(mine) - len(open_)} completed, {len(open_)} open at year end "
            f"({behind_dec} of them 进度滞后 in December)"
        )


if __name__ == "__main__":
    main()
