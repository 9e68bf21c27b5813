"""The browser's Kursbau.score against the Python reference, on many generated checks and answers.

Every generated check goes through the real loader and compiler (YAML text → check data), so the
values compiled once in `generator/core/compile.py` are what both implementations add up. Band
minimums and pass marks are drawn from scores that the generated answers actually reach (and
their neighbours one hundredth away), so band and pass boundaries are hit all the time, not by
chance. Batches of cases go to one Chromium page; every field of both results must agree.

CI runs a pinned seed (the environment variable CI is set there); locally each run explores new
cases. `KURSBAU_PROPERTY_EXAMPLES` raises the number of batches.
"""

from __future__ import annotations

import json
import os
from decimal import Decimal
from fractions import Fraction

import yaml
from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st
from kbhelp import compile_yaml

from generator.core.scoring import score as reference
from generator.render import built_assets

BATCH = 20
EXAMPLES = int(os.environ.get("KURSBAU_PROPERTY_EXAMPLES", "10"))
PINNED = 20261129


def pinned(test):
    """A fixed seed in CI, fresh cases elsewhere."""
    return seed(PINNED)(test) if os.environ.get("CI") else test


def dec(lo: int, hi: int):
    """Decimal strings with at most two places, between lo/100 and hi/100."""
    return st.integers(lo, hi).map(lambda n: format((Decimal(n) / 100).normalize(), "f"))


POINTS = st.one_of(dec(0, 1000), st.sampled_from(["0.7", "0.1", "0.2", "0.3", "1", "2", "0.01"]))
WEIGHT = st.one_of(dec(1, 500), st.sampled_from(["0.1", "0.7", "1", "3"]))
DIMS = ["a", "b", "constructor"]


@st.composite
def entry(draw, kind: str, i: int):
    """One item, statement or question of a check of type `kind`, as a trainer writes it."""
    if draw(st.integers(0, 7)) == 0:
        return {"id": f"r{i}", "type": "reflection", "text": f"Notiz {i}"}
    out = {"id": f"q{i}", "text": f"Frage {i}"}
    if draw(st.booleans()):
        out["dimension"] = draw(st.sampled_from(DIMS))
    if kind == "checklist":
        return out | {"points": draw(POINTS)}
    if kind == "self-assessment":
        return out | {"weight": draw(WEIGHT), "reverse": draw(st.booleans())}
    n = draw(st.integers(2, 6))
    multiple = draw(st.booleans())
    if multiple:
        right = set(draw(st.lists(st.integers(0, n - 1), min_size=1, max_size=n, unique=True)))
        out |= {"type": "multiple", "partial": draw(st.booleans())}
    else:
        right = {draw(st.integers(0, n - 1))}
    options = [{"text": f"o{j}", "correct": j in right} for j in range(n)]
    return out | {"points": draw(POINTS), "options": options}


@st.composite
def check(draw):
    """(YAML mapping without bands, its check data with a placeholder band)."""
    kind = draw(st.sampled_from(["checklist", "self-assessment", "quiz"]))
    entries = [draw(entry(kind, i)) for i in range(draw(st.integers(1, 7)))]
    source = {"title": "T", "type": kind, "items" if kind == "checklist" else "questions": entries}
    if kind == "self-assessment":
        steps = draw(st.lists(POINTS, min_size=2, max_size=5, unique_by=Decimal))
        named = draw(st.sampled_from([None, "agree-4", "agree-5", "frequency-5", "yes-no"]))
        source["scale"] = named or [{"label": f"s{p}", "points": p} for p in steps]
    used = sorted({e["dimension"] for e in entries if "dimension" in e})
    if used:
        source["dimensions"] = {k: k.upper() for k in used}
    data = compile_or_none(source | {"results": [{"min": 0, "title": "B", "text": "t"}]})
    if data is None:  # no points to earn at all: the loader refuses it, rightly
        return draw(check())
    return source, data


def compile_or_none(source: dict):
    try:
        return compile_yaml(yaml.safe_dump(source, allow_unicode=True, sort_keys=False))
    except AssertionError:
        return None


