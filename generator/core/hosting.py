"""No other origin, enforced by the browser: the Content-Security-Policy of a built site, carried by
every page, and the scan of every built file that warns before the browser has to block.

Every HTML page gets its policy as `<meta http-equiv="Content-Security-Policy">`, placed before
anything that could load (right after `<meta charset>`, which loads nothing and must stay within
the first 1024 bytes), so the policy holds wherever the site is opened: on any host, from a folder
or USB stick (file://), inside a learning platform. The same policy is written for hosts that
send headers (`_headers` for Netlify and Cloudflare Pages, `nginx-csp.conf`); a header can do a
little more than a `<meta>` (frame-ancestors, reports), and two policies only ever add limits.

The API, for the engine adapters:

    facts = check_site(site_dir, allowed, sources, root, problems)   # scan; problems for authors
    facts.dynamic.update(...)                  # what the theme loads at run time, when allowed
    policy = policy_for(facts, allowed)        # the policy text
    write_policy(site_dir, policy)             # <meta> into every page, header files

- `SiteFacts` holds what the built files need: the theme's inline scripts (allowed by their
  SHA-256 hashes, so no `'unsafe-inline'`), the allowed origins the files load from, by directive
  (an allowed image host goes into `img-src`, an allowed script host into `script-src`), and what
  the theme loads at run time (`dynamic`, filled by the adapter, which knows the theme).
- `policy_for(facts, allowed)`: `default-src 'self'`; each fetch directive lists `'self'` and
  exactly the allowed origins the site uses there; an allowed origin the scan never saw (a script
  may load it at run time) goes into every directive except `script-src`; scripts run only from
  the site's own files and by hash (every inline script of the build, the theme's and any an
  author wrote into a lesson: what they fetch is still limited by the fetch directives); inline
  `<style>` elements by hash, `style="…"` attributes by hash too (what they load
  goes through img-src and font-src); the site's own event handlers and `javascript:` links by hash ('unsafe-hashes': exactly those);
  `object-src 'none'`, `base-uri 'self'`, `form-action 'self'`.
- `add_policy_meta(html, policy)`: the page with its `<meta>` in place (bytes in, bytes out).

Kursbau's own code runs from files only (no inline script, no eval; the check data is inline JSON,
which is never executed).
"""

from __future__ import annotations

import hashlib
import mimetypes
import os
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from html import escape, unescape
from pathlib import Path

from .needs import Needs, csp_hash
from .problems import Problems
from .resources import (
    Finding,
    css_resources,
    css_urls,
    foreign_origin,
    foreign_resources,
    locate,
    manifest_resources,
    message,
    scan_page,
    svg_resources,
)
from .sources import project_path
from .usercache import forget_old_projects, read_json, write_json

HEADERS_FILE = "_headers"
NGINX_FILE = "nginx-csp.conf"
HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".xht", ".shtml")
FETCH_DIRECTIVES = (
    "script-src",
    "style-src",
    "img-src",
    "font-src",
    "connect-src",
    "media-src",
    "worker-src",
    "frame-src",
    "manifest-src",
)
# where an allowed origin that no built file names may be needed (never script-src)
_UNSEEN = ("style-src", "img-src", "font-src", "connect-src", "media-src", "frame-src")
_BASE_SOURCES = {"img-src": ["data:"]}  # the theme's icons are data: URLs in its CSS


@dataclass
class SiteFacts:
    """What the built files of a site need from the browser."""

    script_hashes: set[str] = field(default_factory=set)
    style_hashes: set[str] = field(default_factory=set)  # inline <style> elements
    style_attributes: bool = False  # style="…" on some element (loads go through img-src)
    used: dict[str, set[str]] = field(default_factory=dict)  # directive → allowed origins
    dynamic: dict[str, set[str]] = field(default_factory=dict)  # the theme, at run time
    handlers: bool = False  # inline on…= handlers (the theme writes none)
    # the site's own inline markup, allowed by hash (see needs.py): on…= handlers and
    # javascript: links (script-src), style="…" attributes (style-src-attr)
    handler_hashes: set[str] = field(default_factory=set)
    style_attribute_hashes: set[str] = field(default_factory=set)
    mermaid_pages: list[str] = field(default_factory=list)  # pages with pre.mermaid
    mermaid_script: bool = False  # a page loads mermaid itself
    pages: int = 0
    html_files: list[Path] = field(default_factory=list)  # every page read, any suffix


