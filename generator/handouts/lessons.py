"""Lesson pages for paper: the order of the pages, and their Markdown as HTML that works inside one
long document.

The lessons are converted with the Markdown extensions the site uses (so admonitions, tables and
tabs come out the same), then adjusted for paper by a tree processor: ids get a per-page prefix so
that pages do not collide, links between pages become links inside the PDF (or to the site when
`site_url` is set), content tabs are laid out one after another, and images point at their files.
"""

from __future__ import annotations

import html as htmllib
import posixpath
import re
from dataclasses import dataclass, field
from fnmatch import fnmatch
from pathlib import Path
from urllib.parse import quote, urlsplit
from xml.etree import ElementTree as ET

import markdown as md_lib
from markdown.treeprocessors import Treeprocessor

from ..core import media, pages
from ..core.frontmatter import page_body
from ..core.project import Course, front_matter

_HEADING = re.compile(r"<h([12])([^>]*)>(.*?)</h\1>", re.S)
_ID_ATTR = re.compile(r'\sid="([^"]*)"')
_TAG = re.compile(r"<[^>]+>")
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


def anchor_of(path: str) -> str:
    """A document-wide id prefix for a page: `lektionen/1-a.md` → `p-lektionen-1-a`."""
    stem = path[:-3] if path.endswith(".md") else path
    return "p-" + (re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-") or "page")


def check_anchor(check_id: str) -> str:
    return "check-" + check_id.replace("/", "_")


def _nav_paths(nav) -> list[tuple[str, str | None]]:
    """(path, title) of the pages in an explicit `nav:`, in order."""
    found: list[tuple[str, str | None]] = []

    def walk(item, title=None):
        if isinstance(item, str):
            found.append((item, title))
        elif isinstance(item, dict):
            for key, value in item.items():
                walk(value, key if isinstance(value, str) else None)
        elif isinstance(item, list):
            for entry in item:
                walk(entry)

    walk(nav)
    return [(p, t) for p, t in found if p.endswith(".md") and not _SCHEME.match(p)]


def _default_order(paths: list[str]) -> list[str]:
    """MkDocs' order without `nav:`: by folder, an index page first."""

    def key(path: str):
        parts = path.split("/")
        name = parts[-1].lower()
        return (  # folders as one tuple: a name never meets a number in the comparison
            tuple(p.lower() for p in parts[:-1]),
            0 if name.rsplit(".", 1)[0] in ("index", "readme") else 1,
            name,
        )

    return sorted(paths, key=key)


def _matches(path: str, patterns: list[str]) -> bool:
    return any(fnmatch(path, pattern) for pattern in patterns)


def page_order(course: Course, nav, exclude: list[str]) -> tuple[list[tuple], list[tuple]]:
    """(lesson pages, trainer pages) as (path, nav title) in reading order.

    With `nav:` the lessons are the pages listed there; trainer pages are never in the site's
    navigation and follow in folder order. Pages matching `exclude` are left out of both.
    """
    lessons = course.lessons
    listed = _nav_paths(nav) if nav else [(p, None) for p in _default_order(list(lessons))]
    seen: set[str] = set()
    participant = []
    for path, title in listed:
        lesson = lessons.get(path)
        if lesson is None or lesson.trainer or path in seen or _matches(path, exclude):
            continue
        seen.add(path)
        participant.append((path, title))
    trainer = [
        (path, None)
        for path in _default_order([p for p, lesson in lessons.items() if lesson.trainer])
        if not _matches(path, exclude)
    ]
    return participant, trainer


@dataclass
class LinkContext:
    """What the tree processor needs to know about the page and the document being made."""

    page: str = ""
    prefix: str = ""
    in_document: set[str] = field(default_factory=set)  # page paths in this document
    checks: set[str] = field(default_factory=set)  # check ids in this document
    docs_dir: Path = Path(".")
    online: object = None  # callable(site path) -> absolute URL, or None
    images: list[Path] = field(default_factory=list)


class PaperTree(Treeprocessor):
    """Adjusts converted Markdown for one long printed document."""

    def __init__(self, md, context: LinkContext):
        super().__init__(md)
        self.context = context

    def run(self, root: ET.Element) -> None:
        ctx = self.context
        for element in list(root.iter()):
            if "id" in element.attrib:
                element.set("id", f"{ctx.prefix}-{element.get('id')}")
            if element.tag == "a" and "href" in element.attrib:
                self._link(element)
            elif element.tag == "img" and "src" in element.attrib:
                self._image(element)
            if element.tag == "div" and "tabbed-set" in element.get("class", "").split():
                self._tabs(element)

    def _link(self, element: ET.Element) -> None:
        ctx = self.context
        href = element.get("href", "")
        if href.startswith("#"):
            if len(href) > 1:
                element.set("href", f"#{ctx.prefix}-{href[1:]}")
            return
        if _SCHEME.match(href) or href.startswith("//"):
            return
        parts = urlsplit(href)
        target = posixpath.normpath(posixpath.join(posixpath.dirname(ctx.page), parts.path))
        if parts.path.endswith("/") or target == ".":
            target = posixpath.join(target, "index.md").lstrip("./") or "index.md"
        fragment = parts.fragment
        if target in ctx.in_document:
            prefix = anchor_of(target)
            element.set("href", f"#{prefix}-{fragment}" if fragment else f"#{prefix}")
            return
        if target.startswith("checks/") and target.endswith(".md"):
            check_id = target[len("checks/") : -3]
            if check_id in ctx.checks:
                element.set("href", f"#{check_anchor(check_id)}")
                return
        online = ctx.online(target, fragment) if ctx.online else None
        if online:
            element.set("href", online)
        else:
            element.attrib.pop("href", None)  # a page that is not on paper: keep the words
            element.set("class", (element.get("class", "") + " offline").strip())

    def _image(self, element: ET.Element) -> None:
        ctx = self.context
        src = element.get("src", "")
        if _SCHEME.match(src) or src.startswith("//"):
            return
        base = (ctx.docs_dir / posixpath.dirname(ctx.page)).resolve()
        file = (base / urlsplit(src).path).resolve()
        ctx.images.append(file)
        element.set("src", file.as_uri())

    def _tabs(self, element: ET.Element) -> None:
        """Content tabs on paper: each tab's title above its content, one after another."""
        labels = [e for e in element.iter("label")]
        blocks = [
            e
            for e in element.iter("div")
            if {"tabbed-block"} & set(e.get("class", "").split())
            or (
                "tabbed-content" in e.get("class", "").split()
                and not any("tabbed-block" in c.get("class", "") for c in e)
            )
        ]
        if not labels or len(labels) != len(blocks):
            return
        children = []
        for label, block in zip(labels, blocks, strict=True):
            title = ET.Element("p", {"class": "tab-title"})
            title.text = "".join(label.itertext()).strip()
            children.extend([title, block])
        for child in list(element):
            element.remove(child)
        element.extend(children)
        element.set("class", "tabbed-set paper-tabs")


class PaperExtension(md_lib.Extension):
    def __init__(self, context: LinkContext):
        super().__init__()
        self.context = context

    def extendMarkdown(self, md) -> None:  # noqa: N802 - Markdown's API name
        # After toc (5) and attr_list (8) have set ids, before raw HTML is put back.
        md.treeprocessors.register(PaperTree(md, self.context), "kursbau_paper", 1)


@dataclass
class RenderedPage:
    path: str
    prefix: str
    title: str
    html: str  # still holding check markers
    headings: list[tuple[int, str, str]]  # (level, id, text)
    images: list[Path]


class LessonRenderer:
    """Converts lesson pages with the site's Markdown extensions, one Markdown instance reused."""

    def __init__(self, course: Course, extensions: list, configs: dict, markers: pages.Markers):
        self.course = course
        self.markers = markers
        self.context = LinkContext(
            docs_dir=course.settings.docs_dir, checks=set(course.data.keys())
        )
        configs = {name: dict(value or {}) for name, value in (configs or {}).items()}
        toc = configs.setdefault("toc", {})
        toc["permalink"] = False  # no ¶ signs on paper
        names = list(extensions or [])
        if "toc" not in names:
            names.append("toc")
        self.md = md_lib.Markdown(
            extensions=[*names, PaperExtension(self.context)],
            extension_configs={k: v for k, v in configs.items() if k in names},
        )

    def render(
        self, path: str, nav_title: str | None, in_document: set[str], online
    ) -> RenderedPage:
        file = self.course.settings.docs_dir / path
        text = file.read_bytes().decode("utf-8", errors="replace").lstrip("\ufeff")
        meta_title = _front_title(text)
        # paper shows its own blocks and ruled lines where the lesson asks for them (core/media.py)
        body = media.write_lines(media.for_medium(page_body(text), "paper"), ruled_lines)
        body = pages.mark_embeds(body, self.markers)
        ctx = self.context
        ctx.page, ctx.prefix, ctx.in_document, ctx.online = (
            path,
            anchor_of(path),
            in_document,
            online,
        )
        ctx.images = []
        self.md.reset()
        html = self.md.convert(body)
        headings = [
            (int(level), _attr_id(attrs), _plain(inner))
            for level, attrs, inner in _HEADING.findall(html)
        ]
        title = next((text for level, _i, text in headings if level == 1), None)
        if title is None:
            title = meta_title or nav_title or _title_from_path(path)
            html = f'<h1 id="{ctx.prefix}-title">{htmllib.escape(title)}</h1>\n{html}'
            headings.insert(0, (1, f"{ctx.prefix}-title", title))
        return RenderedPage(path, ctx.prefix, title, html, headings, list(ctx.images))


def ruled_lines(count: int) -> str:
    """Room to write: `count` ruled lines (the same as a reflection's on a worksheet)."""
    lines = '<div class="line"></div>' * count
    return f'<div class="lines write-lines" aria-hidden="true">{lines}</div>'


def _front_title(text: str) -> str | None:
    title = front_matter(text.lstrip("\ufeff")).get("title")
    return str(title) if title else None


def _attr_id(attrs: str) -> str:
    match = _ID_ATTR.search(attrs)
    return htmllib.unescape(match.group(1)) if match else ""


def _plain(inner: str) -> str:
    return " ".join(htmllib.unescape(_TAG.sub("", inner)).split())


def _title_from_path(path: str) -> str:
    stem = posixpath.basename(path)[:-3]
    if stem in ("index", "README"):
        stem = posixpath.basename(posixpath.dirname(path)) or stem
    return stem.replace("-", " ").replace("_", " ").strip().capitalize() or path


def site_page_url(site_url: str, target: str, fragment: str, directory_urls: bool) -> str:
    """Where a source page (`a/b.md`) is on the published site."""
    base = site_url.rstrip("/") + "/"
    if target.endswith(".md"):
        stem = target[:-3]
        if posixpath.basename(stem) in ("index", "README"):
            stem = posixpath.dirname(stem)
            path = f"{stem}/" if stem else ""
            if not directory_urls:
                path += "index.html"
        else:
            path = f"{stem}/" if directory_urls else f"{stem}.html"
    else:
        path = target
    url = base + quote(path)
    return f"{url}#{fragment}" if fragment else url
