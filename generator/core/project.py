"""A course project: settings, checks and lessons gathered and validated before anything is
written (gather, then write)."""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from ..i18n import LANGUAGES
from .checkcache import compiled
from .frontmatter import normalise_newlines, read_meta
from .media import check_media
from .problems import Problems
from .resources import check_data_html, check_markdown
from .slugs import slug as ascii_slug
from .sources import (
    Address,
    SourceFile,
    check_addresses,
    page_address,
    project_path,
    walk,
    why_unreadable,
)
from .yamlsource import decode

if TYPE_CHECKING:
    from .checkcache import CheckCache
    from .loader import LoadedCheck

# The models, the loader and the compiler are imported when a site has checks: a site that
# added the plugin without any check does not pay for them.

EMBED = re.compile(r"^(\s*)<!--\s*check:\s*(\S*?)\s*-->\s*$")
FENCE = re.compile(r"^\s*(`{3,}|~{3,})")
# The suffixes MkDocs reads as Markdown (mkdocs.utils.markdown_extensions; the adapter passes the
# engine's own list, a test keeps this default equal to it). Matched case-sensitively, as MkDocs
# does: `Notes.MD` is copied into the site as it is.
MARKDOWN_SUFFIXES = (".markdown", ".mdown", ".mkdn", ".mkd", ".md")
# Text files an author may mean as a page, which the engine copies into the site unread.
MARKDOWN_LIKE = (".mdwn", ".mdtxt", ".mdtext", ".text", ".txt", ".rmd")


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
    # the languages of a multilingual site (mkdocs-static-i18n): `<id>.<language>.yml` is that
    # language's version of a check
    languages: tuple[str, ...] = ()
    # how the engine reads the docs folder: Markdown suffixes, page addresses, excluded files
    markdown_suffixes: tuple[str, ...] = MARKDOWN_SUFFIXES
    directory_urls: bool = True
    excluded: Callable[[str], bool] | None = None
    quizzes_option: str | None = None  # the folder as written in the settings, for messages
    # code fences the theme renders with a script from another origin (fence name → origin),
    # e.g. mermaid diagrams; only those whose origin is not allowed
    fence_loads: dict[str, str] = field(default_factory=dict)


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
    # language → id → that language's own version of a check (multilingual sites only)
    variants: dict[str, dict[str, LoadedCheck]] = field(default_factory=dict)
    # what the build before found about unchanged checks (compiled data, hints), if kept
    cache: CheckCache | None = field(default=None, repr=False)

    def trainer_pages(self) -> list[str]:
        return [p for p, lesson in self.lessons.items() if lesson.trainer]

    def release_positions(self) -> None:
        """Let the checks' position maps go once validation and the hints are done: a build
        needs none of them, and at 1,000 checks they are a tenth of its memory."""
        for loaded in [
            *self.checks.values(),
            *(c for v in self.variants.values() for c in v.values()),
        ]:
            loaded.doc = None

    def in_language(self, site_language: object) -> Course:
        """The course as one language of a multilingual site shows it: that language's version
        of each check where there is one, else the default version, with the UI strings and
        scale labels of that language."""
        lang = language(site_language)
        own = self.variants.get(str(site_language), {})
        if lang == self.settings.lang and not own:
            return self
        checks = {**self.checks, **own}
        for other in self.variants.values():  # a check written only in other languages
            for check_id, loaded in other.items():
                checks.setdefault(check_id, loaded)
        settings = replace(self.settings, lang=lang)
        data = {
            check_id: compiled(
                loaded, check_id, course=settings.course, lang=lang, cache=self.cache
            )
            for check_id, loaded in sorted(checks.items())
        }
        return Course(settings, checks, data, self.lessons, self.variants, self.cache)


def slug(text: str) -> str:
    """A course id from a site name: lower-case ASCII words joined by '-'."""
    return ascii_slug(text, "kurs")


def language(value: object) -> str:
    """The language of the check UI for a site language (`theme.language`, e.g. `de`, `en-GB`):
    that language where Kursbau has its strings, else English (see `language_notice`)."""
    text = str(value or "en").strip().lower().replace("_", "-")
    primary = text.split("-", 1)[0]
    return text if text in LANGUAGES else primary if primary in LANGUAGES else "en"


def language_notice(value: object) -> str | None:
    """What to tell the author once per build when the site language has no Kursbau strings."""
    if value is None or language(value) != "en" or str(value).lower().startswith("en"):
        return None
    known = ", ".join(LANGUAGES)
    return (
        f"the site language '{value}' has no Kursbau strings yet ({known}): the checks show"
        " English buttons and notices; their own texts stay as written"
    )


