"""The pages and the downloads, made on the second core while MkDocs builds the site (`mkdocs build` only).

MkDocs needs the list of pages before it starts, but a page's Markdown only when it reads that page, one after
another (about 4 ms each), and the downloads only when it copies the static files, after the last page.
So once the pages are listed, a forked process renders them in MkDocs' order and hands each one over through a
pipe as MkDocs asks for it (`PageStream`); once MkDocs has emptied the site folder, another writes the downloads
(CSV, JSON, Excel) where MkDocs would copy them to (`DownloadWriter`; finding source and destination the same
file, MkDocs leaves it). Rendering then barely adds to MkDocs' own time (BENCHMARKS.md).
"""
from __future__ import annotations

import os
from multiprocessing import Pipe
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

from .forked import Fork
from .opendata import Download
from .pages import Page


class BackgroundFailed(PluginError):
    """A forked process stopped before it finished; it has printed why."""

    def __init__(self, what: str):
        super().__init__(f"生成{what}时出错（原因见上方），网站未生成（原有 site/ 保持不变）。")


class PageStream:
    """The pages rendered by a forked process, in order, each handed over when asked for."""

    @staticmethod
    def takes(page: Page) -> bool:
        """MkDocs reads a Markdown page through `content_string` (StreamedPage); a file it copies as it is (the
        feed) it reads from `File._content`, which must hold it already."""
        return page.uri.endswith(".md")

    def __init__(self, pages: list[Page]):
        self.uris = [page.uri for page in pages]
        self.received: dict[str, str] = {}
        self.connection, sending = Pipe(duplex=False)
        self.process = Fork(lambda: _send(pages, sending), others=(self.connection,))
        sending.close()  # the child's end: the pipe reads EOF once no process holds it open

    def markdown(self, uri: str) -> str:
        """The page's Markdown, waiting for it if it is not rendered yet."""
        while uri not in self.received:
            try:
                done, markdown = self.connection.recv()
            except EOFError:
                raise BackgroundFailed(f"页面 {uri} ") from None
            self.received[done] = markdown
        return self.received.pop(uri)

    def stop(self) -> None:
        self.process.stop()
        self.connection.close()


class StreamedPage(File):
    """A generated page whose Markdown `stream` hands over when MkDocs first reads it."""

    stream: PageStream | None = None

    @classmethod
    def of(cls, config, uri: str, stream: PageStream) -> StreamedPage:
        file = cls.generated(config, uri, content="")
        file.stream = stream
        return file

    @property
    def content_string(self) -> str:
        if self.stream is not None:
            self._content, self.stream = self.stream.markdown(self.src_uri), None
        return super().content_string

    @property
    def content_bytes(self) -> bytes:
        return self.content_string.encode("utf-8")


class DownloadWriter:
    """The downloads written into the site by a forked process."""

    def __init__(self, downloads: list[Download], site_dir: Path):
        self.paths = [site_dir / download.uri for download in downloads]
        self.process = Fork(lambda: _write(downloads, self.paths))

    def wait(self) -> None:
        if not self.process.wait():
            raise BackgroundFailed("数据下载文件（CSV、JSON、Excel）")

    def stop(self) -> None:
        self.process.stop()


def _send(pages: list[Page], connection) -> None:
    for page in pages:
        connection.send((page.uri, page.markdown))
    connection.close()


def _write(downloads: list[Download], paths: list[Path]) -> None:
    os.nice(19)  # the lowest priority: the pages come first (MkDocs waits for them), then there is time until on_env
    for download, path in zip(downloads, paths):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(download.content)
