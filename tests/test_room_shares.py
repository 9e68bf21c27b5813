"""A share against the Python scoring, without a server: every result a page can show is
accepted exactly as scored, and a share whose numbers were changed is refused."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from itertools import combinations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.core.numbers import fmt
from generator.core.scoring import question_points, score
from generator.room.shares import Refused, Share, possible_points, share_body, verify

PROPERTY = settings(
    max_examples=200,
    deadline=None,
    derandomize=True,  # the same examples on every run
    suppress_health_check=[HealthCheck.too_slow],
)
DEVICE = "abcdefghijklmnop"


def dec(lo: int, hi: int):
    return st.integers(lo, hi).map(lambda n: format((Decimal(n) / 100).normalize(), "f"))


@st.composite
def bands(draw, maximum: Fraction):
    if draw(st.booleans()):
        return []
    percent = draw(st.booleans())
    top = 10000 if percent else int(maximum * 100)
    mins = draw(st.lists(st.integers(1, max(1, top)), max_size=3, unique=True))
    values = ["0"] + [format((Decimal(m) / 100).normalize(), "f") for m in sorted(mins)]
    return [
        {"min": v, "percent": percent, "title": f"B{i}", "text": None} for i, v in enumerate(values)
    ]


@st.composite
def question(draw, i: int):
    kind = draw(st.sampled_from(["check", "scale", "single", "multiple", "reflection"]))
    q = {"id": f"q{i}", "name": f"t/q{i}", "kind": kind, "text": f"Frage {i}"}
    if kind == "reflection":
        return q | {"lines": 3}
    q["dimension"] = draw(st.sampled_from([None, "a", "b"]))
    if kind == "check":
        return q | {"points": draw(dec(0, 500)), "tip": None}
    if kind == "scale":
        points = draw(st.lists(dec(0, 500), min_size=2, max_size=5, unique_by=Decimal))
        return q | {
            "weight": draw(dec(1, 300)),
            "reverse": draw(st.booleans()),
            "steps": [{"label": p, "points": p} for p in points],
            "tip": None,
        }
    n = draw(st.integers(2, 6))
    if kind == "single":
        right = {draw(st.integers(0, n - 1))}
    else:
        right = set(draw(st.lists(st.integers(0, n - 1), min_size=1, unique=True)))
    return q | {
        "points": draw(dec(1, 500)),
        "partial": kind == "multiple" and draw(st.booleans()),
        "options": [{"text": str(j), "correct": j in right, "feedback": None} for j in range(n)],
        "explanation": None,
    }


def answer(q: dict):
    kind = q["kind"]
    if kind == "check":
        return st.booleans()
    if kind == "scale":
        return st.integers(0, len(q["steps"]) - 1)
    if kind == "single":
        return st.integers(0, len(q["options"]) - 1)
    if kind == "multiple":
        return st.lists(st.integers(0, len(q["options"]) - 1), max_size=len(q["options"]))
    return st.text(max_size=20)


@st.composite
def shown_result(draw):
    """Check data (with the maxima compile.py would write) and answers to it."""
    questions = [draw(question(i)) for i in range(draw(st.integers(1, 7)))]
    data = {
        "v": 1,
        "course": "c",
        "id": "t",
        "type": "quiz",
        "title": "T",
        "intro": None,
        "actionPlan": False,
        "feedback": "on-submit",
        "hash": "0123456789ab",
        "max": "0",
        "pass": None,
        "bands": [],
        "questions": questions,
        "dimensions": [{"key": k, "label": k, "max": "0", "bands": []} for k in ("a", "b")],
    }
    empty = score(data, {})
    data["max"] = empty["max"]
    for d in data["dimensions"]:
        d["max"] = empty["dimensions"][d["key"]]["max"]
        d["bands"] = draw(bands(Fraction(d["max"])))
    data["bands"] = draw(bands(Fraction(data["max"])))
    if draw(st.booleans()):
        data["pass"] = {"value": draw(dec(0, 10000)), "percent": draw(st.booleans())}
    answers = {q["id"]: draw(answer(q)) for q in questions if draw(st.booleans())}
    return data, answers


@PROPERTY
@given(shown_result())
def test_every_shown_result_is_accepted_as_scored(case):
    data, answers = case
    reference = score(data, answers)
    result = verify(Share(**share_body(data, answers, DEVICE)), data)
    assert fmt(result.score) == reference["score"] and fmt(result.max) == reference["max"]
    assert (result.band, result.passed) == (reference["band"], reference["passed"])
    assert {k: fmt(v) for k, v in result.dimensions.items()} == {
        k: d["score"] for k, d in reference["dimensions"].items()
    }
    assert {k: fmt(v) for k, v in result.questions.items()} == {
        k: q["earned"] for k, q in reference["questions"].items()
    }


@PROPERTY
@given(shown_result(), st.data())
def test_a_changed_number_is_refused(case, draw):
    data, answers = case
    body = share_body(data, answers, DEVICE)
    field = draw.draw(st.sampled_from(["score", "question", "band", "passed", "dimension"]))
    if field == "score":
        body["score"] = fmt(Fraction(body["score"]) + Fraction(1, 100))
    elif field == "question":
        key = draw.draw(st.sampled_from(sorted(body["questions"]) or ["none"]))
        if key == "none":
            return
        body["questions"][key] = fmt(Fraction(body["questions"][key]) + Fraction(1, 100))
    elif field == "band":
        body["band"] = 0 if body["band"] is None else None
    elif field == "passed":
        body["passed"] = True if body["passed"] is None else not body["passed"]
    else:
        body["dimensions"]["a"] = fmt(Fraction(body["dimensions"]["a"]) + Fraction(1, 100))
    with pytest.raises(Refused) as refused:
        verify(Share(**body), data)
    assert refused.value.status == 422


def test_possible_points_of_a_multiple_question_are_those_of_every_answer():
    q = {
        "id": "q1",
        "kind": "multiple",
        "points": "2",
        "partial": True,
        "options": [{"correct": c} for c in (True, True, True, False, False)],
    }
    every = {
        question_points(q, list(chosen))[0]
        for k in range(6)
        for chosen in combinations(range(5), k)
    }
    assert set(possible_points(q).values()) == every | {Fraction(0)}
    assert sorted(possible_points(q)) == ["0", "0.6667", "1.3333", "2"]


def test_older_version_and_unknown_check():
    data = {"hash": "0123456789ab", "max": "1", "questions": [], "dimensions": [], "bands": []}
    body = {
        "check": "t",
        "hash": "ba9876543210",
        "device": DEVICE,
        "score": "0",
        "max": "1",
        "band": None,
        "passed": None,
        "dimensions": {},
        "questions": {},
    }
    with pytest.raises(Refused) as refused:
        verify(Share(**body), data)
    assert refused.value.status == 409
    with pytest.raises(Refused) as refused:
        verify(Share(**body), None)
    assert refused.value.status == 404