def gather(settings: Settings, problems: Problems, cache: CheckCache | None = None) -> Course:
    """Load and validate every check and lesson; all problems go to `problems`. With a `cache`,
    unchanged checks come from what the build before found (see checkcache.py)."""
    variants: dict[str, dict[str, LoadedCheck]] = {}
    checks: dict[str, LoadedCheck] = {}
    if settings.quizzes_dir.is_dir():
        from .loader import load_checks

        checks = load_checks(
            settings.quizzes_dir,
            settings.root,
            problems,
            languages=settings.languages,
            variants=variants,
            cache=cache,
            course=settings.course,
        )
    known = set(checks).union(*(set(v) for v in variants.values()))
    lessons = read_lessons(settings, known, problems)
    check_page_addresses(settings, checks, lessons, problems)
    data = {
        check_id: compiled(
            loaded, check_id, course=settings.course, lang=settings.lang, cache=cache
        )
        for check_id, loaded in checks.items()
    }
    for check_id, loaded in checks.items():
        try:
            source = (settings.root / loaded.path).read_text(encoding="utf-8-sig", errors="replace")
        except OSError:
            source = ""
        check_data_html(data[check_id], source, loaded.path, settings.allowed_origins, problems)
    for lang, localized in variants.items():
        for check_id, loaded in localized.items():
            localized_data = compiled(
                loaded, check_id, course=settings.course, lang=language(lang), cache=cache
            )
            try:
                source = (settings.root / loaded.path).read_text(
                    encoding="utf-8-sig", errors="replace"
                )
            except OSError:
                source = ""
            check_data_html(localized_data, source, loaded.path, settings.allowed_origins, problems)
    return Course(settings, checks, data, lessons, variants, cache)


def read_lessons(
    settings: Settings, known: set[str], problems: Problems, only: list[str] | None = None
) -> dict[str, Lesson]:
    """Every Markdown page the engine reads from the docs folder, with its audience and embeds
    (or only the pages `only` names, by path in the docs folder: `serve` re-reads an edit)."""
    lessons: dict[str, Lesson] = {}
    if not settings.docs_dir.is_dir():
        return lessons
    suffixes = tuple(settings.markdown_suffixes)
    lowered = tuple(s.lower() for s in suffixes)
    folder = settings.quizzes_option or "quizzes"
    if only is None:
        sources = walk(settings.docs_dir, settings.root, problems, skip=settings.excluded)
    else:
        docs = settings.docs_dir
        sources = [
            SourceFile(rel, docs / rel, project_path(docs / rel, settings.root)) for rel in only
        ]
    for source in sources:
        name = source.rel
        if not name.endswith(suffixes):
            lower = name.lower()
            if lower.endswith(lowered):
                suffix = next(s for s in suffixes if lower.endswith(s))
                problems.add(
                    source.shown,
                    1,
                    1,
                    f"the site reads only lower-case {suffix} files as pages and would copy this"
                    f" one into the site as it is: rename it to"
                    f" {Path(name).name[: -len(suffix)]}{suffix}",
                )
            elif lower.endswith(MARKDOWN_LIKE):
                _refuse_unread_trainer_page(source, problems)
            continue
        text = _read_text(source, problems)
        if text is None:
            continue
        meta = read_meta(text, source.shown, problems)
        lessons[name] = Lesson(
            name, meta.trainer, find_embeds(text, source.shown, known, problems, folder=folder)
        )
        check_media(text, source.shown, problems)  # <!-- web --> … <!-- /web -->, <!-- lines: 4 -->
        if not meta.trainer:  # trainer pages never reach the site
            check_markdown(
                text, source.shown, settings.allowed_origins, problems, source="this lesson"
            )
            if settings.fence_loads:
                check_fences(text, source.shown, settings.fence_loads, problems)
    return lessons


def _read_text(source, problems: Problems) -> str | None:
    """A source file's text with line breaks as the engine reads them, or None (a problem)."""
    try:
        raw = source.path.read_bytes()
    except OSError as err:
        problems.add(source.shown, 1, 1, f"cannot read this file: {why_unreadable(err)}")
        return None
    text = decode(raw, source.shown, problems)
    return None if text is None else normalise_newlines(text)


def _refuse_unread_trainer_page(source, problems: Problems) -> None:
    """A text file with an `audience` line that the engine would publish unread."""
    try:
        head = source.path.read_bytes()[:4096].decode("utf-8", errors="replace")
    except OSError:
        return
    if re.search(r"^\s{0,3}audience\s*:", normalise_newlines(head), re.M | re.I):
        problems.add(
            source.shown,
            1,
            1,
            "this file says who it is for (audience), but the site does not read this kind of"
            " file as a page and would publish it as it is: rename it to .md",
        )


