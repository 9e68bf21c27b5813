"""What a participant's share may hold, and its check against the Python scoring.

A share carries only what FORMAT.md lists: score, maximum, band, passed, dimension scores and per
question the points earned — no answers, no text, nothing about the person. `device` is a random
id the browser keeps per check, so sharing again replaces the earlier share; the room stores only
its hash.

Every share is checked against the check data with `generator.core.scoring`: each question's
points must be points that question can give, and the total, the band, the pass mark and the
dimension scores must be what the scoring makes of them. The room stores the exact values it
recomputed, never the numbers as sent.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from fractions import Fraction
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from ..core.models import KEY_PATTERN
from ..core.numbers import fmt
from ..core.scoring import band_index, question_points

# A number as the page writes `data-score`: a decimal string with at most four places.
Decimal = Annotated[str, StringConstraints(pattern=r"^\d{1,9}(\.\d{1,4})?$")]
Key = Annotated[str, StringConstraints(pattern=KEY_PATTERN, max_length=64)]
CheckId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9/-]*$", max_length=200)]


class Share(BaseModel):
    """The body of `POST /_room/api/share`; strict JSON types, no other keys."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    check: CheckId
    hash: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{6,64}$")]
    device: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_-]{16,64}$")]
    score: Decimal
    max: Decimal
    band: Annotated[int, Field(ge=0, le=999)] | None
    passed: bool | None
    dimensions: Annotated[dict[Key, Decimal], Field(max_length=200)]
    questions: Annotated[dict[Key, Decimal], Field(max_length=2000)]


class Refused(Exception):
    """A request the room refuses: HTTP status and a short message for the client."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass(frozen=True)
class Result:
    """A verified share, exact: what the room stores and adds up."""

    score: Fraction
    max: Fraction
    band: int | None
    passed: bool | None
    dimensions: dict[str, Fraction]
    questions: dict[str, Fraction]

    def to_json(self) -> str:
        return json.dumps(
            {
                "score": str(self.score),
                "max": str(self.max),
                "band": self.band,
                "passed": self.passed,
                "dimensions": {k: str(v) for k, v in self.dimensions.items()},
                "questions": {k: str(v) for k, v in self.questions.items()},
            },
            separators=(",", ":"),
        )

    @classmethod
    def from_json(cls, text: str) -> Result:
        raw = json.loads(text)
        return cls(
            score=Fraction(raw["score"]),
            max=Fraction(raw["max"]),
            band=raw["band"],
            passed=raw["passed"],
            dimensions={k: Fraction(v) for k, v in raw["dimensions"].items()},
            questions={k: Fraction(v) for k, v in raw["questions"].items()},
        )


def device_key(share: Share) -> str:
    """What the room keeps of the device id: a hash, enough to replace an earlier share."""
    return hashlib.sha256(f"{share.check}\n{share.device}".encode()).hexdigest()[:32]


def verify(share: Share, data: dict | None) -> Result:
    """The exact result behind a share of `data`'s check, or Refused saying what is wrong."""
    if data is None:
        raise Refused(404, f"unknown check: {share.check}")
    if share.hash != data["hash"]:
        raise Refused(409, "this page shows an older version of the check: reload the page")
    maximum = Fraction(data["max"])
    if Fraction(share.max) != Fraction(fmt(maximum)):
        raise Refused(422, f"max is {fmt(maximum)} for this check, not {share.max}")
    if Fraction(share.score) > maximum:
        raise Refused(422, f"score {share.score} is above the maximum {fmt(maximum)}")
    scored = [q for q in data["questions"] if q["kind"] != "reflection"]
    if set(share.questions) != {q["id"] for q in scored}:
        raise Refused(422, "questions do not match the questions of this check")
    earned: dict[str, Fraction] = {}
    for q in scored:
        choices = possible_points(q)
        sent = fmt(Fraction(share.questions[q["id"]]))
        if sent not in choices:
            raise Refused(422, f"question {q['id']} cannot earn {sent} points")
        earned[q["id"]] = choices[sent]
    total = sum(earned.values(), Fraction(0))
    expected = _expected(data, earned, total, maximum)
    sent_dims = {k: fmt(Fraction(v)) for k, v in share.dimensions.items()}
    if sent_dims != {k: fmt(v) for k, v in expected.dimensions.items()}:
        raise Refused(422, "dimension scores do not add up")
    if (fmt(Fraction(share.score)), share.band, share.passed) != (
        fmt(total),
        expected.band,
        expected.passed,
    ):
        raise Refused(422, "score, band or pass do not add up")
    return expected


def _expected(data: dict, earned: dict[str, Fraction], total: Fraction, maximum: Fraction):
    dims = {}
    for dim in data["dimensions"]:
        dims[dim["key"]] = sum(
            (earned[q["id"]] for q in data["questions"] if q.get("dimension") == dim["key"]),
            Fraction(0),
        )
    passed = None
    if data.get("pass"):  # a pass mark is reached exactly like a band of that minimum
        mark = {"min": data["pass"]["value"], "percent": data["pass"]["percent"]}
        passed = band_index([mark], total, maximum) == 0
    return Result(
        score=total,
        max=maximum,
        band=band_index(data["bands"], total, maximum) if data["bands"] else None,
        passed=passed,
        dimensions=dims,
        questions=earned,
    )


def possible_points(question: dict) -> dict[str, Fraction]:
    """Every number of points `question` can earn (as the page shows it → exactly), found by
    scoring every answer it can have with the Python scoring."""
    kind = question["kind"]
    if kind == "check":
        answers: list = [True, False]
    elif kind == "scale":
        answers = [None, *range(len(question["steps"]))]
    elif kind == "single":
        answers = [None, *range(len(question["options"]))]
    else:  # multiple: only how many right and wrong options are chosen matters
        right = [i for i, o in enumerate(question["options"]) if o["correct"]]
        wrong = [i for i, o in enumerate(question["options"]) if not o["correct"]]
        answers = [None] + [
            right[:r] + wrong[:w] for r in range(len(right) + 1) for w in range(len(wrong) + 1)
        ]
    values = {question_points(question, a)[0] for a in answers}
    values.add(Fraction(0))  # an unanswered question earns nothing
    return {fmt(v): v for v in values}


def share_body(data: dict, answers: dict, device: str) -> dict:
    """The share a page sends for `answers` to `data`'s check (the browser builds the same from
    `Kursbau.score`): the reference of the wire format, used by the tests and the load bench."""
    from ..core.scoring import score

    result = score(data, answers)
    return {
        "check": data["id"],
        "hash": data["hash"],
        "device": device,
        "score": result["score"],
        "max": result["max"],
        "band": result["band"],
        "passed": result["passed"],
        "dimensions": {key: dim["score"] for key, dim in result["dimensions"].items()},
        "questions": {key: q["earned"] for key, q in result["questions"].items()},
    }
