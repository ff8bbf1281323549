"""CI's rebuild over the previous build (scripts/build.sh with SITE_CACHE: `mkdocs build --dirty`): only the pages
whose content changed are built again, and the site is byte for byte the one a clean build makes."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import EPOCH, ROOT, build


def project(folder: Path) -> Path:
    """The project, committed, with an address: pages carry their 更新日期, and sitemap.xml lists them."""
    for name in ("data", "content", "theme"):
        shutil.copytree(ROOT / name, folder / name)
    shutil.copy(ROOT / "mkdocs.yml", folder)
    with (folder / "data" / "site.yaml").open("a", encoding="utf-8") as settings:
        settings.write("site_url: https://www.example.org/\n")  # sitemap.xml lists the pages, with their lastmod
    commit(folder)
    return folder


def commit(folder: Path) -> None:
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "data"]):
        subprocess.run(
            ["git", "-c", "user.name=办公室", "-c", "user.email=office@example.org", *args],
            cwd=folder,
            check=True,
            capture_output=True,
        )


def rebuild(folder: Path) -> None:
    mkdocs = Path(sys.executable).with_name("mkdocs")
    result = subprocess.run(
        [mkdocs, "build", "--strict", "--quiet", "--dirty"],
        cwd=folder,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": EPOCH, "SITE_CACHE": ".cache/site"},
    )
    assert result.returncode == 0, result.stderr


def tree(site: Path) -> dict[str, bytes]:
    return {path.relative_to(site).as_posix(): path.read_bytes() for path in site.rglob("*") if path.is_file()}


def stamps(site: Path) -> dict[str, int]:
    return {path.relative_to(site).as_posix(): path.stat().st_mtime_ns for path in site.rglob("*.html")}


def test_a_rebuild_over_the_cache_builds_only_what_changed_and_is_the_clean_build(tmp_path):
    folder = project(tmp_path / "project")
    rebuild(folder)  # no cache yet: everything
    assert tree(folder / "site") == tree(build(tmp_path / "first", cwd=folder))
    before = stamps(folder / "site")
    tasks = folder / "data" / "2025" / "registers" / "tasks.yaml"
    tasks.write_text(tasks.read_text("utf-8").replace("老旧小区改造工程。", "老旧小区改造工程（已修改）。"), "utf-8")
    commit(folder)
    rebuild(folder)
    assert tree(folder / "site") == tree(build(tmp_path / "edited", cwd=folder))
    after = stamps(folder / "site")
    built = {page for page in after if after[page] != before[page]}
    assert "2025/tasks/053/index.html" in built and "2025/tasks/052/index.html" not in built
    assert len(built) < len(after) / 4, sorted(built)
    assert "<lastmod>" in (folder / "site" / "sitemap.xml").read_text("utf-8")


def test_a_page_removed_leaves_the_site_with_the_rest(tmp_path):
    """A notice withdrawn changes every page's nav: all are built again, and the notice's pages are gone."""
    folder = project(tmp_path / "project")
    rebuild(folder)
    (folder / "data" / "2025" / "documents" / "ren-1.yaml").unlink()
    (folder / "data" / "2025" / "registers" / "personnel.yaml").unlink()
    rebuild(folder)
    site = tree(folder / "site")
    assert "2025/documents/ren-1/index.html" not in site and "2025/personnel/index.html" not in site
    assert site == tree(build(tmp_path / "clean", cwd=folder))
