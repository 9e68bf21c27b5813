"""The pages Kursbau adds to a site and the markers it puts into lessons, engine-neutral.

An engine adapter asks this module for page sources, swaps embed lines for markers before
Markdown runs (so Markdown never touches the check's HTML) and fills the markers afterwards.
"""

from __future__ import annotations

import json
import posixpath
import re
import secrets
from html import escape

from ..i18n import Words
from .project import Course, embed_lines

ASSET_DIR = "assets/kursbau"
OVERVIEW = "checks/index.md"
UI = Words(
    {
        "de": {"section": "Selbstchecks", "overview": "Übersicht"},
        "en": {"section": "Self-checks", "overview": "Overview"},
    }
)


def check_page_uri(check_id: str) -> str:
    """Source path of a check's own page: `checks/<id>.md`."""
    return f"checks/{check_id}.md"


class Markers:
    """Unique markers for one build, so no author text can forge one."""

    def __init__(self) -> None:
        self.token = secrets.token_hex(6)
        self._pattern = re.compile(rf"<!--kursbau-{self.token}:(check|overview):([a-z0-9/-]*)-->")

    def check(self, check_id: str) -> str:
        return f"<!--kursbau-{self.token}:check:{check_id}-->"

    def overview(self) -> str:
        return f"<!--kursbau-{self.token}:overview:-->"

    def fill(self, html: str, render) -> tuple[str, bool]:
        """Replace markers (also when Markdown wrapped them in <p>) by `render(kind, id)`."""
        found = False

        def replace(match: re.Match) -> str:
            nonlocal found
            found = True
            return render(match.group(1), match.group(2))

        html = re.sub(
            rf"<p>\s*({self._pattern.pattern})\s*</p>",
            lambda m: replace(self._pattern.match(m.group(1))),
            html,
        )
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


def overview_entries(course: Course, use_directory_urls: bool) -> list[dict]:
    """What the overview widget lists, with URLs relative to the overview page."""
    entries = []
    for check_id, data in sorted(course.data.items(), key=lambda item: item[1]["title"].lower()):
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


def asset_tags(page_url: str) -> str:
    """The stylesheet and classic script, linked relative to the page so file:// works."""
    folder = page_url.rstrip("/") if page_url.endswith("/") else posixpath.dirname(page_url)
    base = posixpath.relpath(ASSET_DIR, folder or ".")
    return (
        f'<link rel="stylesheet" href="{base}/kursbau.css">'
        f'<script defer src="{base}/kursbau.js"></script>'
    )
