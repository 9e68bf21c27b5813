"""Helpers for tests: tiny courses in tmp_path, and the real CLI run in a subprocess."""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
import textwrap
import threading
import time
import urllib.request
from pathlib import Path
from typing import NoReturn

COURSE = "testkurs"
ROOT = Path(__file__).resolve().parent.parent


def _benchmark_browser():
    """bench/browser.py (standard library only) holds the one list of Chromium's flags."""
    spec = importlib.util.spec_from_file_location(
        "kursbau_bench_browser", ROOT / "bench/browser.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# Debian's Chromium (Playwright never downloads a browser here), launched as the benchmark
# launches it: without the background-networking flags it keeps dialling out of this network.
_BENCH = _benchmark_browser()
CHROMIUM, CHROMIUM_FLAGS = _BENCH.CHROMIUM, _BENCH.CHROME_FLAGS
FIXTURES = Path(__file__).resolve().parent / "fixtures"

MKDOCS_YML = """\
site_name: Testkurs
docs_dir: content
use_directory_urls: {directory_urls}
theme:
  name: material
  language: de
  font: false
plugins:
  - search
  - kursbau:
      course: testkurs
"""


def write(root: Path, files: dict[str, str | bytes]) -> None:
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content), encoding="utf-8")


def aged_cache_files(folder: Path, prefix: str) -> tuple[Path, Path]:
    """Two per-project files of a user-cache folder: one last written 40 days ago (a project
    not built for a month), one 20 days ago."""
    folder.mkdir(parents=True, exist_ok=True)
    old, recent = (
        folder / f"{prefix}-0000000000000000.json",
        folder / f"{prefix}-1111111111111111.json",
    )
    for file, days in ((old, 40), (recent, 20)):
        file.write_text("{}", "utf-8")
        os.utime(file, (time.time() - days * 24 * 3600,) * 2)
    return old, recent


def tiny_course(root: Path, *, directory_urls: bool = True, extra: dict | None = None) -> Path:
    """A course with one lesson embedding each FORMAT.md example."""
    files: dict[str, str | bytes] = {
        "mkdocs.yml": MKDOCS_YML.format(directory_urls=str(directory_urls).lower()),
        "content/index.md": "# Start\n\n[Alle Checks](checks/index.md)\n",
        "content/lektion.md": (
            "# Lektion\n\n<!-- check: modul-1/bereit -->\n\n"
            "```md\n<!-- check: gibt-es-nicht -->\n```\n\n<!-- check: quiz -->\n"
        ),
        "content/trainer.md": "---\naudience: trainer\n---\n\n# Nur für Trainer\n",
        "quizzes/modul-1/bereit.yml": (FIXTURES / "format" / "checklist.yml").read_text("utf-8"),
        "quizzes/pflege.yaml": (FIXTURES / "format" / "self-assessment.yml").read_text("utf-8"),
        "quizzes/quiz.yml": (FIXTURES / "format" / "quiz.yml").read_text("utf-8"),
    }
    files.update(extra or {})
    write(root, files)
    return root


# The engine under test: MkDocs, or ProperDocs where only ProperDocs is installed (its CI venv).
ENGINE = "mkdocs" if importlib.util.find_spec("mkdocs") else "properdocs"


def run(args: list[str], cwd: Path, *, tool: str = "kursbau") -> subprocess.CompletedProcess:
    """Run `kursbau` (as `python -m generator`) or the engine (`mkdocs`, or ProperDocs where it
    stands in for MkDocs) in `cwd`, capturing output."""
    engine = ENGINE if tool == "mkdocs" else tool
    command = [sys.executable, "-m", "generator" if tool == "kursbau" else engine, *args]
    env = dict(os.environ, PYTHONPATH=str(ROOT), NO_COLOR="1")
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


# ---------------------------------------------------------------- servers, awaited by what they say

# A server a test starts is awaited by the line that says something happened, never for a while.
# This only ends a wait for a line that never comes, and the test then fails with the output.
SAFETY_NET = float(os.environ.get("KURSBAU_SAFETY_NET", "120"))  # seconds


