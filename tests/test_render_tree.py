"""`python -m generator render --out DIR`: the site as a plain tree, which another engine could build with content/
and theme/ beside it — every page and file of the built site but the engine's own (its theme's assets, the search
index, sitemap.xml, 404), and the menu."""

from __future__ import annotations

import subprocess
import sys

import yaml
from conftest import ROOT

ENGINE = ("assets/", "search-index/", "sitemap.xml", "404.html")  # MkDocs' and the theme's, or the search plugin's


def test_the_rendered_tree_holds_every_page_and_file_of_the_site(site, tmp_path):
    tree = tmp_path / "tree"
    result = subprocess.run(
        [sys.executable, "-m", "generator", "render", "--out", tree], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    content = ROOT / "content"
    for path in site.rglob("*"):
        uri = path.relative_to(site).as_posix()
        if path.is_dir() or uri.startswith(ENGINE):
            continue
        if path.name == "index.html":
            page = path.parent.relative_to(site) / "index.md"
            pages = {page.as_posix(), f"{page.parent.as_posix()}.md".removeprefix("./")}
            assert any((tree / p).is_file() or (content / p).is_file() for p in pages), uri
        elif not uri.endswith(".gz"):
            assert (tree / uri).is_file() or (content / uri).is_file(), uri


def test_the_rendered_menu_lists_every_page_it_names(tmp_path):
    tree = tmp_path / "tree"
    subprocess.run(
        [sys.executable, "-m", "generator", "render", "--out", tree], cwd=ROOT, check=True, capture_output=True
    )
    named = []

    def walk(entries):
        for entry in entries:
            for value in entry.values() if isinstance(entry, dict) else [entry]:
                walk(value) if isinstance(value, list) else named.append(value)

    walk(yaml.safe_load((tree / "nav.yml").read_text("utf-8")))
    assert "index.md" in named and any(uri.startswith("2025/documents/") for uri in named)
    assert all((tree / uri).is_file() for uri in named), [uri for uri in named if not (tree / uri).is_file()]
