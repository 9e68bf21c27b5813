"""The browser's Kursbau.score against the Python reference, on many generated checks and answers.

Batches of cases go to one Chromium page; every field of both results must agree: score, max,
percent, band, passed, unanswered, each dimension and each question.
"""

from __future__ import annotations

import json
import time
from decimal import Decimal

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from generator.core.scoring import score as reference
from generator.render import asset_files

BATCH = 25


def dec(lo: int, hi: int):
    """Decimal strings with at most two places, between lo/100 and hi/100."""
    return st.integers(lo, hi).map(lambda n: format((Decimal(n) / 100).normalize(), "f"))


POINTS = st.one_of(dec(0, 1000), st.sampled_from(["0.7", "0.1", "0.2", "0.3", "1", "2", "0.01"]))
WEIGHT = st.one_of(dec(1, 500), st.sampled_from(["0.1", "0.7", "1", "3"]))
DIMS = ["a", "b", "constructor"]


@st.composite
def bands(draw, allow_empty=True):
    if allow_empty and draw(st.booleans()):
        return []
    percent = draw(st.booleans())
    mins = draw(st.lists(dec(1, 12000 if percent else 3000), max_size=4, unique=True))
    mins = ["0"] + sorted(mins, key=Decimal)
    return [
        {"min": m, "percent": percent, "title": f"B{i}", "text": None} for i, m in enumerate(mins)
    ]


@st.composite
def question(draw, i: int):
    kind = draw(st.sampled_from(["check", "scale", "single", "multiple", "reflection"]))
    q = {"id": f"q{i}", "name": f"t/q{i}", "kind": kind, "text": "t"}
    if kind == "reflection":
        return q | {"lines": 3}
    q["dimension"] = draw(st.sampled_from([None, *DIMS, "unknown"]))
    if kind == "check":
        return q | {"points": draw(POINTS), "tip": None}
    if kind == "scale":
        points = draw(st.lists(POINTS, min_size=2, max_size=5, unique_by=Decimal))
        return q | {
            "weight": draw(WEIGHT),
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
        "points": draw(POINTS),
        "partial": kind == "multiple" and draw(st.booleans()),
        "options": [{"text": str(j), "correct": j in right, "feedback": None} for j in range(n)],
        "explanation": None,
    }


def answer(q):
    kind = q["kind"]
    n = len(q.get("options") or q.get("steps") or [])
    junk = st.sampled_from([None, True, False, "1", -1, 99, [], {}])
    if kind == "check":
        return st.one_of(st.booleans(), junk)
    if kind in ("scale", "single"):
        return st.one_of(st.integers(0, n - 1), st.integers(-2, n + 2), junk)
    if kind == "multiple":
        items = st.one_of(st.integers(0, n - 1), st.integers(-1, n + 1), st.just(True))
        return st.one_of(st.lists(items, max_size=n + 2), junk)
    return st.one_of(st.text(max_size=5), junk)


@st.composite
def case(draw):
    count = draw(st.integers(0, 8))
    questions = [draw(question(i)) for i in range(count)]
    dims = [
        {"key": k, "label": k.upper(), "max": "0", "bands": draw(bands())}
        for k in draw(st.lists(st.sampled_from(DIMS), unique=True))
    ]
    data = {
        "v": 1,
        "course": "c",
        "id": "t",
        "type": "quiz",
        "title": "T",
        "intro": None,
        "actionPlan": False,
        "feedback": "on-submit",
        "hash": "h",
        "max": "0",
        "pass": draw(
            st.one_of(
                st.none(),
                st.builds(lambda v, p: {"value": v, "percent": p}, dec(0, 15000), st.booleans()),
            )
        ),
        "bands": draw(bands()),
        "dimensions": dims,
        "questions": questions,
    }
    answers = {}
    for q in questions:
        if draw(st.booleans()):
            answers[q["id"]] = draw(answer(q))
    return data, answers


@settings(
    max_examples=12,
    deadline=None,
    # no shrinking: a batch of 25 shrinks slowly, and the message names the failing case itself
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)
@given(st.lists(case(), min_size=BATCH, max_size=BATCH))
def test_browser_scores_like_the_reference(page, cases):
    if page.evaluate("typeof Kursbau") == "undefined":
        page.set_content("<!doctype html><title>score</title>")
        page.add_script_tag(path=str(asset_files()[0]))
    got = page.evaluate("cs => cs.map(([d, a]) => Kursbau.score(d, a))", cases)
    for (data, answers), browser in zip(cases, got, strict=True):
        want = json.loads(json.dumps(reference(data, answers)))
        assert browser == want, json.dumps({"data": data, "answers": answers})


def test_exact_cases_from_the_format(page):
    """0.7 + 0.1 reaches 0.8; 57 of 100 reach 57 %; 74.5 % shows as 74."""
    page.set_content("<!doctype html><title>score</title>")
    page.add_script_tag(path=str(asset_files()[0]))

    def check(points, ticked, band_min, percent):
        qs = [
            {"id": f"q{i}", "kind": "check", "points": p, "dimension": None}
            for i, p in enumerate(points)
        ]
        data = {
            "questions": qs,
            "dimensions": [],
            "pass": None,
            "bands": [{"min": "0", "percent": percent}, {"min": band_min, "percent": percent}],
        }
        answers = {f"q{i}": True for i in ticked}
        return page.evaluate("([d, a]) => Kursbau.score(d, a)", [data, answers]), reference(
            data, answers
        )

    for got, want in (
        check(["0.7", "0.1"], [0, 1], "0.8", False),
        check(["57", "43"], [0], "57", True),
        check(["1.49", "0.51"], [0], "75", True),
    ):
        assert got == json.loads(json.dumps(want))
    assert check(["0.7", "0.1"], [0, 1], "0.8", False)[0]["band"] == 1
    assert check(["57", "43"], [0], "57", True)[0]["band"] == 1
    res = check(["1.49", "0.51"], [0], "75", True)[0]
    assert (res["percent"], res["band"]) == (74, 0)


def test_scoring_500_statements_is_fast(page):
    """Scores a 500-statement self-assessment and reports the time (the budget is generous)."""
    page.set_content("<!doctype html><title>score</title>")
    page.add_script_tag(path=str(asset_files()[0]))
    steps = [{"label": str(i), "points": str(i)} for i in range(5)]
    qs = [
        {
            "id": f"q{i}",
            "kind": "scale",
            "weight": "1.5",
            "reverse": i % 3 == 0,
            "steps": steps,
            "dimension": "abc"[i % 3],
        }
        for i in range(500)
    ]
    data = {
        "questions": qs,
        "pass": None,
        "bands": [{"min": "0", "percent": True}, {"min": "50", "percent": True}],
        "dimensions": [{"key": k, "bands": [{"min": "0", "percent": True}]} for k in "abc"],
    }
    answers = {f"q{i}": i % 5 for i in range(500)}
    ms = page.evaluate(
        """([d, a]) => { Kursbau.score(d, a); const t = performance.now();
           for (let i = 0; i < 20; i++) Kursbau.score(d, a); return (performance.now() - t) / 20; }""",
        [data, answers],
    )
    got = page.evaluate("([d, a]) => Kursbau.score(d, a)", [data, answers])
    assert got == json.loads(json.dumps(reference(data, answers)))
    print(f"\nKursbau.score, 500-statement self-assessment: {ms:.2f} ms")
    started = time.perf_counter()
    reference(data, answers)
    print(f"Python reference, same: {(time.perf_counter() - started) * 1000:.2f} ms")
    assert ms < 250
