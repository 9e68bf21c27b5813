"""The built site the room serves, as the room needs it: the check data of every check (read from
the pages themselves, so the room scores exactly what participants see), the course id, the
language, the title and the security headers of `site/_headers`."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..core.hosting import HEADERS_FILE, content_security_policy, html_files, inline_script_hashes
from ..render.takeaway import plain

# The check data travels in every check's root as
# <template data-kb-t><script type="application/json" data-kb-data>…</script></template>;
# the JSON has `<` escaped, so the first `</script>` ends it.
_DATA = re.compile(r"<script\b[^>]*\bdata-kb-data\b[^>]*>(.*?)</script>", re.S | re.I)
_LANG = re.compile(r"<html\b[^>]*\blang=\"([A-Za-z-]+)\"", re.I)
_TITLE = re.compile(r"<title>(.*?)</title>", re.S | re.I)


class SiteProblem(Exception):
    """The folder cannot be served as a room (the message says why and what to do)."""


@dataclass
class RoomCourse:
    site_dir: Path
    course: str
    lang: str
    title: str
    checks: dict[str, dict] = field(default_factory=dict)  # shareable checks, in overview order
    headers: dict[str, str] = field(default_factory=dict)

    def shareable(self, check_id: str) -> dict | None:
        return self.checks.get(check_id)


def load_site(site_dir: Path, title: str | None = None) -> RoomCourse:
    """Read a built Kursbau site. Action plans are left out: they have no result to share."""
    if not (site_dir / "index.html").is_file():
        raise SiteProblem(f"{site_dir}: no index.html; build the course first (kursbau build)")
    found: dict[str, dict] = {}
    for page in html_files(site_dir):
        text = page.read_text(encoding="utf-8", errors="replace")
        if "data-kb-data" not in text:
            continue
        for match in _DATA.finditer(text):
            try:
                data = json.loads(match.group(1))
            except ValueError:
                continue
            if isinstance(data, dict) and isinstance(data.get("id"), str):
                found.setdefault(data["id"], data)
    courses = {d.get("course") for d in found.values()}
    if len(courses) > 1:
        raise SiteProblem(f"{site_dir}: checks of more than one course ({', '.join(courses)})")
    index = (site_dir / "index.html").read_text(encoding="utf-8", errors="replace")
    lang = _LANG.search(index)
    checks = {
        key: data
        for key, data in sorted(found.items(), key=lambda item: item[1]["title"].lower())
        if not data.get("actionPlan")
    }
    return RoomCourse(
        site_dir=site_dir,
        course=courses.pop() if courses else "",
        lang=(lang.group(1).split("-")[0].lower() if lang else "de"),
        title=title or _site_title(index),
        checks=checks,
        headers=site_headers(site_dir),
    )


def _site_title(index_html: str) -> str:
    """Material titles the start page "<page> - <site name>"; the site name is the course."""
    match = _TITLE.search(index_html)
    text = plain(match.group(1)) if match else ""
    return text.rsplit(" - ", 1)[-1].strip() or "Kurs"


def site_headers(site_dir: Path) -> dict[str, str]:
    """The headers of `_headers` for every path (`/*`), as the build wrote them; a site without
    the file gets the same policy, computed the same way."""
    headers: dict[str, str] = {}
    path = site_dir / HEADERS_FILE
    if path.is_file():
        section = None
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            if not line[0].isspace():
                section = line.strip()
            elif section == "/*" and ":" in line:
                name, value = line.strip().split(":", 1)
                headers[name.strip()] = value.strip()
    if "Content-Security-Policy" not in headers:
        policy = content_security_policy(inline_script_hashes(site_dir))
        headers["Content-Security-Policy"] = policy
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "no-referrer")
    return headers
