"""Workbooks saved byte for byte the same from the same content: no save time in the file or its zip entries."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the build writes its workbooks without openpyxl (table_workbook): not imported for it
    from openpyxl import Workbook

_ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)  # the earliest time a zip entry can carry
CREATOR = "济南市市中区人民政府办公室"


def to_bytes(workbook: Workbook, when: dt.datetime) -> bytes:
    """The .xlsx of `workbook`, dated `when` (e.g. the build date) instead of the moment of saving."""
    workbook.properties.created = when
    workbook.properties.creator = workbook.properties.lastModifiedBy = CREATOR
    saved = io.BytesIO()
    workbook.save(saved)  # stamps the time of saving as `modified`: replaced below
    stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    fixed = io.BytesIO()
    with zipfile.ZipFile(saved) as source, zipfile.ZipFile(fixed, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            content = source.read(entry)
            if entry.filename == "docProps/core.xml":
                content = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>" + stamp, content)
            target.writestr(zipfile.ZipInfo(entry.filename, _ZIP_EPOCH), content, compress_type=zipfile.ZIP_DEFLATED)
    return fixed.getvalue()


# -- a table as a one-sheet workbook, written directly: the open-data downloads. openpyxl builds an object per
# cell and took most of the build's generator time (25,000 cells a year); the forms, laid out for printing,
# keep openpyxl.

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_DOC = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_CORE = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"
_TYPES = "application/vnd.openxmlformats-officedocument.spreadsheetml"
_HEADER, _TEXT, _DATE = 1, 2, 3  # the cell styles of _STYLES' cellXfs
_STYLES = f"""<styleSheet xmlns="{_MAIN}"><numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/></numFmts>
<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>
<font><b/><sz val="11"/><name val="Calibri"/></font></fonts>
<fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>
<fill><patternFill patternType="solid"><fgColor rgb="FFEEEEEE"/></patternFill></fill></fills>
<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>
<cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>
<xf numFmtId="0" fontId="1" fillId="2" borderId="0" xfId="0" applyFont="1" applyFill="1" applyAlignment="1">
<alignment horizontal="center" vertical="center" wrapText="1"/></xf>
<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1">
<alignment vertical="top" wrapText="1"/></xf>
<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" applyAlignment="1">
<alignment vertical="top" wrapText="1"/></xf></cellXfs>
<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>"""
_EXCEL_EPOCH = dt.date(1899, 12, 30)


def table_workbook(title: str, header: list[str], rows: list[list], widths: list[float], when: dt.datetime) -> bytes:
    """A one-sheet .xlsx: a bold, frozen header with a filter, then `rows` of ints, floats, dates, texts or None
    (always text, never a formula), columns `widths` wide, wrapped; byte for byte the same from the same input."""
    last = f"{_column(len(header))}{len(rows) + 1}"
    body = [_row(1, header, _HEADER)] + [_row(r, row, _TEXT) for r, row in enumerate(rows, start=2)]
    cols = "".join(f'<col min="{c}" max="{c}" width="{w}" customWidth="1"/>' for c, w in enumerate(widths, start=1))
    sheet = (
        f'<worksheet xmlns="{_MAIN}"><dimension ref="A1:{last}"/><sheetViews><sheetView workbookViewId="0">'
        '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>'
        f'<sheetFormatPr defaultRowHeight="15"/><cols>{cols}</cols><sheetData>{"".join(body)}</sheetData>'
        + (f'<autoFilter ref="A1:{last}"/>' if rows else "")
        + "</worksheet>"
    )
    name = _escape(title[:31])
    workbook = (
        f'<workbook xmlns="{_MAIN}" xmlns:r="{_DOC}"><sheets><sheet name="{name}" sheetId="1" r:id="rId1"/>'
        "</sheets></workbook>"
    )
    return _zipped(
        {
            "[Content_Types].xml": _content_types(),
            "_rels/.rels": _relations([(f"{_DOC}/officeDocument", "xl/workbook.xml"), (_CORE, "docProps/core.xml")]),
            "docProps/core.xml": _core(when),
            "xl/workbook.xml": workbook,
            "xl/_rels/workbook.xml.rels": _relations(
                [(f"{_DOC}/worksheet", "worksheets/sheet1.xml"), (f"{_DOC}/styles", "styles.xml")]
            ),
            "xl/styles.xml": _STYLES,
            "xl/worksheets/sheet1.xml": sheet,
        }
    )


def _row(number: int, values: list, style: int) -> str:
    cells = "".join(
        _cell(f"{_column(c)}{number}", value, style) for c, value in enumerate(values, start=1) if value is not None
    )
    return f'<row r="{number}">{cells}</row>'


def _cell(ref: str, value, style: int) -> str:
    if isinstance(value, str):
        return f'<c r="{ref}" s="{style}" t="inlineStr"><is><t xml:space="preserve">{_escape(str(value))}</t></is></c>'
    if isinstance(value, dt.date):
        return f'<c r="{ref}" s="{_DATE}"><v>{(value - _EXCEL_EPOCH).days}</v></c>'
    return f'<c r="{ref}" s="{style}"><v>{value!r}</v></c>'


def _column(number: int) -> str:
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def _content_types() -> str:
    parts = [
        ("/xl/workbook.xml", f"{_TYPES}.sheet.main+xml"),
        ("/xl/styles.xml", f"{_TYPES}.styles+xml"),
        ("/xl/worksheets/sheet1.xml", f"{_TYPES}.worksheet+xml"),
        ("/docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml"),
    ]
    overrides = "".join(f'<Override PartName="{part}" ContentType="{kind}"/>' for part, kind in parts)
    return (
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        f'<Default Extension="xml" ContentType="application/xml"/>{overrides}</Types>'
    )


def _relations(targets: list[tuple[str, str]]) -> str:
    links = "".join(
        f'<Relationship Id="rId{i}" Type="{kind}" Target="{target}"/>'
        for i, (kind, target) in enumerate(targets, start=1)
    )
    return f'<Relationships xmlns="{_RELS}">{links}</Relationships>'


def _core(when: dt.datetime) -> str:
    stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ")
    return (
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:creator>{CREATOR}</dc:creator><cp:lastModifiedBy>{CREATOR}</cp:lastModifiedBy>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified></cp:coreProperties>'
    )


def _zipped(parts: dict[str, str]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, xml in parts.items():
            content = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' + xml
            archive.writestr(zipfile.ZipInfo(name, _ZIP_EPOCH), content.encode("utf-8"), zipfile.ZIP_DEFLATED)
    return out.getvalue()
