"""Build and serve through MkDocs, for the CLI: into a temporary folder, swapped in only when
everything succeeded."""

from __future__ import annotations

import logging
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

# Material prints an end-of-life banner when it is imported by `mkdocs`; Kursbau prints its own
# concise summary instead.
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

from mkdocs.commands import build as mkdocs_build  # noqa: E402
from mkdocs.config import load_config  # noqa: E402
from mkdocs.config.defaults import MkDocsConfig  # noqa: E402
from mkdocs.exceptions import Abort, ConfigurationError, PluginError  # noqa: E402

from ..core.outputs import (  # noqa: E402
    describe,
    remove_leftovers,
    shown_path,
    site_permissions,
    staging_prefix,
    swap_in,
)
from ..core.problems import Problems  # noqa: E402
from ..core.project import Course  # noqa: E402
from .errors import (  # noqa: E402
    ContentProblems,
    CourseProblems,
    config_error_line,
)
from .outputs import check_outputs, cli_output_problem, trainer_dir_of  # noqa: E402
from .plugin import KursbauPlugin, Purpose, with_handouts  # noqa: E402


class BuildFailed(Exception):
    """The build stopped; `problems` holds course problems, else the message says why."""

    def __init__(self, message: str, problems: Problems | None = None):
        super().__init__(message)
        self.problems = problems


class OutputRefused(BuildFailed):
    """The output folder would touch the sources; nothing was done."""


@dataclass
class BuildSummary:
    site_dir: Path
    pages: int
    checks: int
    seconds: float
    notices: tuple[str, ...] = ()
    course: Course | None = None  # the validated course
    site_name: str = ""

    def said(self) -> str:
        """What was built, as `kursbau build` and `kursbau room` say it (without the time)."""
        pages = f"{self.pages} page" + ("" if self.pages == 1 else "s")
        checks = f"{self.checks} check" + ("" if self.checks == 1 else "s")
        return f"Built {pages} with {checks} into {shown_path(self.site_dir)}"


def load(config_file: Path, **overrides) -> MkDocsConfig:
    """The MkDocs config of a project, with the kursbau plugin present even if not listed."""
    try:
        config = load_config(str(config_file), **overrides)
    except (ConfigurationError, Abort) as err:
        raise BuildFailed(config_error_line(err, config_file)) from None
    except OSError as err:
        raise BuildFailed(describe(err)) from None
    if "kursbau" not in config.plugins:
        raise BuildFailed(f"{config_file}: add 'kursbau' under 'plugins:' to build a course")
    return config


def plugin_of(config: MkDocsConfig) -> KursbauPlugin:
    return config.plugins["kursbau"]


@dataclass
class Checked:
    """What `kursbau check` found: the loaded config, and either problems or the course."""

    config: MkDocsConfig
    problems: Problems
    course: Course | None = None
    notices: tuple[str, ...] = ()


def check(config_file: Path) -> tuple[Problems, Course | None]:
    """Validate without building: (problems, course)."""
    checked = check_project(config_file)
    return checked.problems, checked.course


def validate(config_file: Path) -> tuple[Problems, Course | None, tuple[str, ...]]:
    """Everything `build` would find, without touching site/: (problems, course, notices)."""
    checked = check_project(config_file)
    return checked.problems, checked.course, checked.notices


def check_project(config_file: Path) -> Checked:
    """Everything `build` would find, without touching site/.

    What only the theme and other plugins make (a template, a macro, an emoji) shows in the made
    pages, so the site is built into a temporary folder that is removed again; no handouts."""
    config = load(config_file)
    purpose = Purpose(look_only=True, report_late=True, staged=True)
    with _started(config):
        try:
            prepared = plugin_of(config).prepare(config, purpose)
        except CourseProblems as err:
            return Checked(config, err.problems)
        with tempfile.TemporaryDirectory(prefix="kursbau-check-") as folder:
            config.site_dir = folder
            try:
                _quiet(lambda: mkdocs_build.build(config))
            except ContentProblems as err:
                return Checked(config, err.problems)
            except (PluginError, Abort, ConfigurationError) as err:
                raise BuildFailed(str(err)) from None
            except OSError as err:
                raise BuildFailed(describe(err)) from None
    if prepared.late_problems:
        return Checked(config, prepared.late_problems)
    return Checked(config, Problems(), prepared.course, tuple(prepared.notices))


