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


def _binary() -> str:
    """The extended binary (it segments Chinese), from the pagefind-bin-extended wheel."""
    try:
        from pagefind_bin_extended import get_executable
        return str(get_executable())
    except (ImportError, FileNotFoundError):
        raise PluginError("找不到 Pagefind（搜索索引程序）：请先运行 sh scripts/setup.sh 安装依赖。") from None
