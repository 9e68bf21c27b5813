"""No third party by default: finds what a page would load from another origin, the way a browser
reads it.

A participant's browser should talk to the course's own host only: no font service, no CDN, no
tracker learns who opens a lesson. The promise is kept by the Content-Security-Policy every page
carries (see hosting.py); this module is the friendly early warning on top, so that an author
learns at build time, with the file and line, what the browser would block.

It reads pages with the parsers a browser uses: an HTML5 parser (selectolax on Lexbor: `<svg>`
and `<math>` content, `<noscript>`, `<template>`, `srcdoc` documents, misnested tags as the
browser nests them), the CSS syntax tokenizer (tinycss2: escapes such as `u\\rl(`, `@import`,
`@font-face`, `image-set()`), and WHATWG URL parsing (ada-url: `/\\host`, `\\\\host`,
`https:host` resolve exactly as in the browser). A URL counts as foreign when it leaves the site
from any place the site may be opened: over http, over https and from a folder (file://).

A *resource* is anything the browser fetches by itself while showing a page (script, stylesheet,
font, image, frame, media, icon, manifest, preload, an automatic redirect); a plain link
(`<a href>`) or `rel=canonical` is only followed when the participant chooses to.

    foreign_resources(html, allowed)        -> [Finding]   an HTML page (or fragment)
    css_resources(css, allowed)             -> [Finding]   a stylesheet
    svg_resources(text, allowed)            -> [Finding]   an SVG file
    manifest_resources(text, allowed)       -> [Finding]   a web app manifest
    scan_markdown(markdown, allowed)        -> [Finding]   a lesson, before the build

Each finding names the CSP directive that governs it (`img-src`, `script-src`, …), so that the
policy can allow exactly what the build allowed, where it is needed.
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

# The URL, CSS and HTML5 parsers are imported where they are first used: a site without checks
# whose lessons hold no tag and no image never needs them (and does not pay their memory).
if TYPE_CHECKING:
    import ada_url

from .needs import Needs, tree_needs
from .problems import Problems

# Where a page may be opened: a URL is foreign when it leaves the site from any of them.
SITE_HOST = "kursbau.invalid"
_BASES = (f"https://{SITE_HOST}/", f"http://{SITE_HOST}/", "file:///kursbau-site/")
_NETWORK = {"http:", "https:", "ws:", "wss:", "ftp:"}
_LOCAL = {"data:", "blob:", "about:", "javascript:", "mailto:", "tel:", "sms:"}

# element → attributes through which it loads by itself, with the directive that governs it
_LOADING: dict[str, tuple[tuple[str, str], ...]] = {
    "script": (("src", "script-src"), ("href", "script-src"), ("xlink:href", "script-src")),
    "img": (("src", "img-src"), ("srcset", "img-src")),
    "image": (("src", "img-src"),),
    "source": (("src", "media-src"), ("srcset", "img-src")),
    "video": (("src", "media-src"), ("poster", "img-src")),
    "audio": (("src", "media-src"),),
    "track": (("src", "media-src"),),
    "iframe": (("src", "frame-src"),),
    "frame": (("src", "frame-src"),),
    "embed": (("src", "object-src"),),
    "object": (("data", "object-src"), ("codebase", "object-src")),
    "applet": (("code", "object-src"), ("codebase", "object-src"), ("archive", "object-src")),
    "input": (("src", "img-src"),),  # type=image only
    "base": (("href", "base-uri"),),  # a foreign <base> makes every relative URL foreign
    "html": (("manifest", "manifest-src"),),
    "portal": (("src", "frame-src"),),
}
# <link rel=…> values that make the browser fetch or connect, and the directive for each
_LINK_RELS = {
    "stylesheet": "style-src",
    "icon": "img-src",
    "shortcut": "img-src",
    "apple-touch-icon": "img-src",
    "apple-touch-icon-precomposed": "img-src",
    "mask-icon": "img-src",
    "manifest": "manifest-src",
    "preload": "default-src",
    "modulepreload": "script-src",
    "prefetch": "default-src",
    "prerender": "default-src",
    "preconnect": "default-src",
    "dns-prefetch": "default-src",
    "import": "script-src",
    "search": "connect-src",
}
_PRELOAD_AS = {
    "script": "script-src",
    "style": "style-src",
    "font": "font-src",
    "image": "img-src",
    "audio": "media-src",
    "video": "media-src",
    "track": "media-src",
    "fetch": "connect-src",
    "document": "frame-src",
    "worker": "worker-src",
    "manifest": "manifest-src",
}
# SVG attributes that may reference another document (url(…) values are read as CSS)
_SVG_REF = ("href", "xlink:href", "src")
_SVG_ANIMATE = {"set", "animate", "animatemotion", "animatetransform", "discard"}
_NOT_LOADING = {"a", "area", "link", "base"}  # links are followed only when chosen
_CANDIDATES = ", ".join(
    [
        *_LOADING,
        "link",
        "style",
        "meta[http-equiv]",
        "template",
        "pre.mermaid",
        "svg",
        "math",
        "[style]",
        "[background]",
        "[srcdoc]",
    ]
)
_WHAT = {
    "script-src": "a script",
    "style-src": "a stylesheet",
    "img-src": "an image",
    "font-src": "a font",
    "media-src": "audio or video",
    "frame-src": "a frame",
    "object-src": "embedded content",
    "connect-src": "data",
    "manifest-src": "a web app manifest",
    "worker-src": "a worker",
    "base-uri": "every relative address (<base>)",
    "default-src": "a preloaded resource",
    "navigate-to": "another page, automatically (a redirect)",
}
_WHAT_BY_TAG = {
    "script": "a script",
    "link": "a stylesheet, icon or preload",
    "img": "an image",
    "style": "a stylesheet resource",
}
_JS_TYPES = {
    "",
    "text/javascript",
    "application/javascript",
    "module",
    "text/ecmascript",
    "application/ecmascript",
    "application/x-javascript",
    "text/jscript",
    "text/livescript",
}


@dataclass(frozen=True)
class Finding:
    """A resource from another origin: where it is written (1-based, best known), the element
    or CSS construct, the URL as written, the CSP directive, and the origin it reaches."""

    line: int
    col: int
    tag: str
    url: str
    directive: str = "default-src"
    reaches: str = field(default="", compare=False)

    @property
    def what(self) -> str:
        if self.directive == "default-src" and self.tag in _WHAT_BY_TAG:
            return _WHAT_BY_TAG[self.tag]
        return _WHAT.get(self.directive, "a resource")

    @property
    def origin(self) -> str:
        return self.reaches or origin_of(self.url) or self.url


# ---------------------------------------------------------------- URLs as the browser reads them


def resolve(url: str, base: str) -> ada_url.URL | None:
    """`url` resolved against `base` by the WHATWG URL standard, or None when it is invalid."""
    import ada_url

    try:
        return ada_url.URL(url, base)
    except ValueError:
        return None


def _origin(parsed: ada_url.URL) -> str | None:
    """The origin a resolved URL contacts, or None when it stays local (data:, the site, …)."""
    scheme = parsed.protocol
    if scheme in _LOCAL:
        return None
    if scheme == "file:":
        host = parsed.hostname
        # file://host/… is a network share (SMB on Windows): another machine
        return f"file://{host}" if host and host != "localhost" else None
    if scheme in _NETWORK:
        if parsed.hostname == SITE_HOST:
            return None
        return parsed.origin if parsed.origin != "null" else f"{scheme}//{parsed.host}"
    if parsed.host:  # an unknown scheme with a host: treat as the network
        return f"{scheme}//{parsed.host}"
    return None


# A URL without a scheme, a backslash, white space or control characters that does not start
# with two slashes is a path on the site from every base (most URLs of a page): no parse needed.
_PLAIN_PATH = re.compile(r"(?!//)[^:\\\s\x00-\x1f\x7f]*")


def foreign_origin(url: str, page: str = "") -> str | None:
    """The other origin `url` reaches from the page at `page` (its path in the site), opened over
    https, over http or from a folder; None when it stays on the site (or never loads)."""
    if _PLAIN_PATH.fullmatch(url):
        return None
    for base in _BASES:
        parsed = resolve(url, base + page)
        if parsed is None:
            continue
        origin = _origin(parsed)
        if origin:
            return origin
    return None


# Letters, digits and . _ ~ - / only, not starting with // (no scheme, no host, nothing a URL
# parser would remove or read as a slash): a relative path or a path on the same host.
_PLAIN_PATH = re.compile(r"(?!//)[\w.~/-]*")


def origin_of(url: str) -> str | None:
    """`https://example.org` for an absolute URL on another host; None for relative URLs and
    URLs that load nothing from the network (data:, mailto:, …)."""
    if _PLAIN_PATH.fullmatch(url):
        return None  # a path on the site itself (most settings): no parser needed to know that
    parsed = resolve(url.strip(), _BASES[0])
    return _origin(parsed) if parsed is not None else None


def normalize_origins(values) -> set[str]:
    """Allowed origins as written in settings (`https://example.org/any/path` → its origin)."""
    found = set()
    for value in values or ():
        if not str(value).strip():
            continue  # no site_url: nothing to allow (and no URL parser to load)
        origin = origin_of(str(value))
        if origin:
            found.add(origin)
    return found


def srcset_urls(value: str) -> list[str]:
    """The URLs of a `srcset` (candidates are separated by commas after whitespace-free URLs)."""
    urls = []
    position = 0
    text = value
    while position < len(text):
        while position < len(text) and (text[position].isspace() or text[position] == ","):
            position += 1
        start = position
        while position < len(text) and not text[position].isspace():
            position += 1
        url = text[start:position]
        if url.endswith(","):
            url = url.rstrip(",")
        else:  # skip the descriptors up to the next comma outside parentheses
            depth = 0
            while position < len(text):
                char = text[position]
                if char == "(":
                    depth += 1
                elif char == ")":
                    depth = max(0, depth - 1)
                elif char == "," and depth == 0:
                    break
                position += 1
        if url:
            urls.append(url)
    return urls


def refresh_url(content: str) -> str | None:
    """The URL of `<meta http-equiv="refresh" content="5; url=…">` (HTML's own parsing rules)."""
    match = re.match(
        r"\s*[0-9.]*\s*[;,]?\s*(?:url\s*=\s*)?(['\"]?)(.*)",
        content,
        re.I | re.S,
    )
    if not match:
        return None
    url = match.group(2)
    if match.group(1) and match.group(1) in url:
        url = url[: url.index(match.group(1))]
    url = url.strip()
    return url or None


# ---------------------------------------------------------------- CSS (tinycss2)


def css_urls(css: str, *, declarations: bool = False) -> list[tuple[str, str, str]]:
    """(url, directive, construct) of everything a stylesheet (or a style attribute, with
    `declarations=True`) makes the browser load: url() and src() anywhere, the strings in
    image-set(), @import, and font sources in @font-face."""
    return list(_css_urls(css, declarations))


# Sites repeat the same <style> block and the same style attributes on every page (a plugin's
# CSS, the theme's), and tinycss2's tokenizer is pure Python: each distinct text is read once.
@functools.lru_cache(maxsize=4096)
def _css_urls(css: str, declarations: bool) -> tuple[tuple[str, str, str], ...]:
    lowered = css.lower()
    if not any(mark in lowered for mark in _CSS_LOADS):
        return ()  # most style attributes and <style> elements: nothing to tokenize
    return _read_css_urls(css, declarations)


# Everything `_css_tokens` reports is written with one of these, in ASCII of any case (CSS
# matches function names and at-keywords ASCII case-insensitively), or with a letter escaped
# (`u\72l(`), which needs a backslash: a text with none of them loads nothing.
_CSS_LOADS = ("url(", "src(", "image-set(", "image(", "cross-fade(", "@import", "\\")


def _read_css_urls(css: str, declarations: bool) -> tuple[tuple[str, str, str], ...]:
    import tinycss2

    found: list[tuple[str, str, str]] = []
    if declarations:
        _css_tokens(tinycss2.parse_component_value_list(css), "img-src", found)
    else:
        for rule in tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True):
            _css_rule(rule, found)
    return tuple(found)