def answers_for(draw, data: dict) -> dict:
    """Answers as a participant gives them, sometimes partly open, sometimes malformed."""
    answers = {}
    for q in data["questions"]:
        n = len(q.get("options") or q.get("steps") or [])
        kind = q["kind"]
        if draw(st.integers(0, 5)) == 0:
            continue  # left open
        if draw(st.integers(0, 9)) == 0:  # junk, as a hand-edited storage could hold
            # (n and [n]: one past the last option or step, never a choice)
            junk = [None, True, False, "1", -1, 99, n, [n], [], {}]
            answers[q["id"]] = draw(st.sampled_from(junk))
        elif kind == "check":
            answers[q["id"]] = draw(st.booleans())
        elif kind in ("scale", "single"):
            answers[q["id"]] = draw(st.integers(0, n - 1))
        elif kind == "multiple":
            answers[q["id"]] = draw(st.lists(st.integers(0, n - 1), min_size=1, max_size=n + 1))
        else:
            answers[q["id"]] = draw(st.text(max_size=5))
    return answers


def two_places(value: Fraction) -> str | None:
    """`value` as a decimal with at most two places, or None when it has more."""
    if (value * 100).denominator != 1 or value < 0:
        return None
    return format((Decimal(value.numerator) / value.denominator).quantize(Decimal("0.01")), "f")


def thresholds(draw, scores: list[Fraction], maximum: Fraction, percent: bool) -> list[str]:
    """Band minimums at reached scores (as points or as exact percentages) and one hundredth
    next to them; at least one sits exactly on a reached score whenever one can."""
    limit = 100 if percent else maximum
    exact, near = set(), set()
    for s in scores:
        value = s * 100 / maximum if percent else s
        for offset, into in ((0, exact), (Fraction(1, 100), near), (-Fraction(1, 100), near)):
            text = two_places(value + offset)
            if text is not None and 0 < Fraction(text) <= limit:
                into.add(text)
    picked = [draw(st.sampled_from(sorted(exact)))] if exact else []
    others = sorted((exact | near) - set(picked))
    if others:
        picked += draw(st.lists(st.sampled_from(others), max_size=3, unique=True))
    return sorted(picked, key=Decimal)


@st.composite
def case(draw):
    source, data = draw(check())
    answer_sets = [answers_for(draw, data) for _ in range(4)]
    maximum = Fraction(data["max"])
    reached = [Fraction(reference(data, a)["score"]) for a in answer_sets]
    reached = [Fraction(s) for s in reached]
    percent = draw(st.booleans())
    mins = ["0"] + thresholds(draw, reached, maximum, percent)
    zero = "0%" if percent else 0
    source["results"] = [
        {"min": (f"{m}%" if percent else m) if m != "0" else zero, "title": f"B{i}", "text": "t"}
        for i, m in enumerate(mins)
    ]
    if source["type"] == "quiz" and draw(st.booleans()):
        marks = thresholds(draw, reached, maximum, pass_percent := draw(st.booleans()))
        if marks:
            source["pass"] = f"{marks[0]}%" if pass_percent else marks[0]
    for key, _label in (source.get("dimensions") or {}).items():
        if draw(st.booleans()):
            dim_scores = [
                Fraction(reference(data, a)["dimensions"][key]["score"]) for a in answer_sets
            ]
            dim_max = Fraction(next(d["max"] for d in data["dimensions"] if d["key"] == key))
            if dim_max > 0:
                dmins = ["0%"] + [f"{m}%" for m in thresholds(draw, dim_scores, dim_max, True)]
                source["dimensions"][key] = {
                    "label": key.upper(),
                    "results": [
                        {"min": m, "title": f"D{i}", "text": "t"} for i, m in enumerate(dmins)
                    ],
                }
    data = compile_or_none(source)
    assert data is not None, source
    return data, answer_sets


def load_script(page):
    if page.evaluate("typeof Kursbau") == "undefined":
        page.set_content("<!doctype html><title>score</title>")
        page.add_script_tag(content=built_assets()["kursbau.js"])  # as the site serves it


