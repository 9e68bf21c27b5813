"""The group picture: per check, how many shared and, from three shares on, the distribution over
the bands, each dimension's mean, the pass count and what to discuss. With one or two shares only
the count is given, so nobody's own result can be read off the projector.

All sums are exact (the stored results are fractions); percentages are rounded down like the
page rounds them (`generator.core.numbers.floor_percent`).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from fractions import Fraction

from ..core.numbers import floor_percent
from .course import RoomCourse, plain_text
from .shares import Result

MIN_SHARES = 3  # below this, counts only
DISCUSS = 3  # how many questions "to discuss" per check


def summarize(course: RoomCourse, results: Iterable[tuple[str, str, Result]]) -> dict:
    """The picture of every shareable check from (check id, check version, result) triples;
    shares of another version of a check (the course changed since) are left out."""
    by_check: dict[str, list[Result]] = {key: [] for key in course.checks}
    for check_id, version, result in results:
        data = course.checks.get(check_id)
        if data is not None and version == data["hash"]:
            by_check[check_id].append(result)
    return {
        "course": course.course,
        "title": course.title,
        "minShares": MIN_SHARES,
        "checks": [check_picture(course.checks[key], by_check[key]) for key in course.checks],
    }


def check_picture(data: dict, results: list[Result]) -> dict:
    n = len(results)
    picture: dict = {"id": data["id"], "title": data["title"], "type": data["type"], "count": n}
    if n < MIN_SHARES:
        return picture
    maximum = Fraction(data["max"])
    picture["percent"] = floor_percent(sum((r.score for r in results), Fraction(0)), n * maximum)
    if data["bands"]:
        picture["bands"] = [
            {"title": band["title"], "count": sum(1 for r in results if r.band == i)}
            for i, band in enumerate(data["bands"])
        ]
    if data.get("pass"):
        picture["passed"] = sum(1 for r in results if r.passed)
    picture["dimensions"] = [
        {
            "key": dim["key"],
            "label": dim["label"],
            "percent": floor_percent(
                sum((r.dimensions.get(dim["key"], 0) for r in results), Fraction(0)),
                n * Fraction(dim["max"]),
            ),
        }
        for dim in data["dimensions"]
        if Fraction(dim["max"]) > 0
    ]
    picture["discuss"] = discuss(data, results)
    return picture


def discuss(data: dict, results: list[Result]) -> dict:
    """What the group should talk about: the checklist items least often ticked, the quiz
    questions most often missed, the statements rated lowest."""
    n = len(results)
    rows = []
    for order, q in enumerate(data["questions"]):
        kind = q["kind"]
        if kind == "reflection":
            continue
        most = _question_max(q)
        earned = [r.questions.get(q["id"], Fraction(0)) for r in results]
        if kind == "check":
            if most <= 0:
                continue
            count = sum(1 for e in earned if e >= most)
            if count < n:
                rows.append(((count, order), {"text": plain_text(q["text"]), "count": count}))
        elif kind == "scale":
            percent = floor_percent(sum(earned, Fraction(0)), n * most)
            rows.append(((percent, order), {"text": plain_text(q["text"]), "percent": percent}))
        else:
            count = sum(1 for e in earned if e < most)
            if count:
                rows.append(((-count, order), {"text": plain_text(q["text"]), "count": count}))
    kind = {"checklist": "unticked", "quiz": "missed"}.get(data["type"], "lowest")
    return {"kind": kind, "items": [row for _, row in sorted(rows, key=lambda r: r[0])[:DISCUSS]]}


def _question_max(q: dict) -> Fraction:
    if q["kind"] == "scale":
        return Fraction(q["weight"]) * max(Fraction(s["points"]) for s in q["steps"])
    return Fraction(q["points"])


CSV_HEADER = ["check", "title", "measure", "item", "value"]


def to_csv(summary: dict) -> str:
    """The picture as CSV for the trainer (semicolons and a BOM, so spreadsheet programs with
    German settings open it in columns); the same rule: counts only below three shares."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    for c in summary["checks"]:
        row = [c["id"], _cell(c["title"])]
        writer.writerow([*row, "shares", "", c["count"]])
        if "percent" not in c:
            continue
        writer.writerow([*row, "mean percent", "", c["percent"]])
        for band in c.get("bands", []):
            writer.writerow([*row, "band", band["title"], band["count"]])
        if "passed" in c:
            writer.writerow([*row, "passed", "", c["passed"]])
        for dim in c["dimensions"]:
            writer.writerow([*row, "dimension percent", dim["label"], dim["percent"]])
        for item in c["discuss"]["items"]:
            measure = {"unticked": "ticked", "missed": "missed", "lowest": "statement percent"}
            value = item.get("count", item.get("percent"))
            writer.writerow([*row, measure[c["discuss"]["kind"]], _cell(item["text"]), value])
    return out.getvalue()


def _cell(text: str) -> str:
    """A text cell a spreadsheet will not read as a formula."""
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text
