"""Typed models of the authoring format (FORMAT.md, version 1): the one source of truth.

Validation, the JSON Schema shipped for editors and the error messages all come from here: a
field carries its own advice for authors (`Advice`, read by `messages.py`). Cross-field rules that
need the whole check (bands against the maximum, correct options, dimension names) live in
`rules.py`, which knows the positions to report.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field, replace
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


@dataclass(frozen=True, eq=False)  # told apart by identity: the dict is not hashable
class Advice:
    """What to tell an author about a field, beyond pydantic's own check (`Annotated` metadata:
    pydantic keeps it on the field and ignores it, `messages.py` reads it).

    `example`: the line to add when the field is missing. `instead_of`: keys an author writes
    here by mistake when this field is what they need, with what to say; when this field is
    missing and one of them is written, that key's message says it all. `wrong_value`: the
    message for a value that is not one of the field's choices, with `{value}` and `{hint}` (a
    "did you mean" among `choices`)."""

    example: str | None = None
    instead_of: dict[str, str] = field(default_factory=dict)
    wrong_value: str | None = None
    choices: tuple[str, ...] = ()


# Union members (a plain text or a mapping, a scored question or a reflection …) are told apart
# by a tag that a discriminator derives from the value's shape. Pydantic writes the tag into
# error locations, where `messages.py` drops every segment found in TAGS: an author never wrote
# it. Tags start with '@', which no key of the format can.
TAGS = TEXT, ENTRY, LIST, REFLECTION, SINGLE, MULTIPLE = (
    "@text",
    "@entry",
    "@list",
    "@reflection",
    "@single",
    "@multiple",
)
# The error type of every validator below (`_refuse`); messages.py recognises it by this name.
AUTHOR_ERROR = "kursbau"


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


def _refuse(message: str) -> PydanticCustomError:
    """An error whose message is written for authors already: `messages.py` shows it as it is
    (pydantic's own errors it rewords)."""
    return PydanticCustomError(AUTHOR_ERROR, message)


def _text(value: Any) -> str:
    if isinstance(value, (dict, list)):
        raise _refuse("write text here, not a list or mapping")
    if value is None or (isinstance(value, str) and not value.strip()):
        raise _refuse("this text is empty: write something or remove it")
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _media_text(value: Any) -> MediaText:
    if not isinstance(value, dict):
        return MediaText(_text(value))
    unknown = [str(k) for k in value if k not in MEDIA]
    if unknown:
        raise _refuse(
            f"unknown key '{unknown[0]}': a text for one medium is written"
            " {web: …, paper: …} (either side may be left out)",
        )
    if not value:
        raise _refuse("this text is empty: write text, or {web: …, paper: …}")
    sides = {medium: _text(value[medium]) for medium in MEDIA if medium in value}
    return MediaText(sides.get("web", ""), sides.get("paper", ""))


def _silence(value: Any) -> tuple[str, ...]:
    names = value if isinstance(value, list) else [value]
    for name in names:
        if not isinstance(name, str) or name not in HINT_NAMES:
            close = difflib.get_close_matches(str(name), HINT_NAMES, n=1)
            hint = f"did you mean '{close[0]}'?" if close else f"known are {', '.join(HINT_NAMES)}"
            raise _refuse(f"'{name}' is not the name of a hint: {hint}")
    return tuple(names)


def _number(minimum: Decimal, inclusive: bool):
    def validate(value: Any) -> Decimal:
        try:
            number = parse_number(value)
        except NumberError as err:
            raise _refuse(str(err)) from None
        if number < minimum or (not inclusive and number == minimum):
            relation = "at least" if inclusive else "greater than"
            raise _refuse(f"{number} is too small: it must be {relation} {minimum}")
        return number

    return validate


def _threshold(value: Any) -> Threshold:
    try:
        threshold = parse_threshold(value)
    except NumberError as err:
        raise _refuse(str(err)) from None
    if threshold.value < 0:
        raise _refuse("a threshold cannot be negative")
    return threshold


def _whole(most: int):
    def validate(value: Any) -> int:
        number = _number(Decimal(1), True)(value)
        if number != number.to_integral_value() or number > most:
            raise _refuse(f"write a whole number from 1 to {most}")
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
    # defer_build: a model's validator is made when a file of its kind is first validated, not
    # at import; a build that validates quizzes only never makes the other kinds' (every
    # `kursbau build` imports this module: 40 ms of its start otherwise)
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Band(Strict):
    """A result band: shown when the score reaches `min`."""

    min: Annotated[ThresholdValue, Advice(example='min: 0 (points) or min: "0%"')]
    title: Text
    text: Markdown
    silence: Silence = ()


class DimensionSpec(Strict):
    """A dimension with its own bands, judged against its own score and maximum."""

    label: Text
    results: list[Band] | None = None


def _kind(value: Any) -> str:
    """An item or statement: a plain text, a mapping, or a mapping with a `type` (reflection)."""
    if isinstance(value, dict):
        return REFLECTION if "type" in value else ENTRY
    if isinstance(value, list):
        return LIST
    return TEXT


def _text_or_entry(value: Any) -> str:
    return ENTRY if isinstance(value, dict) else TEXT


Dimension = Annotated[
    Annotated[Text, Tag(TEXT)] | Annotated[DimensionSpec, Tag(ENTRY)],
    Discriminator(_text_or_entry),
]


class Reflection(Strict):
    """Free text, never scored; kept in the browser, printed with ruled lines."""

    type: Annotated[
        Literal["reflection"],
        Advice(
            instead_of={
                "points": "a reflection is never scored, so it has no points",
                "dimension": "a reflection is never scored, so it has no dimension",
                "options": "a reflection is free text; remove 'type: reflection' for a choice",
            },
            wrong_value="'type: {value}' is not known here: a question is 'single' (default),"
            " 'multiple' or 'reflection'; an item or statement is 'reflection' or has no type",
        ),
    ]
    id: Key | None = None
    text: Text
    lines: Lines = 3
    notes: Notes | None = None


class ChecklistItem(Strict):
    """A statement to tick; ticked items add their points."""

    id: Key | None = None
    text: Text
    # an item that counts when ticked is worth points, not right or wrong
    points: Annotated[
        Points,
        Advice(
            instead_of={"correct": "checklist items are not right or wrong; use a quiz for that"}
        ),
    ] = Decimal(1)
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
    Annotated[Text, Tag(TEXT)] | Annotated[Option, Tag(ENTRY)],
    Discriminator(_text_or_entry),
]


