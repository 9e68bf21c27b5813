"""The JSON Schema for editors is generated from the models and shipped; it must not drift."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest
import yaml

from generator.core.schema import SHIPPED, schema, schema_text
from kursbau_testing import FIXTURES, ROOT, run

SAMPLES = sorted((ROOT / "quizzes").rglob("*.yml"))
FORMAT_EXAMPLES = sorted((FIXTURES / "format").glob("*.yml"))


def test_shipped_schema_matches_the_models():
    assert SHIPPED.read_text(encoding="utf-8") == schema_text(), (
        "generator/schema/kursbau.schema.json is out of date: run `kursbau schema "
        "generator/schema/kursbau.schema.json`"
    )


# FORMAT.md's self-assessment example writes `text: Erzähl anderen, wie du das machst.` inside
# { }: plain YAML (and so an editor) splits it at the comma, Kursbau's reader joins it back.
SPLIT_AT_COMMA = FIXTURES / "format" / "self-assessment.yml"


@pytest.mark.parametrize(
    "path", [p for p in SAMPLES + FORMAT_EXAMPLES if p != SPLIT_AT_COMMA], ids=lambda p: p.name
)
def test_valid_checks_pass_the_schema(path: Path):
    jsonschema.validate(yaml.safe_load(path.read_text(encoding="utf-8")), schema())


def test_editors_flag_text_split_at_a_comma():
    data = yaml.safe_load(SPLIT_AT_COMMA.read_text(encoding="utf-8"))
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, schema())
    band = data["dimensions"]["geben"]["results"][1]
    assert band.pop("wie du das machst.") is None  # the half YAML made into a key
    jsonschema.validate(data, schema())


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
def test_sample_checks_point_editors_at_the_schema(path: Path):
    first = path.read_text(encoding="utf-8").splitlines()[0]
    match = re.fullmatch(r"# yaml-language-server: \$schema=(\S+)", first)
    assert match, f"{path.name} does not reference the schema on its first line"
    assert (path.parent / match.group(1)).resolve() == SHIPPED


def test_schema_rejects_what_the_loader_rejects():
    bad = {"title": "T", "type": "quiz", "questions": [{"text": "Q", "option": ["a", "b"]}]}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, schema())


def test_schema_command_writes_the_schema(tmp_path: Path):
    result = run(["schema", "out.json"], tmp_path)
    assert result.returncode == 0, result.stderr
    assert json.loads((tmp_path / "out.json").read_text(encoding="utf-8")) == schema()


def _advice_texts() -> list[str]:
    """Every message of the advice the models attach to their fields for messages.py."""
    from generator.core import models as m

    found: list[str] = []
    for model in vars(m).values():
        if not (isinstance(model, type) and issubclass(model, m.BaseModel)):
            continue
        for info in model.model_fields.values():
            for meta in info.metadata:
                if isinstance(meta, m.Advice):
                    found += [t for t in (meta.example, meta.wrong_value) if t]
                    found += meta.instead_of.values()
    return found


def test_the_schema_is_valid_and_shows_editors_nothing_internal():
    """Union tags, pydantic's discriminators and the advice for Kursbau's own messages stay out
    of what an editor reads."""
    from generator.core.models import TAGS

    generated = schema()
    jsonschema.Draft202012Validator.check_schema(generated)
    text = schema_text()
    advice = _advice_texts()
    assert len(advice) > 20  # the models do carry advice
    assert [t for t in [*TAGS, "discriminator", *advice] if json.dumps(t)[1:-1] in text] == []
