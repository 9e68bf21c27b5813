"""No third party by default: finds resources a page would load from another origin.

A participant's browser should talk to the course's own host only: no font service, no CDN, no
tracker learns who opens a lesson. A *resource* is anything the browser fetches by itself while
showing a page (script, stylesheet, font, image, frame, media, icon, manifest, preload); a plain
link (`<a href>`) or `rel=canonical` is only followed when the participant chooses to.

Two checks use this module: the lessons and check texts are scanned before anything is built
(so a broken course never touches an existing site), and every built HTML page is scanned after
the build (which also covers the theme, mkdocs.yml and other plugins).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import urlsplit

from .problems import Problems

# element → attributes whose URL the browser loads without being asked
_LOADING = {
    "script": ("src",),
    "img": ("src", "srcset"),
    "source": ("src", "srcset"),
    "video": ("src", "poster"),
    "audio": ("src",),
    "track": ("src",),
    "iframe": ("src",),
    "frame": ("src",),
    "embed": ("src",),
    "object": ("data",),
    "input": ("src",),
    "image": ("href", "xlink:href"),
    "use": ("href", "xlink:href"),
    "feimage": ("href", "xlink:href"),
    "base": ("href",),  # a foreign <base> makes every relative URL foreign
}
# <link rel=…> values that make the browser fetch or connect
_LOADING_RELS = {
    "stylesheet",
    "icon",
    "shortcut",
    "apple-touch-icon",
    "apple-touch-icon-precomposed",
    "mask-icon",
    "manifest",
    "preload",
    "modulepreload",
    "prefetch",
    "prerender",
    "preconnect",
    "dns-prefetch",
}
_CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]*)\1\s*\)|@import\s+(['"])([^'"]+)\3""", re.I)
_WHAT = {
    "script": "a script",
    "img": "an image",
    "source": "a media source",
    "video": "a video",
    "audio": "an audio file",
    "track": "subtitles",
    "iframe": "a frame",
    "frame": "a frame",
    "embed": "embedded content",
    "object": "embedded content",
    "input": "an image",
    "image": "an image",
    "use": "an SVG image",
    "feimage": "an SVG image",
    "base": "every relative address (<base>)",
    "link": "a stylesheet, icon or preload",
    "style": "a stylesheet resource",
}


@dataclass(frozen=True)
class Finding:
    """A resource from another origin: where the tag starts (1-based) and what it loads."""

    line: int
    col: int
    tag: str
    url: str

    @property
    def what(self) -> str:
        return _WHAT.get(self.tag, "a resource")

    @property
    def origin(self) -> str:
        return origin_of(self.url) or self.url


def origin_of(url: str) -> str | None:
    """`https://example.org` for a URL on another origin; None for relative, data: and the like."""
    url = url.strip()
    if url.startswith("//"):
        url = "https:" + url
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https", "ws", "wss", "ftp") or not parts.netloc:
        return None
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}"


def normalize_origins(values) -> set[str]:
    """Allowed origins as written in settings (`https://example.org/any/path` → its origin)."""
    found = set()
    for value in values or ():
        origin = origin_of(str(value))
        if origin:
            found.add(origin)
    return found


class _Scanner(HTMLParser):
    def __init__(self, allowed: set[str]):
        super().__init__(convert_charrefs=True)
        self.allowed = allowed
        self.found: list[Finding] = []
        self._in_style = False

    def _add(self, tag: str, url: str) -> None:
        origin = origin_of(url)
        if origin and origin not in self.allowed:
            line, offset = self.getpos()
            self.found.append(Finding(line, offset + 1, tag, url.strip()))

    def handle_starttag(self, tag, attrs):
        values = {name.lower(): value or "" for name, value in attrs}
        if tag == "link":
            rels = set(values.get("rel", "").lower().split())
            if rels & _LOADING_RELS and "href" in values:
                self._add("link", values["href"])
        for attr in _LOADING.get(tag, ()):
            if attr not in values:
                continue
            if attr == "srcset":
                for candidate in values[attr].split(","):
                    if candidate.strip():
                        self._add(tag, candidate.split()[0])
            elif tag != "input" or values.get("type", "").lower() == "image":
                self._add(tag, values[attr])
        if "style" in values:
            for url in _css_urls(values["style"]):
                self._add(tag, url)
        self._in_style = tag == "style"

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag):
        if tag == "style":
            self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            for url in _css_urls(data):
                self._add("style", url)


