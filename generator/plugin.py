"""MkDocs plugin: validates `data/` and adds the generated pages, so `mkdocs build` and `serve` just work."""
from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files

from . import opendata
from .pages import Urls, nav, site_pages
from .problems import DataError
from .progress import build_date, derive
from .publish import published
from .registry import read_archive


class RegistersConfig(Config):
    data_dir = c.Type(str, default="data")
    example_dir = c.Optional(c.Type(str))  # example progress data read alongside data/: every page says 示例数据


class RegistersPlugin(BasePlugin[RegistersConfig]):
    def on_config(self, config):
        logging.getLogger("jieba").setLevel(logging.WARNING)  # its dictionary-loading chatter is not for the office
        root = Path(config.config_file_path).parent
        self.data_dir = root / self.config.data_dir
        example_dir = root / self.config.example_dir if self.config.example_dir else None
        try:
            archive = read_archive(self.data_dir, example_dir)
        except DataError as err:
            raise PluginError(f"数据检查未通过，网站未生成（原有 site/ 保持不变）：\n\n{err.report()}") from None
        years = published(archive)
        config.extra["example"] = example_dir is not None  # the theme shows the 示例数据 banner
        self.watched = [path for path in (self.data_dir, example_dir) if path]
        as_of = build_date()
        self.pages = site_pages(years, as_of, example=example_dir is not None)
        progress = {year.year: derive(year, as_of) for year in years}
        self.downloads = opendata.downloads(years, progress, as_of, Urls, example=example_dir is not None)
        if not config.nav:
            config.nav = nav(years) + sorted(_hand_written(Path(config.docs_dir)))
        return config

    def on_files(self, files: Files, config) -> Files:
        for page in self.pages:
            files.append(File.generated(config, page.uri, content=page.markdown))
        for download in self.downloads:  # CSV, JSON, Excel and datapackage.json: copied as they are
            files.append(File.generated(config, download.uri, content=download.content))
        return files

    def on_serve(self, server, config, builder):
        for path in self.watched:
            server.watch(str(path))
        return server


def _hand_written(docs_dir: Path) -> list[str]:
    return [path.relative_to(docs_dir).as_posix() for path in docs_dir.rglob("*.md")]
