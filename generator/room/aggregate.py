"""The group picture: per check, how many shared and, from three shares on, the distribution over
the bands, each dimension's mean, the pass count and what to discuss. With one or two shares only
the count is given, so nobody's own result can be read off the projector.

A `Tally` per check keeps running sums (exact fractions) that a share adds to and a replaced share
takes away from, so a refresh of the picture costs the same at 3 or 300 shares. Percentages are
rounded down like the page rounds them (`generator.core.numbers.floor_percent`).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from fractions import Fraction

from ..core.numbers import floor_percent
from ..render.takeaway import plain
from .course import RoomCourse
from .shares import Result

MIN_SHARES = 3  # below this, counts only
DISCUSS = 3  # how many questions "to discuss" per check
ZERO = Fraction(0)


class Tally:
    """Running sums of the shares of one check (of its current version)."""

    def __init__(self, data: dict):
        self.data = data
        self.scored = [q for q in data["questions"] if q["kind"] != "reflection"]
        self.most = {q["id"]: question_max(q) for q in self.scored}
        self.texts = {q["id"]: plain(q["text"]) for q in self.scored}
        self.count = 0
        self.total = ZERO
        self.bands = [0] * len(data["bands"])
        self.passed = 0
        self.dimensions = {d["key"]: ZERO for d in data["dimensions"]}
        self.earned = {q["id"]: ZERO for q in self.scored}  # sum of points, per question
        self.full = {q["id"]: 0 for q in self.scored}  # shares with all of its points

    def add(self, result: Result, sign: int = 1) -> None:
        """Count a share in (sign 1) or out again (sign -1, when it is replaced or deleted)."""
        self.count += sign
        self.total += sign * result.score
        if result.band is not None and 0 <= result.band < len(self.bands):
            self.bands[result.band] += sign
        self.passed += sign if result.passed else 0
        for key in self.dimensions:
            self.dimensions[key] += sign * result.dimensions.get(key, ZERO)
        for key, most in self.most.items():
            earned = result.questions.get(key, ZERO)
            self.earned[key] += sign * earned
            self.full[key] += sign if earned >= most else 0

    def picture(self) -> dict:
        data, n = self.data, self.count
        picture: dict = {"id": data["id"], "title": data["title"], "type": data["type"], "count": n}
        if n < MIN_SHARES:
            return picture
        picture["percent"] = floor_percent(self.total, n * Fraction(data["max"]))
        if data["bands"]:
            picture["bands"] = [
                {"title": band["title"], "count": self.bands[i]}
                for i, band in enumerate(data["bands"])
            ]
        if data.get("pass"):
            picture["passed"] = self.passed
        picture["dimensions"] = [
            {
                "key": dim["key"],
                "label": dim["label"],
                "percent": floor_percent(self.dimensions[dim["key"]], n * Fraction(dim["max"])),
            }
            for dim in data["dimensions"]
            if Fraction(dim["max"]) > 0
        ]
        picture["discuss"] = self.discuss()
        return picture

    def discuss(self) -> dict:
        """What the group should talk about: the checklist items least often ticked, the quiz
        questions most often missed, the statements rated lowest."""
        n, rows = self.count, []
        for order, q in enumerate(self.scored):
            key, most = q["id"], self.most[q["id"]]
            if q["kind"] == "check":
                if most > 0 and self.full[key] < n:
                    rows.append(((self.full[key], order), {"count": self.full[key]}, q))
            elif q["kind"] == "scale":
                percent = floor_percent(self.earned[key], n * most)
                rows.append(((percent, order), {"percent": percent}, q))
            elif n - self.full[key] > 0:
                rows.append(((self.full[key] - n, order), {"count": n - self.full[key]}, q))
        rows.sort(key=lambda row: row[0])
        kind = {"checklist": "unticked", "quiz": "missed"}.get(self.data["type"], "lowest")
        items = [{"text": self.texts[q["id"]], **value} for _, value, q in rows[:DISCUSS]]
        return {"kind": kind, "items": items}


def question_max(q: dict) -> Fraction:
    return Fraction(q["max"])  # compiled into check data


def tallies(course: RoomCourse, results: Iterable[tuple[str, str, Result]]) -> dict[str, Tally]:
    """A tally per shareable check from (check id, check version, result) triples; shares of
    another version of a check (the course changed since they were made) are left out."""
    found = {key: Tally(data) for key, data in course.checks.items()}
    for check_id, version, result in results:
        data = course.checks.get(check_id)
        if data is not None and version == data["hash"]:
            found[check_id].add(result)
    return found


def summary(course: RoomCourse, counted: dict[str, Tally]) -> dict:
    return {
        "course": course.course,
        "title": course.title,
        "minShares": MIN_SHARES,
        "checks": [counted[key].picture() for key in course.checks],
    }


def summarize(course: RoomCourse, results: Iterable[tuple[str, str, Result]]) -> dict:
    """The picture of every shareable check, computed from scratch."""
    return summary(course, tallies(course, results))


CSV_HEADER = ["check", "title", "measure", "item", "value"]
_MEASURE = {"unticked": "ticked", "missed": "missed", "lowest": "statement percent"}


def to_csv(picture: dict) -> str:
    """The picture as CSV for the trainer (semicolons and a BOM, so spreadsheet programs with
    German settings open it in columns); the same rule: counts only below three shares."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    for c in picture["checks"]:
        row = [c["id"], _cell(c["title"])]
        writer.writerow([*row, "shares", "", c["count"]])
        if "percent" not in c:
            continue
        writer.writerow([*row, "mean percent", "", c["percent"]])
        for band in c.get("bands", []):
            writer.writerow([*row, "band", _cell(band["title"]), band["count"]])
        if "passed" in c:
            writer.writerow([*row, "passed", "", c["passed"]])
        for dim in c["dimensions"]:
            writer.writerow([*row, "dimension percent", _cell(dim["label"]), dim["percent"]])
        for item in c["discuss"]["items"]:
            value = item.get("count", item.get("percent"))
            writer.writerow([*row, _MEASURE[c["discuss"]["kind"]], _cell(item["text"]), value])
    return out.getvalue()


def _cell(text: str) -> str:
    """A text cell a spreadsheet will not read as a formula."""
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text
