"""The registers as typed records: what the pages are made from."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from generator.read.targets import Target

PUBLIC = "主动公开"
INTERPRETATION = "解读"  # a document's kind: a 政策解读 of a notice of its year
OWN_NAME = "（本站拟名）"


@dataclass(frozen=True)
class Kind:
    """A kind of register, its URL segment and its names on the site."""

    slug: str
    title: str  # the register's name, e.g. 年度工作任务
    item: str  # one item, e.g. 任务
    report_months: tuple[int, ...] = tuple(range(1, 13))  # the months whose progress must be reported

    @property
    def cadence(self) -> str:
        """How often its progress is reported; the notices ask monthly reports of the tasks and projects only."""
        return "每月报送" if len(self.report_months) == 12 else "每季度末月报送（本站做法）"


KINDS = {
    kind.slug: kind
    for kind in (
        Kind("tasks", "年度工作任务", "任务"),
        Kind("projects", "为民办实事", "实事"),
        Kind("measures", "产业帮扶措施", "措施", (3, 6, 9, 12)),  # the site's own: the plan reviews them each quarter
    )
}


@dataclass(eq=False)
class Unit:
    id: str
    name: str
    side: str
    aliases: list[str] = field(default_factory=list)


@dataclass(eq=False)
class Leader:
    id: str
    name: str


@dataclass
class Block:
    text: str
    heading: bool = False


@dataclass
class Attachment:
    no: int
    title: str
    content: Register | Form | None = None


@dataclass(eq=False)
class Document:
    id: str
    number: str
    title: str
    issuers: list[str]
    date: dt.date
    disclosure: str
    body: list[Block]
    addressees: str = ""
    disclosure_note: str = ""
    published: dt.date | None = None
    index_no: str = ""
    kind: str = "通知"  # or INTERPRETATION
    topic: str = ""  # 主题分类, the office's choice from the schema's vocabulary
    validity: str = ""  # 有效性: 有效, 失效 or 废止
    attachments: list[Attachment] = field(default_factory=list)
    enclosed: bool = False  # the attachments are documents it issues (印发), with no 附件 line
    personnel: Personnel | None = None
    interprets: Document | None = None  # a 解读: the notice it interprets
    interpretations: list[Document] = field(default_factory=list)  # a notice: its 解读, in date order

    @property
    def interpretation(self) -> bool:
        return self.kind == INTERPRETATION

    @property
    def public(self) -> bool:
        return self.disclosure == PUBLIC


@dataclass
class UnitRef:
    name: str  # as written in the register
    unit: Unit
    lead: bool = False


@dataclass(eq=False)
class Group:
    no: int
    title: str


@dataclass
class Indicator:
    """A quantity target stated in an item's text, e.g. 新增学位 6000个, 地区生产总值增长 5.6%左右."""

    name: str  # words of the item's text, unless own_name
    target: Target
    own_name: bool = False  # the name is the site's label: no phrase of the text fits

    @property
    def unit(self) -> str:
        return self.target.unit

    @property
    def label(self) -> str:
        """The name as pages show it: a name of the site's own says so."""
        return self.name + (OWN_NAME if self.own_name else "")


@dataclass(eq=False)
class Item:
    id: str
    no: int
    text: str
    units: list[UnitRef]
    leaders: list[Leader] = field(default_factory=list)
    group: Group | None = None
    responsible: str = ""  # 责任单位 as printed, where it differs from the list of units
    disclosure: str = PUBLIC
    indicators: list[Indicator] = field(default_factory=list)
    register: Register = field(default=None, repr=False)
    plan: PlanEntry | None = None
    reports: dict[int, Report] = field(default_factory=dict)  # month → the report filed for it
    related: list[Item] = field(default_factory=list)  # items the office linked as the same work, either side

    @property
    def name(self) -> str:
        """The item as its register names it, e.g. 为民办实事第7项."""
        return f"{self.kind.title}第{self.no}项"

    @property
    def kind(self) -> Kind:
        return self.register.kind

    @property
    def reporting_unit(self) -> Unit:
        """The unit that files the item's plan and reports: its first lead unit, else its first unit."""
        return next((ref.unit for ref in self.units if ref.lead), self.units[0].unit)


def by_reporting_unit(items: list[Item]) -> dict[Unit, list[Item]]:
    """`items` grouped by the unit that reports them, units in order of first appearance."""
    grouped: dict[Unit, list[Item]] = {}
    for item in items:
        grouped.setdefault(item.reporting_unit, []).append(item)
    return grouped