def check_fences(text: str, path: str, loads: dict[str, str], problems: Problems) -> None:
    """A code block the theme renders with a script from another origin (a mermaid diagram)."""
    for number, line in enumerate(text.split("\n"), start=1):
        opener = FENCE.match(line)
        if not opener:
            continue
        info = line[opener.end() :].strip().lstrip("{").strip(".").split()
        name = info[0].lower() if info else ""
        if name in loads:
            origin = loads[name]
            problems.add(
                path,
                number,
                len(line) - len(line.lstrip()) + 1,
                f"a {name} block makes the theme load a script from {origin}, so participants'"
                f" browsers would contact it: put the script into the course and list it under"
                f" extra_javascript, or allow it with allow_origins: [{origin}] under the kursbau"
                " plugin",
            )


def check_page_addresses(
    settings: Settings, checks: dict[str, LoadedCheck], lessons: dict[str, Lesson], problems
) -> None:
    """A lesson may not land where Kursbau puts a check's page or the overview (also not only
    on a case-insensitive disk); the problem names both files."""
    from .pages import OVERVIEW, check_page_uri

    directory_urls = settings.directory_urls
    docs = _shown_folder(settings.docs_dir, settings.root)
    pages = []
    for check_id, loaded in sorted(checks.items()):
        address = page_address(check_page_uri(check_id), directory_urls=directory_urls)
        pages.append(
            Address(
                address, loaded.path, "the page of this check", f"the page of check '{check_id}'"
            )
        )
    if checks:
        address = page_address(OVERVIEW, directory_urls=directory_urls)
        pages.append(Address(address, None, "", "the overview page of the checks"))
    for rel, lesson in sorted(lessons.items()):
        if not lesson.trainer:
            address = page_address(rel, directory_urls=directory_urls)
            shown = f"{docs}{rel}"
            pages.append(Address(address, shown, "this page", f"the page {shown}"))
    check_addresses(pages, problems)


def _shown_folder(folder: Path, root: Path) -> str:
    shown = project_path(folder, root)
    return "" if shown == "." else shown + "/"


def front_matter(text: str) -> dict:
    """The metadata of a Markdown page as the engine reads it ({} when it has none)."""
    return read_meta(normalise_newlines(text), "", Problems()).data


def find_embeds(
    text: str, path: str, known: set[str], problems: Problems, *, folder: str = "quizzes"
) -> list[tuple[str, int]]:
    """`<!-- check: id -->` lines outside code fences; unknown and repeated ids are problems, and
    so is an embed that would silently stay a comment (`Check:` in capitals, inside a `>` quote,
    not on a line of its own)."""
    embeds: list[tuple[str, int]] = []
    seen: dict[str, int] = {}
    if "<!--" not in text:  # every embed, and every near one, is an HTML comment
        return embeds
    for number, col, message in near_embeds(text):
        problems.add(path, number, col, message)
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
                    else f"there are no checks in {folder.rstrip('/')}/"
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


# Anything that looks like an embed: `<!--`, optional space, the word check in any case
_NEAR_EMBED = re.compile(r"<!--\s*check\b\s*:?", re.I)
_CODE_SPAN = re.compile(r"(`+)(?!`).*?(?<!`)\1(?!`)")


def near_embeds(text: str):
    """(line, column, message) of each embed written so that it would stay an invisible comment."""
    if "<!--" not in text:
        return  # nothing like an embed, as on most pages of a big site
    for number, line in _lines_outside_fences(text):
        if EMBED.match(line):
            continue
        visible = _CODE_SPAN.sub(lambda m: " " * len(m.group()), line)
        match = _NEAR_EMBED.search(visible)
        if not match:
            continue
        col = match.start() + 1
        before = visible[: match.start()]
        written = match.group()
        if before.strip() and set(before.strip()) <= set("> \t"):
            message = (
                "an embed inside a quote (>) stays an invisible comment: put"
                " <!-- check: <id> --> on a line of its own outside the quote"
            )
        elif before.strip():
            message = "an embed must be a line of its own: move <!-- check: <id> --> to a new line"
        elif "check" not in written:
            message = "write 'check' in lower case: <!-- check: <id> -->"
        elif ":" not in written:
            message = "an embed needs a colon after 'check': <!-- check: <id> -->"
        else:
            message = "this embed line is not complete: write <!-- check: <id> --> on its own line"
        yield number, col, message


def _lines_outside_fences(text: str):
    """(line number, line) of each line that is not inside a code fence."""
    for number, line, fenced in fenced_lines(text):
        if not fenced:
            yield number, line


def fenced_lines(text: str):
    """(line number, line, whether it belongs to a code fence) of every line (split at LF only,
    as Markdown splits them): markers such as embeds are only read outside fences."""
    fence: str | None = None
    for number, line in enumerate(text.split("\n"), start=1):
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
    if "<!--" not in text:
        return  # no embed line, and most pages of a big site have none
    for number, line, fenced in fenced_lines(text):
        match = None if fenced else EMBED.match(line)
        if match:
            yield number, line, match.group(1), match.group(2)
