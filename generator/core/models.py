"""Typed models of the authoring format (FORMAT.md, version 1): the one source of truth.

Validation, the JSON Schema shipped for editors and the error messages all come from here.
Cross-field rules that need the whole check (bands against the maximum, correct options,
dimension names) live in `rules.py`, which knows the positions to report.
"""

from __future__ import annotations

import difflib
from decimal import Decimal
from typing import Annotated, Any, Literal, Union, get_args

from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    PlainValidator,
    StrictBool,
    Tag,
    WithJsonSchema,
)
from pydantic_core import PydanticCustomError

from .numbers import NumberError, Threshold, parse_number, parse_threshold

FORMAT_VERSION = 1
KEY_PATTERN = r"^[a-z0-9][a-z0-9_-]*$"

# The authoring hints an author can silence with `silence: [...]` (see `hints.py`).
HintName = Literal[
    "longest-correct",
    "same-position",
    "all-or-none",
    "double-negation",
    "two-things",
    "reverse-position",
    "band-unreached",
    "band-catch-all",
    "single-statement",
]
HINT_NAMES: tuple[str, ...] = get_args(HintName)
MEDIA = ("web", "paper")


class MediaText(str):
    """A Markdown text that may read differently on paper.

    Its `str` value is the text of the site; `.paper` is the text of the printed handouts. A plain
    string is the same on both; `{web: …, paper: …}` gives each its own, and a side left out
    shows nothing there ("Du siehst sofort, ob du richtig liegst" is only true on the site).
    """

    paper: str

    def __new__(cls, web: str, paper: str | None = None) -> MediaText:
        text = super().__new__(cls, web)
        text.paper = web if paper is None else paper
        return text

    def __reduce__(self):  # keeps `.paper` when a model is pickled (PDFs in worker processes)
        return (MediaText, (str(self), self.paper))


def paper_text(value: str | None) -> str | None:
    """The paper side of a text from a check file (the text itself when it has no paper side)."""
    if value is None:
        return None
    return getattr(value, "paper", value)


def _text(value: Any) -> str:
    if isinstance(value, (dict, list)):
        raise PydanticCustomError("kb_text", "write text here, not a list or mapping")
    if value is None or (isinstance(value, str) and not value.strip()):
        raise PydanticCustomError("kb_empty", "this text is empty: write something or remove it")
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _media_text(value: Any) -> MediaText:
    if not isinstance(value, dict):
        return MediaText(_text(value))
    unknown = [str(k) for k in value if k not in MEDIA]
    if unknown:
        raise PydanticCustomError(
            "kb_text",
            f"unknown key '{unknown[0]}': a text for one medium is written"
            " {web: …, paper: …} (either side may be left out)",
        )
    if not value:
        raise PydanticCustomError(
            "kb_empty", "this text is empty: write text, or {web: …, paper: …}"
        )
    sides = {medium: _text(value[medium]) for medium in MEDIA if medium in value}
    return MediaText(sides.get("web", ""), sides.get("paper", ""))


def _silence(value: Any) -> tuple[str, ...]:
    names = value if isinstance(value, list) else [value]
    for name in names:
        if not isinstance(name, str) or name not in HINT_NAMES:
            close = difflib.get_close_matches(str(name), HINT_NAMES, n=1)
            hint = f"did you mean '{close[0]}'?" if close else f"known are {', '.join(HINT_NAMES)}"
            raise PydanticCustomError("kb_text", f"'{name}' is not the name of a hint: {hint}")
    return tuple(names)


def _number(minimum: Decimal, inclusive: bool):
    def validate(value: Any) -> Decimal:
        try:
            number = parse_number(value)
        except NumberError as err:
            raise PydanticCustomError("kb_number", str(err)) from None
        if number < minimum or (not inclusive and number == minimum):
            relation = "at least" if inclusive else "greater than"
            raise PydanticCustomError(
                "kb_number", f"{number} is too small: it must be {relation} {minimum}"
            )
        return number

    return validate


def _threshold(value: Any) -> Threshold:
    try:
        threshold = parse_threshold(value)
    except NumberError as err:
        raise PydanticCustomError("kb_number", str(err)) from None
    if threshold.value < 0:
        raise PydanticCustomError("kb_number", "a threshold cannot be negative")
    return threshold


def _whole(most: int):
    def validate(value: Any) -> int:
        number = _number(Decimal(1), True)(value)
        if number != number.to_integral_value() or number > most:
            raise PydanticCustomError("kb_number", f"write a whole number from 1 to {most}")
        return int(number)

    return validate


_lines = _whole(40)