def _css_rule(rule, found) -> None:
    if rule.type == "at-rule":
        keyword = rule.lower_at_keyword
        if keyword == "import":
            for token in rule.prelude:
                if token.type in ("string", "url"):
                    found.append((token.value, "style-src", "@import"))
                    break
                if token.type == "function" and token.lower_name in ("url", "src"):
                    strings = [t.value for t in token.arguments if t.type == "string"]
                    if strings:
                        found.append((strings[0], "style-src", "@import"))
                    break
        else:
            directive = "font-src" if keyword == "font-face" else "img-src"
            _css_tokens(rule.prelude, directive, found)
        if rule.content is not None:
            if keyword == "font-face":
                _css_tokens(rule.content, "font-src", found)
            else:  # @media, @supports, @layer, @container, …: nested rules
                import tinycss2

                for inner in tinycss2.parse_rule_list(
                    rule.content, skip_comments=True, skip_whitespace=True
                ):
                    if inner.type in ("qualified-rule", "at-rule"):
                        _css_rule(inner, found)
                    else:  # declarations (nesting) or errors: read as values
                        _css_tokens(rule.content, "img-src", found)
                        break
    elif rule.type == "qualified-rule":
        _css_tokens(rule.prelude, "img-src", found)
        _css_tokens(rule.content, "img-src", found)


