"""Build and serve through MkDocs, for the CLI: into a temporary folder, swapped in only when
everything succeeded."""

from __future__ import annotations

import logging
import os
import re
import shutil
import sys
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

from ..core.outputs import (  # noqa: E402
    describe,
    old_prefix,
    remove_leftovers,
    site_permissions,
    staging_prefix,
)
from ..core.problems import Problems  # noqa: E402
from .outputs import check_outputs, cli_output_problem  # noqa: E402
from .plugin import ContentProblems, CourseProblems, KursbauPlugin  # noqa: E402


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
    course: object = None  # the validated course (generator.core.project.Course)
    site_name: str = ""


def load(config_file: Path, **overrides):
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


def plugin_of(config) -> KursbauPlugin:
    return config.plugins["kursbau"]


def check(config_file: Path) -> tuple[Problems, object]:
    """Validate without building: (problems, course)."""
    problems, course, _notices = validate(config_file)
    return problems, course


def validate(config_file: Path) -> tuple[Problems, object, tuple[str, ...]]:
    """Everything `build` would find, without touching site/: (problems, course, notices).

    What only the theme and other plugins make (a template, a macro, an emoji) shows in the made
    pages, so the site is built into a temporary folder that is removed again; no handouts."""
    config = load(config_file)
    plugin = plugin_of(config)
    try:
        course = plugin.prepare(config)
    except CourseProblems as err:
        return err.problems, None, ()
    plugin.checking = plugin.defer_late_problems = True
    with tempfile.TemporaryDirectory(prefix="kursbau-check-") as folder:
        config.site_dir = folder
        try:
            _quiet(lambda: mkdocs_build.build(config))
        except ContentProblems as err:
            return err.problems, None, ()
        except (PluginError, Abort, ConfigurationError) as err:
            raise BuildFailed(str(err)) from None
        except OSError as err:
            raise BuildFailed(describe(err)) from None
    if plugin.late_problems:
        return plugin.late_problems, None, ()
    return Problems(), course, tuple(plugin.notices)


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
    if not handouts:
        plugin_of(config).config.handouts.enabled = False
    target = Path(site_dir or config.site_dir).resolve()
    refuse_unsafe_outputs(config, Path(site_dir) if site_dir else target, from_cli=bool(site_dir))
    staging = None
    try:
        remove_leftovers(target)  # of builds that were killed
        staging = _staging_folder(target)
        config.site_dir = str(staging)
        plugin_of(config).prepare(config)  # problems are reported before MkDocs starts
        if strict and plugin_of(config).hints:  # strict: hints stop the build before it starts
            raise CourseProblems(hint_problems(plugin_of(config).hints))
        plugin_of(config).defer_late_problems = True  # those of the built pages: reported below
        _quiet(lambda: mkdocs_build.build(config))
        if plugin_of(config).late_problems:
            raise CourseProblems(plugin_of(config).late_problems)
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
    plugin = plugin_of(config)
    course = plugin.course
    seconds = time.perf_counter() - started
    notices = tuple(plugin.notices)
    name = config.site_name or ""
    return BuildSummary(target, pages, len(course.data), seconds, notices, course, name)


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


def refuse_unsafe_outputs(config, target: Path, *, from_cli: bool) -> None:
    """Stop before anything is written when the site or the trainer edition would go where
    sources are (see generator.core.outputs)."""
    plugin = plugin_of(config)
    if from_cli:
        why = cli_output_problem(config, plugin.config.quizzes, target)
        if why:
            raise OutputRefused(why)
    problems = Problems()
    handouts = plugin.config.handouts
    trainer = None
    if handouts.enabled:
        from ..handouts.options import trainer_dir_of

        trainer = trainer_dir_of(config)
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


def swap_in(staging: Path, target: Path) -> None:
    """Replace `target` by `staging` with two renames, so a reader never sees half a site."""
    old = None
    if target.exists():
        old = Path(tempfile.mkdtemp(prefix=old_prefix(target), dir=target.parent))
        old.rmdir()
        target.rename(old)
    staging.rename(target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def serve(config_file: Path, *, host: str = "127.0.0.1", port: int = 8000, open_browser=False):
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


_MARK = re.compile(r", line (\d+), column (\d+)$", re.M)


def config_error_line(err: Exception, config_file: Path) -> str:
    """A MkDocs configuration error as one line; a YAML syntax error at its line and column."""
    text = str(err)
    marks = _MARK.findall(text)
    if "error parsing the configuration file" in text and marks:
        line, col = marks[-1]
        lines = [t.strip() for t in text.splitlines() if t.strip() and not _MARK.search(t)]
        what = lines[-1] if lines else "invalid YAML"
        return f"{Path(config_file).name}:{line}:{col}: YAML syntax: {what}"
    first = text.strip().splitlines()[0] if text.strip() else type(err).__name__
    return f"{Path(config_file).name}: {first}"


def say_failed_rebuild(err: Exception, config_file: Path) -> None:
    """During `serve`, a rebuild that failed (mkdocs.yml or a check edited into a broken state)
    is said in a line per problem, without a traceback; the last good site stays served."""
    if isinstance(err, CourseProblems):
        for problem in err.problems:
            print(problem, file=sys.stderr)
    elif isinstance(err, Abort) and "BuildError" in str(err):
        pass  # MkDocs has logged the problems already
    elif isinstance(err, (Abort, ConfigurationError, PluginError)):
        print(config_error_line(err, config_file), file=sys.stderr)
    elif isinstance(err, OSError):
        print(f"kursbau: {describe(err)}", file=sys.stderr)
    print("kursbau: the preview shows the last good build until this is fixed.", file=sys.stderr)


def quiet_rebuilds(server, config_file: str | None) -> None:
    """Under plain `mkdocs serve`: a rebuild that fails is said as in `kursbau serve`."""
    rebuild = server.builder

    def builder(*args, **kwargs):
        try:
            return rebuild(*args, **kwargs)
        except (CourseProblems, Abort, ConfigurationError, PluginError, OSError) as err:
            say_failed_rebuild(err, Path(config_file or "mkdocs.yml"))
        return None

    server.builder = builder


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