def script_hash(source: str) -> str:
    """The CSP source expression of one inline script or style element (`'sha256-…'`)."""
    return csp_hash(source)


def policy_for(facts: SiteFacts, allowed: Iterable[str] = ()) -> str:
    """The Content-Security-Policy for a site with these facts (see the module docstring)."""
    sources: dict[str, list[str]] = {
        d: ["'self'", *_BASE_SOURCES.get(d, [])] for d in FETCH_DIRECTIVES
    }
    sources["script-src"] += sorted(facts.script_hashes)
    sources["style-src"] += sorted(facts.style_hashes)
    extra = {"object-src": [], "base-uri": []}
    seen: set[str] = set()
    for needs in (facts.used, facts.dynamic):
        for directive, origins in needs.items():
            seen |= {o for o in origins if "://" in o}
            targets = _UNSEEN if directive in ("default-src", "prefetch") else (directive,)
            for target in targets:
                bucket = sources.get(target, extra.get(target))
                if bucket is None:
                    continue
                bucket.extend(o for o in sorted(origins) if o not in bucket)
    for origin in sorted(set(allowed) - seen):
        for target in _UNSEEN:
            if origin not in sources[target]:
                sources[target].append(origin)
    if facts.handler_hashes:  # exactly these handlers and javascript: links, nothing else
        sources["script-src"] += ["'unsafe-hashes'", *sorted(facts.handler_hashes)]
    parts = ["default-src 'self'"]
    parts += [" ".join([d, *sources[d]]) for d in FETCH_DIRECTIVES]
    if facts.style_attribute_hashes:  # what they load still goes through img-src and font-src
        hashes = " ".join(sorted(facts.style_attribute_hashes))
        parts.insert(3, f"style-src-attr 'unsafe-hashes' {hashes}")
    elif facts.style_attributes:
        parts.insert(3, "style-src-attr 'unsafe-inline'")
    parts.append(" ".join(["object-src", *(extra["object-src"] or ["'none'"])]))
    parts.append(" ".join(["base-uri", "'self'", *extra["base-uri"]]))
    parts.append("form-action 'self'")
    return "; ".join(parts)


def content_security_policy(hashes: Iterable[str]) -> str:
    """The policy of a site whose only needs are these inline script hashes."""
    return policy_for(SiteFacts(script_hashes=set(hashes)))


# ---------------------------------------------------------------- the built files


def site_files(site_dir: Path) -> dict[str, list[Path]]:
    """The files of a site a browser may load and read, by kind (html, css, svg, manifest)."""
    kinds: dict[str, list[Path]] = {"html": [], "css": [], "svg": [], "manifest": []}
    found = []
    for folder, _dirs, names in os.walk(site_dir):  # faster than rglob, the same files
        found.extend(os.path.join(folder, name) for name in names)
    for path in sorted(map(Path, found)):
        name = path.name.lower()
        kind = None
        if name.endswith(HTML_SUFFIXES):
            kind = "html"
        elif name.endswith(".css"):
            kind = "css"
        elif name.endswith(".svg"):
            kind = "svg"
        elif name.endswith(".webmanifest") or name == "manifest.json":
            kind = "manifest"
        elif not name.removesuffix(".gz").endswith(_NOT_DOCUMENTS):
            guessed = mimetypes.guess_type(name)[0] or ""
            if guessed in ("text/html", "application/xhtml+xml"):
                kind = "html"
        if kind and path.is_file():
            kinds[kind].append(path)
    return kinds