def _css_tokens(tokens, directive: str, found) -> None:
    for token in tokens or ():
        kind = token.type
        if kind == "url":
            found.append((token.value, directive, "url()"))
        elif kind == "function":
            name = token.lower_name
            if name in ("url", "src"):
                for argument in token.arguments:
                    if argument.type in ("string", "url"):
                        found.append((argument.value, directive, f"{name}()"))
                        break
            elif name in ("image-set", "-webkit-image-set", "image", "cross-fade"):
                for argument in token.arguments:
                    if argument.type == "string":
                        found.append((argument.value, directive, f"{name}()"))
            _css_tokens(token.arguments, directive, found)
        elif kind in ("() block", "[] block", "{} block"):
            _css_tokens(token.content, directive, found)
        elif kind == "at-rule" or kind == "qualified-rule":  # nested rules inside a block
            _css_rule(token, found)


def css_resources(
    css: str, allowed=frozenset(), *, page: str = "", declarations: bool = False
) -> list[Finding]:
    """Every resource a stylesheet at `page` (its path in the site) loads from another origin."""
    found = []
    for url, directive, construct in css_urls(css, declarations=declarations):
        origin = foreign_origin(url, page)
        if origin and origin not in allowed:
            found.append(Finding(1, 1, construct, url, directive, origin))
    return found


