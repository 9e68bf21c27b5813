"""Compiles a validated check into check data: the plain dict that the page, the browser script,
the Python scoring and the handouts all read (ARCHITECTURE.md describes its shape)."""

from __future__ import annotations

import hashlib
import json
from decimal import Decimal

from . import markdown
from . import models as m
from .numbers import fmt
from .rules import entry_id, entry_max, is_action_plan, is_reflection
from .scales import scale_steps

DATA_VERSION = 1


def compile_check(check: m.AnyAssessment, check_id: str, *, course: str, lang: str) -> dict:
    """Check data for one check; texts are rendered to HTML here, once."""
    steps = scale_steps(getattr(check, "scale", None), lang)
    entries = m.entries(check)
    questions = [
        _question(check, entry, i, check_id, steps, lang) for i, entry in enumerate(entries)
    ]
    action_plan = is_action_plan(check)
    maximum = sum((entry_max(check, e, lang) for e in entries), Decimal(0))
    dimensions = [
        _dimension(check, key, dim, entries, lang) for key, dim in (check.dimensions or {}).items()
    ]
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
        "max": fmt(maximum),
        "pass": _threshold(getattr(check, "pass_", None)),
        "bands": [_band(b) for b in check.results or []],
        "dimensions": dimensions,
        "questions": questions,
    }
    data["hash"] = structure_hash(data)
    return data


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


def _dimension(check, key: str, dim, entries, lang: str) -> dict:
    label = dim if isinstance(dim, str) else dim.label
    bands = [] if isinstance(dim, str) else [_band(b) for b in dim.results or []]
    dim_max = sum(
        (entry_max(check, e, lang) for e in entries if getattr(e, "dimension", None) == key),
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
    if isinstance(entry, str):
        entry = (
            m.Statement(text=entry)
            if isinstance(check, m.SelfAssessment)
            else m.ChecklistItem(text=entry)
        )
    common = {"text": markdown.inline(entry.text), "dimension": entry.dimension}
    if isinstance(entry, m.ChecklistItem):
        return (
            base
            | {"kind": "check"}
            | common
            | {
                "points": fmt(entry.points),
                "tip": markdown.block(entry.tip),
            }
        )
    if isinstance(entry, m.Statement):
        return (
            base
            | {"kind": "scale"}
            | common
            | {
                "weight": fmt(entry.weight),
                "reverse": entry.reverse,
                "steps": [{"label": label, "points": fmt(points)} for label, points in steps],
                "tip": markdown.block(entry.tip),
            }
        )
    options = [m.Option(text=o) if isinstance(o, str) else o for o in entry.options]
    return (
        base
        | {"kind": entry.type}
        | common
        | {
            "points": fmt(entry.points),
            "partial": bool(getattr(entry, "partial", False)),
            "options": [
                {
                    "text": markdown.inline(o.text),
                    "correct": o.correct,
                    "feedback": markdown.block(o.feedback),
                }
                for o in options
            ],
            "explanation": markdown.block(entry.explanation),
        }
    )
