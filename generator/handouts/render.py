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
from ..core.models import paper_text
from ..core.project import Course
from ..core.rules import lms_of
from ..i18n import points as points_text
from ..i18n import strings as ui_strings
from .guide import build_guide, option_letter, percent_text, show, step_points
from .lessons import LessonRenderer, anchor_of, check_anchor, page_order, site_page_url
from .links import HANDOUT_DIR
from .strings import handout_strings, ht

TEMPLATES = Path(__file__).resolve().parent / "templates"
STYLESHEET = TEMPLATES / "handout.css"
PARTICIPANT, TRAINER, WORKSHEET = "participant", "trainer", "worksheet"
CONCORDANCE = "p-concordance"
NOTES_LINES = 27  # ruled lines on a notes page (A4, 8.5 mm apart, below its heading)
CONTENT_END = "p-content-end"  # marks where the last chapter ends, for `notes_lines_left`
MIN_FILL = 8  # fewer lines left on the last page: notes start on a page of their own


def notes_lines_left(end_y_mm: float) -> int:
    """Ruled lines that fit below the end of the content (y in mm from the top of the page),
    under a notes heading; 0 when too few fit to be worth it."""
    bottom, heading, line = 277.0, 20.0, 8.5  # A4 minus the bottom margin; see handout.css
    left = int((bottom - end_y_mm - heading) // line)
    return left if left >= MIN_FILL else 0


@dataclass
class Options:
    """Project settings the handouts need, engine-neutral (the MkDocs adapter makes them from
    mkdocs.yml: `generator.mkdocs_adapter.handouts`)."""

    title: str
    author: str | None = None
    description: str | None = None
    site_url: str | None = None
    use_directory_urls: bool = True
    markdown_extensions: list = field(default_factory=list)
    mdx_configs: dict = field(default_factory=dict)
    nav: list | None = None
    exclude: list[str] = field(default_factory=list)
    notes_pages: int = 1  # ruled pages for notes at the end of the participant workbook


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
        intro = paper_text(model.intro)
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
            "intro": _md(intro),
            "qr": qr_data_uri(url) if url else None,
            "url": url,
            "trainer": trainer,
            # the trainer copies single sheets instead of filling one in
            "sheet": f"{HANDOUT_DIR}/checks/{check_id}.pdf" if trainer else None,
            "notes": _md(model.notes) if trainer else None,
            "platform": ht(f"platform-{lms_of(model)}", self.lang) if trainer else None,
            "groups": self._groups(data, model, trainer),
            "guide": self._guide(data, model),
            "tips": self._tips(data, model),
            "labels": [s["label"] for s in _first_scale(data)],
        }
        return self.env.get_template("worksheet.html.j2").render(ws=view)

    def _guide(self, data: dict, model):
        """The scoring guide, with band texts as paper reads them (feedback, not answers: they
        are printed in both editions)."""
        guide = build_guide(data)
        if guide is None:
            return None
        _paper_bands(guide.bands, model.results or [])
        specs = {k: d for k, d in (model.dimensions or {}).items() if not isinstance(d, str)}
        for dim in guide.dimensions:
            if dim.key in specs:
                _paper_bands(dim.bands, specs[dim.key].results or [])
        return guide

    def _tips(self, data: dict, model) -> list[dict]:
        """The tips of checklist items and statements, with when each applies: what the site
        shows after "Auswerten", printed for the participant to read after counting."""
        tips = []
        for n, (q, entry) in enumerate(zip(data["questions"], m.entries(model), strict=True), 1):
            tip = paper_text(getattr(entry, "tip", None))
            if not tip:
                continue
            at_most = None
            if q["kind"] == "scale":  # the site shows it below half the statement's points
                points = [p for _label, p in step_points(q)]
                at_most = max(p for p in points if p < max(points) / 2)
            tips.append({"n": n, "html": _md(tip), "at_most": at_most})
        return tips

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
        if kind == "scale":
            view["reverse"] = bool(q.get("reverse"))
            view["steps"] = len(q["steps"])
        if kind in ("single", "multiple"):
            options = [o if isinstance(o, m.Option) else m.Option(text=o) for o in entry.options]
            view["multiple"] = kind == "multiple"
            view["options"] = [
                {
                    "letter": option_letter(i),
                    "text": Markup(o["text"]),
                    "correct": bool(o["correct"]) and trainer,
                    "feedback": _md(paper_text(source.feedback)) if trainer else None,
                }
                for i, (o, source) in enumerate(zip(q["options"], options, strict=True))
            ]
            view["explanation"] = _md(paper_text(entry.explanation)) if trainer else None
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

    def workbook_document(
        self,
        edition: str,
        participant_pages: dict[str, int] | None = None,
        notes_fill: int = 0,
    ) -> Document:
        """A whole workbook. The trainer edition lists, after its own pages, where each lesson
        and worksheet is in both editions; `participant_pages` (anchor → page in the
        participant edition, from its layout) gives the participant side. The participant
        edition ends with notes pages; `notes_fill` ruled lines (known from a first layout)
        turn the rest of the last page into the first of them."""
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
        if trainer and participant_pages is not None and chapters[0]["kind"] == "trainer":
            rows = [
                row
                for chapter in chapters
                if chapter["kind"] == "lessons"
                for page in chapter["pages"]
                for row in [(page["title"], page["anchor"], "chapter")]
                + [(title, anchor, "worksheet") for title, anchor in page["worksheets"]]
            ]
            rows += [(self.course.data[c]["title"], check_anchor(c), "worksheet") for c in rest]
            chapters[0]["pages"].append(self._concordance(rows, participant_pages))
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
            notes_pages=0 if trainer else max(0, self.options.notes_pages),
            notes_lines=NOTES_LINES,
            notes_fill=notes_fill,
        )
        html = self._page(
            title=self.options.title,
            subject=edition_label,
            body=Markup(body),
            kind=edition,
            running=f"{self.options.title} · {ht('trainer' if trainer else 'participant', self.lang)}",
        )
        return Document(name, edition, None, self.options.title, html, _unique(files))

    def _concordance(self, rows, participant_pages: dict[str, int]) -> dict:
        html = self.env.get_template("concordance.html.j2").render(
            rows=[
                {
                    "title": title,
                    "anchor": anchor,
                    "kind": kind,
                    "participant": participant_pages.get(anchor),
                }
                for title, anchor, kind in rows
            ]
        )
        return {
            "anchor": CONCORDANCE,
            "title": ht("concordanceTitle", self.lang),
            "html": Markup(html),
            "worksheets": [],
            "trainer": True,
        }

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


def _paper_bands(rows, bands) -> None:
    """Band texts of a scoring guide as paper reads them (`{web: …, paper: …}` in the file)."""
    for row in rows:
        row.text = markdown.block(paper_text(bands[row.index].text)) or None


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
