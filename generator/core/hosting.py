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
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

from .needs import Needs, markup_needs
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


def content_security_policy(
    hashes: list[str],
    needs: Needs | None = None,
    origins: dict[str, set[str]] | None = None,
) -> str:
    """The policy for a built Kursbau site.

    - scripts: files of the site, plus inline scripts by hash; no eval; the site's own event
      handler attributes by hash ('unsafe-hashes' allows exactly those values);
    - styles: files of the site, plus the site's own `<style>` elements and `style="…"`
      attributes by hash (the theme and Kursbau set styles through the CSSOM, which a policy
      does not restrict);
    - images: the site and `data:` URLs (the theme's icons in CSS);
    - every origin the build allowed (`allow_origins`), in the directives it is loaded through;
    - no plugins (`object-src 'none'`), no foreign `<base>`, forms post to the site only;
    - frames: the site only (frame-ancestors is left out so a learning platform may embed it).
    """
    needs = needs or Needs()
    origins = origins or {}

    def directive(name: str, *own: str) -> str:
        return " ".join([name, *own, *sorted(origins.get(name, ()))])

    self_ = "'self'"
    script = [self_, *sorted(set(hashes) | needs.scripts)]
    if needs.handlers:
        script += ["'unsafe-hashes'", *sorted(needs.handlers)]
    style = [self_, *sorted(needs.styles)]
    if needs.style_attributes:
        style += ["'unsafe-hashes'", *sorted(needs.style_attributes)]
    objects = directive("object-src") if origins.get("object-src") else "object-src 'none'"
    return "; ".join(
        [
            "default-src 'self'",
            directive("script-src", *script),
            directive("style-src", *style),
            directive("img-src", self_, "data:"),
            directive("font-src", self_),
            directive("connect-src", self_),
            directive("media-src", self_),
            "worker-src 'self'",
            directive("frame-src", self_),
            directive("manifest-src", self_),
            objects,
            directive("base-uri", self_),
            "form-action 'self'",
        ]
    )


_KURSBAU_HEADERS = (
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "no-referrer"),
)


def headers_file(policy: str, own: str | None = None) -> str:
    """`_headers` for Netlify, Cloudflare Pages and other hosts that read it: the site's own
    file as it was written, then Kursbau's rule for every page. A header the site's own file
    already sets is left to it (these hosts would join both values); a policy of its own stays
    too, and browsers then enforce both policies."""
    own_names = {
        line.split(":", 1)[0].strip().lower()
        for line in (own or "").splitlines()
        if line[:1].isspace() and ":" in line
    }
    lines = [
        "# Security headers for hosts that read this file (Netlify, Cloudflare Pages).",
        "# Added by Kursbau on every build: the hashes belong to this build.",
        "/*",
        f"  Content-Security-Policy: {policy}",
    ]
    lines += [
        f"  {name}: {value}" for name, value in _KURSBAU_HEADERS if name.lower() not in own_names
    ]
    ours = "\n".join(lines) + "\n"
    if not own or not own.strip():
        return ours
    return own.rstrip("\n") + "\n\n" + ours


def write_host_files(
    site_dir: Path,
    *,
    needs: Needs | None = None,
    origins: dict[str, set[str]] | None = None,
    own_headers: str | None = None,
) -> str:
    """Write `_headers` (merged with the site's own) and `nginx-csp.conf`; returns the policy."""
    policy = content_security_policy(inline_script_hashes(site_dir), needs, origins)
    (site_dir / HEADERS_FILE).write_text(headers_file(policy, own_headers), encoding="utf-8")
    (site_dir / NGINX_FILE).write_text(
        "# Content-Security-Policy for nginx, written by Kursbau on every build.\n"
        "# Use it inside the server (or location) block that serves the site, for example\n"
        f"#     include /var/www/kurs/{NGINX_FILE};\n"
        "# or copy the line there; copy it again after a rebuild that changed the theme.\n"
        f'add_header Content-Security-Policy "{policy}" always;\n',
        encoding="utf-8",
    )
    return policy


