"""Loads check files: YAML with positions → validated models → problems, never a traceback."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from . import models as m
from .messages import translate
from .problems import Problems
from .rules import check_rules
from .slugs import slug
from .yamlsource import Document, decode, read_yaml

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:[a-z0-9-]*[a-z0-9])?(?:/[a-z0-9]+(?:[a-z0-9-]*[a-z0-9])?)*$")
SUFFIXES = (".yml", ".yaml")


@dataclass
class LoadedCheck:
    """A valid check with where it came from. `doc` (the positions of its YAML) serves
    validation and the hints; a build lets it go after them (`release_positions`): at 1,000
    checks the position maps are a tenth of a build's memory."""

    id: str
    path: str  # relative to the project, with forward slashes
    model: m.AnyAssessment
    doc: Document | None


def check_id_for(relative: Path) -> str:
    """`modul-1/bereit.yml` → `modul-1/bereit`."""
    return relative.with_suffix("").as_posix()


def suggest_id(check_id: str) -> str:
    """A valid id close to `check_id`: each folder and the file name made a slug."""
    return "/".join(slug(part, "check") for part in check_id.split("/"))


def load_text(raw: bytes, rel: str, problems: Problems) -> tuple | None:
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


def split_language(check_id: str, languages) -> tuple[str, str | None]:
    """`bereit.en` → (`bereit`, `en`) when `en` is one of the site's languages (mkdocs-static-i18n):
    the English version of check `bereit`. Otherwise the id as it is."""
    stem, dot, suffix = check_id.rpartition(".")
    if dot and suffix in languages:  # a language has no '/': `kurs.en/a` is not a variant
        return stem, suffix
    return check_id, None


def load_checks(
    quizzes_dir: Path,
    root: Path,
    problems: Problems,
    *,
    languages=(),
    variants: dict[str, dict[str, LoadedCheck]] | None = None,
) -> dict[str, LoadedCheck]:
    """Every check under `quizzes_dir` by id; every problem of every file is collected.

    With `languages` (a multilingual site), `<id>.<language>.yml` is that language's version of
    the check `<id>`; it goes into `variants[language][id]` (pass `variants` to get them)."""
    from .sources import walk, why_unreadable

    checks: dict[str, LoadedCheck] = {}
    variants = {} if variants is None else variants
    if not quizzes_dir.is_dir():
        return checks
    for source in walk(quizzes_dir, root, problems, skip=_hidden):
        suffix = Path(source.rel).suffix
        if suffix not in SUFFIXES:
            if suffix.lower() in SUFFIXES:
                problems.add(
                    source.shown,
                    1,
                    1,
                    f"check files end in .yml or .yaml in lower case: rename this file to"
                    f" {Path(source.rel).stem}{suffix.lower()}",
                )
            continue
        rel = source.shown
        check_id, lang = split_language(check_id_for(Path(source.rel)), languages)
        target = checks if lang is None else variants.setdefault(lang, {})
        if not ID_PATTERN.match(check_id):
            problems.add(
                rel,
                1,
                1,
                f"'{check_id}' is not a valid check id (lower-case letters, digits, '-' and '/'):"
                f" rename the file to {suggest_id(check_id)}{'.' + lang if lang else ''}{suffix}",
            )
            continue
        if check_id in target:
            problems.add(
                rel,
                1,
                1,
                f"check id '{check_id}' is also used by {target[check_id].path}:"
                " keep one of the two files",
            )
            continue
        try:
            raw = source.path.read_bytes()
        except OSError as err:
            problems.add(rel, 1, 1, f"cannot read this file: {why_unreadable(err)}")
            continue
        loaded = load_text(raw, rel, problems)
        if loaded:
            model, doc = loaded
            target[check_id] = LoadedCheck(check_id, rel, model, doc)
    return checks


def _hidden(rel: str) -> bool:
    """Editors and version control keep files in hidden folders (`.git/`, `.obsidian/`)."""
    return any(part.startswith(".") for part in rel.split("/"))
