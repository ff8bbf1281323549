"""The MkDocs plugin `registers`, in the manner of mkdocs-gen-files: the pages and downloads generated from data/
(generated.py) added to the site, so that `mkdocs build` and `mkdocs serve` just work.

`mkdocs build` is atomic (aside.py): a failed build, strict-mode warnings included, leaves the previous site as it
was. `mkdocs serve --dirty` is the office's preview, and `mkdocs build --dirty` with a cache CI's rebuild
(preview.py). With `--strict`, warnings fail the build even with `--quiet`, and are shown.
"""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority

from .aside import AsideBuild, written_wrong
from .generated import Generated
from .preview import Incremental, Scope, quiet_dirty_warning


class RegistersConfig(Config):
    data_dir = c.Type(str, default="data")
    example_dir = c.Optional(c.Type(str))  # example progress data read alongside data/: every page says 示例数据
    mirror = c.Type(bool, default=False)  # a preview or mirror (GitHub Pages): never the official site
    preview_years = c.Type(int, default=1)  # `mkdocs serve`: the newest years previewed (0: all), and any edited
    cache_dir = c.Type(str, default="")  # `mkdocs build --dirty`: the previous build's, kept by CI ("": none)


class RegistersPlugin(BasePlugin[RegistersConfig]):
    generated: Generated | None = None  # kept by `serve`, with what it read and rendered, for the next rebuild
    scope: Scope | None = None
    incremental: Incremental | None = None
    aside: AsideBuild | None = None  # a clean `mkdocs build`, beside the site it replaces until it succeeds
    built = False

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Once per process, before the first build: what kind of build each will be."""
        self.command, self.dirty = command, dirty
        self.atomic = command == "build" and not dirty
        if command == "serve":
            self.scope = Scope(self.config.preview_years)
        if dirty:
            quiet_dirty_warning()

    @event_priority(100)  # before search-index's hooks: it is told what the data says
    def on_config(self, config):
        """Before MkDocs lists the files: reading the data decides the nav and the theme's settings."""
        if config.strict and logging.getLogger("mkdocs").level > logging.WARNING:
            logging.getLogger("mkdocs").setLevel(logging.WARNING)  # else `--quiet` lets `--strict` pass a warning
        if self.generated is None:
            root = Path(config.config_file_path).parent
            if self.dirty:
                cache = self.config.cache_dir if self.command != "serve" else ""
                self.incremental = Incremental(root / cache if cache else None)
            example = root / self.config.example_dir if self.config.example_dir else None
            self.generated = Generated(
                root / self.config.data_dir, example, self.config.mirror, self.scope, self.incremental
            )
        self.generated.configure(config)
        if index := config.plugins.get("search-index"):
            self.generated.inform(index)
            index.kept = self.incremental.search if self.incremental else None
        if self.atomic:
            self.aside, self.built = AsideBuild(Path(config.site_dir)), False
            config.site_dir = str(self.aside.folder)
        return config

    @event_priority(100)  # before search-index's: it indexes the generated pages too
    def on_files(self, files, config):
        """Once MkDocs has listed docs_dir and the theme: the generated files join them."""
        for source_map in [file for file in files if file.src_uri.endswith(".map")]:  # Material's, for its developers
            files.remove(source_map)
        for file in self.generated.files(config):
            files.append(file)
        self.files = files
        return files

    def on_nav(self, nav, config, files):
        """Before any page is read: a dirty build decides what it builds again."""
        if self.incremental:
            self.incremental.settle(nav, config, self.generated.shown(config))
        return nav

    def on_env(self, env, config, files):
        """Before any page is written, each page's 更新日期 (theme/sitemap.xml's lastmod), built again or not: unknown
        without history, rather than MkDocs' build date."""
        for file in files.documentation_pages():
            updated = self.generated.lastmod(file.src_uri, file.abs_src_path)
            file.page.lastmod = updated.isoformat() if updated else None
            if updated:
                file.page.update_date = file.page.lastmod
        return env

    def on_page_context(self, context, page, config, nav):
        """Once the page's title is known: its meta tags (theme/main.html)."""
        context["page_tags"] = self.generated.page_tags(page.file.src_uri, page.title or "")
        return context

    def on_serve(self, server, config, builder):
        for folder in self.generated.folders:
            server.watch(str(folder))
        return server

    def on_post_build(self, config):
        if self.incremental:
            self.incremental.prune(self.files, config)
        self.built = True  # a strict-mode abort comes after, through on_build_error

    def on_build_error(self, error):
        self.built = False
        if isinstance(error, OSError):
            raise PluginError(written_wrong(error)) from None

    def on_shutdown(self):
        """After the last build, failed or not: the aside build swapped in or discarded; the preview's files gone."""
        if self.incremental:
            self.incremental.close()
        if self.aside:
            self.aside.finish(self.built)