def site_needs(site_dir: Path) -> Needs:
    """What the site's own markup needs from the policy, over every built page."""
    needs = Needs()
    for file in html_files(site_dir):
        html = file.read_text(encoding="utf-8", errors="replace")
        needs.add(markup_needs(html))
    return needs


def allowed_origin_uses(site_dir: Path, allowed) -> dict[str, set[str]]:
    """origin → the elements through which pages load from it, for each allowed origin."""
    used: dict[str, set[str]] = {}
    if not allowed:
        return used
    for file in html_files(site_dir):
        html = file.read_text(encoding="utf-8", errors="replace")
        if not may_load_foreign(html):
            continue
        for finding in foreign_resources(html):
            if finding.origin in allowed:
                used.setdefault(finding.origin, set()).add(finding.tag)
    return used


# ---------------------------------------------------------------- the built pages, after a build


def check_site(
    site_dir: Path,
    allowed: set[str] | frozenset,
    sources: dict[str, Path],
    root: Path,
    problems: Problems,
    author_files: list[Path] | None = None,
) -> int:
    """Add a problem for each resource a built page loads from another origin.

    `sources` maps a page's path in the site to the file it was made from, and `author_files`
    lists the other files an author edits (mkdocs.yml and what it INHERITs, theme overrides, data
    files such as the blog's authors), so the problem points at what to edit. Returns the pages
    checked."""
    extra_sources = author_files if author_files is not None else [root / "mkdocs.yml"]
    reported = set()
    files = html_files(site_dir)
    for file in files:
        rel = file.relative_to(site_dir).as_posix()
        html = file.read_text(encoding="utf-8", errors="replace")
        if not may_load_foreign(html, allowed):  # the cheap test first: most pages are clean
            continue
        for finding in foreign_resources(html, allowed):
            where = where_written(finding, html, sources.get(rel), extra_sources, root, rel)
            key = (where[0], where[1], finding.url)
            if key in reported:
                continue
            reported.add(key)
            problems.add(*where, origin=finding.origin)
    return len(files)


_TEXT_ATTRIBUTE = re.compile(r"""\s(?:title|alt|aria-label)\s*=\s*(["'])(.*?)\1""", re.I | re.S)


def _tag_texts(html: str, finding: Finding) -> list[str]:
    """The title and alt texts of the element a finding is in: what an author wrote where a
    plugin made the address (an emoji shortcode `:wave:` becomes an image titled `:wave:`)."""
    lines = html.split("\n")
    if not 0 < finding.line <= len(lines):
        return []
    start = sum(len(line) + 1 for line in lines[: finding.line - 1]) + finding.col - 1
    end = html.find(">", start)
    tag = html[start : end if end > 0 else start + 2000]
    return [unescape(m.group(2)) for m in _TEXT_ATTRIBUTE.finditer(tag) if m.group(2).strip()]


def where_written(
    finding: Finding, html: str, source: Path | None, extra: list[Path], root: Path, rel: str
):
    """(path, line, col, message) of the place an author edits for a finding in a built page:
    where its address is written (the page's source first, then mkdocs.yml, overrides, data
    files), else where the page's source writes the element's title or alt text (an emoji
    shortcode, a macro), else the page's source or mkdocs.yml at 1:1."""
    texts: list[tuple[Path, str]] = []
    for candidate in ([source] if source else []) + list(extra):
        try:
            texts.append((candidate, candidate.read_text(encoding="utf-8", errors="replace")))
        except OSError:
            continue
    for candidate, text in texts:
        position = locate(text, finding.url)
        if position:
            return (_shown(candidate, root), *position, message(finding, source=f"page {rel}"))
    if source is not None and texts and texts[0][0] == source:
        for written in _tag_texts(html, finding):
            position = locate(texts[0][1], written)
            if position:
                made = (
                    f"{written!s} on this page (a plugin or extension turns it into this element)"
                )
                return (_shown(source, root), *position, message(finding, source=made))
        return (
            _shown(source, root),
            1,
            1,
            message(finding, source="this page, as built by the theme or a plugin,"),
        )
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