def _css_urls(css: str) -> list[str]:
    return [m.group(2) or m.group(4) or "" for m in _CSS_URL.finditer(css)]


def foreign_resources(html: str, allowed: set[str] | frozenset = frozenset()) -> list[Finding]:
    """Every resource in `html` that the browser would load from an origin not in `allowed`."""
    scanner = _Scanner(set(allowed))
    scanner.feed(html)
    scanner.close()
    return scanner.found


# Where a start tag that can load something (or a <style>) may begin: the tag name as the parser
# reads it (up to whitespace, '/', '>' or NUL), in any case.
_LOADING_NAMES = "|".join(sorted({*_LOADING, "link", "style"}, key=len, reverse=True))
_LOADING_START = re.compile(
    rf"<(?=[{''.join(sorted({n[0] for n in (*_LOADING, 'link', 'style')}))}])"
    rf"(?:{_LOADING_NAMES})(?=[\t\n\r\f />\x00]|$)",
    re.I,
)
_ANY_START = re.compile(r"<[a-zA-Z]")
_STYLE_ATTR = re.compile(rb"style\s*=")  # searched in the lower-cased page as bytes (fast)
# the attribute names through which each tag loads (<style> loads through its content)
_LOADS_THROUGH = {**_LOADING, "link": ("href",), "style": ()}


def may_load_foreign(html: str, allowed: set[str] | frozenset = frozenset()) -> bool:
    """False when `foreign_resources(html, allowed)` is certainly empty, decided without
    tokenizing the whole page (a big site has thousands, the theme's markup mostly): each place
    where such a tag may start is parsed exactly as the parser would parse it there, <style>
    content included. Places inside comments or scripts are parsed too, so True may be a false
    alarm; the caller then runs `foreign_resources` for the exact findings."""
    scanner = _Scanner(set(allowed))
    scanner.rawdata = html
    # Any element may carry a style attribute with url(); attribute names are never escaped, and
    # only ASCII letters lower-case to those of "style".
    styled = _STYLE_ATTR.search(html.encode("utf-8", "surrogatepass").lower()) is not None
    try:
        for match in (_ANY_START if styled else _LOADING_START).finditer(html):
            start = match.start()
            if not styled:
                # a tag without the attribute it loads through loads nothing: skip parsing it
                through = _LOADS_THROUGH[match.group()[1:].lower()]
                end = scanner.check_for_whole_start_tag(start)
                if end < 0 or (through and not any(a in html[start:end].lower() for a in through)):
                    continue
            end = scanner.parse_starttag(start)
            if end > 0 and scanner.cdata_elem == "style":
                close = scanner.interesting.search(html, end)
                if close:
                    scanner.handle_data(html[end : close.start()])
            scanner.clear_cdata_mode()
            scanner._in_style = False
            if scanner.found:
                return True
    except AssertionError:  # the parser's own sanity checks: let the exact scan decide
        return True
    return False


def message(finding: Finding, *, source: str = "this page") -> str:
    return (
        f"{source} loads {finding.what} from another origin ({finding.url}): participants'"
        f" browsers would contact {finding.origin}. Put the file into the course (for example"
        f" next to the lesson) and link it relatively, or, if that contact is intended, allow it"
        f" in mkdocs.yml under the kursbau plugin: allow_origins: [{finding.origin}]"
    )


# ---------------------------------------------------------------- Markdown sources (before build)

_FENCE = re.compile(r"^(\s*)(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(`+)(?!`).*?(?<!`)\1(?!`)", re.S)
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_CONTAINER = re.compile(r"^\s{0,3}(?:[-*+]\s|\d+[.)]\s|!!!|\?\?\?|===|>)")
_MD_IMAGE = re.compile(r"!\[(?:[^\]\\]|\\.)*\]\(\s*<?([^\s)>]+)")
_MD_REF_IMAGE = re.compile(r"!\[((?:[^\]\\]|\\.)*)\](?:\[([^\]]*)\])?")
_MD_REF_DEF = re.compile(r"^\s{0,3}\[([^\]]+)\]:\s*<?([^\s>]+)", re.M)


