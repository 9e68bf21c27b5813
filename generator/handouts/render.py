"""HTML of the handouts: worksheets and whole workbooks, from Kursbau's own Jinja templates.

Everything a PDF will show is decided here, as HTML text; `pdf.py` only lays it out. So the hash
of this HTML (plus the stylesheet and the files it points at) says whether a PDF is still valid.
"""

from __future__ import annotations

import base64
import io
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
from markupsafe import Markup

from ..core import markdown, pages
from ..core import models as m
from ..core.project import Course
from ..core.rules import lms_of
from ..i18n import points as points_text
from ..i18n import strings as ui_strings
from .guide import build_guide, option_letter, percent_text, show
from .lessons import LessonRenderer, anchor_of, check_anchor, page_order, site_page_url
from .strings import handout_strings, ht

TEMPLATES = Path(__file__).resolve().parent / "templates"
STYLESHEET = TEMPLATES / "handout.css"
PARTICIPANT, TRAINER, WORKSHEET = "participant", "trainer", "worksheet"


@dataclass
class Options:
    """Project settings the handouts need, engine-neutral (see `options.from_mkdocs`)."""

    title: str
    author: str | None = None
    description: str | None = None
    site_url: str | None = None
    use_directory_urls: bool = True
    markdown_extensions: list = field(default_factory=list)
    mdx_configs: dict = field(default_factory=dict)
    nav: list | None = None
    exclude: list[str] = field(default_factory=list)


@dataclass
class Document:
    """One PDF to make: its HTML and what else it reads."""

    name: str  # file name relative to its output folder
    kind: str  # participant | trainer | worksheet
    check_id: str | None
    title: str
    html: str
    files: list[Path]  # local files the HTML points at (images)


def _environment(lang: str) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["num"] = lambda value: show(value, lang)
    env.filters["pct"] = lambda value: percent_text(value, lang)
    env.filters["letter"] = option_letter
    env.globals["s"] = handout_strings(lang)
    env.globals["ui"] = ui_strings(lang)
    env.globals["lang"] = lang
    env.globals["ht"] = lambda key, **values: ht(key, lang, **values)
    return env


def qr_data_uri(url: str) -> str:
    """A QR code of `url` as an SVG data URI, made locally."""
    import segno

    code = segno.make(url, error="m", micro=False)
    buffer = io.BytesIO()
    code.save(buffer, kind="svg", scale=1, border=0, dark="#000", xmldecl=False, nl=False)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