@dataclass(eq=False)
class Register:
    kind: Kind
    document: Document
    title: str
    items: list[Item]
    attachment: int | None = None
    note: str = ""
    intro: list[Block] = field(default_factory=list)
    groups_label: str = ""
    groups: list[Group] = field(default_factory=list)

    def grouped(self) -> list[tuple[Group | None, list[Item]]]:
        if not self.groups:
            return [(None, self.items)]
        return [(group, [item for item in self.items if item.group is group]) for group in self.groups]


@dataclass
class Change:
    """One appointment (任命) or removal (免去) of a personnel notice."""

    person: str
    organisation: str
    post: str
    probation_months: int | None = None
    disclosure: str = PUBLIC


@dataclass
class Personnel:
    document: Document
    appointments: list[Change]
    removals: list[Change]


@dataclass
class Column:
    key: str
    label: str
    columns: list[Column] = field(default_factory=list)


@dataclass
class Form:
    id: str
    document: Document
    attachment: int
    title: str
    columns: list[Column]
    rows: int  # blank numbered rows, as the attachment prints them
    subtitle: str = ""
    header: list[str] = field(default_factory=list)
    footer: list[str] = field(default_factory=list)


@dataclass(eq=False)
class PlanEntry:
    """One row of a unit's 落实计划表 (附件3)."""

    item: Item
    unit: Unit
    filed: dt.date
    targets: list[str]  # 一季度 … 四季度
    principal: str = ""
    deputy: str = ""
    remarks: str = ""


@dataclass(eq=False)
class Report:
    """One row of a month's 落实情况表 (附件4). Not yet reported while `submitted` is None."""

    item: Item
    month: int
    unit: Unit
    submitted: dt.date | None
    target: str = ""
    progress: str = ""
    problems: str = ""
    next_steps: str = ""
    stage_met: bool = True
    completed: bool = False
    values: dict[str, float] = field(default_factory=dict)  # indicator name → value reached so far


@dataclass(eq=False)
class Event:
    """A major-event bulletin (重大事项一事一通报), written by the office."""

    id: str
    title: str
    date: dt.date
    body: list[Block]
    items: list[Item] = field(default_factory=list)
    disclosure: str = PUBLIC


@dataclass
class Year:
    year: int
    documents: list[Document]
    registers: list[Register]
    personnel: list[Personnel]
    units: list[Unit]
    leaders: list[Leader]
    forms: list[Form]
    months: list[int] = field(default_factory=list)  # months with a report file: the office tracks them
    deadlines: dict[int, dt.date] = field(default_factory=dict)  # month → last day to report it
    events: list[Event] = field(default_factory=list)

    def items(self) -> list[Item]:
        return [item for register in self.registers for item in register.items]

    def register(self, slug: str) -> Register | None:
        return next((r for r in self.registers if r.kind.slug == slug), None)


@dataclass(frozen=True)
class Contact:
    office: str = ""
    address: str = ""
    postcode: str = ""
    hours: str = ""
    phone: str = ""
    fax: str = ""
    email: str = ""


@dataclass(frozen=True)
class Settings:
    """The site's identity (data/site.yaml): what the office has obtained and may publish; "" where not filled in."""

    official: bool = False  # this deployment is the government's own site (filed, on a server in mainland China)
    name: str = ""  # 网站名称
    sponsor: str = ""  # 主办单位
    operator: str = ""  # 承办单位
    site_url: str = ""  # ends with /
    official_url: str = ""
    correction_url: str = ""  # 我为政府网站找错
    contact: Contact = Contact()
    site_code: str = ""  # 政府网站标识码
    icp: str = ""  # ICP备案编号
    police: str = ""  # 公安机关备案号
    mark: Path | None = None  # 党政机关网站标识, a file in data/
    mark_url: str = ""
    index_code: str = ""  # 索引号's organisation code
    disclosure: Contact = Contact()  # 政府信息公开工作机构


@dataclass(frozen=True)
class Disclosure:
    """Texts the office writes for the 政府信息公开 section (data/disclosure/), as Markdown; "" where not written."""

    apply: str = ""  # 依申请公开: how to apply
    reports: dict[int, str] = field(default_factory=dict)  # year → its 政府信息公开工作年度报告


@dataclass
class Archive:
    years: list[Year]  # newest first
    settings: Settings = Settings()
    disclosure: Disclosure = Disclosure()


def parse_date(text: str) -> dt.date:
    return dt.date.fromisoformat(text)  # the schema has checked that it exists


def parse_blocks(entries: list) -> list[Block]:
    return [Block(e["heading"], heading=True) if isinstance(e, dict) else Block(e) for e in entries]
