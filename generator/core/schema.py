"""The JSON Schema of check files, generated from the models (a test fails when the shipped
copy drifts)."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import TypeAdapter

from .models import FORMAT_VERSION, Assessment

SHIPPED = Path(__file__).resolve().parent.parent / "schema" / "kursbau.schema.json"


def _drop_union_tags(node):
    """Pydantic's callable discriminators leave nothing an editor needs; keep plain oneOf."""
    if isinstance(node, dict):
        return {k: _drop_union_tags(v) for k, v in node.items() if k != "discriminator"}
    if isinstance(node, list):
        return [_drop_union_tags(v) for v in node]
    return node


def schema() -> dict:
    generated = TypeAdapter(Assessment).json_schema(by_alias=True)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://kursbau.invalid/schema/v1/check.json",
        "title": f"Kursbau check (format version {FORMAT_VERSION})",
        "description": "A self-check of a Kursbau course: checklist, self-assessment or quiz.",
        **_drop_union_tags(generated),
    }


def schema_text() -> str:
    return json.dumps(schema(), indent=2, ensure_ascii=False, sort_keys=True) + "\n"
