"""Charts as a reader sees them: bars and columns to scale, the same numbers in the table, safe and stable HTML."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import markdown
import pytest
from bs4 import BeautifulSoup

from generator.site import charts
from generator.site.charts import status_bars, trend
from generator.words import STATUSES

NS = {"svg": "http://www.w3.org/2000/svg"}


def svg_of(fragment: str) -> ET.Element:
    return ET.fromstring(re.search(r"<svg.*</svg>", fragment, re.S).group())


def groups(svg: ET.Element, cls: str) -> list[ET.Element]:
    return svg.findall(f"svg:g[@class='{cls}']", NS)


def segments(group: ET.Element) -> list[dict[str, str]]:
    return [rect.attrib for rect in group.findall("svg:rect", NS)]


def table_rows(fragment: str) -> list[list[str]]:
    table = BeautifulSoup(fragment, "html.parser").find("table")
    return [[cell.get_text() for cell in tr.find_all(["th", "td"])] for tr in table.find_all("tr")]


def test_bars_are_proportional_and_the_longest_fills_the_plot():
    svg = svg_of(status_bars("进展", [("甲", {"已完成": 10}), ("乙", {"已完成": 5}), ("丙", {})]))
    first, second, empty = groups(svg, "chart-row")
    (a,), (b,) = segments(first), segments(second)
    assert float(a["width"]) == 2 * float(b["width"])
    assert float(a["width"]) == charts.WIDTH - float(a["x"]) - charts.TOTAL_SPACE
    assert segments(empty) == [] and empty.find("svg:text", NS).text == "丙"


def test_segments_follow_the_series_order_end_to_end():
    counts = {"未报送": 1, "已完成": 4, "进度滞后": 2, "序时推进": 3}
    svg = svg_of(status_bars("进展", [("甲", counts)]))
    rects = segments(groups(svg, "chart-row")[0])
    assert [r["class"] for r in rects] == list(charts.CLASSES)
    widths = [float(r["width"]) for r in rects]
    assert widths == pytest.approx([w * widths[0] / 4 for w in (4, 3, 2, 1)])
    for left, right in zip(rects, rects[1:]):
        assert float(left["x"]) + float(left["width"]) == pytest.approx(float(right["x"]))


def test_wide_segments_show_their_count_and_the_legend_names_every_status():
    svg = svg_of(status_bars("进展", [("甲", {"已完成": 10, "序时推进": 20})]))
    counts = [t.text for t in svg.iter("{http://www.w3.org/2000/svg}text") if t.get("class") == "chart-count"]
    assert counts == ["10", "20"]
    legend = groups(svg, "chart-legend")[0]
    assert [t.text for t in legend.findall("svg:text", NS)] == list(STATUSES)
    assert [r["class"] for r in segments(legend)] == list(charts.CLASSES)


def test_table_lists_every_count_with_row_totals():
    rows = [("区发展和改革局", {"已完成": 3, "进度滞后": 2}), ("区统计局", {"未报送": 7}), ("区财政局", {})]
    fragment = status_bars("按单位", rows)
    assert table_rows(fragment) == [
        ["名称", *STATUSES, "合计"],
        ["区发展和改革局", "3", "0", "2", "0", "5"],
        ["区统计局", "0", "0", "0", "7", "7"],
        ["区财政局", "0", "0", "0", "0", "0"],
    ]
    soup = BeautifulSoup(fragment, "html.parser")
    assert soup.find("caption").get_text() == "按单位"
    assert soup.select_one("div.chart-table > table")
    assert all(th["scope"] == "col" for th in soup.thead.find_all("th"))
    assert all(tr.th["scope"] == "row" for tr in soup.tbody.find_all("tr"))
    assert all("chart-num" in td["class"] for td in soup.tbody.find_all("td"))


def test_data_is_escaped_everywhere():
    label = '<script>alert(1)</script> & "所"'
    fragment = status_bars("标题 <img src=x onerror=alert(1)> & 说明", [(label, {"已完成": 1})], "注 <b>粗</b>")
    soup = BeautifulSoup(fragment, "html.parser")
    assert soup.find_all(["script", "img", "b"]) == []
    assert soup.tbody.th.get_text() == label
    assert soup.caption.get_text() == "标题 <img src=x onerror=alert(1)> & 说明"
    assert soup.figcaption.get_text() == "注 <b>粗</b>"
    assert label in [t.text for t in svg_of(fragment).iter("{http://www.w3.org/2000/svg}text")]


def test_long_labels_are_cut_with_a_tooltip_but_complete_in_the_table():
    label = "济南市市中区人民政府七里山街道办事处（含社区居委会）"
    svg = svg_of(status_bars("按单位", [(label, {"已完成": 1})]))
    row = groups(svg, "chart-row")[0]
    shown = row.find("svg:text", NS)
    assert shown.text.endswith("…") and label.startswith(shown.text[:-1])
    assert row.find("svg:title", NS).text == label
    assert len(shown.text) <= float(shown.get("x")) / charts.FONT  # room for one em per character
    assert table_rows(status_bars("按单位", [(label, {})]))[1][0] == label


@pytest.mark.parametrize(
    "fragment",
    [
        status_bars("标题\n\n第二段", [("甲\n\n乙", {"已完成": 1})], "注：\n\n另起一段"),
        trend("趋势", [("1月\n\n", {"序时推进": 2})]),
    ],
)
def test_fragment_is_one_raw_html_block_in_markdown(fragment):
    assert fragment.startswith("<figure") and fragment.endswith("</figure>")
    assert "\n\n" not in fragment and not re.search(r"\n\s*\n", fragment)
    page = markdown.markdown(f"# 标题\n\n段落。\n\n{fragment}\n\n后文。\n", extensions=["tables", "md_in_html"])
    assert fragment in page


def test_svg_is_labelled_by_its_title_and_description():
    svg = svg_of(status_bars("按单位", [("甲", {"已完成": 2, "未报送": 1})]))
    assert svg.get("role") == "img" and svg.get("viewBox")
    # Its text no larger than the page's: at most as wide as the viewBox holds font sizes, each charts.TEXT rem.
    assert f"max-width: {charts.WIDTH / charts.FONT * charts.TEXT:g}rem" in svg.get("style")
    title_id, desc_id = svg.get("aria-labelledby").split()
    assert svg.find(f"svg:title[@id='{title_id}']", NS).text == "按单位"
    assert "已完成2项" in svg.find(f"svg:desc[@id='{desc_id}']", NS).text


def test_output_is_reproducible_and_ids_differ_between_charts():
    rows = [("甲", {"已完成": 2})]
    assert status_bars("按单位", rows) == status_bars("按单位", list(rows))
    page = status_bars("按单位", rows) + status_bars("按类别", rows) + trend("按月", rows)
    ids = re.findall(r'\bid="([^"]+)"', page)
    assert len(ids) == 6 and len(set(ids)) == 6


def test_columns_are_proportional_and_the_tallest_fills_the_plot():
    months = [("1月", {"已完成": 8}), ("2月", {"已完成": 2, "进度滞后": 2}), ("3月", {})]
    svg = svg_of(trend("按月", months))
    jan, feb, mar = groups(svg, "chart-column")
    heights = [sum(float(r["height"]) for r in segments(g)) for g in (jan, feb)]
    assert heights == [charts.PLOT_HEIGHT, charts.PLOT_HEIGHT / 2]
    assert segments(mar) == [] and "3月" in [t.text for t in mar.findall("svg:text", NS)]
    assert table_rows(trend("按月", months))[1:] == [
        ["1月", "8", "0", "0", "0", "8"],
        ["2月", "2", "0", "2", "0", "4"],
        ["3月", "0", "0", "0", "0", "0"],
    ]
    assert table_rows(trend("按月", months))[0][0] == "月份"


def test_all_zero_and_empty_data_draw_nothing_without_failing():
    for fragment in (
        status_bars("空", [("甲", {}), ("乙", {"已完成": 0})]),
        trend("空", [("1月", {})]),
        status_bars("空", []),
        trend("空", []),
    ):
        svg = svg_of(fragment)
        assert [
            r
            for g in svg.iter("{http://www.w3.org/2000/svg}g")
            if g.get("class") != "chart-legend"
            for r in segments(g)
        ] == []
        assert fragment.startswith("<figure") and fragment.endswith("</figure>")
