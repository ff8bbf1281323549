"""MkDocs plugin: validates `data/` and adds the generated pages, so `mkdocs build` and `serve` just work.

`mkdocs build` is atomic: the site is built into a folder next to the target (`site.building-<pid>`) and swapped
in as a whole only once the build has succeeded (strict-mode warnings included); on any failure the folder is
removed and the previous site stays byte for byte as it was. `serve`, `gh-deploy` and `--dirty` build in place.
With `--strict`, warnings fail the build even with `--quiet` (and are shown).
"""
from __future__ import annotations

import logging
import os
import re
import shutil
from pathlib import Path

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.exceptions import Abort, PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files

from .pages import nav
from .problems import DataError
from .progress import build_date
from .registry import Cache, read_archive
from .site import Site


class RegistersConfig(Config):
    data_dir = c.Type(str, default="data")
    example_dir = c.Optional(c.Type(str))  # example progress data read alongside data/: every page says 示例数据


log = logging.getLogger("mkdocs.plugins.registers")


class RegistersPlugin(BasePlugin[RegistersConfig]):
    atomic = False  # set by on_startup: only `mkdocs build` (clean) builds aside and swaps
    building: Path | None = None  # the folder being built into, while a build runs
    target: Path | None = None  # the site folder it replaces
    built = False  # every post_build ran; a strict-mode abort comes after, through on_build_error
    site: Site | None = None  # kept, with the cache of what was read, across the rebuilds of `mkdocs serve`

    def on_startup(self, *, command, dirty):
        self.atomic = command == "build" and not dirty
        self.cache = Cache() if command == "serve" else None  # what was read, for the next rebuild (memory: only then)

    def on_config(self, config):
        logging.getLogger("jieba").setLevel(logging.WARNING)  # its dictionary-loading chatter is not for the office
        if config.strict and logging.getLogger("mkdocs").level > logging.WARNING:
            # `--quiet` raises mkdocs' logger to ERROR, so warnings are never made and `--strict` lets a broken
            # link through (MkDocs 1.6). Under --strict a warning fails the build: show it, and count it.
            logging.getLogger("mkdocs").setLevel(logging.WARNING)
        root = Path(config.config_file_path).parent
        self.data_dir = root / self.config.data_dir
        example_dir = root / self.config.example_dir if self.config.example_dir else None
        try:
            archive = read_archive(self.data_dir, example_dir, cache=self.cache)
        except DataError as err:
            raise PluginError(f"数据检查未通过，网站未生成（原有 site/ 保持不变）：\n\n{err.report()}") from None
        config.extra["example"] = example_dir is not None  # the theme shows the 示例数据 banner
        self.watched = [path for path in (self.data_dir, example_dir) if path]
        self._render(archive, example_dir is not None)
        if not config.nav:
            config.nav = nav(self.site.published) + sorted(_hand_written(Path(config.docs_dir)))
        if self.atomic:
            self._build_aside(config)
        return config

    def _render(self, archive, example: bool) -> None:
        rebuild = self.site is not None and self.site.example == example
        if not rebuild:
            self.site = Site(example)
        for year in self.site.render(archive, build_date()):
            if rebuild:
                log.info(f"已重新生成 {year} 年的页面")  # its data changed (or the day did)

    # -- the atomic build: into a folder beside the site, swapped in when all went well

    def _build_aside(self, config) -> None:
        target = Path(config.site_dir)
        if target.is_symlink():  # a deployment's link to a release: replace the release it points to
            target = target.resolve()
        target.parent.mkdir(parents=True, exist_ok=True)
        _remove_leftovers(target)
        self.target = target
        self.building = target.with_name(f"{target.name}.building-{os.getpid()}")
        shutil.rmtree(self.building, ignore_errors=True)
        self.building.mkdir()
        self.built = False
        config.site_dir = str(self.building)

    def on_post_build(self, config):
        self.built = True

    def on_build_error(self, error):
        self.built = False
        self._discard()

    def on_shutdown(self):
        if self.building is None:
            return
        if not self.built:
            self._discard()
            return
        building, target = self.building, self.target
        self.building = None
        try:
            _swap(building, target)
        except OSError as err:
            raise Abort(f"网站已生成，但无法替换 {target}（{err}）；新生成的网站在 {building}。") from None
        log.info(f"已用新生成的网站整体替换 {target}")

    def _discard(self) -> None:
        if self.building is not None:
            shutil.rmtree(self.building, ignore_errors=True)
            self.building = None

    def on_files(self, files: Files, config) -> Files:
        for source_map in [file for file in files if file.src_uri.endswith(".map")]:  # Material's, for its developers
            files.remove(source_map)
        for page in self.site.pages:
            files.append(File.generated(config, page.uri, content=page.markdown))
        for download in self.site.downloads:  # CSV, JSON, Excel and datapackage.json: copied as they are
            files.append(File.generated(config, download.uri, content=download.content))
        if self.cache is None:  # not serving: no rebuild will reuse the records (10 years: 40 MB less at the peak)
            self.site = None
        return files

    def on_serve(self, server, config, builder):
        for path in self.watched:
            server.watch(str(path))
        return server


def _swap(new: Path, target: Path) -> None:
    """Puts the folder `new` in place of `target`: rename the old one aside, rename the new one in, remove the old."""
    old = target.with_name(f"{target.name}.old-{os.getpid()}")
    if target.exists():
        try:
            os.replace(target, old)
        except OSError:  # a mount point (e.g. a container volume) cannot be renamed: replace what it holds
            _replace_content(new, target)
            return
    try:
        os.replace(new, target)
    except OSError:
        if old.exists():
            os.replace(old, target)
        raise
    shutil.rmtree(old, ignore_errors=True)


def _replace_content(new: Path, target: Path) -> None:
    for child in target.iterdir():
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child)
        else:
            child.unlink()
    for child in new.iterdir():
        os.replace(child, target / child.name)
    new.rmdir()


def _remove_leftovers(target: Path) -> None:
    """Folders left beside the site by a build that was killed (its process is gone)."""
    if os.name != "posix":  # os.kill(pid, 0) only asks on POSIX
        return
    pattern = re.compile(rf"{re.escape(target.name)}\.(?:building|old)-(\d+)")
    for entry in target.parent.iterdir():
        match = pattern.fullmatch(entry.name)
        if match and entry.is_dir() and not entry.is_symlink() and not _running(int(match[1])):
            shutil.rmtree(entry, ignore_errors=True)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # not ours to signal: it exists
        return True
    return True


def _hand_written(docs_dir: Path) -> list[str]:
    return [path.relative_to(docs_dir).as_posix() for path in docs_dir.rglob("*.md")]
