"""The official forms as Excel workbooks: out to the units prefilled, back into data/ exactly as they filled them.

    layout      the forms' columns, which of them the office prefills, each row's 序号, the words on the sheet
    export      plan_workbook, report_workbook: one sheet per unit, its 附件3 落实计划表 or a month's 附件4 落实情况表,
                laid out like the official form for A4 landscape, prefilled with the items it reports
    cells       a filled cell → the value stored (text as typed, 是/否, date, indicator values), or what is wrong
    read        read_workbook: the cells each unit filled in; every problem named by sheet and cell (FormError)
    yaml_edit   changing values of a YAML file in place (ruamel.yaml round trip), comments and layout kept
    apply       import_workbook: the changes to plans/<unit>.yaml or reports/YYYY-MM.yaml, only that unit's entries;
                apply: shows them, writes them only when nothing already there is replaced (or when told to),
                reads data/ back, and restores the files on any problem
    workflow    for the forge's workflow: pack, the month's forms of every unit; take_inbox, every uploaded form
                imported together, or none

The official report form has no column for 是否全部完成 nor for the indicators: two columns are added at its end
and explained in the sheet's note row. Contacts (填报人, 联系电话, 负责人签字) go to `contact` / `contacts`, never
published.
"""

from generator.forms.apply import apply, import_workbook
from generator.forms.export import find_unit, plan_workbook, report_workbook, reporting_units
from generator.forms.read import FormError

__all__ = ["FormError", "apply", "find_unit", "import_workbook", "plan_workbook", "report_workbook", "reporting_units"]
