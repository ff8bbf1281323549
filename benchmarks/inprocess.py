"""The generator's steps timed inside one fresh process (imports excluded), printed as JSON:

    python -m benchmarks.inprocess DATA EXAMPLE YYYY-MM-DD [--docs DIR]

load_validate: read_archive (load, schema, cross-checks); generation: the Markdown pages and the open-data files
(site.generate); downloads: the open-data files alone, made again; report_file: load + schema check of the last month's report file alone.
With --docs, writes what the plugin adds (pages and downloads) plus content/ into DIR, and the nav it sets is
printed too, for a plain MkDocs build of the same site.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import shutil
import time
from pathlib import Path

from generator import schema
from generator.load import load_yaml
from generator.opendata import tables, year_downloads
from generator.pages import Urls, nav
from generator.progress import derive
from generator.registry import read_archive
from generator.site import generate

ROOT = Path(__file__).resolve().parent.parent


def timed(function, *args, **kwargs):
    start = time.perf_counter()
    result = function(*args, **kwargs)
    return result, time.perf_counter() - start


def measure(data: Path, example: Path, as_of: dt.date, docs: Path | None) -> dict:
    archive, load_validate = timed(read_archive, data, example)
    site, generation = timed(lambda: made(generate(archive, as_of, example=True)))
    years, pages, files = site.published, site.pages, site.downloads
    _, downloads = timed(lambda: [d.content for y in years for d in year_downloads(y, tables(y, derive(y, as_of)),
                                                                                 as_of, Urls(y.year), True)])
    report = sorted((example / str(years[0].year) / "reports").glob("*.yaml"))[-1]
    problems, report_file = timed(lambda: schema.check(load_yaml(report), "report"))
    assert not problems, problems
    if docs:
        write_docs(docs, [(p.uri, p.markdown.encode("utf-8")) for p in pages] + [(f.uri, f.content) for f in files])
    hand_written = sorted(path.relative_to(ROOT / "content").as_posix() for path in (ROOT / "content").rglob("*.md"))
    return {"load_validate": load_validate, "generation": generation, "downloads": downloads,
            "report_file": report_file, "nav": nav(years) + hand_written}


def made(site):
    """`site` with every page and download made (they are made when first asked for)."""
    for page in site.pages:
        page.markdown
    for download in site.downloads:
        download.content
    return site


def write_docs(docs: Path, files: list[tuple[str, bytes]]) -> None:
    """content/ plus every generated (uri, content): the docs tree the plugin hands to MkDocs."""
    shutil.rmtree(docs, ignore_errors=True)
    shutil.copytree(ROOT / "content", docs)
    for uri, content in files:
        target = docs / uri
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("data", type=Path)
    parser.add_argument("example", type=Path)
    parser.add_argument("as_of", type=dt.date.fromisoformat)
    parser.add_argument("--docs", type=Path)
    args = parser.parse_args()
    print(json.dumps(measure(args.data, args.example, args.as_of, args.docs)))


if __name__ == "__main__":
    main()
