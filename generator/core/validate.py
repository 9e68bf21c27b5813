"""Validates one check file: YAML with positions → the pydantic models → the format's rules;
every problem goes to `problems` with its place, never a traceback."""

from __future__ import annotations

import difflib

from pydantic import ValidationError

from . import models as m
from .messages import translate
from .problems import Problems
from .rules import check_rules
from .yamlsource import Document, decode, read_yaml


def validate_check(raw: bytes, rel: str, problems: Problems) -> tuple | None:
    """Validate one check file's bytes; returns (model, doc), or None when it has problems."""
    before = len(problems)
    text = decode(raw, rel, problems)
    if text is None:
        return None
    doc = read_yaml(text, rel, problems)
    if doc is None:
        return None
    model = _validate(doc, problems)
    if model is None:
        return None
    check_rules(model, doc, problems)
    return None if len(problems) > before else (model, doc)


def _validate(doc: Document, problems: Problems) -> m.AnyAssessment | None:
    data = doc.data
    if data is None:
        problems.add(
            doc.path,
            1,
            1,
            "this file is empty: a check needs at least 'title:', 'type:' and its questions or"
            " items",
        )
        return None
    if not isinstance(data, dict):
        kind = "a list" if isinstance(data, list) else "a single value"
        problems.add(
            doc.path,
            1,
            1,
            f"this file holds {kind}; a check is a mapping of keys: start with 'title: …' and"
            " 'type: checklist' (or self-assessment, quiz)",
        )
        return None
    kind = data.get("type")
    model = m.MODELS.get(kind) if isinstance(kind, str) else None
    if model is None:
        where = doc.position(("type",)) if "type" in data else (1, 1)
        if "type" not in data:
            message = "'type' is missing: add type: checklist (or self-assessment, quiz)"
        elif isinstance(kind, (list, dict)):
            message = "'type' is one word, not a list or mapping: write type: checklist (or self-assessment, quiz)"
        else:
            close = difflib.get_close_matches(str(kind), list(m.MODELS), n=1, cutoff=0.5)
            hint = f"; did you mean '{close[0]}'?" if close else ""
            message = f"unknown type '{kind}': write checklist, self-assessment or quiz{hint}"
        problems.add(doc.path, *where, message)
        return None
    try:
        return model.model_validate(data)
    except ValidationError as err:
        translate(doc, model, err.errors(), problems)
        return None
