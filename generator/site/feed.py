"""An Atom feed of the notices and bulletins, newest first, for feed readers.

Links are relative to the feed's own address (`/feed.xml`), so the feed works on any host and on an
intranet; ids are stable UUIDs derived from each page's path, and the feed carries no build time.
"""

from __future__ import annotations

import datetime as dt
import uuid
from xml.sax.saxutils import escape, quoteattr

from generator.derive.bulletins import Bulletin
from generator.model import Year
from generator.site.urls import Urls, address
from generator.words import chinese_date

TITLE = "济南市市中区政务公开：公文与通报"
PUBLISHER = "济南市市中区人民政府办公室"  # who publishes the site


def atom(years: list[Year], bulletins: dict[int, list[Bulletin]], example: bool = False) -> str:
    entries = []
    for year in years:
        urls = Urls(year.year)
        entries += [
            (d.published or d.date, urls.document(d), f"{d.title}（{d.number}）", f"公文 · {d.number}", d.issuers)
            for d in year.documents
        ]
        entries += [(b.date, urls.bulletin(b), b.title, b.label, []) for b in bulletins[year.year]]
    entries.sort(key=lambda e: (e[0], e[1]), reverse=True)
    title = f"{TITLE}（示例数据）" if example else TITLE
    updated = _timestamp(entries[0][0]) if entries else "1970-01-01T00:00:00Z"
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="zh-CN">',
        f"  <title>{escape(title)}</title>",
        f"  <id>{_id('feed.xml')}</id>",
        f"  <updated>{updated}</updated>",
        f"  <author><name>{PUBLISHER}</name></author>",  # of the site; a notice names its own issuers
        '  <link rel="self" href="feed.xml"/>',
        '  <link rel="alternate" type="text/html" href="./"/>',
    ]
    for day, uri, entry_title, summary, authors in entries:
        lines += [
            "  <entry>",
            f"    <title>{escape(entry_title)}</title>",
            *(f"    <author><name>{escape(author)}</name></author>" for author in authors),
            f"    <id>{_id(uri)}</id>",
            f"    <updated>{_timestamp(day)}</updated>",
            f'    <link rel="alternate" type="text/html" href={quoteattr(address(uri))}/>',
            f"    <summary>{escape(f'{summary}，{chinese_date(day)}')}</summary>",
            "  </entry>",
        ]
    lines.append("</feed>")
    return "\n".join(lines) + "\n"


def _id(uri: str) -> str:
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, 'shizhong-disclosure:' + uri)}"


def _timestamp(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00+08:00"
