"""What the two forms hold, as the export writes them and the import reads them back: their columns left to right,
which of them the office prefills, the footer's contacts, each row's 序号, and the words on the sheet."""

from __future__ import annotations

from dataclasses import dataclass

from generator.model import Column, Form, Item

QUARTERS = ("q1", "q2", "q3", "q4")
PREFILLED = ("seq", "content", "target")  # written by the office; the unit fills the other columns
EXTRA = {"report": (Column("completed", "是否全部完成（是/否）"), Column("indicators", "指标完成值"))}
CONTACT = {"填报人": "name", "联系电话": "phone", "负责人签字": "signatory"}  # footer label → key in contact(s)
NAMES = {
    "filed": "填报时间",
    "submitted": "报送日期（填报时间）",
    "unit": "填报单位",
    "name": "填报人",
    "phone": "联系电话",
    "signatory": "负责人签字",
    "principal": "主要负责人",
    "deputy": "分管负责人",
    "remarks": "备注",
    "progress": "完成情况",
    "problems": "存在问题",
    "next_steps": "下一步计划",
    "stage_met": "是否完成阶段任务目标",
    "completed": "是否全部完成",
    "q1": "一季度",
    "q2": "二季度",
    "q3": "三季度",
    "q4": "四季度",
}
NOTES = {
    "plan": "说明：1. 分解序号和事项内容由区政府办公室预填，请勿修改；不要增删行列，不要合并单元格。"
    "2. 每个事项的四个季度目标及推进计划都要填写。3. 填报时间填写日期，例如 2025-02-12。",
    "report": "说明：1. 序号、事项内容和季度计划完成目标由区政府办公室预填，请勿修改；不要增删行列，不要合并单元格。"
    "2. “是否完成阶段任务目标”和“是否全部完成”只填“是”或“否”；事项全部完成的月份，“是否全部完成”填“是”，"
    "以后不再报送。3. “指标完成值”每行一个指标，在“：”后填写截至本月累计完成的数值，只填数字。"
    "4. 填报时间填写报送日期，例如 2025-04-03。",
}


@dataclass(frozen=True)
class Field:
    """One column of a form, left to right."""

    key: str
    label: str
    group: str = ""  # the label above it in a two-row header (the plan's 季度目标及推进计划)

    @property
    def filled(self) -> bool:
        return self.key not in PREFILLED


def fields(form: Form) -> list[Field]:
    """The columns of forms.yaml, then the report's two additions."""
    return [
        Field(leaf.key, leaf.label, column.label if column.columns else "")
        for column in [*form.columns, *EXTRA.get(form.id, ())]
        for leaf in column.columns or [column]
    ]


def header_depth(columns: list[Field]) -> int:
    """One header row, or two when columns are grouped."""
    return 2 if any(column.group for column in columns) else 1


def label(item: Item) -> str:
    """An item's 序号 on the forms: each register numbers its own items, so 任务12, 实事8, 措施3."""
    return f"{item.kind.item}{item.no}"


def subtitle(form: Form, month: int) -> str:
    """（　月） → （3月）."""
    return form.subtitle.replace("\u3000", str(month)) if "\u3000" in form.subtitle else f"（{month}月）"
