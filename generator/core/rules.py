"""Rules that need a whole check: correct options, dimensions, ids, bands against the maximum.

Each rule reports at the position of the value it is about and says what to write instead.
"""

from __future__ import annotations

import difflib
from decimal import Decimal

from . import models as m
from .compile import entry_max
from .models import entry_id, is_action_plan, is_reflection
from .problems import Problems
from .yamlsource import Document

_ZERO = {True: '"0%"', False: "0"}


def lms_of(check: m.AnyAssessment) -> str:
    """What a learning platform learns about a check (FORMAT 1.1, "In a learning platform"):
    the `lms` key, else the default of its type."""
    if check.lms is not None:
        return check.lms
    if is_action_plan(check):
        return "none"
    return "score" if isinstance(check, m.Quiz) else "completion"


def check_rules(check: m.AnyAssessment, doc: Document, problems: Problems) -> None:
    """Add every cross-field problem of one validated check."""
    key = m.entries_key(check)
    entries = m.entries(check)
    action_plan = is_action_plan(check)
    _check_ids(entries, key, doc, problems)
    _check_dimensions(check, entries, key, doc, problems)
    if isinstance(check, m.Quiz):
        _check_choices(check, doc, problems)
    if isinstance(check, m.SelfAssessment) and not _check_scale(check, action_plan, doc, problems):
        return  # without a usable scale there is no maximum to judge bands against
    if action_plan:
        if check.lms in ("score", "completion"):
            problems.add(
                doc.path,
                *doc.position(("lms",)),
                f"'lms: {check.lms}' is not possible here: this check has only reflections (an"
                " action plan), it is never submitted and has no score; remove 'lms' (the"
                " default is none)",
            )
        for field in ("results", "pass"):
            if field in doc.data:
                problems.add(
                    doc.path,
                    *doc.position((field,), key=True),
                    f"'{field}' is not possible here: this check has only reflections (an action"
                    " plan), so it has no score; remove it or add a scored question",
                )
        return
    maximum = sum((entry_max(check, e) for e in entries), Decimal(0))
    if maximum <= 0:
        problems.add(
            doc.path,
            *doc.position((key,)),
            "this check has no points to earn: give an entry points greater than 0",
        )
        return
    if check.results is None and not isinstance(check, m.Quiz):
        problems.add(
            doc.path,
            1,
            1,
            "'results' is missing: a checklist or self-assessment needs bands, for example"
            " results: [{min: 0, title: …, text: …}]",
        )
    if check.results is not None:
        check_bands(check.results, maximum, ("results",), doc, problems)
    if isinstance(check, m.Quiz) and check.pass_ is not None:
        _check_threshold_reachable(check.pass_, maximum, ("pass",), "pass mark", doc, problems)
    for name, dim in (check.dimensions or {}).items():
        if isinstance(dim, m.DimensionSpec) and dim.results is not None:
            dim_max = sum(
                (entry_max(check, e) for e in entries if getattr(e, "dimension", None) == name),
                Decimal(0),
            )
            check_bands(dim.results, dim_max, ("dimensions", name, "results"), doc, problems)


def check_bands(bands, maximum: Decimal, path: tuple, doc: Document, problems: Problems):
    """Bands start at 0, ascend strictly, use one kind of `min`, and are all reachable."""
    if not bands:
        problems.add(doc.path, *doc.position(path), "'results' is empty: add at least one band")
        return
    percent = bands[0].min.percent
    for i, band in enumerate(bands):
        where = path + (i, "min")
        if band.min.percent != percent:
            problems.add(
                doc.path,
                *doc.position(where),
                "one list of bands uses one kind of 'min': all points (4) or all percentages"
                f' ("40%"); the first band uses {"percentages" if percent else "points"}',
            )
            return
        if i == 0 and band.min.value != 0:
            problems.add(
                doc.path,
                *doc.position(where),
                f"the first band must start at {_ZERO[percent]} so that every score has a band:"
                " add a band below it or change this min",
            )
        if i > 0 and band.min.value <= bands[i - 1].min.value:
            problems.add(
                doc.path,
                *doc.position(where),
                f"bands must ascend: this min ({band.min}) is not above the one before"
                f" ({bands[i - 1].min})",
            )
        _check_threshold_reachable(band.min, maximum, where, "band", doc, problems)


