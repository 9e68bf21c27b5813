"""Kursbau's folder in the user's cache, and JSON files kept there.

What Kursbau keeps there can always be computed again (what a stylesheet loads, what a built
page needs, how a tagger reads a sentence): a file that is missing, unreadable, cut short or
written by another version is as good as empty, and a file that cannot be written is skipped.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path


def user_cache_dir() -> Path | None:
    """Kursbau's folder in the user's cache, or None when there is no home to keep it in."""
    base = os.environ.get("XDG_CACHE_HOME") or os.environ.get("LOCALAPPDATA")
    try:
        folder = Path(base) if base else Path.home() / ".cache"
    except RuntimeError:  # no home directory
        return None
    return folder / "kursbau"


def read_json(file: Path | None) -> object:
    """The content of a cache file, or None when there is none worth reading."""
    if file is None:
        return None
    try:
        return json.loads(file.read_text("utf-8"))
    except (OSError, ValueError):
        return None


def write_json(file: Path | None, content: object) -> None:
    """Replace a cache file in one step (a build running at the same time reads the old file
    or the new one, never half of one); a folder that can't be written is no problem."""
    if file is None:
        return
    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        partial = file.with_name(f".{file.name}.{os.getpid()}.part")
        partial.write_text(json.dumps(content), "utf-8")
        partial.replace(file)
    except OSError:
        pass  # a cache only: the next build computes it again


def forget_old_projects(folder: Path, pattern: str) -> None:
    """Per-project files (`pattern`, as `pages-*.json`) of projects not built for a month go
    (moved, deleted, a bench's temporary copies): the folder stays small without anyone
    cleaning it."""
    month_ago = time.time() - 30 * 24 * 3600
    for file in folder.glob(pattern):
        try:
            if file.stat().st_mtime < month_ago:
                file.unlink()
        except OSError:
            pass  # another build's file, just removed or replaced