class _Choice(Strict):
    id: Key | None = None
    text: Text
    points: Points = Decimal(1)
    dimension: Key | None = None
    options: Annotated[
        list[OptionEntry],
        Advice(
            example="options: with entries '- text: …' (mark the right one with 'correct: true')"
        ),
    ]
    explanation: Markdown | None = None
    notes: Notes | None = None
    silence: Silence = ()


_QUESTION_TYPE = Advice(
    wrong_value="'type' cannot be '{value}': write single (the default), multiple or"
    " reflection{hint}",
    choices=("multiple", "reflection", "single"),
)


class SingleChoice(_Choice):
    """Exactly one correct option."""

    type: Annotated[
        Literal["single"],
        replace(
            _QUESTION_TYPE,
            instead_of={"partial": "partial credit needs 'type: multiple' on this question"},
        ),
    ] = "single"


class MultipleChoice(_Choice):
    """Any number of correct options; all-or-nothing unless `partial: true`."""

    type: Annotated[Literal["multiple"], _QUESTION_TYPE]
    partial: StrictBool = False


def _question_kind(value: Any) -> str:
    if isinstance(value, dict):
        kind = value.get("type", "single")
        if not isinstance(kind, str):  # `type: []`: the single-choice model reports it
            return SINGLE
        return {"multiple": MULTIPLE, "reflection": REFLECTION}.get(kind, SINGLE)
    return SINGLE


