"""The two ways a check file is read (core/yamlsource.py) give the same document.

libyaml (the fast path) reads clean files; PyYAML's own parser (the exact path) reads the rest and
words every problem. An author must never see a difference: the same values at the same
positions, and the same problems, whichever path a file takes.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.core.problems import Problems
from generator.core.yamlsource import decode, fast_path_applies, read_fast, read_yaml
from kursbau_testing import ROOT


def _yaml_files() -> list[Path]:
    found = [
        p
        for base in (ROOT / "tests", ROOT / "quizzes")
        for p in base.rglob("*")
        if p.suffix in (".yml", ".yaml") and p.is_file()
    ]
    return sorted(found)


def _text(file: Path) -> str | None:
    return decode(file.read_bytes(), "x", Problems())


FILES = [f for f in _yaml_files() if _text(f) is not None]


def _shape(doc) -> tuple:
    return (doc.data, doc.values, doc.keys) if doc else None


def test_every_yaml_fixture_is_compared():
    """The comparison below covers the sample course, the FORMAT examples and the bad inputs."""
    shown = [f.relative_to(ROOT).as_posix() for f in FILES]
    for folder in ("quizzes/", "tests/fixtures/format/", "tests/bad/quizzes/"):
        assert any(rel.startswith(folder) for rel in shown), folder
    assert len(FILES) >= 80


@pytest.mark.parametrize("file", FILES, ids=lambda f: f.relative_to(ROOT).as_posix())
def test_fast_and_exact_paths_read_the_same(file: Path):
    text = _text(file)
    rel = file.relative_to(ROOT).as_posix()
    exact_problems, problems = Problems(), Problems()
    exact = read_yaml(text, rel, exact_problems, fast=False)
    chosen = read_yaml(text, rel, problems)  # what an author gets
    assert (_shape(chosen), problems.report()) == (_shape(exact), exact_problems.report())

    fast = read_fast(text, rel)
    if fast is None:
        # the fast path declines only a file with a problem or a construct libyaml reads
        # differently (tabs, '#' after '|', '?' in flow collections)
        assert exact_problems or not fast_path_applies(text), rel
    else:
        assert not exact_problems, rel
        assert _shape(fast) == _shape(exact), rel


def test_the_sample_course_takes_the_fast_path():
    """The fast path is there for speed; it must actually read the files of a real course."""
    for file in (ROOT / "quizzes").rglob("*.yml"):
        assert read_fast(file.read_text("utf-8"), file.name) is not None, file.name
