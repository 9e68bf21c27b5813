"""The compact encoding of `cmi.suspend_data`: what a package keeps in the platform.

SCORM 1.2 gives a package 4,096 characters. Kursbau keeps there, for each check with
`lms: score`, the answers of its scored questions (reflections stay on the device), whether they
are submitted, and the result that counts (the last submit: earned points, passed); for each
check with `lms: completion`, whether it was ever submitted. Nothing else.

Every such value is a small whole number below a known bound (its *radix*): an answer to a
single-choice question with 3 options is 0 (none) to 3, a multiple-choice answer a bit mask. The
export lists these slots in a fixed order (the *layout*); the whole state is one number in that
mixed radix, written in 64 URL-safe characters after a version mark and a 6-character key of the
layout, so that data of an earlier version of the course is recognised and dropped. The longest
string a course can need is therefore known at export time (`worst_case`), before anything is
uploaded. The browser bridge reads and writes the same format from the layout it is given.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from fractions import Fraction
from math import lcm

ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_"
MARK = "k1"  # format of the string; a new format gets a new mark
LIMITS = {"1.2": 4096, "2004": 64000}  # cmi.suspend_data: SCORM 1.2 CMIString4096, 2004 SPM


@dataclass(frozen=True)
class Slot:
    """One value in suspend_data: `kind` says how it maps to the answers and the result."""

    kind: str  # bool | index | set | marked | sub | result | done | passed | band | earned
    qid: str | None
    radix: int


def check_layout(data: dict, lms: str) -> dict:
    """The slots of one check, and what the bridge needs to fill them (JSON-able)."""
    slots: list[Slot] = []
    unit = 1
    if lms == "score":
        slots.append(Slot("sub", None, 2))
        quiz = data["type"] == "quiz"
        for q in data["questions"]:
            kind = q["kind"]
            if kind == "check":
                slots.append(Slot("bool", q["id"], 2))
            elif kind == "scale":
                slots.append(Slot("index", q["id"], len(q["steps"]) + 1))
            elif kind == "single":
                slots.append(Slot("index", q["id"], len(q["options"]) + 1))
            elif kind == "multiple":
                slots.append(Slot("set", q["id"], 2 ** len(q["options"])))
            if quiz and kind != "reflection":  # marked: its solution is shown
                slots.append(Slot("marked", q["id"], 2))
        unit = earned_unit(data)
        slots.append(Slot("result", None, 2))  # the page shows the result that counts
        slots.append(Slot("done", None, 2))  # the platform has it (stays after a reset)
        if data["type"] == "quiz" and data.get("pass") is not None:
            slots.append(Slot("passed", None, 2))
        if data["bands"]:
            slots.append(Slot("band", None, len(data["bands"]) + 1))
        slots.append(Slot("earned", None, int(Fraction(data["max"]) * unit) + 1))
    elif lms == "completion":
        slots.append(Slot("done", None, 2))
    return {
        "id": data["id"],
        "lms": lms,
        "max": data["max"],
        "pass": data["type"] == "quiz" and data.get("pass") is not None,
        "hash": data["hash"],
        "bands": [band["title"] for band in data["bands"]] if lms == "score" else [],
        "unit": unit,
        "slots": [[s.kind, s.qid, s.radix] for s in slots],
    }


def earned_unit(data: dict) -> int:
    """A whole number u such that every score this check can earn, times u, is whole: points
    and weights have two decimals (a weighted scale step four), partial credit divides by the
    number of correct options."""
    base = 10000 if any(q["kind"] == "scale" for q in data["questions"]) else 100
    shares = [
        sum(1 for o in q["options"] if o["correct"])
        for q in data["questions"]
        if q["kind"] == "multiple" and q.get("partial")
    ]
    return base * lcm(1, *shares)


def layout_key(checks: list[dict]) -> str:
    """6 characters that change whenever the layout (or a check's scored structure) does."""
    blob = json.dumps(checks, sort_keys=True, separators=(",", ":")).encode()
    number = int.from_bytes(hashlib.sha256(blob).digest()[:5], "big")
    return _digits(number).rjust(6, "0")[-6:]


def _digits(number: int) -> str:
    out = ""
    while number:
        number, digit = divmod(number, 64)
        out = ALPHABET[digit] + out
    return out or "0"


def _radices(checks: list[dict]) -> list[int]:
    return [slot[2] for check in checks for slot in check["slots"]]


def worst_case(checks: list[dict]) -> int:
    """The most characters suspend_data can take for this layout."""
    biggest = 1
    for radix in _radices(checks):
        biggest *= radix
    return len(MARK) + 6 + len(_digits(biggest - 1))


def encode(checks: list[dict], values: list[int]) -> str:
    """The string for one value per slot (in layout order)."""
    number, weight = 0, 1
    for value, radix in zip(values, _radices(checks), strict=True):
        if not 0 <= value < radix:
            raise ValueError(f"{value} does not fit a slot of radix {radix}")
        number += value * weight
        weight *= radix
    return MARK + layout_key(checks) + _digits(number)


def decode(checks: list[dict], text: str) -> list[int] | None:
    """One value per slot, or None when the text is not of this layout (another course version)."""
    head = MARK + layout_key(checks)
    if not text.startswith(head) or len(text) == len(head):
        return None
    number = 0
    for char in text[len(head) :]:
        if char not in ALPHABET:
            return None
        number = number * 64 + ALPHABET.index(char)
    values = []
    for radix in _radices(checks):
        number, value = divmod(number, radix)
        values.append(value)
    return None if number else values


def state_of(checks: list[dict], text: str) -> dict | None:
    """suspend_data read back into readable form, for tests and support: per check id
    {answers, sub, marked, result, done, passed, band, earned}."""
    values = decode(checks, text)
    if values is None:
        return None
    out: dict[str, dict] = {}
    it = iter(values)
    for check in checks:
        state = {"answers": {}, "marked": [], "sub": False, "done": False}
        for kind, qid, _radix in check["slots"]:
            value = next(it)
            if kind == "bool" and value:
                state["answers"][qid] = True
            elif kind == "index" and value:
                state["answers"][qid] = value - 1
            elif kind == "set" and value:
                state["answers"][qid] = [i for i in range(value.bit_length()) if value >> i & 1]
            elif kind == "marked" and value:
                state["marked"].append(qid)
            elif kind == "band":
                state["band"] = value - 1 if value else None
            elif kind in ("sub", "result", "done", "passed"):
                state[kind] = bool(value)
            elif kind == "earned":
                state["earned"] = Fraction(value, check["unit"])
        out[check["id"]] = state
    return out
