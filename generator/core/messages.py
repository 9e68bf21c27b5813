"""Turns pydantic's validation errors into plain-language problems at the right position.

Pydantic says what is wrong and where (`loc`, a path through the document with union tags in
it). This module follows that path through the models' type annotations (typing's public
`get_origin`/`get_args`, nothing private of pydantic) to the model the value belongs to, so that
it can speak about that model's fields: what to write when one is missing, which key was meant,
and the advice a field carries (`models.Advice`). Two names come from models.py and nowhere else:
`TAGS`, dropped from the path an author sees (they never wrote them), and `AUTHOR_ERROR`, the
type of the errors whose message the models wrote for authors already."""

from __future__ import annotations

import difflib
import types
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel, Tag

from . import models as m
from .problems import Problems
from .slugs import slug
from .yamlsource import Document


def _unwrap(annotation: Any) -> Any:
    while get_origin(annotation) is Annotated:
        annotation = get_args(annotation)[0]
    return annotation


def _members(annotation: Any) -> list[Any]:
    """The members of a union (of an optional tagged union too), tags kept; else the type."""
    annotation = _unwrap(annotation)
    if get_origin(annotation) not in (Union, types.UnionType):
        return [annotation]
    members = []
    for member in get_args(annotation):
        nested = get_origin(_unwrap(member)) in (Union, types.UnionType)
        members.extend(_members(member) if nested else [member])
    return members


def _tag_of(member: Any) -> str | None:
    if get_origin(member) is Annotated:
        for meta in get_args(member)[1:]:
            if isinstance(meta, Tag):
                return meta.tag
    return None


def _step(annotation: Any, segment: Any) -> Any:
    """The annotation one location segment further down, or None when it cannot be followed."""
    members = _members(annotation)
    if segment in m.TAGS:
        for member in members:
            if _tag_of(member) == segment:
                return _unwrap(member)
        return None
    for member in members:
        member = _unwrap(member)
        if member is type(None):
            continue
        origin = get_origin(member)
        if isinstance(segment, int) and origin is list:
            return get_args(member)[0]
        if isinstance(segment, str) and origin is dict:
            return get_args(member)[1]
        if isinstance(segment, str) and isinstance(member, type) and issubclass(member, BaseModel):
            for name, info in member.model_fields.items():
                if segment in (name, info.alias):
                    return info.annotation
    return None


def model_at(model: type[BaseModel], loc: tuple) -> type[BaseModel] | None:
    """The model class that the value at `loc` (with union tags) is validated against."""
    annotation: Any = model
    for segment in loc:
        annotation = _step(annotation, segment)
        if annotation is None:
            return None
    for member in _members(annotation):
        member = _unwrap(member)
        if isinstance(member, type) and issubclass(member, BaseModel):
            return member
    return None


def field_names(model: type[BaseModel]) -> list[str]:
    return [info.alias or name for name, info in model.model_fields.items()]


def _advice(model: type[BaseModel] | None, key: str) -> m.Advice:
    """The advice on `model`'s field `key` (by name or alias), or none."""
    for name, info in (model.model_fields if model else {}).items():
        if key in (name, info.alias):
            for meta in info.metadata:
                if isinstance(meta, m.Advice):
                    return meta
    return _NO_ADVICE


_NO_ADVICE = m.Advice()


def _instead_of(model: type[BaseModel] | None, key: str) -> tuple[str, str] | None:
    """(field meant, what to say) when `key` is written in `model` by mistake."""
    for name in field_names(model) if model else []:
        said = _advice(model, name).instead_of.get(key)
        if said:
            return name, said
    return None


def _clean(loc: tuple) -> tuple:
    """The location as an author sees it: without union tags."""
    return tuple(s for s in loc if s not in m.TAGS)


def _colon_entry(doc: Document, path: tuple) -> str | None:
    """A list entry that YAML read as `key: value` because the text contains ': '."""
    if not path or not isinstance(path[-1], int):
        return None
    value: Any = doc.data
    for segment in path:
        try:
            value = value[segment]
        except (KeyError, IndexError, TypeError):
            return None
    if isinstance(value, dict) and len(value) == 1:
        ((key, inner),) = value.items()
        if isinstance(inner, (str, type(None))) and (" " in key or key[:1].isupper()):
            return f'"{key}: {inner or ""}"'.replace(': "', ':"')
    return None


