"""Every statement the site makes about rules (reporting, deadlines, bulletins, probation, cadence) is either a
quotation of the notices, found word for word in sources/, or labelled as the site's own method (本站)."""

from __future__ import annotations

import re

import pytest
from conftest import AS_OF, ROOT
from test_transcription import repaired_source

from generator.read.registry import read_archive
from generator.site import generate

RULE = re.compile(r"报送|通报|试用期|工作日|每季度|每月|截止|期限")
NOTICE = re.compile(r"市中政\w+〔\d{4}〕\d+号")
# Said once, each without ground in the notices: they must not come back.
UNGROUNDED = [
    "试用期自成文日期起算",
    "产业帮扶措施每季度末月报送",
    "重点工作一季度一通报",
    "重点工作每季度通报",
    "次月前5个工作日",
    "按附件4的格式",
    "索引号、发布机构",
    "由区政府办公室印发的通知",
    "办公室印发的通知",
]


@pytest.fixture(scope="module")
def pages() -> dict[str, str]:
    generated = {p.uri: p.markdown for p in generate(read_archive(ROOT / "data"), AS_OF).pages}
    return generated | {
        f"content/{p.relative_to(ROOT / 'content')}": p.read_text("utf-8") for p in (ROOT / "content").rglob("*.md")
    }


@pytest.fixture(scope="module")
def source() -> str:
    return repaired_source()


def plain(text: str) -> str:
    """Markdown as words: links as their text, escapes and whitespace gone (the source has no whitespace)."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    return re.sub(r"\s+", "", text.replace("\\", ""))


def sentences(markdown: str) -> list[str]:
    prose = re.sub(r"```.*?```", "", markdown, flags=re.S)  # the guide's console output is not the site's words
    return [s for line in prose.splitlines() for s in re.split(r"(?<=[。；])", line) if s.strip()]


def test_no_ungrounded_statement_is_made(pages):
    for uri, markdown in pages.items():
        for statement in UNGROUNDED:
            assert statement not in plain(markdown), f"{uri}: {statement}"


def test_what_is_attributed_to_a_notice_is_quoted_from_it(pages, source):
    """A sentence that names a notice and states a rule quotes it; each quotation is in the notice, word for word."""
    for uri, markdown in pages.items():
        for sentence in sentences(markdown):
            if NOTICE.search(sentence) and RULE.search(sentence) and "本站" not in sentence:
                quotes = re.findall(r"“([^”]*)”", sentence)
                assert quotes, f"{uri}: “{sentence}” attributes a rule to a notice without quoting it"
                for quote in quotes:
                    assert plain(quote) in source, f"{uri}: “{quote}” is not in the notice"


def test_the_rules_page_quotes_the_notice_and_labels_the_rest(pages, source):
    sections = re.split(r"^## ", pages["2025/schedule.md"], flags=re.M)[1:]
    titles = [section.splitlines()[0] for section in sections]
    assert titles == ["通知的规定", "报送期限", "本站的认定方法（非通知原文）"]
    quoted, deadlines, method = sections
    quotations = [line[2:] for line in quoted.splitlines() if line.startswith("> ")]
    assert len(quotations) == 3 and all(plain(q) in source for q in quotations)
    assert (
        "次月初5个工作日内" in quoted and "由牵头责任单位汇总后" in quoted and "整体工作推进情况一季度一通报" in quoted
    )
    assert all(not RULE.search(line) for line in quoted.splitlines() if line and not line.startswith(("> ", "[")))
    prose = [s for s in sentences(deadlines.split("\n", 1)[1]) if "|" not in s]  # the deadlines table aside
    assert [s for s in prose if RULE.search(s)] == [s for s in prose if "由本站" in s]
    for name in (
        "已完成",
        "序时推进",
        "进度滞后",
        "未报送",
        "迟报",
        "不足一个百分点",
        "通报的发布",
        "每季度末月报送（本站做法）",
        "约数目标，不作判断",
    ):
        assert name in method and name not in quoted


def test_the_gaotang_cadence_is_the_sites_own(pages, source):
    rules = plain(pages["2025/schedule.md"])
    review = re.search(r"写明“([^”]*)”，本站据此按季度跟踪", rules)
    assert review and review[1] in source and review[1].startswith("每季度由两地发展改革局牵头")


def test_probation_is_as_printed(pages):
    personnel = pages["2025/personnel.md"]
    rows = [line for line in personnel.splitlines() if line.startswith("| ") and "---" not in line][1:]
    probations = {row.split("|")[4].strip() for row in rows if row.count("|") == 5}
    assert probations == {"一年", "—"}
    assert "起算" not in personnel and "至20" not in personnel


def test_the_printed_blank_forms_have_the_attachments_rows(pages, source):
    notice = pages["2025/documents/banfa-1.md"]
    for attachment, rows in ((3, 4), (4, 5)):
        form = notice.split(f"## 附件{attachment}")[1].split("## 附件")[0]
        body = form.split("<tbody>")[1].split("</tbody>")[0]
        assert body.count("<tr>") == rows, f"附件{attachment}"
    assert "1234填报人" in source and "12345填报人" in source  # the attachments' own numbered rows


def test_an_enclosed_plan_is_not_called_an_attachment(pages, source):
    notice = pages["2025/documents/banzi-1.md"]
    assert "附件" not in notice and "## 济南市市中区产业帮扶聊城市高唐县推动跨越提升工作方案" in notice
    start = source.index("市中政办字〔2025〕1号")
    assert "附件" not in source[start : source.index("此件公开发布", start)]


def test_each_notice_names_its_own_issuers(pages, year):
    home = plain(pages["index.md"])
    for document in year.documents:
        assert "、".join(document.issuers) in home
        notice = pages[f"2025/documents/{document.id}.md"]
        assert f"<td>{'、'.join(document.issuers)}</td>" in notice
        assert f"公开方式</th><td>主动公开（本站分类；原文：{document.disclosure_note}）" in notice
    mkdocs = (ROOT / "mkdocs.yml").read_text("utf-8")
    assert "办公室公开发布的通知" not in mkdocs and "办公室印发的通知" not in home


def test_a_unit_named_by_splitting_a_clause_says_so(pages, year):
    said = {
        uri: re.search(r"责任单位“([^”]+)”拆分得出", markdown)
        for uri, markdown in pages.items()
        if uri.startswith("2025/units/") and uri != "2025/units/index.md"
    }
    split = {uri: match[1] for uri, match in said.items() if match}
    assert len(split) >= 13 and "两地科技局" in split.values()
    clauses = {item.responsible for item in year.items() if item.responsible}
    assert set(split.values()) <= clauses  # quoted as printed


def test_the_guides_invented_entries_say_they_are_examples(pages):
    """The office guide runs real commands on invented entries for a real task: each one says 示例."""
    guide = pages["content/office/index.md"]
    invented = [text for text in re.findall(r"（空） → “([^”]*)”", guide) if not re.fullmatch(r"[\d-]+|是|否", text)]
    assert len(invented) >= 3 and all(text.startswith("示例：") for text in invented)
    assert '!!! example "示例"' in guide
    assert all("示例" in line for line in guide.splitlines() if line.strip().startswith("title:"))
