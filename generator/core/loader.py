"""Finds the check files of a project and loads each: YAML with positions → validated models
(`validate.py`) → problems, never a traceback. A file the check cache knows as valid is not
validated again until something asks for its model."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .problems import Problems
from .slugs import slug

if TYPE_CHECKING:
    from . import models as m
    from .checkcache import CheckCache
    from .yamlsource import Document

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:[a-z0-9-]*[a-z0-9])?(?:/[a-z0-9]+(?:[a-z0-9-]*[a-z0-9])?)*$")
SUFFIXES = (".yml", ".yaml")


@dataclass
class LoadedCheck:
    """A valid check with where it came from. `doc` (the positions of its YAML) serves
    validation and the hints; a build lets it go after them (`release_positions`): at 1,000
    checks the position maps are a tenth of a build's memory.

    A check the cache knew (`key` found there) starts without model and positions and keeps
    its file's bytes: the first use of `model` (or of `doc`, unless let go) validates them."""

    id: str
    path: str  # relative to the project, with forward slashes
    _model: m.AnyAssessment | None
    _doc: Document | None
    raw: bytes | None = field(default=None, repr=False)
    key: str = ""  # in the check cache
    _released: bool = field(default=False, repr=False)

    @property
    def model(self) -> m.AnyAssessment:
        if self._model is None:
            self._validate_again()
        return self._model

    @property
    def doc(self) -> Document | None:
        if self._doc is None and not self._released and self.raw is not None:
            self._validate_again()
        return self._doc

    @doc.setter
    def doc(self, doc: Document | None) -> None:
        self._doc = doc
        self._released = doc is None

    def _validate_again(self) -> None:
        problems = Problems()
        loaded = load_text(self.raw or b"", self.path, problems)
        if loaded is None:  # valid when cached, with the same bytes and code: cannot happen
            raise RuntimeError(f"{self.path} no longer validates: {problems}")
        self._model, doc = loaded
        if not self._released:
            self._doc = doc


def check_id_for(relative: Path) -> str:
    """`modul-1/bereit.yml` → `modul-1/bereit`."""
    return relative.with_suffix("").as_posix()


def suggest_id(check_id: str) -> str:
    """A valid id close to `check_id`: each folder and the file name made a slug."""
    return "/".join(slug(part, "check") for part in check_id.split("/"))


def load_text(raw: bytes, rel: str, problems: Problems) -> tuple | None:
    """Validate one check file's bytes; returns (model, doc), or None when it has problems."""
    from .validate import validate_check  # pydantic and the models: only for files to validate

    return validate_check(raw, rel, problems)


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
    cache: CheckCache | None = None,
    course: str = "",
) -> dict[str, LoadedCheck]:
    """Every check under `quizzes_dir` by id; every problem of every file is collected.

    With `languages` (a multilingual site), `<id>.<language>.yml` is that language's version of
    the check `<id>`; it goes into `variants[language][id]` (pass `variants` to get them). With
    a `cache`, a file it knows as valid (for the course named `course`) is not validated now."""
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
        key = cache.key(check_id, rel, course, raw) if cache is not None else ""
        if cache is not None and cache.knows(key):
            target[check_id] = LoadedCheck(check_id, rel, None, None, raw=raw, key=key)
            continue
        loaded = load_text(raw, rel, problems)
        if loaded:
            model, doc = loaded
            target[check_id] = LoadedCheck(check_id, rel, model, doc, key=key)
            if cache is not None:
                cache.add(key)
    return checks


def _hidden(rel: str) -> bool:
    """Editors and version control keep files in hidden folders (`.git/`, `.obsidian/`)."""
    return any(part.startswith(".") for part in rel.split("/"))