def build(
    config_file: Path,
    *,
    site_dir: Path | None = None,
    strict: bool = False,
    handouts: bool = True,
    **overrides,
) -> BuildSummary:
    """Build the site into a temporary folder next to `site_dir` and swap it in at the end.

    The output folder is checked first: it may not be, contain or lie inside a source folder
    (nothing is touched otherwise). `overrides` are MkDocs settings (as
    `use_directory_urls=False` for a learning platform, which serves files, not folders);
    `handouts=False` leaves the PDF workbooks out even when mkdocs.yml enables them."""
    started = time.perf_counter()
    config = load(config_file, strict=strict, **overrides)
    purpose = Purpose(report_late=True, handouts=handouts, staged=True)  # reported below
    target = Path(site_dir or config.site_dir).resolve()
    refuse_unsafe_outputs(config, Path(site_dir) if site_dir else target, purpose, bool(site_dir))
    staging = None
    try:
        remove_leftovers(target)  # of builds that were killed
        staging = _staging_folder(target)
        config.site_dir = str(staging)
        with _started(config):
            # problems are reported before MkDocs starts, without MkDocs' wrapping
            prepared = plugin_of(config).prepare(config, purpose)
            if strict and prepared.hints:  # strict: hints stop the build before it starts
                raise CourseProblems(hint_problems(prepared.hints))
            _quiet(lambda: mkdocs_build.build(config))
        if prepared.late_problems:
            raise CourseProblems(prepared.late_problems)
        pages = sum(1 for _ in staging.rglob("*.html"))
        swap_in(staging, target)
    except (CourseProblems, ContentProblems) as err:
        raise BuildFailed(str(err), err.problems) from None
    except (PluginError, Abort, ConfigurationError) as err:
        raise BuildFailed(str(err)) from None
    except OSError as err:  # full disk, read-only folder, permissions: one line, what to do
        shown = {str(staging): str(target)} if staging else {}
        raise BuildFailed(describe(err, shown=shown)) from None
    finally:
        if staging is not None and staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
    course = prepared.course
    seconds = time.perf_counter() - started
    notices = tuple(prepared.notices)
    name = config.site_name or ""
    return BuildSummary(target, pages, len(course.data), seconds, notices, course, name)


@contextmanager
def _started(config: MkDocsConfig) -> Iterator[None]:
    """The plugins' start and end of a command, as MkDocs' own `build` command runs them (the
    plugins clean up what they made for the build, such as the generated pages' sources)."""
    config.plugins.on_startup(command="build", dirty=False)
    try:
        yield
    finally:
        config.plugins.on_shutdown()


def _staging_folder(target: Path) -> Path:
    """A new folder next to `target` for the build, with ordinary permissions."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=staging_prefix(target), dir=target.parent))
    except OSError as err:
        err.filename = str(target.parent)  # not the random name of the folder it tried
        raise
    site_permissions(staging)
    return staging


def refuse_unsafe_outputs(
    config: MkDocsConfig, target: Path, purpose: Purpose, from_cli: bool
) -> None:
    """Stop before anything is written when the site or the trainer edition would go where
    sources are (see generator.core.outputs)."""
    plugin = plugin_of(config)
    if from_cli:
        why = cli_output_problem(config, plugin.config.quizzes, target)
        if why:
            raise OutputRefused(why)
    problems = Problems()
    trainer = trainer_dir_of(config) if with_handouts(config, purpose) else None
    check_outputs(
        config, plugin.config.quizzes, trainer, problems, site_dir=target if from_cli else None
    )
    if problems:
        raise BuildFailed(problems.report(), problems)


def hint_problems(hints) -> Problems:
    problems = Problems()
    for hint in hints:
        problems.add(hint.path, hint.line, hint.col, hint.text)
    return problems


def serve(config_file: Path, *, host: str = "127.0.0.1", port: int = 8000, open_browser=False):
    # lazy: the preview server and the file watcher load only for `serve`
    from . import live  # rebuilds only the pages a change touches

    load(config_file)  # fail early with a clear message
    _show_own_messages()
    try:
        live.serve(config_file, host=host, port=port, open_browser=open_browser)
    except CourseProblems as err:
        raise BuildFailed(str(err), err.problems) from None
    except (PluginError, Abort, ConfigurationError) as err:
        raise BuildFailed(str(err)) from None


def _show_own_messages() -> None:
    """Kursbau's own lines (the address `serve` listens on, notices) without MkDocs' chatter."""
    logger = logging.getLogger("mkdocs.plugins.kursbau")
    if not any(getattr(h, "kursbau", False) for h in logger.handlers):
        handler = logging.StreamHandler(sys.stdout)
        handler.setFormatter(logging.Formatter("%(message)s"))
        handler.kursbau = True
        logger.addHandler(handler)
    logger.setLevel(logging.INFO)


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
