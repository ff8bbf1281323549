"""The generator's steps timed inside one fresh process (imports excluded), printed as JSON:

    python -m benchmarks.inprocess DATA EXAMPLE YYYY-MM-DD

load_validate: read_archive (load, schema, cross-checks); generation: the Markdown pages and the open-data files
(site.generate); downloads: the open-data files alone, made again; report_file: load + schema check of the last
month's report file alone.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import time
from pathlib import Path

from generator.derive.progress import derive
from generator.read import schema
from generator.read.load import load_yaml
from generator.read.registry import read_archive
from generator.site import generate
from generator.site.opendata import tables, year_downloads
from generator.site.urls import Urls


def timed(function, *args, **kwargs):
    start = time.perf_counter()
    result = function(*args, **kwargs)
    return result, time.perf_counter() - start


def measure(data: Path, example: Path, as_of: dt.date) -> dict:
    archive, load_validate = timed(read_archive, data, example)
    site, generation = timed(lambda: made(generate(archive, as_of, example=True)))
    years = site.published
    _, downloads = timed(
        lambda: [
            d.content for y in years for d in year_downloads(y, tables(y, derive(y, as_of)), as_of, Urls(y.year), True)
        ]
    )
    report = sorted((example / str(years[0].year) / "reports").glob("*.yaml"))[-1]
    problems, report_file = timed(lambda: schema.check(load_yaml(report), "report"))
    assert not problems, problems
    return {
        "load_validate": load_validate,
        "generation": generation,
        "downloads": downloads,
        "report_file": report_file,
    }


def made(site):
    """`site` with every page and download made (they are made when first asked for)."""
    for page in site.pages:
        page.markdown
    for download in site.downloads:
        download.content
    return site


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("data", type=Path)
    parser.add_argument("example", type=Path)
    parser.add_argument("as_of", type=dt.date.fromisoformat)
    args = parser.parse_args()
    print(json.dumps(measure(args.data, args.example, args.as_of)))


if __name__ == "__main__":
    main()
