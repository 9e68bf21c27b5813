"""Names an author can type anywhere: lower-case ASCII words joined by '-'.

Used wherever Kursbau proposes a name (a course id from the site name, a file name for a check
id, a key for a question id), so that every proposal follows the same rule."""

from __future__ import annotations

import re

# German first (trainers write German); other letters outside ASCII are dropped like punctuation
_SPELLED_OUT = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})


def slug(text: str, fallback: str) -> str:
    """`text` lower-cased with umlauts spelled out (ä → ae), every run of other characters one
    '-', none at either end: "Über uns!" → "ueber-uns"; `fallback` when nothing is left."""
    words = re.sub(r"[^a-z0-9]+", "-", text.lower().translate(_SPELLED_OUT))
    return words.strip("-") or fallback
