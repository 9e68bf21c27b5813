"""The two ways a check file is read (core/yamlsource.py) give the same document.

libyaml (the fast path) reads clean files; PyYAML's own parser (the exact path) reads the rest and
words every problem. An author must never see a difference: the same values at the same
positions, and the same problems, whichever path a file takes. Every YAML file of the repository
is compared, found by name, so a new fixture is compared without being listed here.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest

from generator.core.problems import Problems
from generator.core.yamlsource import decode, fast_path_applies, read_fast, read_yaml
from kursbau_testing import ROOT

sys.path.insert(0, str(ROOT / "bench"))
import synth  # noqa: E402  (bench/ is not a package)

# folders that hold no YAML of the project: tools, installs, build output
_NOT_OURS = {".git", ".venv", ".venv-properdocs", "node_modules", "mutants", "site"}


def _yaml_files() -> list[Path]:
    return sorted(
        p
        for p in ROOT.rglob("*")
        if p.suffix in (".yml", ".yaml")
        and p.is_file()
        and not _NOT_OURS & set(p.relative_to(ROOT).parts)
    )


FILES = _yaml_files()


def _shape(doc) -> tuple | None:
    return (doc.data, doc.values, doc.keys) if doc else None


def _assert_paths_agree(text: str, rel: str) -> None:
    exact_problems, problems = Problems(), Problems()
    exact = read_yaml(text, rel, exact_problems, fast=False)
    chosen = read_yaml(text, rel, problems)  # what an author gets
    assert (_shape(chosen), problems.report()) == (_shape(exact), exact_problems.report())

    fast = read_fast(text, rel)
    if fast is None:
        # the fast path declines only a file with a problem or a construct libyaml reads
        # differently (tabs, '#' after '|', '?' in flow collections): a clean file it cannot
        # read is a failure here, not a file to pass over
        assert exact_problems or not fast_path_applies(text), f"{rel}: the fast path failed"
    else:
        assert not exact_problems, f"{rel}: the fast path read a file with problems"
        assert _shape(fast) == _shape(exact), rel


def test_every_yaml_fixture_is_compared():
    """The comparison below covers the sample course, the FORMAT examples, the bad inputs, the
    fixture sites and the starter course."""
    shown = [f.relative_to(ROOT).as_posix() for f in FILES]
    for folder in (
        "quizzes/",
        "tests/fixtures/format/",
        "tests/fixtures/yaml/",
        "tests/bad/quizzes/",
        "tests/sites/",
        "generator/starter/",
    ):
        assert any(rel.startswith(folder) for rel in shown), folder
    assert len(FILES) >= 100


@pytest.mark.parametrize("file", FILES, ids=lambda f: f.relative_to(ROOT).as_posix())
def test_fast_and_exact_paths_read_the_same(file: Path):
    rel = file.relative_to(ROOT).as_posix()
    problems = Problems()
    text = decode(file.read_bytes(), rel, problems)
    if text is None:
        # refused before either path reads it: only the deliberately broken inputs may be
        assert rel.startswith("tests/bad/"), problems.report()
        assert "is not UTF-8 text" in problems.report()
        return
    _assert_paths_agree(text, rel)


def test_the_benchmark_course_reads_the_same_both_ways(tmp_path):
    """bench/synth.py writes its checks with PyYAML's dumper: quoting and line folding of
    another author."""
    course = synth.write_course(tmp_path, 8, "kursbau", seed=3)
    files = sorted((course.root / "quizzes").rglob("*.yml"))
    assert len(files) == 8
    for file in files:
        _assert_paths_agree(file.read_text("utf-8"), file.name)
        assert read_fast(file.read_text("utf-8"), file.name) is not None, file.name


def test_a_generated_check_reads_the_same_both_ways():
    rng = random.Random(11)
    for kind in ("checklist", "self-assessment", "quiz"):
        text = synth.check_yaml(synth.make_check(rng, kind, "Ein Titel: mit Doppelpunkt"))
        _assert_paths_agree(text, f"{kind}.yml")


def test_the_sample_course_takes_the_fast_path():
    """The fast path is there for speed; it must actually read the files of a real course."""
    for file in (ROOT / "quizzes").rglob("*.yml"):
        assert read_fast(file.read_text("utf-8"), file.name) is not None, file.name


def test_a_value_left_empty_is_shown_at_its_key_on_both_paths():
    """libyaml puts the null of `{text: , …}` at the comma, PyYAML after the colon: a problem
    with it points at the key, whichever parser read the file."""
    text = "options:\n  - {text: , correct: true}\n  - [a: ]\n"
    for fast in (True, False):
        doc = read_yaml(text, "q.yml", Problems(), fast=fast)
        assert doc.position(("options", 0, "text")) == (2, 6)
        assert doc.position(("options", 1, 0, "a")) == (3, 6)


def test_text_cut_at_a_comma_inside_braces_is_joined_as_written():
    text = "r: {title: Du gibst gern, text: Erzähl anderen, wie du das machst., x: 1}\n"
    doc = read_yaml(text, "q.yml", Problems())
    assert doc.data == {
        "r": {"title": "Du gibst gern", "text": "Erzähl anderen, wie du das machst.", "x": "1"}
    }
    # a key written with ':' stays a key, even with nothing after it
    assert read_yaml("r: {text: a, b: }\n", "q.yml", Problems()).data == {
        "r": {"text": "a", "b": None}
    }