# ---------------------------------------------------------------- HTML (HTML5 parser)


@dataclass
class PageScan:
    """What one built page asks the browser to load, and facts the policy needs."""

    findings: list[Finding] = field(default_factory=list)
    used: dict[str, set[str]] = field(default_factory=dict)  # directive → allowed origins used
    scripts: list[str] = field(default_factory=list)  # inline scripts that run
    styles: list[str] = field(default_factory=list)  # inline <style> elements
    handlers: bool = False  # on…= attributes (the theme writes none)
    style_attributes: bool = False
    mermaid: bool = False  # a diagram the theme renders with mermaid (pre.mermaid)
    mermaid_script: bool = False  # the page loads mermaid itself (extra_javascript)
    needs: Needs | None = None  # hashes of its inline attributes, when asked for


class _PageReader:
    def __init__(self, allowed, page: str, scan: PageScan, *, needs: bool = False):
        self.allowed = allowed
        self.page = page
        self.scan = scan
        self.needs = needs

    def add(self, tag: str, url: str, directive: str) -> None:
        if not url or not url.strip():
            return
        origin = foreign_origin(url, self.page)
        if not origin:
            return
        if origin in self.allowed:
            self.scan.used.setdefault(directive, set()).add(origin)
            return
        self.scan.findings.append(Finding(1, 1, tag, url.strip(), directive, origin))

    def css(self, css: str, *, declarations: bool, tag: str) -> None:
        for url, directive, _construct in css_urls(css, declarations=declarations):
            self.add(tag, url, directive)

    def read(self, html: str, *, depth: int = 0) -> None:
        if depth > 8:  # srcdoc inside srcdoc inside …: far beyond any real page
            self.scan.findings.append(Finding(1, 1, "iframe", "srcdoc", "frame-src", "srcdoc"))
            return
        from selectolax.lexbor import LexborHTMLParser

        tree = LexborHTMLParser(html)
        for node in tree.css(_CANDIDATES):
            self.element(node, depth)
        if self.needs and depth == 0:
            self.scan.needs = tree_needs(tree)

    def element(self, node, depth: int) -> None:
        tag = (node.tag or "").lower()
        attrs = {name.lower(): value or "" for name, value in node.attributes.items()}
        if any(name.startswith("on") for name in attrs):
            self.scan.handlers = True
        if "style" in attrs:
            self.scan.style_attributes = True
            self.css(attrs["style"], declarations=True, tag=tag)
        if "background" in attrs:  # <body>, <table>, <td> … background=
            self.add(tag, attrs["background"], "img-src")
        if "srcdoc" in attrs and tag == "iframe":
            self.read(attrs["srcdoc"], depth=depth + 1)
        if tag == "link":
            self.link(attrs)
        elif tag == "style":
            text = node.text(deep=True)
            self.scan.styles.append(text)
            self.css(text, declarations=False, tag="style")
        elif tag == "script":
            self.script(node, attrs)
        elif tag == "meta":
            if attrs.get("http-equiv", "").strip().lower() == "refresh":
                url = refresh_url(attrs.get("content", ""))
                if url:
                    self.add("meta", url, "navigate-to")
        elif tag == "template":  # inert until a script clones it: read it all the same
            inner = node.html or ""
            start, end = inner.find(">") + 1, inner.rfind("<")
            if 0 < start <= end:
                self.read(inner[start:end], depth=depth + 1)
        elif tag in ("svg", "math"):
            self.foreign_content(node)
        elif tag == "pre" and "mermaid" in attrs.get("class", "").split():
            self.scan.mermaid = True
        for name, directive in _LOADING.get(tag, ()):
            if name not in attrs or tag == "script":
                continue
            if tag == "input" and attrs.get("type", "").strip().lower() != "image":
                continue
            if name in ("srcset",):
                for url in srcset_urls(attrs[name]):
                    self.add(tag, url, directive)
            else:
                self.add(tag, attrs[name], directive)

    def link(self, attrs: dict) -> None:
        rels = set(attrs.get("rel", "").lower().split())
        loading = [rel for rel in rels if rel in _LINK_RELS]
        if not loading:
            return
        directive = _LINK_RELS[sorted(loading)[0]]
        if "stylesheet" in rels:
            directive = "style-src"
        elif rels & {"preload", "prefetch"}:
            directive = _PRELOAD_AS.get(attrs.get("as", "").strip().lower(), "default-src")
        if "href" in attrs:
            self.add("link", attrs["href"], directive)
        if "imagesrcset" in attrs:
            for url in srcset_urls(attrs["imagesrcset"]):
                self.add("link", url, "img-src")

    def script(self, node, attrs: dict) -> None:
        for name in ("src", "href", "xlink:href"):  # a script with a source runs no inline text
            if name in attrs:
                if "mermaid" in attrs[name].lower():
                    self.scan.mermaid_script = True
                self.add("script", attrs[name], "script-src")
                return
        if attrs.get("type", "").strip().lower() in _JS_TYPES:
            self.scan.scripts.append(node.text(deep=True))

    def foreign_content(self, root) -> None:
        """SVG and MathML: every element that references another document, and url() values."""
        for node in root.traverse(include_text=False):
            tag = (node.tag or "").lower()
            attrs = {name.lower(): value or "" for name, value in node.attributes.items()}
            if tag not in _NOT_LOADING and tag != "script":  # scripts: see script()
                for name in _SVG_REF:
                    if name in attrs:
                        self.add(tag, attrs[name], "img-src")
            if tag in _SVG_ANIMATE and attrs.get("attributename", "").lower() in (
                "href",
                "xlink:href",
            ):
                for name in ("to", "from", "by"):
                    if name in attrs:
                        self.add(tag, attrs[name], "img-src")
                for value in attrs.get("values", "").split(";"):
                    self.add(tag, value, "img-src")
            for name, value in attrs.items():
                # fill="url(…)", filter=, mask=, …: CSS values (escapes included)
                if name != "style" and "(" in value:
                    self.css(value, declarations=True, tag=tag)


