"""The pages Kursbau adds to a site and the markers it puts into lessons, engine-neutral.

An engine adapter asks this module for page sources, swaps embed lines for markers before
Markdown runs (so Markdown never touches the check's HTML) and fills the markers afterwards.
"""

from __future__ import annotations

import json
import os
import posixpath
import re
from html import escape

from ..i18n import Words
from .project import Course, embed_lines

ASSET_DIR = "assets/kursbau"
OVERVIEW = "checks/index.md"
UI = Words(
    {
        "de": {"section": "Selbstchecks", "overview": "Übersicht", "footer": "Rechtliches"},
        "en": {"section": "Self-checks", "overview": "Overview", "footer": "Legal"},
    }
)


def check_page_uri(check_id: str) -> str:
    """Source path of a check's own page: `checks/<id>.md`."""
    return f"checks/{check_id}.md"


def check_of_page(src_uri: str) -> str | None:
    """The check whose own page `src_uri` is (`checks/<id>.md`), or None."""
    if src_uri.startswith("checks/") and src_uri.endswith(".md") and src_uri != OVERVIEW:
        return src_uri[len("checks/") : -3]
    return None


def course_order(course: Course, nav_paths: list[str]) -> dict[str, str | None]:
    """Every check in course order (FORMAT 1.1), mapped to the page where it first occurs.

    A check occurs where a page along the nav embeds it, or where the nav lists its own page;
    checks that occur nowhere along the nav follow by id (mapped to None)."""
    order: dict[str, str | None] = {}
    for path in nav_paths:
        own = check_of_page(path)
        if own in course.data:
            order.setdefault(own, path)
        lesson = course.lessons.get(path)
        for check_id, _line in lesson.embeds if lesson else ():
            order.setdefault(check_id, path)
    for check_id in sorted(set(course.data) - set(order)):
        order[check_id] = None
    return order


class Markers:
    """Unique markers for one build, so no author text can forge one."""

    def __init__(self) -> None:
        self.token = os.urandom(6).hex()  # what secrets.token_hex does, without its imports
        self._pattern = re.compile(rf"<!--kursbau-{self.token}:(check|overview):([a-z0-9/-]*)-->")
        self._wrapped = re.compile(rf"<p>\s*({self._pattern.pattern})\s*</p>")

    def check(self, check_id: str) -> str:
        return f"<!--kursbau-{self.token}:check:{check_id}-->"

    def overview(self) -> str:
        return f"<!--kursbau-{self.token}:overview:-->"

    def marker(self, kind: str, check_id: str) -> str:
        """The marker itself, for `fill` to put back (kind: check or overview)."""
        return self.overview() if kind == "overview" else self.check(check_id)

    def fill(self, html: str, render, *, wrapped: bool = True) -> tuple[str, bool]:
        """Replace markers (also when Markdown wrapped them in <p>) by `render(kind, id)`.
        With `wrapped=False` only bare markers are looked for (in a page whose markers were
        freed of their <p> before: no search for every <p> of a whole page)."""
        if self.token not in html:  # most pages of a big site: no regex over them
            return html, False
        found = False

        def replace(match: re.Match) -> str:
            nonlocal found
            found = True
            return render(match.group(1), match.group(2))

        if wrapped:
            html = self._wrapped.sub(lambda m: replace(self._pattern.match(m.group(1))), html)
        html = self._pattern.sub(replace, html)
        return html, found


def check_page_source(course: Course, check_id: str, markers: Markers) -> str:
    # MkDocs treats a page title as HTML (the theme prints it unescaped in the nav, the header
    # and <title>); a check title is plain text, so `<`, `&` and quotes are escaped here.
    title = escape(course.data[check_id]["title"])
    return (
        f"---\ntitle: {json.dumps(title, ensure_ascii=False)}\n---\n\n{markers.check(check_id)}\n"
    )


def overview_source(course: Course, markers: Markers) -> str:
    ui = UI[course.settings.lang]
    # In the nav the page sits inside the section of the same name, so it is called "Übersicht"
    # there, while its heading names the section.
    title = json.dumps(ui["overview"], ensure_ascii=False)
    return f"---\ntitle: {title}\n---\n\n# {ui['section']}\n\n{markers.overview()}\n"


def overview_entries(
    course: Course, use_directory_urls: bool, order: list[str] | None = None
) -> list[dict]:
    """What the overview widget lists, in course order (`order`, else by id), with URLs
    relative to the overview page."""
    entries = []
    for check_id in order if order is not None else sorted(course.data):
        data = course.data[check_id]
        url = f"{check_id}/" if use_directory_urls else f"{check_id}.html"
        entries.append(
            {
                "id": check_id,
                "title": data["title"],
                "url": url,
                "type": data["type"],
                "actionPlan": data["actionPlan"],
                "hash": data["hash"],
            }
        )
    return entries


def mark_embeds(markdown: str, markers: Markers) -> str:
    """Swap each embed line (outside code fences) for its marker."""
    lines = markdown.split("\n")  # as embed_lines and Markdown count lines
    for number, _line, indent, check_id in embed_lines(markdown):
        lines[number - 1] = f"{indent}{markers.check(check_id)}"
    return "\n".join(lines)


def asset_tags(page_url: str, takeaway: bool = False) -> str:
    """The stylesheet and classic script, linked relative to the page so file:// works. The
    overview page also gets the take-away script, before kursbau.js: it hooks into the overview
    as kursbau.js sets it up."""
    folder = page_url.rstrip("/") if page_url.endswith("/") else posixpath.dirname(page_url)
    base = posixpath.relpath(ASSET_DIR, folder or ".")
    extra = f'<script defer src="{base}/takeaway.js"></script>' if takeaway else ""
    return (
        f'<link rel="stylesheet" href="{base}/kursbau.css">{extra}'
        f'<script defer src="{base}/kursbau.js"></script>'
    )
