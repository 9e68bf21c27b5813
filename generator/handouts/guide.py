"""The paper scoring guide of a check, computed exactly from its check data.

On paper a participant adds up points and looks the sum up in a table. So every band becomes a
range of sums (with percentage bands turned into points), and every scale step of every statement
gets its points with weights applied and reverse statements already turned around. Scores only
take values on a grid (multiples of the smallest step between possible points), so a range is
given from the first grid value that reaches the band to the last one that does not reach the
next: exactly what `generator.core.scoring` decides for the same answers.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from fractions import Fraction

from ..i18n import number, t
from .strings import ht

_VULGAR = {
    (1, 2): "½",
    (1, 3): "⅓",
    (2, 3): "⅔",
    (1, 4): "¼",
    (3, 4): "¾",
    (1, 5): "⅕",
    (2, 5): "⅖",
    (3, 5): "⅗",
    (4, 5): "⅘",
    (1, 6): "⅙",
    (5, 6): "⅚",
    (1, 8): "⅛",
    (3, 8): "⅜",
    (5, 8): "⅝",
    (7, 8): "⅞",
}


def show(value: Fraction, lang: str) -> str:
    """A number for people: "5", "2,5", "5⅔"; never a rounded value passed off as exact."""
    value = Fraction(value)
    if (value * 100).denominator == 1:
        whole, cents = divmod(abs(value.numerator * 100 // value.denominator), 100)
        text = str(whole) if not cents else f"{whole}.{cents:02d}".rstrip("0")
        return ("-" if value < 0 else "") + number(text, lang)
    whole, rest = divmod(value, 1)
    part = Fraction(rest)
    glyph = _VULGAR.get((part.numerator, part.denominator))
    if glyph:
        return (str(whole) if whole else "") + glyph
    if value.denominator <= 12:
        return (f"{whole} " if whole else "") + f"{part.numerator}/{part.denominator}"
    return "≈" + number(f"{float(value):.2f}", lang)


def percent_text(value: str, lang: str) -> str:
    """ "70 %" (German, with a no-break space) or "70%"."""
    return t("pct", lang, p=number(value, lang))


def _gcd(a: Fraction, b: Fraction) -> Fraction:
    """Greatest common divisor of two non-negative rationals."""
    if a == 0:
        return b
    if b == 0:
        return a
    den = a.denominator * b.denominator // math.gcd(a.denominator, b.denominator)
    return Fraction(math.gcd(int(a * den), int(b * den)), den)


def contributions(question: dict) -> list[Fraction]:
    """Every number of points one question can add on paper (a scale statement is answered),
    read from the values compiled into check data."""
    kind = question["kind"]
    if kind == "reflection":
        return [Fraction(0)]
    if kind == "scale":
        return [p for _, p in step_points(question)]
    most = Fraction(question["max"])
    if kind == "multiple" and question.get("partial"):
        tick = per_tick(question)
        return [tick * k for k in range(int(most / tick) + 1)] if tick else [Fraction(0)]
    return [Fraction(0), most]


def per_tick(question: dict) -> Fraction:
    """What one right option adds to a partial multiple-choice question (a wrong one takes as
    much away)."""
    return max(Fraction(o["value"]) for o in question["options"])


def step_points(question: dict) -> list[tuple[str, Fraction]]:
    """(label, points) of each step of a scale statement in display order, as compiled: weight
    applied and a reverse statement turned around."""
    return [(step["label"], Fraction(step["value"])) for step in question["steps"]]


def grid(questions: list[dict]) -> Fraction:
    """The step between possible sums: every sum is a multiple of it."""
    step = Fraction(0)
    for q in questions:
        for value in contributions(q):
            step = _gcd(step, value)
    return step or Fraction(1)


def first_reaching(threshold: Fraction, step: Fraction) -> Fraction:
    """The smallest multiple of `step` that is at least `threshold`."""
    return math.ceil(threshold / step) * step


def threshold_points(value: str, percent: bool, maximum: Fraction) -> Fraction:
    """A band `min` or pass mark in points (a percentage of `maximum` for percent marks)."""
    return Fraction(value) * maximum / 100 if percent else Fraction(value)


@dataclass
class BandRow:
    index: int
    title: str
    text: str | None  # HTML
    low: Fraction | None  # None: no possible sum falls into this band
    high: Fraction | None
    percent: str | None  # the band's own percentage, for percent bands

    def range_text(self, lang: str) -> str:
        if self.low is None:
            return ht("unreachable", lang)
        if self.low == self.high:
            return show(self.low, lang)
        return f"{show(self.low, lang)}\u2009–\u2009{show(self.high, lang)}"


def band_rows(bands: list[dict], maximum: Fraction, step: Fraction) -> list[BandRow]:
    """Each band as a range of possible sums, decided like `scoring.band_index`."""
    lows = [first_reaching(threshold_points(b["min"], b["percent"], maximum), step) for b in bands]
    rows = []
    for i, band in enumerate(bands):
        low = lows[i]
        # The next band that starts higher ends this one; bands are strictly ascending.
        ends = [lows[j] for j in range(i + 1, len(bands)) if lows[j] > low]
        later_same = any(lows[j] <= low for j in range(i + 1, len(bands)))
        high = min(ends) - step if ends else maximum
        if later_same or low > maximum:
            rows.append(BandRow(i, band["title"], band.get("text"), None, None, None))
            continue
        rows.append(
            BandRow(
                i,
                band["title"],
                band.get("text"),
                low,
                high,
                band["min"] if band["percent"] else None,
            )
        )
    return rows


@dataclass
class DimensionGuide:
    key: str
    label: str
    numbers: list[int]  # question numbers (1-based, as printed)
    maximum: Fraction
    bands: list[BandRow] = field(default_factory=list)


@dataclass
class Guide:
    """What the scoring box of a worksheet shows."""

    kind: str
    maximum: Fraction
    step: Fraction
    bands: list[BandRow]
    dimensions: list[DimensionGuide]
    pass_low: Fraction | None
    pass_percent: str | None
    rows: list[dict]  # per scored question: number, points or steps, dimension label, key


def option_letter(index: int) -> str:
    return "abcdefghijklmnopqrstuvwxyz"[index] if index < 26 else str(index + 1)


def build_guide(data: dict) -> Guide | None:
    """The scoring guide of a check; None for an action plan (nothing to count)."""
    if data.get("actionPlan"):
        return None
    questions = data["questions"]
    maximum = Fraction(data["max"])
    step = grid(questions)
    labels = {d["key"]: d["label"] for d in data["dimensions"]}
    rows = []
    for n, q in enumerate(questions, start=1):
        kind = q["kind"]
        if kind == "reflection":
            continue
        row = {
            "n": n,
            "id": q["id"],
            "kind": kind,
            "dimension": labels.get(q.get("dimension") or ""),
        }
        if kind == "scale":
            row["steps"] = step_points(q)
            row["reverse"] = bool(q.get("reverse"))
            row["max"] = Fraction(q["max"])
        else:
            row["points"] = Fraction(q["max"])
            row["max"] = row["points"]
        if kind in ("single", "multiple"):
            row["key"] = [i for i, o in enumerate(q["options"]) if o["correct"]]
            row["partial"] = kind == "multiple" and bool(q.get("partial"))
            if row["partial"]:
                row["per_tick"] = per_tick(q)
        rows.append(row)
    dims = []
    for d in data["dimensions"]:
        members = [q for q in questions if q.get("dimension") == d["key"]]
        dim_max = Fraction(d["max"])
        dim_step = grid(members)
        numbers = [n for n, q in enumerate(questions, start=1) if q.get("dimension") == d["key"]]
        dims.append(
            DimensionGuide(
                d["key"],
                d["label"],
                numbers,
                dim_max,
                band_rows(d["bands"], dim_max, dim_step) if d["bands"] else [],
            )
        )
    pass_low = pass_percent = None
    if data.get("pass"):
        mark = data["pass"]
        pass_low = first_reaching(threshold_points(mark["value"], mark["percent"], maximum), step)
        pass_percent = mark["value"] if mark["percent"] else None
    return Guide(
        data["type"],
        maximum,
        step,
        band_rows(data["bands"], maximum, step),
        dims,
        pass_low,
        pass_percent,
        rows,
    )
