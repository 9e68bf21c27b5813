"""A course project: settings, checks and lessons gathered and validated before anything is
written (gather, then write)."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..i18n import LANGUAGES
from .compile import compile_check
from .loader import LoadedCheck, load_checks
from .media import check_media
from .problems import Problems
from .resources import check_data_html, check_markdown
from .slugs import slug as ascii_slug
from .yamlsource import decode

EMBED = re.compile(r"^(\s*)<!--\s*check:\s*(\S*?)\s*-->\s*$")
FENCE = re.compile(r"^\s*(`{3,}|~{3,})")


@dataclass
class Settings:
    """What the core needs to know about a project, whatever engine builds the site."""

    root: Path
    docs_dir: Path
    quizzes_dir: Path
    course: str
    lang: str = "de"
    site_url: str | None = None
    # origins whose resources pages may load (no third party by default; see resources.py)
    allowed_origins: frozenset[str] = frozenset()


@dataclass
class Lesson:
    """A Markdown page of the course, with where it embeds checks."""

    path: str  # relative to docs_dir, forward slashes
    trainer: bool
    embeds: list[tuple[str, int]] = field(default_factory=list)  # (check id, 1-based line)


@dataclass
class Course:
    """Everything validated: checks (models and compiled data) and lessons."""

    settings: Settings
    checks: dict[str, LoadedCheck]
    data: dict[str, dict]
    lessons: dict[str, Lesson]

    def trainer_pages(self) -> list[str]:
        return [p for p, lesson in self.lessons.items() if lesson.trainer]


def slug(text: str) -> str:
    """A course id from a site name: lower-case ASCII words joined by '-'."""
    return ascii_slug(text, "kurs")


def language(value: object) -> str:
    """The UI language: German unless English is asked for."""
    text = str(value or "de").lower()
    return text if text in LANGUAGES else ("en" if text.startswith("en") else "de")


def gather(settings: Settings, problems: Problems) -> Course:
    """Load and validate every check and lesson; all problems go to `problems`."""
    checks = load_checks(settings.quizzes_dir, settings.root, problems)
    lessons = read_lessons(settings, set(checks), problems)
    data = {
        check_id: compile_check(loaded.model, check_id, course=settings.course, lang=settings.lang)
        for check_id, loaded in checks.items()
    }
    for check_id, loaded in checks.items():
        source = (settings.root / loaded.path).read_text(encoding="utf-8-sig", errors="replace")
        check_data_html(data[check_id], source, loaded.path, settings.allowed_origins, problems)
    return Course(settings, checks, data, lessons)


def read_lessons(settings: Settings, known: set[str], problems: Problems) -> dict[str, Lesson]:
    lessons: dict[str, Lesson] = {}
    if not settings.docs_dir.is_dir():
        return lessons
    for file in sorted(settings.docs_dir.rglob("*.md")):
        rel = file.relative_to(settings.docs_dir).as_posix()
        shown = _project_path(file, settings.root)
        try:
            raw = file.read_bytes()
        except OSError as err:
            if file.is_symlink() and not file.exists():
                link = _project_path(file.parent, settings.root) + "/" + file.name
                problems.add(
                    link,
                    1,
                    1,
                    f"this is a link to {file.readlink()}, which does not exist: copy the lesson"
                    " here or remove the link",
                )
            else:
                problems.add(shown, 1, 1, f"cannot read this file: {err.strerror}")
            continue
        text = decode(raw, shown, problems)
        if text is None:
            continue
        lessons[rel] = Lesson(
            rel, _is_trainer_page(text), find_embeds(text, shown, known, problems)
        )
        check_media(text, shown, problems)  # <!-- web --> … <!-- /web -->, <!-- lines: 4 -->
        if not lessons[rel].trainer:  # trainer pages never reach the site
            check_markdown(text, shown, settings.allowed_origins, problems, source="this lesson")
    return lessons


def _project_path(file: Path, root: Path) -> str:
    try:
        return file.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return file.as_posix()


def front_matter(text: str) -> dict:
    """The YAML front matter of a Markdown page, or {} (MkDocs reports broken front matter)."""
    if not text.startswith("---"):
        return {}
    end = re.search(r"^(---|\.\.\.)\s*$", text[3:], re.M)
    if not end:
        return {}
    try:
        meta = yaml.safe_load(text[3 : 3 + end.start()])
    except yaml.YAMLError:
        return {}
    return meta if isinstance(meta, dict) else {}


def _is_trainer_page(text: str) -> bool:
    return str(front_matter(text).get("audience", "")).strip().lower() == "trainer"


def find_embeds(text: str, path: str, known: set[str], problems: Problems) -> list[tuple[str, int]]:
    """`<!-- check: id -->` lines outside code fences; unknown and repeated ids are problems."""
    embeds: list[tuple[str, int]] = []
    seen: dict[str, int] = {}
    for number, line, indent, check_id in embed_lines(text):
        col = len(indent) + line[len(indent) :].find(check_id or "-->") + 1
        if not check_id:
            problems.add(
                path, number, col, "the embed line names no check: write <!-- check: <id> -->"
            )
            continue
        if check_id not in known:
            close = _similar_id(check_id, known)
            hint = (
                f"did you mean '{close[0]}'?"
                if close
                else (
                    f"known ids are {', '.join(sorted(known))}"
                    if known
                    else "there are no checks in quizzes/"
                )
            )
            problems.add(path, number, col, f"unknown check '{check_id}': {hint}")
            continue
        if check_id in seen:
            problems.add(
                path,
                number,
                col,
                f"check '{check_id}' is embedded twice on this page (first on line {seen[check_id]}):"
                " each check at most once per page",
            )
            continue
        seen[check_id] = number
        embeds.append((check_id, number))
    return embeds


def _closes(fence: str, marker: str, line: str) -> bool:
    """A closing fence uses the same character, at least as many, and nothing after it."""
    return marker[0] == fence[0] and len(marker) >= len(fence) and not line.strip()[len(marker) :]


def _similar_id(check_id: str, known: set[str]) -> list[str]:
    """A close id, also when only the last part was written (`bereit` for `modul-1/bereit`)."""
    close = difflib.get_close_matches(check_id, sorted(known), n=1)
    if close:
        return close
    by_name = {k.rsplit("/", 1)[-1]: k for k in sorted(known)}
    close = difflib.get_close_matches(check_id.rsplit("/", 1)[-1], list(by_name), n=1)
    return [by_name[close[0]]] if close else []


def fenced_lines(text: str):
    """(line number, line, whether it belongs to a code fence) of every line: markers such as
    embeds are only read outside fences."""
    fence: str | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        opener = FENCE.match(line)
        if fence is None and opener:
            fence = opener.group(1)
            yield number, line, True
            continue
        if fence is not None:
            if opener and _closes(fence, opener.group(1), line):
                fence = None
            yield number, line, True
            continue
        yield number, line, False


def embed_lines(text: str):
    """(line number, line, indent, id) of each embed line that is not inside a code fence."""
    for number, line, fenced in fenced_lines(text):
        match = None if fenced else EMBED.match(line)
        if match:
            yield number, line, match.group(1), match.group(2)
