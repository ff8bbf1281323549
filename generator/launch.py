"""`validate --launch`: what the office still lacks for a public launch, in the order to obtain it, in plain Chinese.
A check, not an error: the site builds without any of it."""

from __future__ import annotations

import datetime as dt

from generator.model import Archive


def missing(archive: Archive, today: dt.date) -> list[str]:
    """Each missing thing with why it matters, in the order to obtain it."""
    s = archive.settings
    notices = [(year.year, d) for year in archive.years for d in year.documents if d.public and not d.interpretation]
    lines = []
    if not s.site_code:
        lines.append(
            "政府网站标识码（site_code）：政府网站开设须经审核，通过后取得标识码；政府网站的每个页面都要显示它。"
        )
    if not s.icp:
        lines.append(
            "ICP备案编号（icp）：在境内提供互联网信息服务须办理ICP备案，经境内接入服务商办理，网站因此要部署在境内服务器上；"
            "备案编号显示在页面底部。"
        )
    if not s.site_url:
        lines.append("网站地址（site_url）：备案的域名确定后填写；站点地图和各页面的规范链接都以它为准。")
    if not s.police:
        lines.append("公安机关备案号（police）：网站开通后30日内向公安机关办理联网备案；备案号显示在页面底部。")
    if not s.mark:
        lines.append(
            "党政机关网站标识（mark、mark_url）：向机构编制部门申请，收到的图片放进 data/identity/；页面底部显示它。"
        )
    absent = [
        label
        for label, value in (
            ("承办单位（operator）", s.operator),
            ("联系方式（contact）", any(vars(s.contact).values())),
            ("我为政府网站找错的网址（correction_url）", s.correction_url),
        )
        if not value
    ]
    if absent:
        lines.append(
            "、".join(absent) + "：政府网站页面底部要列明主办、承办单位和联系方式，并提供“我为政府网站找错”入口。"
        )
    if not any(vars(s.disclosure).values()):
        lines.append("政府信息公开工作机构（disclosure）：公开指南要写明其名称、地址、办公时间、电话、传真和电子邮箱。")
    if not s.index_code:
        lines.append("索引号机构代码（index_code）：每份文件的索引号以它开头。")
    for label, field in (("主题分类（topic）", "topic"), ("有效性（validity）", "validity")):
        lacking = {}
        for year, document in notices:
            if not getattr(document, field):
                lacking.setdefault(year, []).append(document.id)
        if lacking:
            lines.append(
                f"{label}：政府网站的文件页面通常列明这一项；通知本身没有写，由办公室确定。尚缺："
                + "；".join(f"data/{year}/documents/ 中 id 为 {'、'.join(ids)} 的公文" for year, ids in lacking.items())
            )
    if not archive.disclosure.apply:
        lines.append(
            "依申请公开的说明（data/disclosure/apply.md）：告诉公众如何申请获取未主动公开的政府信息；"
            "写好之前网站不显示这一栏目。"
        )
    lines += [
        _report(year.year, today) for year in reversed(archive.years) if year.year not in archive.disclosure.reports
    ]
    if not s.official:
        lines.append(
            "official: true：以上备案办好、部署到境内服务器后再改为 true；在此之前，每页注明本站不是政府官方网站。"
        )
    return lines


def _report(year: int, today: dt.date) -> str:
    """The annual report of `year`: the 条例 (art. 49) has a department publish it by 31 January of the next year."""
    due = dt.date(year + 1, 1, 31)
    when = f"已逾期（应于{due.year}年1月31日前公布）" if today > due else f"应于{due.year}年1月31日前公布"
    return (
        f"{year}年政府信息公开工作年度报告（data/disclosure/reports/{year}.md）：{when}。"
        "《政府信息公开条例》第四十九条：县级以上人民政府部门每年1月31日前公布本机关上一年度的年度报告"
        "（本级政府的年度报告由政府信息公开工作主管部门于3月31日前公布）。"
    )


def report(archive: Archive, today: dt.date) -> str:
    lines = missing(archive, today)
    if not lines:
        return "✓ 上线所需的各项均已具备。"
    head = f"上线前还缺 {len(lines)} 项（按办理顺序；网站照常生成）："
    return "\n".join([head] + [f"  {n}. {line}" for n, line in enumerate(lines, 1)])