class Served:
    """A server in a subprocess (`kursbau serve`, `kursbau room`, `mkdocs serve`), its stdout and
    stderr read line by line as they come."""

    def __init__(self, command: list[str], cwd: Path, env: dict[str, str]):
        env = dict(env, PYTHONUNBUFFERED="1")
        if "XDG_CACHE_HOME" in os.environ:  # the run's own cache (conftest), also with env={…}
            env.setdefault("XDG_CACHE_HOME", os.environ["XDG_CACHE_HOME"])
        self.proc = subprocess.Popen(
            command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
        )
        self.lines: list[str] = []
        self._ended = False
        self._waited = 0  # lines before this one are behind the last line waited for
        self._news = threading.Condition()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.proc.stdout:  # also keeps the pipe empty, so the server never blocks
            with self._news:
                self.lines.append(line)
                self._news.notify_all()
        with self._news:
            self._ended = True
            self._news.notify_all()

    @property
    def output(self) -> str:
        with self._news:
            return "".join(self.lines)

    def wait_for(self, pattern: str) -> re.Match:
        """The first line after the last one waited for that matches `pattern`."""
        found = self._next(pattern, SAFETY_NET)
        if found is None:
            raise AssertionError(f"no line {pattern!r} after {SAFETY_NET:.0f} s:\n{self.output}")
        return found

    def _next(self, pattern: str, seconds: float) -> re.Match | None:
        regex = re.compile(pattern)
        deadline = time.monotonic() + seconds
        with self._news:
            while True:
                for n in range(self._waited, len(self.lines)):
                    if found := regex.search(self.lines[n]):
                        self._waited = n + 1
                        return found
                if self._ended:
                    raise AssertionError(f"the server ended before {pattern!r}:\n{self.output}")
                if not self._news.wait(deadline - time.monotonic()):
                    return None

    def stop(self) -> str:
        """Stop the server (Ctrl+C's signal, SIGKILL if it hangs); everything it said."""
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=30)
        with self._news:
            self._news.wait_for(lambda: self._ended, timeout=30)
        return self.output

    def __enter__(self) -> Served:
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


def serve(cwd: Path, *args: str, env: dict[str, str] | None = None) -> tuple[Served, str]:
    """`kursbau serve` on a port the system picks, and the address it says it serves the course
    at, once it does: the site is built by then, and every edit from then on is seen (the
    server says where only after its watcher has taken its first look)."""
    command = [sys.executable, "-m", "generator", "serve", "--port", "0", *args]
    env = env or dict(os.environ, NO_COLOR="1")
    server = Served(command, cwd, dict(env, PYTHONPATH=str(ROOT)))
    try:
        url = server.wait_for(r"Serving the course at (http://\S+)").group(1)
    except BaseException:
        server.stop()
        raise
    return server, url


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=SAFETY_NET) as response:
        return response.read().decode("utf-8")


def shown_after_a_rebuild(server: Served, url: str, words: str) -> str:
    """After an edit: each rebuild `kursbau serve` reports (or says failed) is followed by one
    look at the page, until the page shows `words` (an editor may save in two steps, so the
    first rebuild may still see the old text). The page."""
    seen = ""
    while words not in seen:
        try:
            server.wait_for(r"Rebuilt the|the preview shows the last good build")
        except AssertionError as err:
            raise AssertionError(f"{url} never showed {words!r}; last seen:\n{seen}") from err
        seen = fetch(url)
    return seen


def compile_yaml(text: str, check_id: str = "t/check", *, lang: str = "de", course: str = COURSE):
    """Check data for YAML text, through the real loader and compiler of generator.core."""
    from generator.core.compile import compile_check
    from generator.core.loader import load_text
    from generator.core.problems import Problems

    problems = Problems()
    loaded = load_text(textwrap.dedent(text).encode(), f"quizzes/{check_id}.yml", problems)
    assert loaded is not None, problems.report()
    return compile_check(loaded[0], check_id, course=course, lang=lang)


# ---------------------------------------------------------------- what CI must never skip

# Set by conftest.py: `pytest --allow-missing` skips tests whose tools are not on this machine.
# Without it, and always under KURSBAU_REQUIRE_ALL=1 (scripts/test, CI), a missing tool fails.
ALLOW_MISSING = False


def missing(what: str) -> NoReturn:
    """A test cannot run because `what` is not on this machine."""
    import pytest

    if ALLOW_MISSING:
        pytest.skip(f"{what} (skipped: --allow-missing)")
    pytest.fail(
        f"{what}: this test must run (scripts/setup test installs what it needs; on a machine"
        " without it, pytest --allow-missing skips it, never in CI)",
        pytrace=False,
    )


def require_module(name: str):
    try:
        return importlib.import_module(name)
    except (ImportError, OSError) as err:  # WeasyPrint raises OSError without Pango
        missing(f"the Python module {name} cannot be imported ({err})")


def require_program(name: str) -> str:
    found = shutil.which(name)
    return found if found else missing(f"the program {name} is not installed")


def _shared_folder() -> Path:
    """The shared folder (FORMAT.md, the seed notes and tools): KURSBAU_SHARED, or `shared`
    beside the repository, or beside the folder that holds this worktree."""
    if os.environ.get("KURSBAU_SHARED"):
        return Path(os.environ["KURSBAU_SHARED"])
    for folder in (ROOT.parent, ROOT.parent.parent):
        if (folder / "shared" / "FORMAT.md").is_file():
            return folder / "shared"
    return ROOT.parent / "shared"


SHARED = _shared_folder()


def require_shared(rel: str) -> Path:
    path = SHARED / rel
    return path if path.is_file() else missing(f"{path} is absent (set KURSBAU_SHARED)")