def scan_page(html: str, allowed=frozenset(), *, page: str = "", needs: bool = False) -> PageScan:
    """Read a built page (or any HTML) like a browser: what it loads, its inline scripts, and
    whether it has a diagram the theme renders with mermaid; with `needs`, also what its inline
    attributes need from the policy (`scan.needs`, from the same parse)."""
    scan = PageScan()
    _PageReader(frozenset(allowed), page, scan, needs=needs).read(html)
    return scan


def foreign_resources(
    html: str, allowed: set[str] | frozenset = frozenset(), *, page: str = ""
) -> list[Finding]:
    """Every resource in `html` that the browser would load from an origin not in `allowed`,
    with the line and column where its URL is written (best known)."""
    findings = scan_page(html, allowed, page=page).findings
    return _positioned(findings, html)


def _positioned(findings: list[Finding], text: str) -> list[Finding]:
    """The findings with the position of the tag whose attribute holds the URL (or of the URL
    itself inside CSS), as written in `text`."""
    placed = []
    for finding in findings:
        line, col = _tag_position(text, finding.url) or _near(text, finding) or (1, 1)
        placed.append(
            Finding(line, col, finding.tag, finding.url, finding.directive, finding.reaches)
        )
    return sorted(dict.fromkeys(placed), key=lambda f: (f.line, f.col, f.url))


