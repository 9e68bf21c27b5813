"""How the adapter says what went wrong: the course's problems as MkDocs errors, and a failed
rebuild during `serve` (plain `mkdocs serve` too) as lines, without a traceback."""

from __future__ import annotations

import re
import sys
from pathlib import Path

from mkdocs.exceptions import Abort, ConfigurationError, PluginError

from ..core.outputs import describe
from ..core.problems import Problems


class CourseProblems(PluginError):
    """The course has problems; MkDocs prints them and exits non-zero."""

    def __init__(self, problems: Problems):
        self.problems = problems
        super().__init__(f"Kursbau found {len(problems)} problem(s):\n{problems.report()}")


class ContentProblems(Exception):
    """Problems in the made pages, raised past MkDocs to the CLI (which reports them itself)."""

    def __init__(self, problems: Problems):
        self.problems = problems
        super().__init__(f"Kursbau found {len(problems)} problem(s)")


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
