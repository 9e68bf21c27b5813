"""The scoring reference: exact results of check data and answers.

Every rule that does not depend on the answers is applied once, in `compile.py`: this module and
the browser script (`Kursbau.score`) only add up the compiled values, compare sets and decide
bands; a test feeds both the same generated cases. All arithmetic is on fractions, so bands and
pass marks are decided exactly.
"""

from __future__ import annotations

from fractions import Fraction

from .numbers import floor_percent, fmt


def _num(text: str) -> Fraction:
    return Fraction(text)  # "2", "0.75" or, for a partial option's value, "2/3"


def question_points(question: dict, answer) -> tuple[Fraction, Fraction, bool]:
    """(earned, maximum, answered) of one scored question: the compiled values added up."""
    kind = question["kind"]
    most = _num(question["max"])
    if kind == "check":
        return (most if answer is True else Fraction(0), most, True)
    if kind in ("scale", "single"):
        choices = question["steps" if kind == "scale" else "options"]
        if not _is_index(answer, len(choices)):
            return (Fraction(0), most, False)
        return (_num(choices[answer]["value"]), most, True)
    options = question["options"]
    chosen = _choice_set(answer, len(options))
    if chosen is None:
        return (Fraction(0), most, False)
    if question.get("partial"):
        return (max(Fraction(0), sum(_num(options[i]["value"]) for i in chosen)), most, True)
    correct = {i for i, o in enumerate(options) if o["correct"]}
    return (most if chosen == correct else Fraction(0), most, True)


def _is_index(answer, count: int) -> bool:
    return isinstance(answer, int) and not isinstance(answer, bool) and 0 <= answer < count


def _choice_set(answer, count: int) -> set[int] | None:
    if not isinstance(answer, list):
        return None
    chosen = {a for a in answer if _is_index(a, count)}
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
    maximum = _num(data["max"])
    unanswered = 0
    dims = {d["key"]: [Fraction(0), _num(d["max"])] for d in data["dimensions"]}
    per_question = {}
    for q in data["questions"]:
        if q["kind"] == "reflection":
            continue
        earned, most, answered = question_points(q, answers.get(q["id"]))
        total += earned
        unanswered += 0 if answered else 1
        if q.get("dimension") in dims:
            dims[q["dimension"]][0] += earned
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