def _tag_position(text: str, url: str) -> tuple[int, int] | None:
    index = text.find(url)
    if index < 0:
        index = text.find(url.replace("&", "&amp;"))
    if index < 0:
        return None
    start = text.rfind("<", 0, index)
    if start >= 0 and ">" not in text[start:index]:
        index = start
    return _position(text, index)


def _near(text: str, finding: Finding) -> tuple[int, int] | None:
    """Where the host of a URL written in an unusual way (entities, escapes) appears."""
    host = finding.reaches.split("//", 1)[-1]
    if host and host in text:
        return _position(text, text.index(host))
    return None


# ---------------------------------------------------------------- SVG files and manifests

_XML_STYLESHEET = re.compile(r"<\?xml-stylesheet\b([^?]*)\?>", re.I)
_PSEUDO_HREF = re.compile(r"""\bhref\s*=\s*(["'])(.*?)\1""", re.S)


def svg_resources(text: str, allowed=frozenset(), *, page: str = "") -> list[Finding]:
    """An SVG file opened as a document: its elements and styles (as the HTML5 parser reads them,
    which also covers what an XML parser would show up to an error), its internal entities
    expanded, and `<?xml-stylesheet href=…?>`."""
    found = []
    for match in _XML_STYLESHEET.finditer(text):
        href = _PSEUDO_HREF.search(match.group(1))
        if href:
            origin = foreign_origin(href.group(2), page)
            if origin and origin not in allowed:
                found.append(Finding(1, 1, "xml-stylesheet", href.group(2), "style-src", origin))
    for variant in _svg_variants(text):
        wrapped = variant if "<svg" in variant.lower() else f"<svg>{variant}</svg>"
        found += scan_page(wrapped, allowed, page=page).findings
    return _positioned(found, text)


def _svg_variants(text: str) -> list[str]:
    """The SVG text, and its text with internal DTD entities expanded (as an XML parser does)."""
    values = {m.group(1): m.group(3) for m in _ENTITY.finditer(text)}
    if not values:
        return [text]
    expanded = text
    for _ in range(3):  # entities inside entities, bounded
        expanded = re.sub(r"&([\w.-]+);", lambda m: values.get(m.group(1), m.group(0)), expanded)
    return [text, expanded]


_ENTITY = re.compile(r"<!ENTITY\s+([\w.-]+)\s+([\"'])(.*?)\2\s*>", re.S)


