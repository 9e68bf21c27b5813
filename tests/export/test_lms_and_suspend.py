"""The `lms` key (defaults per type, validation, schema) and the suspend_data encoding."""

from __future__ import annotations

import textwrap
from fractions import Fraction

import jsonschema
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.core.loader import load_text
from generator.core.problems import Problems
from generator.core.rules import lms_of
from generator.core.schema import schema
from generator.export.report import Reported, report
from generator.export.suspend import check_layout, decode, encode, state_of, worst_case
from kursbau_testing import FIXTURES, compile_yaml

PLAN = "title: Plan\ntype: quiz\nquestions:\n  - text: Wer\n    type: reflection\n"


def load(text: str):
    problems = Problems()
    loaded = load_text(textwrap.dedent(text).encode(), "quizzes/t.yml", problems)
    return loaded, problems.report()


@pytest.mark.parametrize(
    "name, expected",
    [("quiz.yml", "score"), ("checklist.yml", "completion"), ("self-assessment.yml", "completion")],
)
def test_defaults_follow_the_table_of_format_1_1(name, expected):
    loaded, report_text = load((FIXTURES / "format" / name).read_text("utf-8"))
    assert loaded, report_text
    assert lms_of(loaded[0]) == expected
    text = (FIXTURES / "format" / name).read_text("utf-8") + "lms: none\n"
    assert lms_of(load(text)[0][0]) == "none"
    assert lms_of(load(PLAN)[0][0]) == "none"


def test_wrong_values_are_reported_at_their_position_with_a_suggestion():
    _, text = load(PLAN.replace("type: quiz", "type: quiz\nlms: complete"))
    assert text == (
        "quizzes/t.yml:3:6: 'lms' cannot be 'complete': write one of 'score', 'completion' or"
        " 'none'; did you mean 'completion'?"
    )
    _, text = load(PLAN.replace("type: quiz", "type: quiz\nlsm: none"))
    assert text == "quizzes/t.yml:3:1: unknown key 'lsm': did you mean 'lms'?"
    _, text = load(PLAN.replace("type: quiz", "type: quiz\nlms: score"))
    assert text.startswith("quizzes/t.yml:3:6: 'lms: score' is not possible here: this check has")
    loaded, text = load(PLAN.replace("type: quiz", "type: quiz\nlms: none"))
    assert loaded and not text


def test_schema_offers_the_three_values():
    data = yaml.safe_load((FIXTURES / "format" / "quiz.yml").read_text("utf-8"))
    jsonschema.validate(data | {"lms": "completion"}, schema())
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data | {"lms": "scores"}, schema())


QUIZ = (FIXTURES / "format" / "quiz.yml").read_text("utf-8")
CHECKLIST = (FIXTURES / "format" / "checklist.yml").read_text("utf-8")
SELF = (FIXTURES / "format" / "self-assessment.yml").read_text("utf-8")


def layouts():
    return [
        check_layout(compile_yaml(QUIZ, "quiz"), "score"),
        check_layout(compile_yaml(QUIZ.replace("on-submit", "immediate"), "sofort"), "score"),
        check_layout(compile_yaml(CHECKLIST, "liste"), "score"),
        check_layout(compile_yaml(SELF, "selbst"), "completion"),
    ]


@settings(max_examples=300, derandomize=True, deadline=None)
@given(st.data())
def test_any_state_survives_the_round_trip_within_the_worst_case(data):
    checks = layouts()
    radices = [slot[2] for check in checks for slot in check["slots"]]
    values = [data.draw(st.integers(0, r - 1)) for r in radices]
    text = encode(checks, values)
    assert decode(checks, text) == values
    assert len(text) <= worst_case(checks)
    assert set(text) <= set("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_")
    top = encode(checks, [r - 1 for r in radices])
    assert len(top) == worst_case(checks)


def test_state_reads_back_in_words_and_another_layout_is_refused():
    checks = layouts()
    slots = [(c["id"], s[0], s[1], s[2]) for c in checks for s in c["slots"]]
    values = []
    for check_id, kind, qid, radix in slots:
        value = {"sub": 1, "done": 1, "passed": 1, "earned": 150, "result": 1}.get(kind, 0)
        if check_id == "quiz" and qid == "q1":
            value = 1  # option 0
        if check_id == "quiz" and qid == "q2":
            value = 0b101  # options 0 and 2
        values.append(min(value, radix - 1))
    text = encode(checks, values)
    state = state_of(checks, text)
    assert state["quiz"]["answers"] == {"q1": 0, "q2": [0, 2]}
    assert state["quiz"]["sub"] and state["quiz"]["done"] and state["quiz"]["passed"]
    assert state["quiz"]["result"] and "band" not in state["quiz"]  # no bands, no slot
    assert state["quiz"]["earned"] == Fraction(150, checks[0]["unit"])
    assert state["selbst"] == {"answers": {}, "marked": [], "sub": False, "done": True}
    assert decode(checks[:2], text) is None, "data of another course version is dropped"
    assert decode(checks, text[:-1] + "!") is None


def test_report_follows_format_1_1():
    quiz = Reported("score", Fraction(3), True)
    other = Reported("score", Fraction(4), False)
    done = Reported("completion", Fraction(10), False)
    assert report([quiz, other, done]).lesson_status == "incomplete"
    r = report(
        [
            Reported("score", Fraction(3), True, True, Fraction(2), True),
            Reported("score", Fraction(4), False, True, Fraction(1, 3), None),
            Reported("completion", Fraction(10), False, True),
        ]
    )
    # (2 + 1/3) / 7 × 100 = 33.333… → 33.33
    assert (r.score_text(), r.scaled_text(), r.lesson_status) == ("33.33", "0.3333", "passed")
    r = report([Reported("score", Fraction(3), True, True, Fraction(1), False)])
    assert (r.completion, r.success, r.lesson_status) == ("completed", "failed", "failed")
    r = report([Reported("completion", Fraction(3), False, True)])
    assert (r.score, r.completion, r.success, r.lesson_status) == (
        None,
        "completed",
        "unknown",
        "completed",
    )
