"""An authoring hint as the author sees it (`path:line:col: Hinweis (name): …`), and the hints of
a gathered course: from the check cache where a check is unchanged, else judged by `hints.py`
(which needs the models: a rebuild of unchanged checks never loads them)."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from ..i18n import Words


@dataclass(frozen=True, order=True)
class Hint:
    """One hint at one place of a check file; line and column count from 1."""

    path: str
    line: int
    col: int
    name: str
    message: str
    why: str
    lang: str = "de"

    on: str = "question"  # where `silence:` goes: question, statement, band, questions

    @property
    def text(self) -> str:
        """The hint without its position: what, why, and how to silence it."""
        words = _WORDS[self.lang]
        silence = words["silence"].format(name=self.name, on=words[self.on])
        return f"{words['hint']} ({self.name}): {self.message} {words['why']}: {self.why} {silence}"

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}: {self.text}"


_WORDS = Words(
    {
        "de": {
            "hint": "Hinweis",
            "why": "Warum",
            "silence": "Absicht? Dann schreib silence: [{name}] {on}.",
            "question": "an die Frage",
            "statement": "an die Aussage",
            "band": "an das Band",
            "questions": "an die Fragen, für die es nicht gelten soll (oder an den Check)",
        },
        "en": {
            "hint": "hint",
            "why": "Why",
            "silence": "On purpose? Then write silence: [{name}] {on}.",
            "question": "on the question",
            "statement": "on the statement",
            "band": "on the band",
            "questions": "on the questions it should not count (or on the check)",
        },
    }
)


def course_hints(course) -> list[Hint]:
    """The hints of a gathered course (`project.Course`), in the course's language: from its
    check cache for the checks read before, judged now for the others."""
    lang = course.settings.lang
    cache = course.cache
    found: list[Hint] = []
    judge = [c for c in course.checks.values() if cache is None or not cache.has_hints(c, lang)]
    if judge:
        from .hints import find_hints, save_tags

        for loaded in judge:
            hints = find_hints([loaded], lang)
            if cache is not None:
                cache.keep_hints(loaded, lang, [hint_fields(h) for h in hints])
            found.extend(hints)
        save_tags()
    if cache is not None:
        judged = {id(loaded) for loaded in judge}
        for loaded in course.checks.values():
            if id(loaded) not in judged:
                found.extend(Hint(**fields) for fields in cache.hints(loaded, lang))
    return sorted(set(found))


def hint_fields(hint: Hint) -> dict:
    """A hint as plain data, for the check cache."""
    return asdict(hint)
