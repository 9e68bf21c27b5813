"""Build and serve through MkDocs, for the CLI: into a temporary folder, swapped in only when
everything succeeded."""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

# Material prints an end-of-life banner when it is imported by `mkdocs`; Kursbau prints its own
# concise summary instead.
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

from mkdocs.commands import build as mkdocs_build  # noqa: E402
from mkdocs.config import load_config  # noqa: E402
from mkdocs.exceptions import Abort, ConfigurationError, PluginError  # noqa: E402

from ..core.problems import Problems  # noqa: E402
from .plugin import CourseProblems, KursbauPlugin  # noqa: E402


class BuildFailed(Exception):
    """The build stopped; `problems` holds course problems, else the message says why."""

    def __init__(self, message: str, problems: Problems | None = None):
        super().__init__(message)
        self.problems = problems


@dataclass
class BuildSummary:
    site_dir: Path
    pages: int
    checks: int
    seconds: float
    course: object = None  # the validated course (generator.core.project.Course)
    site_name: str = ""


def load(config_file: Path, **overrides):
    """The MkDocs config of a project, with the kursbau plugin present even if not listed."""
    try:
        config = load_config(str(config_file), **overrides)
    except (ConfigurationError, Abort) as err:
        raise BuildFailed(f"{config_file}: {err}") from None
    except OSError as err:
        raise BuildFailed(f"{config_file}: {err.strerror}") from None
    if "kursbau" not in config.plugins:
        raise BuildFailed(f"{config_file}: add 'kursbau' under 'plugins:' to build a course")
    return config


def plugin_of(config) -> KursbauPlugin:
    return config.plugins["kursbau"]


def check(config_file: Path) -> tuple[Problems, object]:
    """Validate without building: (problems, course)."""
    config = load(config_file)
    try:
        course = plugin_of(config).prepare(config)
    except CourseProblems as err:
        return err.problems, None
    return Problems(), course


def build(
    config_file: Path,
    *,
    site_dir: Path | None = None,
    strict: bool = False,
    handouts: bool = True,
    **overrides,
) -> BuildSummary:
    """Build the site into a temporary folder next to `site_dir` and swap it in at the end.

    `overrides` are MkDocs settings (as `use_directory_urls=False` for a learning platform,
    which serves files, not folders); `handouts=False` leaves the PDF workbooks out even when
    mkdocs.yml enables them."""
    started = time.perf_counter()
    config = load(config_file, strict=strict, **overrides)
    if not handouts:
        plugin_of(config).config.handouts.enabled = False
    target = Path(site_dir or config.site_dir).resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.new-", dir=target.parent))
    config.site_dir = str(staging)
    try:
        plugin_of(config).prepare(config)  # problems are reported before MkDocs starts
        if strict and plugin_of(config).hints:  # strict: hints stop the build before it starts
            raise CourseProblems(hint_problems(plugin_of(config).hints))
        plugin_of(config).defer_late_problems = True  # those of the built pages: reported below
        _quiet(lambda: mkdocs_build.build(config))
        if plugin_of(config).late_problems:
            raise CourseProblems(plugin_of(config).late_problems)
        pages = sum(1 for _ in staging.rglob("*.html"))
        swap_in(staging, target)
    except CourseProblems as err:
        raise BuildFailed(str(err), err.problems) from None
    except (PluginError, Abort, ConfigurationError) as err:
        raise BuildFailed(str(err)) from None
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
    course = plugin_of(config).course
    seconds = time.perf_counter() - started
    return BuildSummary(target, pages, len(course.data), seconds, course, config.site_name or "")


def hint_problems(hints) -> Problems:
    problems = Problems()
    for hint in hints:
        problems.add(hint.path, hint.line, hint.col, hint.text)
    return problems


def swap_in(staging: Path, target: Path) -> None:
    """Replace `target` by `staging` with two renames, so a reader never sees half a site."""
    old = None
    if target.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{target.name}.old-", dir=target.parent))
        old.rmdir()
        target.rename(old)
    staging.rename(target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def serve(config_file: Path, *, host: str = "127.0.0.1", port: int = 8000, open_browser=False):
    from mkdocs.commands import serve as mkdocs_serve

    load(config_file)  # fail early with a clear message
    try:
        mkdocs_serve.serve(
            config_file=str(config_file),
            livereload=True,
            open_in_browser=open_browser,
            dev_addr=f"{host}:{port}",
        )
    except CourseProblems as err:
        raise BuildFailed(str(err), err.problems) from None
    except (PluginError, Abort, ConfigurationError) as err:
        raise BuildFailed(str(err)) from None


def _quiet(run):
    """MkDocs logs a line per phase; keep warnings, drop the chatter."""
    logger = logging.getLogger("mkdocs")
    level = logger.level
    if not logger.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(levelname)s - %(message)s"))
        logger.addHandler(handler)
    logger.setLevel(logging.WARNING)
    try:
        return run()
    finally:
        logger.setLevel(level)