def translate(doc: Document, model: type[BaseModel], errors: list[dict], problems: Problems):
    """Add one clear problem per pydantic error (and one per colon-split list entry)."""
    reported_entries: set[tuple] = set()
    covered = _covered_missing(model, errors)
    for error in errors:
        loc = tuple(error["loc"])
        path = _clean(loc)
        kind = error["type"]
        # An entry split by a colon shows up as a missing 'text' plus an unknown key: say it once.
        entry = path[:-1] if kind in ("missing", "extra_forbidden") else path
        quoted = _colon_entry(doc, entry)
        if quoted:
            if entry not in reported_entries:
                reported_entries.add(entry)
                problems.add(
                    doc.path,
                    *doc.position(entry),
                    "this entry was read as 'key: value' because its text contains ': ';"
                    f" put the whole text in quotes: - {quoted}",
                )
            continue
        parent = model_at(model, loc[:-1])
        key = path[-1] if path else None
        if kind == "extra_forbidden":
            problems.add(doc.path, *doc.position(path, key=True), _unknown_key(parent, str(key)))
        elif kind == "missing":
            if (path[:-1], key) in covered:
                continue  # the unknown key next to it already says what to write
            problems.add(doc.path, *doc.position(path[:-1]), _missing(parent, str(key)))
        else:
            problems.add(doc.path, *doc.position(path), _message(error, parent, key))


def _covered_missing(model: type[BaseModel], errors: list[dict]) -> set[tuple]:
    """(parent path, key) of missing keys that an unknown key in the same mapping explains:
    `option:` for `options:`, or `questions:` in a checklist for `items:`."""
    covered = set()
    for error in errors:
        if error["type"] != "extra_forbidden":
            continue
        loc = tuple(error["loc"])
        parent = model_at(model, loc[:-1])
        if parent is None:
            continue
        key = str(loc[-1])
        meant = _instead_of(parent, key)
        close = difflib.get_close_matches(key.lower(), field_names(parent), n=1, cutoff=0.6)
        for name in filter(None, [meant and meant[0], *close]):
            covered.add((_clean(loc)[:-1], name))
    return covered


def _unknown_key(model: type[BaseModel] | None, key: str) -> str:
    meant = _instead_of(model, key)
    if meant:
        return f"unknown key '{key}': {meant[1]}"
    allowed = field_names(model) if model else []
    close = difflib.get_close_matches(key.lower(), allowed, n=1, cutoff=0.6)
    if close:
        return f"unknown key '{key}': did you mean '{close[0]}'?"
    if allowed:
        return f"unknown key '{key}': allowed here are {', '.join(sorted(allowed))}"
    return f"unknown key '{key}'"


def _missing(model: type[BaseModel] | None, key: str) -> str:
    example = _advice(model, key).example or f"{key}: …"
    return f"'{key}' is missing here: add {example}"


def _message(error: dict, model: type[BaseModel] | None, key: Any) -> str:
    kind = error["type"]
    name = f"'{key}'" if isinstance(key, str) else "this entry"
    value = error.get("input")
    if kind == m.AUTHOR_ERROR:  # written for authors already
        return f"{name}: {error['msg']}" if isinstance(key, str) else error["msg"]
    if kind == "bool_type":
        return f"{name} must be true or false (yes/no/on/off count as text): write {name.strip(chr(39))}: true"
    if kind == "literal_error":
        advice = _advice(model, key) if isinstance(key, str) else _NO_ADVICE
        expected = error.get("ctx", {}).get("expected", "")
        choices = [c.strip(" '") for c in expected.replace(" or ", ",").split(",") if c.strip()]
        close = (
            difflib.get_close_matches(str(value), advice.choices, n=1)
            if advice.choices
            else difflib.get_close_matches(str(value), choices, n=1, cutoff=0.5)
        )
        hint = f"; did you mean '{close[0]}'?" if close else ""
        if advice.wrong_value:
            return advice.wrong_value.format(value=value, hint=hint)
        return f"{name} cannot be '{value}': write one of {expected}{hint}"
    if kind in ("list_type",):
        return f"{name} must be a list: put each entry on its own line starting with '- '"
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return f"{name} must be a mapping of keys ('key: value' lines), not {_describe(value)}"
    if kind == "too_short":
        return f"{name} is empty: it needs at least one entry"
    if kind == "string_pattern_mismatch":
        return (
            f"{name}: '{value}' is not a valid key: use lower-case letters, digits, '-' and '_',"
            f" for example '{_as_key(value)}'"
        )
    if kind == "string_too_long":
        return f"{name} is too long"
    if kind == "string_type":
        return f"{name} must be text, not {_describe(value)}"
    return f"{name}: {error['msg']}"


def _as_key(value: Any) -> str:
    return slug(str(value), "a")


def _describe(value: Any) -> str:
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, bool):
        return "true/false"
    if value is None:
        return "empty"
    return f"'{value}'"