def _check_threshold_reachable(threshold, maximum, path, what, doc, problems) -> None:
    # a percentage of nothing is 0 %: with no points to earn only 0 % is reached
    percent = threshold.percent and maximum > 0
    limit = Decimal(100) if percent else maximum
    if threshold.value > limit:
        shown = "100%" if percent else f"{maximum} point{'' if maximum == 1 else 's'}"
        problems.add(
            doc.path,
            *doc.position(path),
            f"this {what} ({threshold}) lies above the maximum ({shown}), so it could never be"
            " reached: lower it",
        )


def _check_ids(entries, key: str, doc: Document, problems: Problems) -> None:
    seen: dict[str, int] = {}
    for i, entry in enumerate(entries):
        ident = entry_id(entry, i)
        if ident in seen:
            problems.add(
                doc.path,
                *doc.position((key, i, "id") if getattr(entry, "id", None) else (key, i)),
                f"id '{ident}' is used twice (also by entry {seen[ident] + 1}): ids of questions"
                " and items must be unique",
            )
        seen.setdefault(ident, i)


def _check_dimensions(check, entries, key: str, doc: Document, problems: Problems) -> None:
    known = list((check.dimensions or {}).keys())
    used = set()
    unknown = False
    for i, entry in enumerate(entries):
        name = getattr(entry, "dimension", None)
        if name is None:
            continue
        used.add(name)
        if name not in known:
            unknown = True
            close = difflib.get_close_matches(name, known, n=1)
            hint = (
                f"did you mean '{close[0]}'?"
                if close
                else (
                    f"known are {', '.join(known)}"
                    if known
                    else "declare it under 'dimensions:' first"
                )
            )
            problems.add(
                doc.path,
                *doc.position((key, i, "dimension")),
                f"unknown dimension '{name}': {hint}",
            )
    for name in known if not unknown else []:  # a misspelt name would show up twice otherwise
        if name not in used:
            problems.add(
                doc.path,
                *doc.position(("dimensions", name), key=True),
                f"dimension '{name}' is not used by any entry: name it with 'dimension: {name}'"
                " on an entry, or remove it",
            )


def _check_choices(check: m.Quiz, doc: Document, problems: Problems) -> None:
    for i, q in enumerate(check.questions):
        if is_reflection(q):
            continue
        where = ("questions", i)
        if len(q.options) < 2:
            problems.add(
                doc.path,
                *doc.position(where + ("options",)),
                "a choice question needs at least two options",
            )
        correct = sum(1 for o in q.options if isinstance(o, m.Option) and o.correct)
        if isinstance(q, m.SingleChoice) and correct != 1:
            message = (
                "mark the right option with 'correct: true'"
                if correct == 0
                else f"{correct} options are marked correct: a single-choice question has exactly"
                " one; for several right answers write 'type: multiple'"
            )
            problems.add(doc.path, *doc.position(where + ("options",)), message)
        if isinstance(q, m.MultipleChoice) and correct == 0:
            problems.add(
                doc.path,
                *doc.position(where + ("options",)),
                "mark at least one option with 'correct: true'",
            )


def _check_scale(
    check: m.SelfAssessment, action_plan: bool, doc: Document, problems: Problems
) -> bool:
    """Whether the scale is usable; problems are added when it is not."""
    before = len(problems)
    if check.scale is None:
        if not action_plan:
            problems.add(
                doc.path,
                1,
                1,
                "'scale' is missing: write scale: agree-4 (or agree-5, frequency-5, yes-no, or a"
                " list of {label, points})",
            )
            return False
        return True
    if isinstance(check.scale, list):
        if len(check.scale) < 2:
            problems.add(
                doc.path, *doc.position(("scale",)), "a custom scale needs at least two steps"
            )
        seen: dict[Decimal, int] = {}
        for i, step in enumerate(check.scale):
            if step.points in seen:
                problems.add(
                    doc.path,
                    *doc.position(("scale", i, "points")),
                    f"points {step.points} are used by step {seen[step.points] + 1} already:"
                    " each step needs its own points",
                )
            seen.setdefault(step.points, i)
    return len(problems) == before
