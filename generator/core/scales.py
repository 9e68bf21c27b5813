"""The named scales of self-assessments; labels follow the site language."""

from __future__ import annotations

from decimal import Decimal

from ..i18n import Words

# Steps lowest points first; points are the step's position.
NAMED_SCALES: dict[str, Words[list[str]]] = {
    "agree-4": Words(
        {
            "de": ["trifft nicht zu", "trifft eher nicht zu", "trifft eher zu", "trifft voll zu"],
            "en": ["disagree", "somewhat disagree", "somewhat agree", "agree"],
        }
    ),
    "agree-5": Words(
        {
            "de": [
                "trifft nicht zu",
                "trifft eher nicht zu",
                "teils, teils",
                "trifft eher zu",
                "trifft voll zu",
            ],
            "en": ["disagree", "somewhat disagree", "neither", "somewhat agree", "agree"],
        }
    ),
    "frequency-5": Words(
        {
            "de": ["nie", "selten", "manchmal", "oft", "immer"],
            "en": ["never", "rarely", "sometimes", "often", "always"],
        }
    ),
    "yes-no": Words({"de": ["nein", "ja"], "en": ["no", "yes"]}),
}


def scale_steps(scale, lang: str) -> list[tuple[str, Decimal]]:
    """(label, points) in display order for a named scale or a custom list of steps."""
    if scale is None:
        return []
    if isinstance(scale, str):
        labels = NAMED_SCALES[scale][lang]
        return [(label, Decimal(i)) for i, label in enumerate(labels)]
    return [(step.label, step.points) for step in scale]