class HandoutRenderer:
    """Makes the HTML of every handout of one course."""

    def __init__(self, course: Course, options: Options):
        self.course = course
        self.options = options
        self.lang = course.settings.lang
        self.env = _environment(self.lang)
        self.markers = pages.Markers()
        self.lessons = LessonRenderer(
            course, options.markdown_extensions, options.mdx_configs, self.markers
        )
        self.participant_pages, self.trainer_pages = page_order(
            course, options.nav, options.exclude
        )

    # -- urls ----------------------------------------------------------------------------------

    def online(self, target: str, fragment: str = "") -> str | None:
        if not self.options.site_url:
            return None
        return site_page_url(
            self.options.site_url, target, fragment, self.options.use_directory_urls
        )

    def check_url(self, check_id: str) -> str | None:
        return self.online(pages.check_page_uri(check_id))

    # -- worksheets ----------------------------------------------------------------------------

    def worksheet(self, check_id: str, *, trainer: bool, level: int) -> str:
        data = self.course.data[check_id]
        model = self.course.checks[check_id].model
        url = self.check_url(check_id)
        view = {
            "id": check_id,
            "anchor": check_anchor(check_id),
            "title": data["title"],
            "level": level,
            "kind": data["type"],
            "plan": bool(data["actionPlan"]),
            "type_label": ui_strings(self.lang)["plan"]
            if data["actionPlan"]
            else ui_strings(self.lang).get(data["type"], data["type"]),
            "intro": Markup(data["intro"]) if data["intro"] else None,
            "qr": qr_data_uri(url) if url else None,
            "url": url,
            "trainer": trainer,
            "notes": _md(model.notes) if trainer else None,
            "platform": ht(f"platform-{lms_of(model)}", self.lang) if trainer else None,
            "groups": self._groups(data, model, trainer),
            "guide": build_guide(data),
            "labels": [s["label"] for s in _first_scale(data)],
        }
        return self.env.get_template("worksheet.html.j2").render(ws=view)

    def _groups(self, data: dict, model, trainer: bool) -> list[dict]:
        """Questions in printed order, runs of checklist items and scale statements grouped
        into one table each."""
        groups: list[dict] = []
        entries = m.entries(model)
        for n, (q, entry) in enumerate(zip(data["questions"], entries, strict=True), start=1):
            view = self._question(q, entry, n, trainer)
            kind = q["kind"]
            if kind in ("check", "scale") and groups and groups[-1]["kind"] == kind:
                groups[-1]["entries"].append(view)
            else:
                groups.append({"kind": kind, "entries": [view]})
        return groups

    def _question(self, q: dict, entry, n: int, trainer: bool) -> dict:
        view = {
            "n": n,
            "id": q["id"],
            "kind": q["kind"],
            "text": Markup(q["text"]),
            "notes": _md(getattr(entry, "notes", None)) if trainer else None,
        }
        kind = q["kind"]
        if kind == "reflection":
            view["lines"] = max(1, int(q.get("lines") or 3))
            return view
        if kind in ("check", "single", "multiple") and q.get("points", "1") != "1":
            view["points"] = points_text(q["points"], self.lang)
        if kind in ("check", "scale"):
            view["tip"] = Markup(q["tip"]) if trainer and q.get("tip") else None
        if kind == "scale":
            view["reverse"] = bool(q.get("reverse"))
            view["steps"] = len(q["steps"])
        if kind in ("single", "multiple"):
            view["multiple"] = kind == "multiple"
            view["options"] = [
                {
                    "letter": option_letter(i),
                    "text": Markup(o["text"]),
                    "correct": bool(o["correct"]) and trainer,
                    "feedback": Markup(o["feedback"]) if trainer and o.get("feedback") else None,
                }
                for i, o in enumerate(q["options"])
            ]
            view["explanation"] = (
                Markup(q["explanation"]) if trainer and q.get("explanation") else None
            )
        return view

    # -- documents -----------------------------------------------------------------------------

    def worksheet_document(self, check_id: str) -> Document:
        data = self.course.data[check_id]
        body = self.worksheet(check_id, trainer=False, level=1)
        title = f"{data['title']} – {self.options.title}"
        html = self._page(
            title=title,
            subject=ht("worksheet", self.lang),
            body=Markup(body),
            kind=WORKSHEET,
            running=self.options.title,
        )
        return Document(f"checks/{check_id}.pdf", WORKSHEET, check_id, data["title"], html, [])

    def workbook_document(self, edition: str) -> Document:
        trainer = edition == TRAINER
        chapters = []  # {"part": str|None, "pages": [...]} for the contents and the body
        included = [p for p, _ in self.participant_pages]
        if trainer:
            included = [p for p, _ in self.trainer_pages] + included
        in_document = set(included)
        placed: dict[str, str] = {}  # check id → anchor of its worksheet
        files: list[Path] = []
        sections = []
        if trainer and self.trainer_pages:
            sections.append((ht("trainerPart", self.lang), self.trainer_pages, "trainer"))
        sections.append((None, self.participant_pages, "lessons"))
        for part, page_list, kind in sections:
            rendered_pages = []
            for path, nav_title in page_list:
                page = self.lessons.render(path, nav_title, in_document, self.online)
                files.extend(page.images)
                worksheets = []

                def fill(_kind: str, check_id: str, worksheets=worksheets) -> str:
                    if check_id in placed:
                        return self.env.get_template("reference.html.j2").render(
                            title=self.course.data[check_id]["title"],
                            anchor=placed[check_id],
                        )
                    placed[check_id] = check_anchor(check_id)
                    worksheets.append((self.course.data[check_id]["title"], placed[check_id]))
                    return self.worksheet(check_id, trainer=trainer, level=2)

                html, _found = self.markers.fill(page.html, fill)
                rendered_pages.append(
                    {
                        "anchor": anchor_of(path),
                        "title": page.title,
                        "html": Markup(html),
                        "worksheets": worksheets,
                        "trainer": kind == "trainer",
                    }
                )
            chapters.append({"part": part, "pages": rendered_pages, "kind": kind})
        rest = [c for c in sorted(self.course.data, key=self._order) if c not in placed]
        appendix = None
        if rest:
            appendix = {
                "title": ht("moreChecks", self.lang),
                "anchor": "p-checks",
                "worksheets": [
                    {
                        "title": self.course.data[c]["title"],
                        "anchor": check_anchor(c),
                        "html": Markup(self.worksheet(c, trainer=trainer, level=2)),
                    }
                    for c in rest
                ],
            }
        name = ht("fileTrainer" if trainer else "fileParticipant", self.lang)
        edition_label = ht("trainerLong" if trainer else "participantLong", self.lang)
        body = self.env.get_template("workbook.html.j2").render(
            site=self.options,
            trainer=trainer,
            edition=ht("trainer" if trainer else "participant", self.lang),
            edition_long=edition_label,
            chapters=chapters,
            appendix=appendix,
        )
        html = self._page(
            title=self.options.title,
            subject=edition_label,
            body=Markup(body),
            kind=edition,
            running=f"{self.options.title} · {ht('trainer' if trainer else 'participant', self.lang)}",
        )
        return Document(name, edition, None, self.options.title, html, _unique(files))

    def _order(self, check_id: str):
        return self.course.data[check_id]["title"].lower()

    def _page(self, *, title: str, subject: str, body: Markup, kind: str, running: str) -> str:
        return self.env.get_template("document.html.j2").render(
            page_css=Markup(page_css(running, self.lang)),
            title=title,
            subject=subject,
            author=self.options.author,
            description=self.options.description,
            body=body,
            kind=kind,
            running=running,
        )


def css_string(text: str) -> str:
    """A CSS string literal that cannot end the string or the <style> element early."""
    out = text.replace("\\", "\\\\").replace('"', '\\"').replace("<", "\\3c ").replace("\n", " ")
    return f'"{out}"'


def page_css(running: str, lang: str) -> str:
    """The margin boxes: the running title left, "Seite x von y" right."""
    before, _, rest = ht("pageOf", lang).partition("{n}")
    middle, _, after = rest.partition("{m}")
    counter = f"{css_string(before)} counter(page) {css_string(middle)} counter(pages)"
    if after:
        counter += f" {css_string(after)}"
    return (
        f"@page {{ @bottom-left {{ content: {css_string(running)}; }}"
        f" @bottom-right {{ content: {counter}; }} }}"
    )


def _md(text: str | None) -> Markup | None:
    return Markup(markdown.block(text)) if text else None


def _first_scale(data: dict) -> list[dict]:
    for q in data["questions"]:
        if q["kind"] == "scale":
            return q["steps"]
    return []


def _unique(files: list[Path]) -> list[Path]:
    seen: dict[Path, None] = {}
    for f in files:
        seen.setdefault(f, None)
    return list(seen)
