"""Compiles a validated check into check data: the plain dict that the page, the browser script,
the Python scoring and the handouts all read (ARCHITECTURE.md describes its shape).

Every scoring rule that does not depend on the participant's answers is applied here, once: a
scale step's points with the statement's weight and `reverse`, an option's value (what choosing
it adds), each question's, dimension's and the check's maximum. The two scoring implementations
(`scoring.py` and the browser's `Kursbau.score`) and the handouts' scoring guide only add these
values up; `rules.py` judges bands against the same maximum."""

from __future__ import annotations

import hashlib
import json
from decimal import Decimal
from fractions import Fraction

from . import markdown
from . import models as m
from .models import entry_id, is_action_plan, is_reflection
from .numbers import exact, fmt
from .scales import scale_steps

# 2: every scored question carries its "max"; scale steps and options carry their "value"
DATA_VERSION = 2


def compile_check(check: m.AnyAssessment, check_id: str, *, course: str, lang: str) -> dict:
    """Check data for one check; texts are rendered to HTML here, once."""
    steps = scale_steps(getattr(check, "scale", None), lang)
    entries = m.entries(check)
    questions = [
        _question(check, entry, i, check_id, steps, lang) for i, entry in enumerate(entries)
    ]
    action_plan = is_action_plan(check)
    maximum = sum((Decimal(q.get("max", "0")) for q in questions), Decimal(0))
    dimensions = [_dimension(key, dim, questions) for key, dim in (check.dimensions or {}).items()]
    data = {
        "v": DATA_VERSION,
        "course": course,
        "id": check_id,
        "type": check.type,
        "title": check.title,
        "intro": markdown.block(check.intro),
        "actionPlan": action_plan,
        "feedback": getattr(check, "feedback", "on-submit"),
        "hash": "",
        "minutes": check.minutes or estimate_minutes(questions),
        "max": fmt(maximum),
        "pass": _threshold(getattr(check, "pass_", None)),
        "bands": [_band(b) for b in check.results or []],
        "dimensions": dimensions,
        "questions": questions,
    }
    data["hash"] = structure_hash(data)
    return data


# Seconds a participant needs, by kind of question: reading and ticking a statement is quick, a
# choice question needs its options read, a reflection needs thinking and typing.
_SECONDS = {"check": 10, "scale": 12, "single": 30, "multiple": 40, "reflection": 90}


