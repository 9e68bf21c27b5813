"""Exports for learning platforms: SCORM packages (`scorm.py`), Moodle XML (`moodle.py`) and
GIFT (`gift.py`) question files. No MkDocs import here: the course is checked and the site
built through `generator.mkdocs_adapter.build`."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..core.outputs import shown_path, swap_in
from ..core.problems import Problems
from ..core.project import Course


class ExportFailed(Exception):
    """Nothing was written; `problems` holds course problems, else the message says why."""

    def __init__(self, message: str, problems: Problems | None = None):
        super().__init__(message)
        self.problems = problems


def load_course(config_file: Path) -> tuple[Course, str]:
    """The validated course and its site name; ExportFailed with every problem otherwise."""
    from ..mkdocs_adapter import build as engine

    try:
        checked = engine.check_project(config_file)
    except engine.BuildFailed as err:
        raise ExportFailed(str(err), err.problems) from None
    if checked.problems:
        raise ExportFailed(f"{len(checked.problems)} problem(s)", checked.problems)
    return checked.course, checked.config.site_name or checked.course.settings.course


def check_output(target: Path, *, folder: bool = False) -> None:
    """Fail early, before any work and without writing, when `target` cannot be written."""
    if target.is_dir() and not folder:
        raise ExportFailed(
            f"cannot write {shown_path(target)}: it is a folder; name a file to write"
        )
    if target.exists() and folder and not target.is_dir():
        raise ExportFailed(
            f"cannot write {shown_path(target)}: it is a file; name a folder to write"
        )
    existing = next((p for p in target.parents if p.exists()), None)
    if existing is not None and not existing.is_dir():
        raise ExportFailed(
            f"cannot write {shown_path(target)}: {shown_path(existing)} is a file, not a folder"
        )
    if existing is not None and not os.access(existing, os.W_OK | os.X_OK):
        raise ExportFailed(
            f"cannot write {shown_path(target)}: permission denied in {shown_path(existing)}"
        )


@contextmanager
def open_output(target: Path, *, folder: bool = False) -> Iterator[Path]:
    """A temporary file (or folder) next to `target`, put in its place only when the block
    succeeds: a reader never sees half a package, and a failed export leaves the old one. A
    target that cannot be written fails with one clear line."""
    check_output(target, folder=folder)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        if folder:
            temp = Path(tempfile.mkdtemp(prefix=f".{target.name}.new-", dir=target.parent))
        else:
            handle, name = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
            os.close(handle)
            temp = Path(name)
    except OSError as err:
        raise ExportFailed(f"cannot write {shown_path(target)}: {_reason(err, target)}") from None
    try:
        yield temp
        _put_in_place(temp, target, folder)
    finally:
        if temp.exists():
            shutil.rmtree(temp, ignore_errors=True) if folder else temp.unlink()


def _put_in_place(temp: Path, target: Path, folder: bool) -> None:
    # a folder is swapped in as the build swaps in site/: one rule for the old folder's name
    try:
        if folder:
            os.chmod(temp, 0o755)
            swap_in(temp, target)
        else:
            os.chmod(temp, 0o644)
            os.replace(temp, target)
    except OSError as err:
        raise ExportFailed(f"cannot write {shown_path(target)}: {_reason(err)}") from None


def _reason(err: OSError, target: Path | None = None) -> str:
    for folder in target.parents if target else []:
        if folder.exists() and not folder.is_dir():
            return f"{shown_path(folder)} is a file, not a folder"
    return (err.strerror or str(err)).lower()