def _blank(text: str, start: int, end: int) -> str:
    """Replace text[start:end] by spaces, keeping line breaks (so positions stay right)."""
    return text[:start] + re.sub(r"[^\n]", " ", text[start:end]) + text[end:]


def _without_code(markdown: str) -> str:
    """The Markdown with code (fenced, indented, inline) and HTML comments blanked out."""
    lines = markdown.split("\n")
    fence = None
    previous = ""  # the last non-blank line outside code
    blank_before = True
    in_indented = False
    for i, line in enumerate(lines):
        match = _FENCE.match(line)
        if fence is not None:
            if match and match.group(2)[0] == fence[0] and len(match.group(2)) >= len(fence):
                fence = None
            lines[i] = " " * len(line)
            continue
        if match:
            fence = match.group(2)
            lines[i] = " " * len(line)
            continue
        indented = line.startswith(("    ", "\t")) and line.strip()
        if indented and (in_indented or blank_before) and not _CONTAINER.match(previous):
            in_indented = True
            lines[i] = " " * len(line)
            continue
        if line.strip():
            in_indented = False
            if not line.startswith(("    ", "\t")):
                previous = line
        blank_before = not line.strip()
    text = "\n".join(lines)
    for pattern in (_COMMENT, _CODE_SPAN):
        for match in reversed(list(pattern.finditer(text))):
            text = _blank(text, match.start(), match.end())
    return text


def _position(text: str, index: int) -> tuple[int, int]:
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def scan_markdown(markdown: str, allowed: set[str] | frozenset = frozenset()) -> list[Finding]:
    """Foreign resources in a lesson's Markdown: raw HTML and images, outside code."""
    text = _without_code(markdown)
    found = list(foreign_resources(text, allowed))
    for match in _MD_IMAGE.finditer(text):
        origin = origin_of(match.group(1))
        if origin and origin not in allowed:
            found.append(Finding(*_position(text, match.start()), "img", match.group(1)))
    refs = {m.group(1).strip().lower(): m.group(2) for m in _MD_REF_DEF.finditer(text)}
    for match in _MD_REF_IMAGE.finditer(text):
        if text[match.end() : match.end() + 1] == "(":
            continue  # an inline image, handled above
        name = (match.group(2) or match.group(1)).strip().lower()
        url = refs.get(name)
        origin = origin_of(url) if url else None
        if origin and origin not in allowed:
            found.append(Finding(*_position(text, match.start()), "img", url))
    return sorted(set(found), key=lambda f: (f.line, f.col))


def check_markdown(
    markdown: str, path: str, allowed: set[str], problems: Problems, *, source: str = "this page"
) -> None:
    for finding in scan_markdown(markdown, allowed):
        problems.add(
            path, finding.line, finding.col, message(finding, source=source), origin=finding.origin
        )


def locate(text: str, url: str) -> tuple[int, int] | None:
    """Where `url` is written in a source text (the HTML may have escaped or moved it)."""
    for candidate in (url, url.replace("&amp;", "&")):
        index = text.find(candidate)
        if index >= 0:
            return _position(text, index)
    return None


def check_data_html(
    data: dict, source_text: str, path: str, allowed: set[str], problems: Problems
) -> None:
    """Foreign resources in the HTML of a compiled check (Markdown images in its texts)."""
    seen = set()
    for html in _html_fields(data):
        if not may_load_foreign(html, allowed):  # most texts: no tag that loads anything
            continue
        for finding in foreign_resources(html, allowed):
            if finding.url in seen:
                continue
            seen.add(finding.url)
            line, col = locate(source_text, finding.url) or (1, 1)
            problems.add(
                path, line, col, message(finding, source="this check"), origin=finding.origin
            )


def _html_fields(value):
    if isinstance(value, dict):
        for key, inner in value.items():
            if key in ("intro", "text", "tip", "feedback", "explanation") and isinstance(
                inner, str
            ):
                yield inner
            else:
                yield from _html_fields(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from _html_fields(inner)
