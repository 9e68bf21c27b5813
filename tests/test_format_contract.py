"""FORMAT.md's examples are valid and kept as fixtures; the shared contract may not drift away
from them unnoticed."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.core.loader import load_text
from generator.core.problems import Problems
from kursbau_testing import FIXTURES, require_shared


@pytest.mark.parametrize("path", sorted((FIXTURES / "format").glob("*.yml")), ids=lambda p: p.stem)
def test_format_examples_are_valid(path: Path):
    problems = Problems()
    assert load_text(path.read_bytes(), path.name, problems) is not None, problems.report()


def test_fixtures_are_the_examples_of_format_md():
    format_md = require_shared("FORMAT.md")
    blocks = re.findall(r"```yaml\n(.*?)```", format_md.read_text(encoding="utf-8"), re.S)
    fixtures = [
        (FIXTURES / "format" / f"{n}.yml").read_text(encoding="utf-8")
        for n in ("checklist", "self-assessment", "quiz")
    ]
    assert blocks == fixtures


def test_custom_scale_example_is_valid():
    source = (
        "title: T\ntype: self-assessment\n"
        "scale: [{label: nie, points: 0}, {label: oft, points: 2}]\n"
        "questions: [a]\nresults: [{min: 0, title: a, text: b}]\n"
    )
    problems = Problems()
    assert load_text(source.encode(), "q.yml", problems) is not None, problems.report()