def estimate_minutes(questions: list[dict]) -> int:
    """About how many minutes a check takes, rounded up; `minutes:` in the YAML overrides it."""
    seconds = sum(_SECONDS[q["kind"]] for q in questions)
    return max(1, -(-seconds // 60))


def entry_max(check: m.AnyAssessment, entry, lang: str = "de") -> Decimal:
    """The most points an entry can earn (0 for a reflection)."""
    if is_reflection(entry):
        return Decimal(0)
    return Decimal(
        _scoring(check, _as_model(check, entry), scale_steps(_scale(check), lang))["max"]
    )


def _scale(check):
    return getattr(check, "scale", None)


def _as_model(check, entry):
    """A plain-string entry as the model it stands for (1 point, weight 1)."""
    if not isinstance(entry, str):
        return entry
    return (
        m.Statement(text=entry)
        if isinstance(check, m.SelfAssessment)
        else m.ChecklistItem(text=entry)
    )


def _scoring(check, entry, steps) -> dict:
    """What an entry adds to the score, with every rule applied: the numbers of check data.

    - checklist item: a tick earns `max`;
    - statement: each step's `values`, weight applied and a reverse statement turned around;
    - single choice: each option's value (`max` for the right one, else 0);
    - multiple choice, partial: each option's value, `max / number correct` for a right one
      and its negative for a wrong one; the sum of the chosen ones, never below 0, is earned;
    - multiple choice, all or nothing: no values; `max` when the chosen set is the right set.
    """
    if isinstance(entry, m.ChecklistItem):
        return {"max": fmt(entry.points)}
    if isinstance(entry, m.Statement):
        points = [p for _, p in steps]
        top, bottom = (max(points), min(points)) if points else (Decimal(0), Decimal(0))
        turned = [top + bottom - p if entry.reverse else p for p in points]
        return {"max": fmt(entry.weight * top), "values": [fmt(entry.weight * p) for p in turned]}
    options = [m.Option(text=o) if isinstance(o, str) else o for o in entry.options]
    if isinstance(entry, m.MultipleChoice) and not entry.partial:
        return {"max": fmt(entry.points)}
    if isinstance(entry, m.MultipleChoice):
        share = Fraction(entry.points) / max(1, sum(o.correct for o in options))
        return {
            "max": fmt(entry.points),
            "values": [exact(share if o.correct else -share) for o in options],
        }
    return {
        "max": fmt(entry.points),
        "values": [fmt(entry.points if o.correct else 0) for o in options],
    }


def structure_hash(data: dict) -> str:
    """A short hash of what scoring depends on: stored answers are dropped when it changes,
    while wording changes keep them."""
    scored = [
        {
            k: q.get(k)
            for k in ("id", "kind", "points", "weight", "reverse", "partial", "dimension")
            if k in q
        }
        | {
            "options": [o["correct"] for o in q.get("options", [])],
            "steps": [s["points"] for s in q.get("steps", [])],
        }
        for q in data["questions"]
        if q["kind"] != "reflection"
    ]
    blob = json.dumps([data["type"], scored], sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(blob.encode()).hexdigest()[:12]


def _threshold(threshold) -> dict | None:
    if threshold is None:
        return None
    return {"value": fmt(threshold.value), "percent": threshold.percent}


def _band(band: m.Band) -> dict:
    return {
        "min": fmt(band.min.value),
        "percent": band.min.percent,
        "title": band.title,
        "text": markdown.block(band.text),
    }


def _dimension(key: str, dim, questions: list[dict]) -> dict:
    label = dim if isinstance(dim, str) else dim.label
    bands = [] if isinstance(dim, str) else [_band(b) for b in dim.results or []]
    dim_max = sum(
        (Decimal(q["max"]) for q in questions if q.get("dimension") == key and "max" in q),
        Decimal(0),
    )
    return {"key": key, "label": label, "max": fmt(dim_max), "bands": bands}


def _question(check, entry, index: int, check_id: str, steps, lang: str) -> dict:
    qid = entry_id(entry, index)
    base = {"id": qid, "name": f"{check_id}/{qid}"}
    if is_reflection(entry):
        return base | {
            "kind": "reflection",
            "text": markdown.inline(entry.text),
            "lines": entry.lines,
        }
    entry = _as_model(check, entry)
    scoring = _scoring(check, entry, steps)
    common = {"text": markdown.inline(entry.text), "dimension": entry.dimension}
    if isinstance(entry, m.ChecklistItem):
        return (
            base
            | {"kind": "check"}
            | common
            | {"points": fmt(entry.points), "max": scoring["max"], "tip": markdown.block(entry.tip)}
        )
    if isinstance(entry, m.Statement):
        return (
            base
            | {"kind": "scale"}
            | common
            | {
                "weight": fmt(entry.weight),
                "reverse": entry.reverse,
                "max": scoring["max"],
                "steps": [
                    {"label": label, "points": fmt(points), "value": value}
                    for (label, points), value in zip(steps, scoring["values"], strict=True)
                ],
                "tip": markdown.block(entry.tip),
            }
        )
    options = [m.Option(text=o) if isinstance(o, str) else o for o in entry.options]
    values = scoring.get("values")
    return (
        base
        | {"kind": entry.type}
        | common
        | {
            "points": fmt(entry.points),
            "partial": bool(getattr(entry, "partial", False)),
            "max": scoring["max"],
            "options": [
                {
                    "text": markdown.inline(o.text),
                    "correct": o.correct,
                    "feedback": markdown.block(o.feedback),
                }
                | ({"value": values[i]} if values else {})
                for i, o in enumerate(options)
            ],
            "explanation": markdown.block(entry.explanation),
        }
    )
