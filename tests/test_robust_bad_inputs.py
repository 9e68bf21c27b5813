"""A corpus of broken check and lesson files (tests/bad/): every one is reported as
`path:line:col: message` with exit code 1, without a traceback, and an existing site/ stays
exactly as it was, with the `kursbau` CLI and with plain `mkdocs build`.

tests/bad/quizzes/<name>.yml  → copied to quizzes/<name>.yml of a tiny valid course
tests/bad/content/<name>.md   → copied to content/<name>.md
tests/bad/trees/<name>/…      → copied over the course (cases that need several files)
tests/bad/expected.txt        → per case: where the problem is reported, and what it says
A few cases are generated here instead (too big or not storable in git).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kursbau_testing import ROOT, tiny_course, write

BAD = Path(__file__).resolve().parent / "bad"


def _expected() -> dict[str, tuple[str, str]]:
    table = {}
    for number, line in enumerate((BAD / "expected.txt").read_text("utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        case, where, fragment = (part.strip() for part in line.split(" | ", 2))
        assert case not in table, f"expected.txt:{number}: {case} is listed twice"
        table[case] = (where, fragment)
    return table


EXPECTED = _expected()
GENERATED = {
    # over the size limit: refused before YAML reads it
    "generated/huge-check": (
        {"quizzes/riesig.yml": "title: T\ntype: checklist\nitems:\n" + "  - Ein Satz.\n" * 90_000},
        "quizzes/riesig.yml:1:1",
        "larger than 1000 kB; split it up",
    ),
    # many problems in one big (but allowed) file: all reported, still no traceback
    "generated/many-problems": (
        {
            "quizzes/viele.yml": "title: T\ntype: quiz\nquestions:\n"
            + "  - text: Frage\n    options: [a, b]\n" * 3000
        },
        "quizzes/viele.yml:5:14",
        "mark the right option with 'correct: true'",
    ),
    # a lesson that is a dangling symlink (a moved folder, a broken USB stick)
    "generated/dangling-symlink-lesson": (
        {"content/weg.md": Path("gibt-es-nicht.md")},
        "content/weg.md:1:1",
        "this is a link to gibt-es-nicht.md, which does not exist",
    ),
}


def _case_files(case: str) -> dict[str, bytes | Path]:
    if case in GENERATED:
        return GENERATED[case][0]
    source = BAD / case
    if source.is_dir():
        return {
            p.relative_to(source).as_posix(): p.read_bytes()
            for p in source.rglob("*")
            if p.is_file()
        }
    return {case: source.read_bytes()}


def _stored_cases() -> list[str]:
    found = [p.relative_to(BAD).as_posix() for p in (BAD / "quizzes").iterdir()]
    found += [p.relative_to(BAD).as_posix() for p in (BAD / "content").iterdir()]
    found += [p.relative_to(BAD).as_posix() for p in (BAD / "trees").iterdir()]
    return sorted(found)


CASES = _stored_cases() + sorted(GENERATED)
OLD_SITE = {"index.html": b"<p>the old site</p>\n", "marker.bin": os.urandom(64)}


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def _prepare(root: Path, case: str) -> Path:
    course = tiny_course(root)
    write(course, {f"site/{name}": data for name, data in OLD_SITE.items()})
    for rel, content in _case_files(case).items():
        target = course / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, Path):
            target.symlink_to(content)
        elif isinstance(content, str):
            target.write_text(content, encoding="utf-8")
        else:
            target.write_bytes(content)
    return course


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory) -> dict[tuple[str, str], tuple]:
    """Every case built with both tools. The commands run in forked processes of one warm
    interpreter (tests/robust_forkrun.py), so 2 × 90 builds take seconds, not minutes."""
    jobs, courses, befores = [], [], []
    for i, case in enumerate(CASES):
        for tool in ("kursbau", "mkdocs"):
            root = tmp_path_factory.mktemp(f"bad{i}-{tool}")
            course = _prepare(root / "kurs", case)
            courses.append((case, tool, course))
            befores.append(snapshot(course / "site"))
            jobs.append(
                {
                    "tool": tool,
                    "cwd": str(course),
                    "args": ["build"],
                    "out": str(root / "stdout"),
                    "err": str(root / "stderr"),
                }
            )
    env = dict(os.environ, PYTHONPATH=str(ROOT), NO_COLOR="1")
    done = subprocess.run(
        [sys.executable, str(Path(__file__).with_name("robust_forkrun.py"))],
        input=json.dumps(jobs),
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    codes = json.loads(done.stdout)
    found = {}
    for (case, tool, course), job, code, before in zip(courses, jobs, codes, befores, strict=True):
        output = Path(job["out"]).read_text("utf-8") + Path(job["err"]).read_text("utf-8")
        found[(case, tool)] = (code, output, before, snapshot(course / "site"), course)
    return found


def test_the_corpus_is_big_and_every_case_has_an_expectation():
    stored = _stored_cases()
    assert len(CASES) >= 40
    assert sorted(set(stored) - set(EXPECTED)) == [], "add these to tests/bad/expected.txt"
    assert sorted(set(EXPECTED) - set(stored)) == [], "expected.txt lists cases that do not exist"


def _assert_clean_failure(case, code, output, before, after, course):
    where, fragment = GENERATED[case][1:] if case in GENERATED else EXPECTED[case]
    assert code == 1, output
    assert "Traceback" not in output and "unexpected error" not in output, output
    lines = [line for line in output.splitlines() if line.startswith(f"{where}: ")]
    assert lines, f"no problem reported at {where}:\n{output}"
    assert any(fragment in line for line in lines), f"expected '{fragment}' at {where}:\n{output}"
    assert after == before, "the existing site/ was changed"
    leftovers = [p.name for p in course.iterdir() if p.name.startswith(".site")]
    assert leftovers == [], "a temporary build folder was left behind"


@pytest.mark.parametrize("tool", ["kursbau", "mkdocs"])
@pytest.mark.parametrize("case", CASES)
def test_bad_input_is_reported_cleanly_and_the_old_site_stays(outcomes, case: str, tool: str):
    _assert_clean_failure(case, *outcomes[(case, tool)])


# A few cases once more through the installed commands themselves, end to end.
END_TO_END = [
    "quizzes/correct-yes.yml",
    "quizzes/colon-in-item.yml",
    "quizzes/non-utf8.yml",
    "content/third-party-img.md",
    "generated/huge-check",
]


@pytest.mark.parametrize("tool", ["kursbau", "mkdocs"])
@pytest.mark.parametrize("case", END_TO_END)
def test_bad_input_through_the_real_commands(tmp_path: Path, case: str, tool: str):
    course = _prepare(tmp_path / "kurs", case)
    before = snapshot(course / "site")
    command = [str(ROOT / ".venv" / "bin" / tool), "build"]
    if not Path(command[0]).exists():  # not in a virtualenv of the repo: the module forms
        command = [sys.executable, "-m", "generator" if tool == "kursbau" else "mkdocs", "build"]
    env = dict(os.environ, NO_COLOR="1", KURSBAU_DEBUG="1", NO_MKDOCS_2_WARNING="1")
    result = subprocess.run(
        command, cwd=course, env=env, capture_output=True, text=True, timeout=120
    )
    output = result.stdout + result.stderr
    _assert_clean_failure(
        case, result.returncode, output, before, snapshot(course / "site"), course
    )
