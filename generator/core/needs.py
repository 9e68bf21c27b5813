"""What the built pages of a site need from a Content-Security-Policy: the site's own markup, not
only Kursbau's, so that the policy blocks other origins and nothing the site itself wrote.

A site with Kursbau added is often an existing site whose theme, plugins and authors write inline
code: Material's inline scripts, a plugin's `<style>` element (glightbox, mkdocs-quiz), `style="…"`
attributes (attr_list, mkdocs-quiz) and event handler attributes (`onsubmit="…"`). Each of these
can be allowed by its SHA-256 hash (attributes and `javascript:` addresses with `'unsafe-hashes'`,
which allows exactly the hashed values and nothing else). What no hash can allow, code that a
site's own script makes from text (`eval`), is reported (`string_code`).
"""

from __future__ import annotations

import base64
import hashlib
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

# a page without any of these needs nothing beyond its inline scripts (the common case: skip
# parsing it)
_INLINE_MARKUP = re.compile(rb"\sstyle\s*=|<style|\son[a-z]+\s*=|javascript:", re.I)


def csp_hash(source: str) -> str:
    """The CSP source expression of an inline script, style or attribute value (`'sha256-…'`)."""
    # the browser hashes the text after HTML's newline normalisation
    text = source.replace("\r\n", "\n").replace("\r", "\n")
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


@dataclass
class Needs:
    """Hashes of what a site's pages write inline, and what cannot be allowed by a hash."""

    scripts: set[str] = field(default_factory=set)  # inline <script> elements
    handlers: set[str] = field(default_factory=set)  # on…="…" attributes
    styles: set[str] = field(default_factory=set)  # inline <style> elements
    style_attributes: set[str] = field(default_factory=set)  # style="…" attributes

    def add(self, other: Needs) -> None:
        self.scripts |= other.scripts
        self.handlers |= other.handlers
        self.styles |= other.styles
        self.style_attributes |= other.style_attributes


class _Markup(HTMLParser):
    """Every inline style and handler of one page (scripts are found faster elsewhere)."""

    def __init__(self, needs: Needs):
        super().__init__(convert_charrefs=True)
        self.needs = needs
        self._style: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if value is None:
                continue
            if name == "style":
                self.needs.style_attributes.add(csp_hash(value))
            elif name.startswith("on"):
                self.needs.handlers.add(csp_hash(value))
            elif name in ("href", "action", "formaction") and value.lower().startswith(
                "javascript:"
            ):
                # Chromium allows a javascript: address by the hash of the whole address
                # (with 'unsafe-hashes'), as it does a handler.
                self.needs.handlers.add(csp_hash(value))
        if tag == "style":
            self._style = []

    handle_startendtag = handle_starttag

    def handle_data(self, data):
        if self._style is not None:
            self._style.append(data)

    def handle_endtag(self, tag):
        if tag == "style" and self._style is not None:
            self.needs.styles.add(csp_hash("".join(self._style)))
            self._style = None


def markup_needs(html: str) -> Needs:
    """What one page writes inline besides scripts: style elements and attributes, handlers."""
    needs = Needs()
    if not _INLINE_MARKUP.search(html.encode("utf-8", "surrogatepass")):
        return needs
    parser = _Markup(needs)
    parser.feed(html)
    parser.close()
    return needs


# Where a resource from an allowed origin goes in the policy, by the element that loads it.
DIRECTIVES = {
    "script": ("script-src",),
    "img": ("img-src",),
    "input": ("img-src",),
    "image": ("img-src",),
    "use": ("img-src",),
    "feimage": ("img-src",),
    "source": ("media-src", "img-src"),
    "video": ("media-src", "img-src"),
    "audio": ("media-src",),
    "track": ("media-src",),
    "iframe": ("frame-src",),
    "frame": ("frame-src",),
    "embed": ("object-src",),
    "object": ("object-src",),
    "link": ("style-src", "img-src", "font-src", "manifest-src"),
    "style": ("img-src", "font-src"),
    "base": ("base-uri",),
}
# An allowed origin no page was seen loading from is loaded by a script or a style sheet
# (web fonts from a font service's CSS, repository facts fetched by the theme): every resource
# directive but scripts gets it.
UNSEEN = ("style-src", "img-src", "font-src", "media-src", "frame-src", "connect-src")


def origin_directives(allowed, used: dict[str, set[str]]) -> dict[str, set[str]]:
    """directive → allowed origins, from `used` (origin → tags that loaded from it)."""
    found: dict[str, set[str]] = {}
    for origin in sorted(allowed):
        tags = used.get(origin)
        directives = {d for tag in tags for d in DIRECTIVES.get(tag, UNSEEN)} if tags else UNSEEN
        for directive in directives:
            found.setdefault(directive, set()).add(origin)
    return found


_STRING_CODE = re.compile(
    r"\beval\s*\(|\bnew\s+Function\s*\(|\bset(?:Timeout|Interval)\s*\(\s*['\"`]"
)


def string_code(script: str) -> tuple[int, int] | None:
    """Where a script makes code from text (eval, new Function, setTimeout with a string), which
    a policy without 'unsafe-eval' blocks and no hash can allow: (line, column), or None."""
    match = _STRING_CODE.search(script)
    if not match:
        return None
    line = script.count("\n", 0, match.start()) + 1
    return line, match.start() - (script.rfind("\n", 0, match.start()) + 1) + 1
