"""A share against the Python scoring, without a server: every result a page can show is
accepted exactly as scored, and a share whose numbers were changed is refused."""

from __future__ import annotations

import json
from decimal import Decimal
from fractions import Fraction
from itertools import combinations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.core.numbers import fmt
from generator.core.scoring import question_points, score
from generator.room.shares import Refused, Share, possible_points, share_body, verify
from kursbau_testing import compile_yaml

PROPERTY = settings(
    max_examples=200,
    deadline=None,
    derandomize=True,  # the same examples on every run
    suppress_health_check=[HealthCheck.too_slow],
)
DEVICE = "abcdefghijklmnop"


def dec(lo: int, hi: int):
    """Numbers with at most two decimals, between lo/100 and hi/100, as YAML writes them."""
    return st.integers(lo, hi).map(lambda n: float(Decimal(n) / 100) if n % 100 else n // 100)


@st.composite
def bands(draw, maximum: Decimal):
    """Result bands as a trainer writes them: ascending from 0, none above the maximum."""
    percent = draw(st.booleans())
    top = 10000 if percent else int(maximum * 100)
    if top < 1:
        return [{"min": 0, "title": "B0", "text": "t"}]
    mins = sorted(draw(st.lists(st.integers(1, top), max_size=3, unique=True)))
    values = [0, *[float(Decimal(m) / 100) for m in mins]]
    return [
        {"min": f"{v:g}%" if percent else v, "title": f"B{i}", "text": "t"}
        for i, v in enumerate(values)
    ]


@st.composite
def check_yaml(draw) -> str:
    """A valid check of any type, written as YAML (JSON is YAML), to go through the real loader
    and compiler."""
    kind = draw(st.sampled_from(["checklist", "quiz", "self-assessment"]))
    dims = {"a": "A", "b": "B"}
    doc: dict = {"title": "T", "type": kind, "dimensions": dims}
    entries, maximum = [], Decimal(0)
    for i in range(draw(st.integers(1, 6))):
        dim = draw(st.sampled_from([None, "a", "b"]))
        entry: dict = {"text": f"Frage {i}"} | ({"dimension": dim} if dim else {})
        if draw(st.integers(0, 5)) == 0:
            entries.append({"text": f"Text {i}", "type": "reflection"})
            continue
        if kind == "checklist":
            entry["points"] = draw(dec(1, 500))
            maximum += Decimal(str(entry["points"]))
        elif kind == "self-assessment":
            entry["weight"] = draw(dec(1, 300))
            entry["reverse"] = draw(st.booleans())
        else:
            n = draw(st.integers(2, 5))
            multiple = draw(st.booleans())
            right = set(
                draw(
                    st.lists(
                        st.integers(0, n - 1),
                        min_size=1,
                        max_size=n if multiple else 1,
                        unique=True,
                    )
                )
            )
            entry["points"] = draw(dec(1, 500))
            entry["options"] = [{"text": f"O{j}", "correct": j in right} for j in range(n)]
            if multiple:
                entry["type"] = "multiple"
                entry["partial"] = draw(st.booleans())
            maximum += Decimal(str(entry["points"]))
        entries.append(entry)
    if kind == "self-assessment":
        steps = draw(st.lists(st.integers(0, 400), min_size=2, max_size=5, unique=True))
        doc["scale"] = [{"label": f"S{p}", "points": float(Decimal(p) / 100)} for p in steps]
        top = Decimal(max(steps)) / 100
        maximum = sum(
            (Decimal(str(e["weight"])) * top for e in entries if "weight" in e), Decimal(0)
        )
    if all(e.get("type") == "reflection" for e in entries):
        entries.append(
            {"text": "Eins", "points": 1}
            if kind == "checklist"
            else {"text": "Eins", "weight": 1}
            if kind == "self-assessment"
            else {"text": "Eins", "options": [{"text": "ja", "correct": True}, "nein"]}
        )
        maximum += Decimal(1) if kind != "self-assessment" else top
    doc["items" if kind == "checklist" else "questions"] = entries
    used = {e["dimension"] for e in entries if "dimension" in e}
    doc["dimensions"] = {k: v for k, v in dims.items() if k in used}
    if not used:
        del doc["dimensions"]
    if kind != "quiz" or draw(st.booleans()):
        doc["results"] = draw(bands(maximum))
    if kind == "quiz" and draw(st.booleans()):
        doc["pass"] = f"{draw(st.integers(0, 100))}%"
    return json.dumps(doc, ensure_ascii=False)


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
    """Check data (compiled from YAML) and answers to it."""
    data = compile_yaml(draw(check_yaml()))
    questions = data["questions"]
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
    elif body["dimensions"]:
        key = sorted(body["dimensions"])[0]
        body["dimensions"][key] = fmt(Fraction(body["dimensions"][key]) + Fraction(1, 100))
    else:
        body["dimensions"]["a"] = "0"  # a dimension the check does not have
    with pytest.raises(Refused) as refused:
        verify(Share(**body), data)
    assert refused.value.status == 422


def test_possible_points_of_a_multiple_question_are_those_of_every_answer():
    data = compile_yaml(
        """
        title: T
        type: quiz
        questions:
          - text: Welche?
            type: multiple
            partial: true
            points: 2
            options: [{text: a, correct: true}, {text: b, correct: true}, {text: c, correct: true}, d, e]
        """
    )
    q = data["questions"][0]
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