ChecklistEntry = Annotated[
    Annotated[Text, Tag(TEXT)]
    | Annotated[ChecklistItem, Tag(ENTRY)]
    | Annotated[Reflection, Tag(REFLECTION)],
    Discriminator(_kind),
]
StatementEntry = Annotated[
    Annotated[Text, Tag(TEXT)]
    | Annotated[Statement, Tag(ENTRY)]
    | Annotated[Reflection, Tag(REFLECTION)],
    Discriminator(_kind),
]
QuizQuestion = Annotated[
    Annotated[SingleChoice, Tag(SINGLE)]
    | Annotated[MultipleChoice, Tag(MULTIPLE)]
    | Annotated[Reflection, Tag(REFLECTION)],
    Discriminator(_question_kind),
]


class ScaleStep(Strict):
    """One step of a custom scale, listed in display order."""

    label: Text
    points: Annotated[Points, Advice(example="points: 1")]


ScaleName = Literal["agree-4", "agree-5", "frequency-5", "yes-no"]
Scale = Annotated[
    Annotated[ScaleName, Tag(TEXT)] | Annotated[list[ScaleStep], Tag(LIST)],
    Discriminator(lambda v: LIST if isinstance(v, list) else TEXT),
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
    title: Annotated[Text, Advice(example="title: Bist du bereit?")]
    intro: Markdown | None = None
    results: list[Band] | None = None
    dimensions: dict[Key, Dimension] | None = None
    notes: Notes | None = None
    silence: Silence = ()
    minutes: Minutes | None = None
    lms: Lms | None = None  # None: the default of the type (rules.lms_of)


_NOT_FOR_BANDS = "'pass' is for quizzes; a {} uses 'results' bands"
_ONLY_SELF_ASSESSMENT = "only a self-assessment has a scale"
_ONLY_QUIZZES = "'feedback' is for quizzes"


class Checklist(_Assessment):
    """Tick what is true; the score is the sum of the ticked items' points."""

    # keys of the other types of check: the type is what decides
    type: Annotated[
        Literal["checklist"],
        Advice(
            instead_of={
                "scale": _ONLY_SELF_ASSESSMENT,
                "pass": _NOT_FOR_BANDS.format("checklist"),
                "feedback": _ONLY_QUIZZES,
            }
        ),
    ]
    items: Annotated[
        list[ChecklistEntry],
        Advice(
            example="items: followed by lines '- Ich …'",
            instead_of={"questions": "a checklist lists its statements under 'items:'"},
        ),
    ] = Field(min_length=1)


class SelfAssessment(_Assessment):
    """Rate statements on a scale."""

    type: Annotated[
        Literal["self-assessment"],
        Advice(
            instead_of={
                "pass": _NOT_FOR_BANDS.format("self-assessment"),
                "feedback": _ONLY_QUIZZES,
            }
        ),
    ]
    scale: Scale | None = None
    questions: Annotated[
        list[StatementEntry],
        Advice(
            example="questions: followed by entries '- text: …'",
            instead_of={"items": "a self-assessment lists its statements under 'questions:'"},
        ),
    ] = Field(min_length=1)


class Quiz(_Assessment):
    """A knowledge check with right and wrong answers."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True, defer_build=True)

    type: Annotated[Literal["quiz"], Advice(instead_of={"scale": _ONLY_SELF_ASSESSMENT})]
    pass_: ThresholdValue | None = Field(default=None, alias="pass")
    feedback: Literal["on-submit", "immediate"] = "on-submit"
    questions: Annotated[
        list[QuizQuestion],
        Advice(
            example="questions: followed by entries '- text: …'",
            instead_of={"items": "a quiz lists its questions under 'questions:'"},
        ),
    ] = Field(min_length=1)


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
