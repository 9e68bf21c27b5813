"""Helpers for tests: tiny courses in tmp_path, and the real CLI run in a subprocess."""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
import textwrap
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
