"""What a learning platform is told (FORMAT 1.1, "In a learning platform (SCORM)"): the reference.

The package's browser bridge (`assets/scorm/kursbau-scorm.js`) implements the same rules; the
browser tests compare what scorm-again received with `report()` here. Scores are exact: the
earned points of each check come from `generator.core.scoring`, the sum is a fraction.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from ..core.scoring import question_points
from ..core.scoring import score as score_check


@dataclass(frozen=True)
class Reported:
    """One check as the package sees it: what `lms` says, and its state in this attempt."""

    lms: str  # score | completion (checks with `none` are left out before)
    max: Fraction  # the check's most points
    has_pass: bool  # a quiz with a pass mark
    submitted: bool = False
    earned: Fraction = Fraction(0)  # of the attempt that counts (the last submit)
    passed: bool | None = None


@dataclass(frozen=True)
class Report:
    """`score` is None when no check reports a score (then the platform gets none)."""

    score: Fraction | None  # 0..100, floored to two decimals
    completion: str  # incomplete | completed
    success: str  # passed | failed | unknown (SCORM 2004 success_status)

    @property
    def lesson_status(self) -> str:
        """SCORM 1.2 `cmi.core.lesson_status`."""
        if self.completion != "completed":
            return "incomplete"
        return "completed" if self.success == "unknown" else self.success

    def score_text(self) -> str | None:
        """The score as SCORM 1.2 `cmi.core.score.raw` (two decimals at most)."""
        return None if self.score is None else decimal_text(self.score)

    def scaled_text(self) -> str | None:
        """The score as SCORM 2004 `cmi.score.scaled` (score / 100)."""
        return None if self.score is None else decimal_text(self.score / 100)


def reported(data: dict, lms: str, answers: dict | None = None) -> Reported:
    """A check with lms `score` or `completion`; with `answers`, submitted with those answers."""
    has_pass = data["type"] == "quiz" and data.get("pass") is not None
    maximum = Fraction(data["max"])
    if answers is None:
        return Reported(lms, maximum, has_pass)
    passed = score_check(data, answers)["passed"]
    return Reported(lms, maximum, has_pass, True, exact_earned(data, answers), passed)


def exact_earned(data: dict, answers: dict) -> Fraction:
    """The check's earned points as an exact fraction: `score()` gives them as decimal strings
    rounded to four places, so they are added up here from scoring's own per-question rule."""
    total = Fraction(0)
    for q in data["questions"]:
        if q["kind"] != "reflection":
            total += question_points(q, answers.get(q["id"]))[0]
    return total


def report(checks: list[Reported]) -> Report:
    """FORMAT 1.1: score = earned / possible × 100 of the `score` checks together, rounded down
    to two decimals; incomplete until every check is submitted, then passed when every quiz with
    a pass mark (among the `score` checks) passed, failed when one did not, completed without
    one."""
    scored = [c for c in checks if c.lms == "score"]
    possible = sum((c.max for c in scored), Fraction(0))
    score = None
    if scored:
        earned = sum((c.earned for c in scored if c.submitted), Fraction(0))
        score = floor_hundredths(earned * 100 / possible) if possible else Fraction(0)
    if not all(c.submitted for c in checks):
        return Report(score, "incomplete", "unknown")
    graded = [c for c in scored if c.has_pass]
    if not graded:
        return Report(score, "completed", "unknown")
    success = "passed" if all(c.passed for c in graded) else "failed"
    return Report(score, "completed", success)


def floor_hundredths(value: Fraction) -> Fraction:
    return Fraction((value * 100).numerator // (value * 100).denominator, 100)


def decimal_text(value: Fraction) -> str:
    """A terminating fraction as a plain decimal: 83.3 → "83.3", 50 → "50", 0.5 → "0.5"."""
    whole, rest = divmod(value.numerator, value.denominator)
    if not rest:
        return str(whole)
    digits = ""
    while rest and len(digits) < 8:
        rest *= 10
        digit, rest = divmod(rest, value.denominator)
        digits += str(digit)
    return f"{whole}.{digits}"
