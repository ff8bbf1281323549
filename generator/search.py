"""The site's search index: Pagefind over the built site, as an MkDocs plugin (`search-index` in mkdocs.yml).

Pagefind splits the index into small chunks, so a first search downloads only what the query needs,
not the whole index (Material's lunr search did). It indexes each page's article (`data-pagefind-body`,
theme/main.html) in Chinese (`<html lang="zh">`: the extended binary segments the words); the search box
is theme/partials/search.html and content/assets/search.js.
"""
from __future__ import annotations

import subprocess
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin

# Material's own search (its lunr worker), which the theme copies though the site does not use it.
MATERIAL_SEARCH = ("assets/javascripts/workers/", "assets/javascripts/lunr/")
# What the search box loads of Pagefind's output before any index chunk (content/assets/search.js).
SEARCH_BOX_LOADS = ("pagefind.js", "pagefind-entry.json", "wasm.*.pagefind", "*.pf_meta")
# Pagefind's ready-made interfaces; the site has its own (content/assets/search.js).
PAGEFIND_UI = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
               "pagefind-highlight.js")


class SearchIndexPlugin(BasePlugin):
    def on_files(self, files, config):
        for unused in [file for file in files if file.src_uri.startswith(MATERIAL_SEARCH)]:
            files.remove(unused)
        return files

    def on_post_build(self, config):
        index(Path(config.site_dir))  # the folder being built (see aside.py): a failed index fails the build


def index(site: Path) -> None:
    """Writes the index into site/pagefind/; a PluginError in plain Chinese if Pagefind fails."""
    try:
        result = subprocess.run([_binary(), "--site", str(site), "--output-subdir", "pagefind", "--silent"],
                                capture_output=True, text=True, timeout=600)
    except (OSError, subprocess.TimeoutExpired) as err:
        raise PluginError(f"无法运行 Pagefind 生成搜索索引（{err}），网站未生成（原有网站保持不变）。") from None
    if result.returncode != 0:
        problem = (result.stderr or result.stdout).strip()
        raise PluginError(f"Pagefind 生成搜索索引失败，网站未生成（原有网站保持不变）：\n{problem}")
    for name in PAGEFIND_UI:
        (site / "pagefind" / name).unlink(missing_ok=True)
    _check_output(site / "pagefind")


def _check_output(folder: Path) -> None:
    """Pagefind on a full disk writes its files empty and exits 0: the search would be dead."""
    files = [path for path in folder.rglob("*") if path.is_file()]
    empty = [path for path in files if path.stat().st_size == 0]
    missing = [name for name in SEARCH_BOX_LOADS if not any(path.match(name) for path in files)]
    problems = [f"{len(empty)} 个文件是空的，例如 {empty[0].relative_to(folder.parent)}"] if empty else []
    problems += [f"缺少 {name}" for name in missing]
    if problems:
        raise PluginError(f"Pagefind 生成的搜索索引不完整（{'；'.join(problems)}），多半是磁盘空间不足。"
                          "网站未生成（原有网站保持不变）。")


def _binary() -> str:
    """The extended binary (it segments Chinese), from the pagefind-bin-extended wheel."""
    try:
        from pagefind_bin_extended import get_executable
        return str(get_executable())
    except (ImportError, FileNotFoundError):
        raise PluginError("找不到 Pagefind（搜索索引程序）：请先运行 sh scripts/setup.sh 安装依赖。") from None
