"""Workbooks saved byte for byte the same from the same content: no save time in the file or its zip entries."""
from __future__ import annotations

import datetime as dt
import io
import re
import zipfile

from openpyxl import Workbook

_ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)  # the earliest time a zip entry can carry


def to_bytes(workbook: Workbook, when: dt.datetime) -> bytes:
    """The .xlsx of `workbook`, dated `when` (e.g. the build date) instead of the moment of saving."""
    workbook.properties.created = when
    workbook.properties.creator = workbook.properties.lastModifiedBy = "济南市市中区人民政府办公室"
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
