"""Strict hosting: a Content-Security-Policy for the built site, and the check that no page loads
anything from another origin.

Kursbau's own code runs from files only (no inline script, no eval; the check data is inline
JSON, which is never executed). The theme writes a few small inline scripts (colour scheme,
remembered tabs); they are allowed by their SHA-256 hashes, computed from the built pages, so a
host can send a policy without `'unsafe-inline'` for scripts. The policy is written twice:

- `_headers` for Netlify, Cloudflare Pages and other hosts that read that file;
- `nginx-csp.conf`: the same policy as an nginx `add_header` line, to `include` in a server block.
"""

from __future__ import annotations

import base64
import hashlib
import os
import re
from html.parser import HTMLParser
from pathlib import Path

from .problems import Problems
from .resources import Finding, foreign_resources, locate, may_load_foreign, message

HEADERS_FILE = "_headers"
NGINX_FILE = "nginx-csp.conf"
_JS_TYPES = {
    "",
    "text/javascript",
    "application/javascript",
    "module",
    "text/ecmascript",
    "application/ecmascript",
}


class _InlineScripts(HTMLParser):
    """Collects the text of every inline script the browser would execute."""

    def __init__(self):
        super().__init__(convert_charrefs=False)
        self.scripts: list[str] = []
        self.handlers = False  # an on…= attribute (needs 'unsafe-hashes'; the theme has none)
        self._current: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        values = {name.lower(): value for name, value in attrs}
        if any(name.startswith("on") for name in values):
            self.handlers = True
        if tag == "script":
            kind = (values.get("type") or "").strip().lower()
            executes = kind in _JS_TYPES and values.get("src") is None
            self._current = [] if executes else None

    def handle_data(self, data):
        if self._current is not None:
            self._current.append(data)

    def handle_endtag(self, tag):
        if tag == "script" and self._current is not None:
            self.scripts.append("".join(self._current))
            self._current = None


def script_hash(source: str) -> str:
    """The CSP source expression of one inline script (`'sha256-…'`)."""
    # the browser hashes the text after HTML's newline normalisation
    text = source.replace("\r\n", "\n").replace("\r", "\n")
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def html_files(site_dir: Path) -> list[Path]:
    return sorted(p for p in site_dir.rglob("*.html") if p.is_file())


def inline_script_hashes(site_dir: Path) -> list[str]:
    """The hashes of every distinct inline script on every page of the site, sorted."""
    hashes = set()
    for file in html_files(site_dir):
        html = file.read_text(encoding="utf-8", errors="replace")
        hashes.update(script_hash(s) for s in page_scripts(html))
    return sorted(hashes)


_SCRIPT_START = re.compile(r"<script(?=[\t\n\r\f />\x00]|$)", re.I)


def page_scripts(html: str) -> list[str]:
    """The text of every inline script of a page that would run, without tokenizing the whole
    page: each `<script` tag is parsed exactly as the parser parses it, and its text runs to the
    parser's own end-of-script pattern. A `<script` inside a comment counts too (a hash more in
    the policy is harmless; one missing would break the page)."""
    parser = _InlineScripts()
    parser.rawdata = html
    for match in _SCRIPT_START.finditer(html):
        end = parser.parse_starttag(match.start())
        if end > 0 and parser._current is not None and parser.cdata_elem == "script":
            close = parser.interesting.search(html, end)
            if close:
                parser.scripts.append(html[end : close.start()])
        parser._current = None
        parser.clear_cdata_mode()
    return parser.scripts


def content_security_policy(hashes: list[str]) -> str:
    """The policy for a built Kursbau site.

    - scripts: files of the site, plus the theme's inline scripts by hash; no eval;
    - styles: files of the site only; the theme and Kursbau set styles through the CSSOM
      (`element.style…`), which a policy does not restrict, and write no style attributes;
    - images: the site and `data:` URLs (the theme's icons in CSS);
    - no plugins (`object-src 'none'`), no foreign `<base>`, forms post to the site only;
    - frames: the site only (frame-ancestors is left out so a learning platform may embed it).
    """
    script = " ".join(["'self'", *hashes])
    return "; ".join(
        [
            "default-src 'self'",
            f"script-src {script}",
            "style-src 'self'",
            "img-src 'self' data:",
            "font-src 'self'",
            "connect-src 'self'",
            "media-src 'self'",
            "worker-src 'self'",
            "frame-src 'self'",
            "manifest-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
        ]
    )


def write_host_files(site_dir: Path) -> str:
    """Write `_headers` and `nginx-csp.conf` into the site; returns the policy."""
    policy = content_security_policy(inline_script_hashes(site_dir))
    (site_dir / HEADERS_FILE).write_text(
        "# Security headers for hosts that read this file (Netlify, Cloudflare Pages).\n"
        "# Written by Kursbau on every build: the script hashes belong to this build.\n"
        "/*\n"
        f"  Content-Security-Policy: {policy}\n"
        "  X-Content-Type-Options: nosniff\n"
        "  Referrer-Policy: no-referrer\n",
        encoding="utf-8",
    )
    (site_dir / NGINX_FILE).write_text(
        "# Content-Security-Policy for nginx, written by Kursbau on every build.\n"
        "# Use it inside the server (or location) block that serves the site, for example\n"
        f"#     include /var/www/kurs/{NGINX_FILE};\n"
        "# or copy the line there; copy it again after a rebuild that changed the theme.\n"
        f'add_header Content-Security-Policy "{policy}" always;\n',
        encoding="utf-8",
    )
    return policy


# ---------------------------------------------------------------- the built pages, after a build


def check_site(
    site_dir: Path,
    allowed: set[str] | frozenset,
    sources: dict[str, Path],
    root: Path,
    problems: Problems,
) -> int:
    """Add a problem for each resource a built page loads from another origin.

    `sources` maps a page's path in the site to the file it was made from, so the problem points
    at what to edit: that file when the address is written there, else mkdocs.yml or a theme
    override that contains it, else mkdocs.yml with the page named. Returns the pages checked.
    """
    extra_sources = [root / "mkdocs.yml", *_overrides(root)]
    reported = set()
    files = html_files(site_dir)
    for file in files:
        rel = file.relative_to(site_dir).as_posix()
        html = file.read_text(encoding="utf-8", errors="replace")
        if not may_load_foreign(html, allowed):  # the cheap test first: most pages are clean
            continue
        for finding in foreign_resources(html, allowed):
            where = _where(finding, sources.get(rel), extra_sources, root, rel)
            key = (where[0], where[1], finding.url)
            if key in reported:
                continue
            reported.add(key)
            problems.add(*where)
    return len(files)


def _overrides(root: Path) -> list[Path]:
    found = []
    for folder in ("overrides", "theme", "custom_theme"):
        path = root / folder
        if path.is_dir():
            found.extend(p for p in sorted(path.rglob("*")) if p.suffix in (".html", ".css"))
    return found


def _where(finding: Finding, source: Path | None, extra: list[Path], root: Path, rel: str):
    for candidate in ([source] if source else []) + extra:
        try:
            text = candidate.read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        position = locate(text, finding.url)
        if position:
            shown = _shown(candidate, root)
            return (shown, *position, message(finding, source=f"page {rel}"))
    return (
        "mkdocs.yml",
        1,
        1,
        message(finding, source=f"page {rel} (line {finding.line}, from the theme or a plugin)"),
    )


def _shown(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return os.path.relpath(path, root)