# Suffixes no system's type table maps to HTML (also gzipped, as `sitemap.xml.gz`): the files
# every theme writes are not looked up (the first lookup reads the system's tables).
_NOT_DOCUMENTS = (
    *(".js", ".mjs", ".map", ".json", ".xml", ".txt", ".zip", ".pdf", ".conf"),
    *(".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".ico"),
    *(".woff", ".woff2", ".ttf", ".otf", ".eot"),
)


def html_files(site_dir: Path) -> list[Path]:
    return site_files(site_dir)["html"]


def inline_script_hashes(site_dir: Path) -> list[str]:
    """The hashes of every distinct inline script on every page of the site, sorted."""
    hashes = set()
    for file in html_files(site_dir):
        html = file.read_text(encoding="utf-8", errors="replace")
        hashes.update(script_hash(s) for s in scan_page(html).scripts)
    return sorted(hashes)


def check_site(
    site_dir: Path,
    allowed: set[str] | frozenset,
    sources: dict[str, Path],
    root: Path,
    problems: Problems,
    *,
    cache_dir: Path | None = None,
    author_files: list[Path] | None = None,
    page_cache: PageCache | None = None,
    css_cache: CssCache | None = None,
) -> SiteFacts:
    """Scan every file of a built site a browser may load (HTML of any suffix, CSS, SVG, web
    manifests): a problem for each resource from an origin not allowed, and the facts the policy
    needs.

    `sources` maps a page's path in the site to the file it was made from, so the problem points
    at what to edit: that file when the address is written there, else mkdocs.yml or a theme
    override that contains it, else mkdocs.yml with the page named. `cache_dir` keeps what big
    stylesheets load by their digest (the theme's are the same in every build). `author_files`
    lists the other files an author edits (mkdocs.yml and what it INHERITs, theme overrides,
    data files such as the blog's authors), searched for the address to point at. `page_cache`
    is the build's `PageCache` when the pages' content was scanned with it already (one file
    holds both), `css_cache` its `CssCache` when the site's own stylesheets were read with it."""
    allowed = frozenset(allowed)
    css_cache = css_cache or CssCache(cache_dir)
    page_cache = page_cache or PageCache(cache_dir, root)
    facts = SiteFacts()
    extra_sources = author_files if author_files is not None else [root / "mkdocs.yml"]
    reported: set[tuple] = set()
    files = site_files(site_dir)
    facts.html_files = files["html"]
    for kind, paths in files.items():
        for file in paths:
            rel = file.relative_to(site_dir).as_posix()
            data = file.read_bytes()
            if kind == "html":  # decoded only when scanned or reported (most come from the cache)
                findings = _add_page(facts, rel, page_cache.facts(rel, data), allowed)
                text = data.decode("utf-8", errors="replace") if findings else ""
            else:
                text = data.decode("utf-8", errors="replace")
                findings = _file_findings(kind, text, allowed, rel, css_cache)
            for finding in findings:
                where = where_written(finding, text, sources.get(rel), extra_sources, root, rel)
                key = (where[0], where[1], finding.url)
                if key not in reported:
                    reported.add(key)
                    problems.add(*where, origin=finding.origin)
    css_cache.save()
    page_cache.save()
    return facts


def _file_findings(kind: str, text: str, allowed: frozenset, rel: str, css_cache) -> list:
    """What a stylesheet, an SVG image or a web manifest loads from an origin not allowed."""
    if kind == "css":
        return css_cache.resources(text, allowed, rel)
    if kind == "svg":
        return svg_resources(text, allowed, page=rel)
    return manifest_resources(text, allowed, page=rel)


def page_facts(text: str, rel: str) -> dict:
    """What one built page needs, as plain data the page cache keeps: every load from another
    origin before the allow-list is applied (tag, url, directive, origin), the hashes of its
    inline scripts, styles and attributes, and the flags the policy reads."""
    scan = scan_page(text, page=rel, needs=True)
    needs = scan.needs or Needs()
    return {
        "loads": [[f.tag, f.url, f.directive, f.origin] for f in scan.findings],
        "scripts": sorted({script_hash(s) for s in scan.scripts}),
        "styles": sorted({script_hash(s) for s in scan.styles}),
        "handler_hashes": sorted(needs.handlers),
        "style_attribute_hashes": sorted(needs.style_attributes),
        "style_attributes": scan.style_attributes,
        "handlers": scan.handlers,
        "mermaid": scan.mermaid,
        "mermaid_script": scan.mermaid_script,
    }


def _add_page(facts: SiteFacts, rel: str, page: dict, allowed: frozenset) -> list[Finding]:
    """Add one page's needs to the site's; its loads from origins not allowed, as findings."""
    findings = []
    for tag, url, directive, origin in page["loads"]:
        if origin in allowed:
            facts.used.setdefault(directive, set()).add(origin)
        else:
            findings.append(Finding(1, 1, tag, url, directive, origin))
    facts.script_hashes.update(page["scripts"])
    facts.style_hashes.update(page["styles"])
    facts.handler_hashes.update(page["handler_hashes"])
    facts.style_attribute_hashes.update(page["style_attribute_hashes"])
    facts.style_attributes |= page["style_attributes"]
    facts.handlers |= page["handlers"]
    facts.mermaid_script |= page["mermaid_script"]
    if page["mermaid"]:
        facts.mermaid_pages.append(rel)
    facts.pages += 1
    return findings


class CssCache:
    """What a stylesheet loads (its URLs, before they are resolved), by the SHA-256 of its text
    (the theme's palette and Kursbau's own are 9–12 KB and take tinycss2 as long as a page scan
    each; a rebuild of unchanged stylesheets need not even load tinycss2), kept in
    `folder/css-urls.json` for every project; one per build, for the site's own stylesheets
    before it and the built ones after it."""

    LIMIT = 500  # stylesheets kept, of every project; the oldest go first

    def __init__(self, folder: Path | None):
        self.file = folder / "css-urls.json" if folder else None
        data = read_json(self.file)
        self.known: dict[str, list] = data if isinstance(data, dict) else {}
        self.used: dict[str, list] = {}

    def resources(self, css: str, allowed, page: str) -> list[Finding]:
        if self.file is None:
            return css_resources(css, allowed, page=page)
        key = hashlib.sha256(css.encode("utf-8", "surrogatepass")).hexdigest()
        urls = self.known.get(key)
        if not isinstance(urls, list):
            urls = [list(u) for u in css_urls(css)]
        self.used[key] = urls
        found = []
        for url, directive, construct in urls:
            origin = foreign_origin(url, page)
            if origin and origin not in allowed:
                found.append(Finding(1, 1, construct, url, directive, origin))
        return found

    def save(self) -> None:
        """Keep what this build read, after what the builds of other projects keep (a theme's
        stylesheets are the same in every project: a build must not drop another's)."""
        if self.file is None or all(self.known.get(k) == v for k, v in self.used.items()):
            return
        kept = {k: v for k, v in self.known.items() if k not in self.used} | self.used
        write_json(self.file, dict(list(kept.items())[-self.LIMIT :]))


def content_findings(
    html: str, allowed: frozenset, rel: str, cache: PageCache | None = None
) -> list[Finding]:
    """`foreign_resources` of a page's content while the engine makes it (before anything is
    written), with the scan of unchanged content taken from `cache`. Content that loads from an
    origin not allowed is read again for the places to report (a build that fails anyway)."""
    if cache is None:
        return foreign_resources(html, allowed, page=rel)
    page = cache.content_facts(rel, html)
    if all(origin in allowed for _tag, _url, _directive, origin in page["loads"]):
        return []
    return foreign_resources(html, allowed, page=rel)


class PageCache:
    """`page_facts` of every built page, by the SHA-256 of its address and bytes, kept per
    project in `folder/pages-<project>.json`: a rebuild scans only the pages that changed (on a
    site of a hundred pages the scan is most of what Kursbau adds to a build). The pages'
    content, scanned while the engine makes them, is kept in the same file under its own keys.
    The whole file counts only for the scanner that wrote it: its key includes the digest of
    the scanner's own source files, so a changed scanner never reads an old result."""

    def __init__(self, folder: Path | None, root: Path):
        project = hashlib.sha256(str(root.resolve()).encode("utf-8", "surrogatepass"))
        self.file = folder / f"pages-{project.hexdigest()[:16]}.json" if folder else None
        self.scanner = _scanner_digest()
        data = read_json(self.file)
        pages = data.get("pages") if isinstance(data, dict) else None
        fits = isinstance(pages, dict) and data.get("scanner") == self.scanner
        self.known: dict[str, dict] = pages if fits else {}
        self.used: dict[str, dict] = {}
        # page -> its content's bytes and digest, from `content_facts`: the built page holds
        # its content, which need not be hashed a second time (see `facts`)
        self._contents: dict[str, tuple[bytes, bytes]] = {}

    def facts(self, rel: str, data: bytes) -> dict:
        """The facts of the built page `rel` whose file holds `data`.

        The key is the SHA-256 of the page's bytes, except where the page contains, verbatim,
        the content `content_facts` hashed in this build: then it is the SHA-256 of the bytes
        before it, the content's digest and the bytes after it (with the content's place and
        length, so one key still stands for exactly one file). A theme puts a page's content
        in unchanged, and on a page of quizzes or long code the content is most of its bytes."""
        name = rel.encode("utf-8", "surrogatepass")
        content, digest = self._contents.get(rel, (b"", b""))
        at = _find(data, content) if len(content) >= _WORTH_SPLITTING else -1
        if at < 0:
            key = hashlib.sha256(b"page\0" + name + b"\0" + data)
        else:
            end = at + len(content)
            key = hashlib.sha256(b"split\0" + name + f"\0{at}:{len(content)}\0".encode())
            key.update(memoryview(data)[:at])
            key.update(digest)
            key.update(memoryview(data)[end:])
        return self._facts(key.hexdigest(), lambda: data.decode("utf-8", errors="replace"), rel)

    def content_facts(self, rel: str, html: str) -> dict:
        """The facts of the content of page `rel` (the Markdown made HTML, without the theme)."""
        content = html.encode("utf-8", "surrogatepass")
        key = hashlib.sha256(b"content\0" + rel.encode("utf-8", "surrogatepass") + b"\0")
        key.update(content)
        self._contents[rel] = (content, key.digest())
        return self._facts(key.hexdigest(), lambda: html, rel)

    def _facts(self, key: str, text: Callable[[], str], rel: str) -> dict:
        page = self.known.get(key)
        if not _is_page_facts(page):
            page = page_facts(text(), rel)
        self.used[key] = page
        return page

    def save(self) -> None:
        if self.file is None or self.used == self.known:
            return
        write_json(self.file, {"scanner": self.scanner, "pages": self.used})
        forget_old_projects(self.file.parent, "pages-*.json")


# Content shorter than this is hashed again with its page (finding it costs about as much).
_WORTH_SPLITTING = 4096


def _find(data: bytes, part: bytes) -> int:
    """`data.find(part)`, for a long `part`: its start is searched, the rest compared (find()
    prepares the whole of a long pattern first, which costs more than hashing it)."""
    start = part[:64]
    at = data.find(start)
    while at >= 0 and not data.startswith(part, at):
        at = data.find(start, at + 1)
    return at


def _is_page_facts(page) -> bool:
    """A cache entry of the expected shape (a file edited or cut short is scanned again)."""
    return (
        isinstance(page, dict)
        and isinstance(page.get("loads"), list)
        and all(isinstance(load, list) and len(load) == 4 for load in page["loads"])
        and all(isinstance(page.get(k), list) for k in _PAGE_LISTS)
        and all(isinstance(page.get(k), bool) for k in _PAGE_FLAGS)
    )


_PAGE_LISTS = ("scripts", "styles", "handler_hashes", "style_attribute_hashes")
_PAGE_FLAGS = ("style_attributes", "handlers", "mermaid", "mermaid_script")


def _scanner_digest() -> str:
    """The SHA-256 of the code that reads a page (this module, resources.py, needs.py)."""
    digest = hashlib.sha256()
    for module in ("hosting.py", "resources.py", "needs.py"):
        try:
            digest.update((Path(__file__).parent / module).read_bytes())
        except OSError:
            digest.update(os.urandom(16))  # unreadable: never match an old cache
    return digest.hexdigest()


_TEXT_ATTRIBUTE = re.compile(r"""\s(?:title|alt|aria-label)\s*=\s*(["'])(.*?)\1""", re.I | re.S)


def _tag_texts(html: str, url: str) -> list[str]:
    """The title and alt texts of the element that loads `url`: what an author wrote where a
    plugin made the address (an emoji shortcode `:wave:` becomes an image titled `:wave:`)."""
    at = html.find(url)
    if at < 0:
        at = html.find(escape(url))
    if at < 0:
        return []
    start, end = html.rfind("<", 0, at), html.find(">", at)
    tag = html[start : end if end > 0 else at + 2000] if start >= 0 else ""
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
            return (
                project_path(candidate, root),
                *position,
                message(finding, source=f"page {rel}"),
            )
    if source is not None and texts and texts[0][0] == source and source.suffix != ".html":
        for written in _tag_texts(html, finding.url):
            position = locate(texts[0][1], written)
            if position:
                made = f"{written} on this page (a plugin or extension turns it into this element)"
                return (project_path(source, root), *position, message(finding, source=made))
        return (
            project_path(source, root),
            1,
            1,
            message(finding, source="this page, as built by the theme or a plugin,"),
        )
    line, col = locate(html, finding.url) or (1, 1)
    where = f"page {rel} (line {line}, from the theme or a plugin)"
    return ("mkdocs.yml", 1, 1, message(finding, source=where))


# ---------------------------------------------------------------- the policy in every page

# What may stand before the place of the policy: a byte order mark, white space, comments, the
# doctype, an XML declaration, the <html> and <head> start tags, and <meta charset> (which must
# come within the first 1024 bytes and loads nothing).
_BEFORE_POLICY = re.compile(
    rb"\A(?:\xef\xbb\xbf)?"
    rb"(?:\s|<!--.*?-->|<!doctype[^>]*>|<\?xml[^>]*\?>)*"
    rb"(?:<html(?:\s[^>]*)?>)?"
    rb"(?:\s|<!--.*?-->)*"
    rb"(?:<head(?:\s[^>]*)?>)?"
    rb"\s*"
    rb"(?:<meta\s+charset\s*=\s*[\"']?[A-Za-z0-9_-]+[\"']?\s*/?>)?",
    re.I | re.S,
)


def policy_meta(policy: str, *, xml: bool = False) -> bytes:
    end = " />" if xml else ">"
    content = escape(policy, quote=False).replace('"', "&quot;")
    return f'<meta http-equiv="Content-Security-Policy" content="{content}"{end}'.encode()


def add_policy_meta(html: bytes, policy: str, *, xml: bool = False) -> bytes:
    """The page with its policy as the first element of <head> after <meta charset>."""
    match = _BEFORE_POLICY.match(html)
    at = match.end() if match else 0
    return html[:at] + policy_meta(policy, xml=xml) + html[at:]


def write_policy(
    site_dir: Path,
    policy: str,
    *,
    own_headers: str | None = None,
    pages: list[Path] | None = None,
) -> None:
    """The policy into every HTML page (any suffix), and the header files for hosts (merged
    with the site's own `_headers`). `pages`: the site's HTML files, when the scan just
    listed them (`SiteFacts.html_files`)."""
    for file in html_files(site_dir) if pages is None else pages:
        xml = file.name.lower().endswith((".xhtml", ".xht"))
        file.write_bytes(add_policy_meta(file.read_bytes(), policy, xml=xml))
    write_host_files(site_dir, policy, own_headers=own_headers)


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
    site_dir: Path, policy: str | None = None, *, own_headers: str | None = None
) -> str:
    """Write `_headers` (after the site's own rules) and `nginx-csp.conf`; returns the policy."""
    if policy is None:
        policy = content_security_policy(inline_script_hashes(site_dir))
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