def compare(page, cases):
    flat = [(data, answers) for data, sets in cases for answers in sets]
    got = page.evaluate("cs => cs.map(([d, a]) => Kursbau.score(d, a))", flat)
    on_boundary = 0
    for (data, answers), browser in zip(flat, got, strict=True):
        want = json.loads(json.dumps(reference(data, answers)))
        assert browser == want, json.dumps({"data": data, "answers": answers})
        bands = data["bands"]
        if want["band"] is not None and want["band"] > 0:
            b = bands[want["band"]]
            at = Fraction(want["score"]) * (100 / Fraction(want["max"]) if b["percent"] else 1)
            on_boundary += at == Fraction(b["min"])
    return on_boundary


@pinned
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    # no shrinking: a batch shrinks slowly, and the message names the failing case itself
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.filter_too_much,
    ],
)
@given(st.lists(case(), min_size=BATCH, max_size=BATCH))
def test_browser_scores_like_the_reference(page, cases):
    load_script(page)
    compare(page, cases)


def test_the_generator_aims_at_band_boundaries(page):
    """Not by chance: a good share of the generated results sit exactly on a band's minimum."""
    load_script(page)
    hits = total = 0
    examples = st.lists(case(), min_size=BATCH, max_size=BATCH)

    # The pinned seed does not fix the cases on its own: Hypothesis also draws constants from
    # the modules loaded so far, so the share moves with the tests run before this one (39 and
    # 63 of 240 in three examples). Ten examples, and a bar far above chance (1 in 40 before
    # the generator aimed at band minimums), keep the claim independent of that.
    @seed(PINNED)
    @settings(
        max_examples=10,
        deadline=None,
        phases=[Phase.generate],
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(examples)
    def run(cases):
        nonlocal hits, total
        hits += compare(page, cases)
        total += sum(len(sets) for _, sets in cases)

    run()
    print(f"\n{hits} of {total} results exactly on a band minimum")
    assert hits * 10 >= total  # at least one in ten


def test_exact_cases_from_the_format(page):
    """0.7 + 0.1 reaches 0.8; 57 of 100 reach 57 %; 74.5 % shows as 74."""
    load_script(page)

    def check(points, ticked, band_min, percent):
        items = "".join(
            f"\n  - {{id: q{i}, text: t{i}, points: {p}}}" for i, p in enumerate(points)
        )
        low, high = ('"0%"', f'"{band_min}%"') if percent else ("0", band_min)
        data = compile_yaml(
            f"title: T\ntype: checklist\nitems:{items}\nresults:\n"
            f"  - {{min: {low}, title: a, text: x}}\n  - {{min: {high}, title: b, text: y}}\n"
        )
        answers = {f"q{i}": True for i in ticked}
        got = page.evaluate("([d, a]) => Kursbau.score(d, a)", [data, answers])
        assert got == json.loads(json.dumps(reference(data, answers)))
        return got

    assert check(["0.7", "0.1"], [0, 1], "0.8", False)["band"] == 1
    assert check(["57", "43"], [0], "57", True)["band"] == 1
    res = check(["1.49", "0.51"], [0], "75", True)
    assert (res["percent"], res["band"]) == (74, 0)


def test_a_500_statement_self_assessment(page):
    """A big check scores like the reference (its speed is measured by bench/, not here)."""
    load_script(page)
    statements = "".join(
        f"\n  - {{text: s{i}, weight: 1.5, reverse: {str(i % 3 == 0).lower()}, dimension: {'abc'[i % 3]}}}"
        for i in range(500)
    )
    data = compile_yaml(
        "title: T\ntype: self-assessment\nscale: agree-5\ndimensions: {a: A, b: B, c: C}\n"
        f"questions:{statements}\n"
        'results: [{min: "0%", title: a, text: x}, {min: "50%", title: b, text: y}]\n'
    )
    answers = {f"q{i + 1}": i % 5 for i in range(500)}
    got = page.evaluate("([d, a]) => Kursbau.score(d, a)", [data, answers])
    assert got == json.loads(json.dumps(reference(data, answers)))