_NUMBER_SCHEMA = {
    "anyOf": [
        {"type": "number"},
        {"type": "string", "pattern": r"^\s*\d+(\.\d{1,2})?\s*$"},
    ]
}
Text = Annotated[str, PlainValidator(_text), WithJsonSchema({"type": ["string", "number"]})]
_TEXT_SCHEMA = {"type": ["string", "number"]}
Markdown = Annotated[
    str,
    PlainValidator(_media_text),
    WithJsonSchema(
        {
            "anyOf": [
                _TEXT_SCHEMA,
                {
                    "type": "object",
                    "properties": {"web": _TEXT_SCHEMA, "paper": _TEXT_SCHEMA},
                    "additionalProperties": False,
                    "minProperties": 1,
                },
            ],
            "description": "Markdown; {web: …, paper: …} when the site and paper need different"
            " words (a side left out shows nothing there)",
        }
    ),
]
# Trainer notes appear only on paper, in the trainer edition: one text.
Notes = Annotated[
    str,
    PlainValidator(_text),
    WithJsonSchema({"type": ["string", "number"], "description": "Markdown, trainers only"}),
]
Silence = Annotated[
    tuple[str, ...],
    PlainValidator(_silence),
    WithJsonSchema(
        {
            "anyOf": [
                {"enum": list(HINT_NAMES)},
                {"type": "array", "items": {"enum": list(HINT_NAMES)}},
            ],
            "description": "authoring hints that `kursbau check` should not report here",
        }
    ),
]
Points = Annotated[
    Decimal,
    PlainValidator(_number(Decimal(0), True)),
    WithJsonSchema(_NUMBER_SCHEMA | {"minimum": 0}),
]
Weight = Annotated[
    Decimal,
    PlainValidator(_number(Decimal(0), False)),
    WithJsonSchema(_NUMBER_SCHEMA | {"exclusiveMinimum": 0}),
]
ThresholdValue = Annotated[
    Threshold,
    PlainValidator(_threshold),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "number", "minimum": 0},
                {"type": "string", "pattern": r"^\s*\d+(\.\d{1,2})?\s?%?\s*$"},
            ],
            "description": 'points (4) or a percentage ("40%")',
        }
    ),
]
Lines = Annotated[
    int,
    PlainValidator(_lines),
    WithJsonSchema({"type": "integer", "minimum": 1, "maximum": 40}),
]
Minutes = Annotated[
    int,
    PlainValidator(_whole(240)),
    WithJsonSchema(
        {
            "type": "integer",
            "minimum": 1,
            "maximum": 240,
            "description": "about how many minutes the check takes (default: estimated from"
            " its questions)",
        }
    ),
]
Key = Annotated[str, Field(pattern=KEY_PATTERN, max_length=64)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Band(Strict):
    """A result band: shown when the score reaches `min`."""

    min: ThresholdValue
    title: Text
    text: Markdown
    silence: Silence = ()


class DimensionSpec(Strict):
    """A dimension with its own bands, judged against its own score and maximum."""

    label: Text
    results: list[Band] | None = None


def _kind(value: Any) -> str:
    """Tag for a union member chosen by the shape of the input (tags start with '@' so that the
    error translator can drop them from locations)."""
    if isinstance(value, dict):
        return "@reflection" if "type" in value else "@entry"
    if isinstance(value, list):
        return "@list"
    return "@text"


Dimension = Annotated[
    Annotated[Text, Tag("@text")] | Annotated[DimensionSpec, Tag("@entry")],
    Discriminator(lambda v: "@entry" if isinstance(v, dict) else "@text"),
]


class Reflection(Strict):
    """Free text, never scored; kept in the browser, printed with ruled lines."""

    type: Literal["reflection"]
    id: Key | None = None
    text: Text
    lines: Lines = 3
    notes: Notes | None = None


class ChecklistItem(Strict):
    """A statement to tick; ticked items add their points."""

    id: Key | None = None
    text: Text
    points: Points = Decimal(1)
    dimension: Key | None = None
    tip: Markdown | None = None
    notes: Notes | None = None
    silence: Silence = ()


class Statement(Strict):
    """A self-assessment statement rated on the check's scale."""

    id: Key | None = None
    text: Text
    dimension: Key | None = None
    weight: Weight = Decimal(1)
    reverse: StrictBool = False
    tip: Markdown | None = None
    notes: Notes | None = None
    silence: Silence = ()


class Option(Strict):
    """An answer option of a quiz question."""

    text: Text
    correct: StrictBool = False
    feedback: Markdown | None = None


OptionEntry = Annotated[
    Annotated[Text, Tag("@text")] | Annotated[Option, Tag("@entry")],
    Discriminator(lambda v: "@entry" if isinstance(v, dict) else "@text"),
]


class _Choice(Strict):
    id: Key | None = None
    text: Text
    points: Points = Decimal(1)
    dimension: Key | None = None
    options: list[OptionEntry]
    explanation: Markdown | None = None
    notes: Notes | None = None
    silence: Silence = ()


class SingleChoice(_Choice):
    """Exactly one correct option."""

    type: Literal["single"] = "single"


class MultipleChoice(_Choice):
    """Any number of correct options; all-or-nothing unless `partial: true`."""

    type: Literal["multiple"]
    partial: StrictBool = False


def _question_kind(value: Any) -> str:
    if isinstance(value, dict):
        kind = value.get("type", "single")
        if not isinstance(kind, str):  # `type: []`: the single-choice model reports it
            return "@single"
        return {"multiple": "@multiple", "reflection": "@reflection"}.get(kind, "@single")
    return "@single"


ChecklistEntry = Annotated[
    Annotated[Text, Tag("@text")]
    | Annotated[ChecklistItem, Tag("@entry")]
    | Annotated[Reflection, Tag("@reflection")],
    Discriminator(_kind),
]
StatementEntry = Annotated[
    Annotated[Text, Tag("@text")]
    | Annotated[Statement, Tag("@entry")]
    | Annotated[Reflection, Tag("@reflection")],
    Discriminator(_kind),
]
QuizQuestion = Annotated[
    Annotated[SingleChoice, Tag("@single")]
    | Annotated[MultipleChoice, Tag("@multiple")]
    | Annotated[Reflection, Tag("@reflection")],
    Discriminator(_question_kind),
]


class ScaleStep(Strict):
    """One step of a custom scale, listed in display order."""

    label: Text
    points: Points


ScaleName = Literal["agree-4", "agree-5", "frequency-5", "yes-no"]
Scale = Annotated[
    Annotated[ScaleName, Tag("@text")] | Annotated[list[ScaleStep], Tag("@list")],
    Discriminator(lambda v: "@list" if isinstance(v, list) else "@text"),
]


Lms = Annotated[
    Literal["score", "completion", "none"],
    Field(
        description="what a learning platform learns from a SCORM package: score (default for"
        " quizzes), completion (default for checklists and self-assessments) or none (default"
        " for action plans)"
    ),
]


class _Assessment(Strict):
    title: Text
    intro: Markdown | None = None
    results: list[Band] | None = None
    dimensions: dict[Key, Dimension] | None = None
    notes: Notes | None = None
    silence: Silence = ()
    minutes: Minutes | None = None
    lms: Lms | None = None  # None: the default of the type (rules.lms_of)


class Checklist(_Assessment):
    """Tick what is true; the score is the sum of the ticked items' points."""

    type: Literal["checklist"]
    items: list[ChecklistEntry] = Field(min_length=1)


class SelfAssessment(_Assessment):
    """Rate statements on a scale."""

    type: Literal["self-assessment"]
    scale: Scale | None = None
    questions: list[StatementEntry] = Field(min_length=1)


class Quiz(_Assessment):
    """A knowledge check with right and wrong answers."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    type: Literal["quiz"]
    pass_: ThresholdValue | None = Field(default=None, alias="pass")
    feedback: Literal["on-submit", "immediate"] = "on-submit"
    questions: list[QuizQuestion] = Field(min_length=1)


MODELS: dict[str, type[_Assessment]] = {
    "checklist": Checklist,
    "self-assessment": SelfAssessment,
    "quiz": Quiz,
}
Assessment = Annotated[Checklist | SelfAssessment | Quiz, Field(discriminator="type")]
AnyAssessment = Union[Checklist, SelfAssessment, Quiz]


def entries(check: AnyAssessment) -> list:
    """The questions or items of a check, in the order written."""
    return list(check.items) if isinstance(check, Checklist) else list(check.questions)


def entries_key(check: AnyAssessment) -> str:
    return "items" if isinstance(check, Checklist) else "questions"


def entry_id(entry, index: int) -> str:
    """The stored-answer key of an entry: its `id`, or `q<position>` counted from 1."""
    explicit = getattr(entry, "id", None)
    return explicit or f"q{index + 1}"


def is_reflection(entry) -> bool:
    return isinstance(entry, Reflection)


def is_action_plan(check: AnyAssessment) -> bool:
    """A check made only of reflections: no score, no results, no pass."""
    return all(is_reflection(e) for e in entries(check))