def manifest_resources(text: str, allowed=frozenset(), *, page: str = "") -> list[Finding]:
    """A web app manifest: icons, screenshots, shortcuts and their icons, start_url."""
    try:
        data = json.loads(text)
    except ValueError:
        return []
    urls: list[tuple[str, str]] = []

    def icons(entries) -> None:
        for entry in entries if isinstance(entries, list) else ():
            if isinstance(entry, dict) and isinstance(entry.get("src"), str):
                urls.append((entry["src"], "img-src"))

    if isinstance(data, dict):
        icons(data.get("icons"))
        icons(data.get("screenshots"))
        for shortcut in data.get("shortcuts") or []:
            if isinstance(shortcut, dict):
                icons(shortcut.get("icons"))
        for key in ("start_url", "scope"):
            if isinstance(data.get(key), str):
                urls.append((data[key], "navigate-to"))
    found = []
    for url, directive in urls:
        origin = foreign_origin(url, page)
        if origin and origin not in allowed:
            found.append(Finding(1, 1, "manifest", url, directive, origin))
    return _positioned(found, text)


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
_TAG_START = re.compile(r"<[a-zA-Z]")  # where a start tag may begin


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
    """Foreign resources in a lesson's Markdown: raw HTML (read by the HTML5 parser) and
    Markdown images, outside code."""
    if "![" not in markdown and ("<" not in markdown or not _TAG_START.search(markdown)):
        return []  # no tag and no image anywhere, code included: nothing can load
    text = _without_code(markdown)
    allowed = frozenset(allowed)
    found = list(foreign_resources(text, allowed)) if _TAG_START.search(text) else []
    images = [(m.start(), m.group(1)) for m in _MD_IMAGE.finditer(text)]
    refs = {m.group(1).strip().lower(): m.group(2) for m in _MD_REF_DEF.finditer(text)}
    for match in _MD_REF_IMAGE.finditer(text):
        if text[match.end() : match.end() + 1] == "(":
            continue  # an inline image, handled above
        url = refs.get((match.group(2) or match.group(1)).strip().lower())
        if url:
            images.append((match.start(), url))
    for index, url in images:
        origin = foreign_origin(url)
        if origin and origin not in allowed:
            found.append(Finding(*_position(text, index), "img", url, "img-src", origin))
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
    """Foreign resources in the HTML of a compiled check (Markdown images in its texts), and
    links the sanitiser removed (only http, https, mailto and relative links are kept)."""
    seen = set()
    for html in _html_fields(data):
        if "<img" not in html:  # the allow-list lets no other element load anything
            continue
        for finding in foreign_resources(html, allowed):
            if finding.url in seen:
                continue
            seen.add(finding.url)
            line, col = locate(source_text, finding.url) or (1, 1)
            problems.add(
                path, line, col, message(finding, source="this check"), origin=finding.origin
            )
    check_link_schemes(source_text, path, problems)


# a Markdown link or image target, a reference definition, or an autolink, with its scheme
_LINK_TARGET = re.compile(
    r"\]\(\s*<?\s*([A-Za-z][A-Za-z0-9+.\-]*):|^\s{0,3}\[[^\]]+\]:\s*<?([A-Za-z][A-Za-z0-9+.\-]*):"
    r"|<([A-Za-z][A-Za-z0-9+.\-]*):[^\s<>]*>",
    re.M,
)


def check_link_schemes(source_text: str, path: str, problems: Problems) -> None:
    """A link in a check text to anything but http, https, mailto or a relative address (say
    `javascript:`) is removed from the page; the author learns where."""
    from .markdown import LINK_SCHEMES

    for match in _LINK_TARGET.finditer(source_text):
        scheme = next(g for g in match.groups() if g is not None)
        if scheme.lower() in LINK_SCHEMES:
            continue
        index = match.start(match.lastindex)
        problems.add(
            path,
            *_position(source_text, index),
            f"a link to '{scheme}:' is not allowed in a check: links may go to http, https,"
            " mailto or a page of the course (a relative address); write one of those or"
            " remove the link",
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
