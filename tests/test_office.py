"""The office's monthly commands, run as the office runs them: `python -m generator …` on a copy of the data."""

from __future__ import annotations

import shutil

import pytest
import yaml
from conftest import EXAMPLES, ROOT, run

from generator.read.registry import read_archive


def test_new_report_is_prefilled_and_valid_as_it_is(data):
    result = run("--data", data, "--today", "2025-04-01", "new-report", "2025-03")
    assert result.returncode == 0, result.stderr
    path = data / "2025" / "reports" / "2025-03.yaml"
    text = path.read_text("utf-8")
    assert "报送期限：2025年4月8日" in text
    year = read_archive(data).years[0]  # the untouched file validates
    entries = {(slug, e["id"]): e for slug, es in yaml.safe_load(text).items() if slug != "contacts" for e in es}
    assert len(entries) == len(year.items())  # nothing completed before March; March ends a quarter
    for item in year.items():
        entry = entries[(item.kind.slug, item.id)]
        assert entry["unit"] == item.reporting_unit.name and entry["submitted"] is None
        assert entry["target"] == item.plan.targets[0]  # March is in the first quarter
        assert list(entry.get("indicators") or {}) == [i.name for i in item.indicators]
        assert item.reports[3].submitted is None  # read back: not reported yet


def test_new_report_leaves_out_items_already_completed(data):
    year = read_archive(data, None).years[0]
    done = year.items()[0]
    months = sorted(EXAMPLES.joinpath("2025", "reports").glob("*.yaml"))
    shutil.copy(months[2], data / "2025" / "reports")  # March, then mark the first item complete in it
    march = data / "2025" / "reports" / "2025-03.yaml"
    documents = yaml.safe_load(march.read_text("utf-8"))
    entry = next(e for e in documents[done.kind.slug] if e["id"] == done.id)
    entry.update(submitted="2025-04-03", progress="全部完成。", next_steps="无。", stage_met="是", completed="是")
    march.write_text(yaml.safe_dump(documents, allow_unicode=True, sort_keys=False), "utf-8")
    assert run("--data", data, "new-report", "2025-04").returncode == 0
    april = yaml.safe_load((data / "2025" / "reports" / "2025-04.yaml").read_text("utf-8"))
    assert done.id not in [e["id"] for e in april[done.kind.slug]]
    assert "measures" not in april  # the Gaotang measures report in a quarter's last month only


def test_new_report_never_overwrites(data):
    path = data / "2025" / "reports" / "2025-02.yaml"
    before = path.read_bytes()
    result = run("--data", data, "new-report", "2025-02")
    assert result.returncode == 2 and "已存在，没有覆盖" in result.stderr and "Traceback" not in result.stderr
    assert path.read_bytes() == before


@pytest.mark.parametrize("month, message", [("2025-13", "不是月份"), ("三月", "不是月份"), ("2030-01", "没有 2030 年")])
def test_new_report_rejects_a_bad_month(data, month, message):
    result = run("--data", data, "new-report", month)
    assert result.returncode == 2 and message in result.stderr and "Traceback" not in result.stderr


def test_status_lists_missing_and_late_per_unit(data):
    year = read_archive(data).years[0]
    due = [i for i in year.items() if i.kind.slug != "measures"]  # the Gaotang measures report quarterly
    missing = [i for i in due if i.reports.get(2) is None or i.reports[2].submitted is None]
    late = [
        i for i in due if i.reports.get(2) and i.reports[2].submitted and i.reports[2].submitted > year.deadlines[2]
    ]
    assert missing and late, "the example February has both, so this test can fail"
    result = run("--data", data, "--today", "2025-03-10", "status", "2025-02")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "报送期限2025年3月7日，已过期限" in out
    assert (
        f"应报 {len(due)} 项：已报 {len(due) - len(missing)} 项（其中迟报 {len(late)} 项），未报送 {len(missing)} 项"
        in out
    )
    for item in missing:
        assert f"未报：{item.kind.item}{item.no}（" in out
    for item in late:
        assert f"迟报：{item.kind.item}{item.no}（" in out
    unit = missing[0].reporting_unit.name
    assert f"✗ {unit}：" in out


def test_status_before_the_deadline_says_pending(data):
    result = run("--data", data, "--today", "2025-03-01", "status", "2025-02")
    assert "尚未到期" in result.stdout and "待报" in result.stdout and "未报：" not in result.stdout


def test_the_common_options_may_follow_the_command(data):
    before = run("--data", data, "--today", "2025-03-01", "status", "2025-02")
    after = run("status", "2025-02", "--today", "2025-03-01", "--data", data)
    assert before.returncode == after.returncode == 0 and after.stdout == before.stdout and "尚未到期" in after.stdout


def test_render_never_empties_a_folder_it_did_not_write(tmp_path):
    mine = tmp_path / "notes"
    mine.mkdir()
    (mine / "笔记.md").write_text("办公室自己的文件", "utf-8")
    refused = run("render", "--out", mine)
    assert refused.returncode == 2 and "不是 render 生成的目录" in refused.stderr and "Traceback" not in refused.stderr
    assert [p.name for p in mine.iterdir()] == ["笔记.md"]

    pages = tmp_path / "pages"
    assert run("render", "--out", pages).returncode == 0
    assert (pages / "2025" / "tasks" / "053.md").is_file()
    (pages / "old.md").write_text("上次留下的页面", "utf-8")
    again = run("render", "--out", pages)  # its own folder: emptied and written again
    assert again.returncode == 0, again.stderr
    assert not (pages / "old.md").exists() and (pages / "2025" / "tasks" / "053.md").is_file()


def test_validate_one_report_file_cross_checks_it_against_its_year(data):
    reports = data / "2025" / "reports"
    (reports / "2025-02.yaml").write_text("tasks: [{id: 001}]\n", "utf-8")  # broken, but not the file asked about
    january = reports / "2025-01.yaml"
    result = run("--data", data, "validate", january)
    assert result.returncode == 0, result.stderr
    assert f"✓ 数据检查通过：{january}（已与所在年份的名册、公文和台账核对）" in result.stdout
    january.write_text(january.read_text("utf-8").replace('id: "001"', 'id: "999"', 1), "utf-8")
    result = run("--data", data, "validate", january)
    assert result.returncode == 1
    assert "年度工作任务中没有编号为“999”的事项" in result.stderr and "2025-02.yaml" not in result.stderr
    result = run("--data", data, "validate", ROOT / "README.md")
    assert result.returncode == 2 and "找不到文件" in result.stderr
