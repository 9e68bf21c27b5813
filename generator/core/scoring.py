"""The scoring reference: exact results of check data and answers.

The browser script (`Kursbau.score`) implements the same rules; a test feeds both the same
generated cases. All arithmetic is on fractions, so bands and pass marks are decided exactly.
"""

from __future__ import annotations

from fractions import Fraction

from .numbers import floor_percent, fmt


def _num(text: str) -> Fraction:
    return Fraction(text)


def question_points(question: dict, answer) -> tuple[Fraction, Fraction, bool]:
    """(earned, maximum, answered) of one scored question."""
    kind = question["kind"]
    if kind == "check":
        points = _num(question["points"])
        return (points if answer is True else Fraction(0), points, True)
    if kind == "scale":
        weight = _num(question["weight"])
        steps = [_num(s["points"]) for s in question["steps"]]
        top, bottom = max(steps), min(steps)
        if not isinstance(answer, int) or isinstance(answer, bool) or not 0 <= answer < len(steps):
            return (Fraction(0), weight * top, False)
        p = steps[answer]
        if question.get("reverse"):
            p = top + bottom - p
        return (weight * p, weight * top, True)
    points = _num(question["points"])
    options = question["options"]
    if kind == "single":
        if (
            not isinstance(answer, int)
            or isinstance(answer, bool)
            or not 0 <= answer < len(options)
        ):
            return (Fraction(0), points, False)
        return (points if options[answer]["correct"] else Fraction(0), points, True)
    chosen = _choice_set(answer, len(options))
    if chosen is None:
        return (Fraction(0), points, False)
    correct = {i for i, o in enumerate(options) if o["correct"]}
    if question.get("partial"):
        right = len(chosen & correct)
        wrong = len(chosen - correct)
        share = max(Fraction(0), Fraction(right - wrong, len(correct)))
        return (points * share, points, True)
    return (points if chosen == correct else Fraction(0), points, True)


def _choice_set(answer, count: int) -> set[int] | None:
    if not isinstance(answer, list):
        return None
    chosen = {
        a for a in answer if isinstance(a, int) and not isinstance(a, bool) and 0 <= a < count
    }
    return chosen or None


def band_index(bands: list[dict], score: Fraction, maximum: Fraction) -> int | None:
    """The last band whose `min` the score reaches (percent bands: the exact percentage)."""
    found = None
    for i, band in enumerate(bands):
        if _reached(band["min"], band["percent"], score, maximum):
            found = i
    return found


def _reached(value: str, percent: bool, score: Fraction, maximum: Fraction) -> bool:
    if percent:
        return score * 100 >= _num(value) * maximum
    return score >= _num(value)


def score(data: dict, answers: dict) -> dict:
    """Score check data against answers (see ARCHITECTURE.md for both shapes).

    Returns a dict with `score`, `max` (decimal strings as in `data-score`), `percent` (floored),
    `band` (index or None), `passed` (bool, or None without a pass mark), `unanswered` (scored
    questions without an answer), `dimensions` (key → score/max/percent/band) and `questions`
    (id → earned/max/answered). An action plan scores 0 of 0 with no band.
    """
    total = Fraction(0)
    maximum = Fraction(0)
    unanswered = 0
    dims = {d["key"]: [Fraction(0), Fraction(0)] for d in data["dimensions"]}
    per_question = {}
    for q in data["questions"]:
        if q["kind"] == "reflection":
            continue
        earned, most, answered = question_points(q, answers.get(q["id"]))
        total += earned
        maximum += most
        unanswered += 0 if answered else 1
        if q.get("dimension") in dims:
            dims[q["dimension"]][0] += earned
            dims[q["dimension"]][1] += most
        per_question[q["id"]] = {"earned": fmt(earned), "max": fmt(most), "answered": answered}
    passed = None
    if data.get("pass"):
        passed = _reached(data["pass"]["value"], data["pass"]["percent"], total, maximum)
    return {
        "score": fmt(total),
        "max": fmt(maximum),
        "percent": floor_percent(total, maximum),
        "band": band_index(data["bands"], total, maximum) if data["bands"] else None,
        "passed": passed,
        "unanswered": unanswered,
        "dimensions": {
            d["key"]: {
                "score": fmt(dims[d["key"]][0]),
                "max": fmt(dims[d["key"]][1]),
                "percent": floor_percent(*dims[d["key"]]),
                "band": band_index(d["bands"], *dims[d["key"]]) if d["bands"] else None,
            }
            for d in data["dimensions"]
        },
        "questions": per_question,
    }
