"""The MkDocs plugin `registers`, in the manner of mkdocs-gen-files: the pages and downloads generated from data/
(generated.py) added to the site, so that `mkdocs build` and `mkdocs serve` just work.

`mkdocs build` is atomic (aside.py): a failed build, strict-mode warnings included, leaves the previous site as it
was. `mkdocs serve --dirty` is the office's preview, and `mkdocs build --dirty` with a cache CI's rebuild
(preview.py). With `--strict`, warnings fail the build even with `--quiet`, and are shown.
"""

from __future__ import annotations

import logging
from pathlib import Path

from jinja2 import Environment
from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from generator.engine.aside import AsideBuild, written_wrong
from generator.engine.generated import Generated
from generator.engine.preview import Incremental, Scope, quiet_dirty_warning


class RegistersConfig(Config):
    data_dir = c.Type(str, default="data")
    example_dir = c.Optional(c.Type(str))  # example progress data read alongside data/: every page says 示例数据
    mirror = c.Type(bool, default=False)  # a preview or mirror (GitHub Pages): never the official site
    preview_years = c.Type(int, default=1)  # `mkdocs serve`: the newest years previewed (0: all), and any edited
    cache_dir = c.Type(str, default="")  # `mkdocs build --dirty`: the previous build's, kept by CI ("": none)


class RegistersPlugin(BasePlugin[RegistersConfig]):
    generated: Generated | None = None  # kept by `serve`, with what it read and rendered, for the next rebuild
    aside: AsideBuild | None = None  # a clean `mkdocs build`, beside the site it replaces until it succeeds
    built = False

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Once per process, before the first build: what kind of build each will be."""
        self.command, self.dirty = command, dirty
        if dirty:
            quiet_dirty_warning()

    @event_priority(100)  # before search-index's hooks: it is told what the data says
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """Before MkDocs lists the files: the data decides the nav and the theme's settings."""
        if config.strict and logging.getLogger("mkdocs").level > logging.WARNING:
            logging.getLogger("mkdocs").setLevel(logging.WARNING)  # else `--quiet` lets `--strict` pass a warning
        if self.generated is None:
            root, options = Path(config.config_file_path).parent, self.config
            example = root / options.example_dir if options.example_dir else None
            cache = root / options.cache_dir if options.cache_dir and self.command == "build" else None
            scope = Scope(options.preview_years) if self.command == "serve" else None
            incremental = Incremental(cache) if self.dirty else None
            self.generated = Generated(root / options.data_dir, example, options.mirror, scope, incremental)
        self.generated.configure(config)
        if index := config.plugins.get("search-index"):
            self.generated.inform(index)
        if self.command == "build" and not self.dirty:
            self.aside, self.built = AsideBuild(Path(config.site_dir)), False
            config.site_dir = str(self.aside.folder)
        return config

    @event_priority(100)  # before search-index's: it indexes the generated pages too
    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        """Once MkDocs has listed docs_dir and the theme: the generated files join them."""
        for source_map in [file for file in files if file.src_uri.endswith(".map")]:  # Material's, for its developers
            files.remove(source_map)
        for file in self.generated.files(config):
            files.append(file)
        self.files = files
        return files

    def on_nav(self, nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
        """Before any page is read: a dirty build decides what it builds again."""
        self.generated.settle(nav, config)
        return nav

    def on_env(self, env: Environment, config: MkDocsConfig, files: Files) -> Environment:
        """Once every page read and before any written: their 更新日期, built again or not."""
        self.generated.date(files, config)
        return env

    def on_page_context(self, context: dict, page: Page, config: MkDocsConfig, nav: Navigation) -> dict:
        """Once the page's title is known: its meta tags (theme/main.html)."""
        context["page_tags"] = self.generated.page_tags(page.file.src_uri, page.title or "")
        return context

    def on_serve(self, server: LiveReloadServer, config: MkDocsConfig, builder) -> LiveReloadServer:
        for folder in self.generated.folders:
            server.watch(str(folder))
        return server

    def on_post_build(self, config: MkDocsConfig) -> None:
        self.generated.prune(self.files, config)
        self.built = True  # a strict-mode abort comes after, through on_build_error

    def on_build_error(self, error: Exception) -> None:
        self.built = False
        if isinstance(error, OSError):
            raise PluginError(written_wrong(error)) from None

    def on_shutdown(self) -> None:
        """After the last build, failed or not: the aside build swapped in or discarded; a preview's files gone."""
        self.generated.close()
        if self.aside:
            self.aside.finish(self.built)
