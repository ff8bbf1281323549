"""An atomic site build: into a folder beside the site (`site.building-<pid>`), swapped in as a whole only when
the build succeeded; on failure the folder is removed and the previous site stays byte for byte as it was."""

from __future__ import annotations

import errno
import logging
import os
import re
import shutil
from pathlib import Path

from mkdocs.exceptions import Abort


class AsideBuild:
    def __init__(self, site_dir: Path):
        target = site_dir.resolve() if site_dir.is_symlink() else site_dir  # a deployment's link to a release
        target.parent.mkdir(parents=True, exist_ok=True)
        _remove_leftovers(target)
        self.target = target
        self.folder = target.with_name(f"{target.name}.building-{os.getpid()}")
        shutil.rmtree(self.folder, ignore_errors=True)
        self.folder.mkdir()

    def finish(self, built: bool) -> None:
        """Swapped in if the build succeeded, else removed."""
        if not built:
            shutil.rmtree(self.folder, ignore_errors=True)
            return
        try:
            _swap(self.folder, self.target)
        except OSError as err:
            raise Abort(f"网站已生成，但无法替换 {self.target}（{err}）；新生成的网站在 {self.folder}。") from None
        logging.getLogger("mkdocs.plugins.registers").info(f"已用新生成的网站整体替换 {self.target}")


def written_wrong(error: OSError) -> str:
    """A failure to write the site (a full disk, say), in words rather than a traceback."""
    cause = "磁盘空间不足" if error.errno in (errno.ENOSPC, errno.EDQUOT) else error.strerror
    return f"写入网站文件时出错：{cause}（{error.filename or ''}），网站未生成（原有 site/ 保持不变）。"


def _swap(new: Path, target: Path) -> None:
    """Puts the folder `new` in place of `target`: rename the old one aside, rename the new one in, remove the old."""
    old = target.with_name(f"{target.name}.old-{os.getpid()}")
    if target.exists():
        try:
            os.replace(target, old)
        except OSError:  # a mount point (a container's volume, a tmpfs, an NFS share) cannot be renamed
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
    """Puts what `new` holds in place of what `target` holds. `new` is copied into `target` first (another device,
    perhaps: a failure there, a full disk say, leaves the old site whole); then, on the one device, the old entries
    are renamed aside, the new ones in, and the old ones removed."""
    staged, old = (target / f".{target.name}.{step}-{os.getpid()}" for step in ("building", "old"))
    try:
        shutil.copytree(new, staged)
    except BaseException:
        shutil.rmtree(staged, ignore_errors=True)
        raise
    old.mkdir()
    for child in [child for child in target.iterdir() if child not in (staged, old)]:
        os.replace(child, old / child.name)
    for child in list(staged.iterdir()):
        os.replace(child, target / child.name)
    staged.rmdir()
    shutil.rmtree(old, ignore_errors=True)
    shutil.rmtree(new, ignore_errors=True)


def _remove_leftovers(target: Path) -> None:
    """Folders left beside the site, or in it when it is a mount point, by a build that was killed (its process
    is gone)."""
    if os.name != "posix":  # os.kill(pid, 0) only asks on POSIX
        return
    pattern = re.compile(rf"\.?{re.escape(target.name)}\.(?:building|old)-(\d+)")
    for entry in [*target.parent.iterdir(), *(target.iterdir() if target.is_dir() else ())]:
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
