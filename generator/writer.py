"""The downloads, written into the site on the second core while MkDocs renders the pages.

MkDocs needs the pages' Markdown before it starts, but the downloads only when it copies the static files, after
every page is rendered (`on_env`). Making them (CSV, JSON, Excel: 0.15 s a year) in a forked process meanwhile
takes them off the build's time. The process writes each file where MkDocs would copy it to; MkDocs, finding
source and destination the same file, leaves it as it is.
"""
from __future__ import annotations

import multiprocessing
from pathlib import Path

from .opendata import Download


class DownloadWriter:
    def __init__(self, downloads: list[Download], site_dir: Path):
        self.paths = [site_dir / download.uri for download in downloads]
        self.process = multiprocessing.get_context("fork").Process(target=_write, args=(downloads, self.paths),
                                                                   name="downloads", daemon=True)
        self.process.start()

    def wait(self) -> bool:
        """True once every file is written; False if the process failed (it has printed why)."""
        self.process.join()
        return self.process.exitcode == 0

    def stop(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join()


def _write(downloads: list[Download], paths: list[Path]) -> None:
    for download, path in zip(downloads, paths):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(download.content)
