"""Server-side HTML of a check and of the overview widget (no MkDocs import).

The HTML is complete and readable without JavaScript: native inputs with labels in fieldsets,
printable as a blank worksheet. The browser script (assets/kursbau.js) reads the check data from
the inline JSON and the UI strings from `data-kb-ui`, and adds scoring, results and memory.
Author HTML in the check data (already rendered and sanitized by the core) is inserted as is;
every plain-text field is escaped here.
"""

from __future__ import annotations

import json
from html import escape
from pathlib import Path

from ..i18n import points, strings

ASSETS = Path(__file__).resolve().parent.parent / "assets"

__all__ = ["render_check", "render_overview", "asset_files", "json_for_script"]


def asset_files() -> list[Path]:
    """The browser files; the plugin copies them to `site/assets/kursbau/`."""
    return [ASSETS / "kursbau.js", ASSETS / "kursbau.css"]


def json_for_script(value: object) -> str:
    """JSON safe inside `<script type="application/json">`: no `<`, `>` or `&` can close it."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _attr_json(value: object) -> str:
    return escape(json.dumps(value, ensure_ascii=False, separators=(",", ":")), quote=True)


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def _dom_id(check_id: str) -> str:
    # ids hold only a-z 0-9 - /; "_" never occurs in them, so this cannot collide
    return "kb-" + check_id.replace("/", "_")


def render_check(data: dict, *, lang: str = "de", heading: int | None = 2) -> str:
    """HTML of one check (see the page contract in FORMAT.md).

    `heading` is the level of the title heading above the check; None leaves the title out (for
    a page whose own heading already is the check's title).
    """
    ui = strings(lang)
    kind = data["type"]
    plan = bool(data.get("actionPlan"))
    base = _dom_id(data["id"])
    classes = f"kb kb-check kb-{kind}" + (" kb-plan" if plan else "")
    out = [
        f'<div class="{classes}" data-assessment="{_e(data["id"])}" data-kb-ui="{_attr_json(ui)}">'
    ]
    if heading:
        out.append(f'<h{heading} class="kb-title">{_e(data["title"])}</h{heading}>')
    if data.get("intro"):
        out.append(f'<div class="kb-intro">{data["intro"]}</div>')
    out.append(f'<p class="kb-nojs">{_e(ui["nojs"])}</p>')
    out.append('<div class="kb-notice" data-kb-notice aria-live="polite"></div>')
    out.append('<form class="kb-form" novalidate>')
    questions = data["questions"]
    if kind == "checklist":
        out.append(f'<fieldset class="kb-list"><legend class="kb-sr">{_e(data["title"])}</legend>')
        for i, q in enumerate(questions):
            out.append(_question(q, i, None, base, lang))
        out.append("</fieldset>")
    else:
        for i, q in enumerate(questions):
            out.append(_question(q, i, i + 1, base, lang, data.get("feedback")))
    out.append('<div class="kb-actions kb-js">')
    if not plan:
        out.append(
            '<button type="submit" class="kb-btn kb-primary" data-action="submit">'
            f"{_e(ui['submit'])}</button>"
        )
    out.append(
        f'<button type="button" class="kb-btn" data-action="reset">{_e(ui["reset"])}</button>'
    )
    label = ui["printPlan"] if plan else ui["print"]
    hidden = "" if plan else " hidden"
    out.append(
        f'<button type="button" class="kb-btn" data-action="print"{hidden}>{_e(label)}</button>'
    )
    out.append("</div>")
    out.append(f'<p class="kb-small kb-js">{_e(ui["planSaved" if plan else "savedHere"])}</p>')
    out.append("</form>")
    if not plan:
        out.append(
            '<div class="kb-res kb-js"><div class="kb-sum" data-result role="status"></div>'
            '<div class="kb-det"></div></div>'
        )
    # Inside an inert <template>: Material's instant navigation re-runs every <script> of the
    # page content as JavaScript (dropping its type); a template's content is never touched.
    out.append(
        '<template data-kb-t><script type="application/json" data-kb-data>'
        f"{json_for_script(data)}</script></template>"
    )
    out.append("</div>")
    return "\n".join(out)


def _pts(q: dict, lang: str) -> str:
    if q.get("points", "1") == "1":
        return ""
    return f' <span class="kb-pts">({_e(points(q["points"], lang))})</span>'


def _num(n: int | None) -> str:
    return f'<span class="kb-n">{n}.</span> ' if n else ""


def _question(q: dict, i: int, n: int | None, base: str, lang: str, feedback=None) -> str:
    ui = strings(lang)
    kind = q["kind"]
    qid = _e(q["id"])
    name = _e(q["name"])
    if kind == "reflection":
        eid = f"{base}-{i}"
        lines = max(1, int(q.get("lines") or 3))
        return (
            f'<div class="kb-q kb-refl" data-kb-q="{qid}">'
            f'<label class="kb-rl" for="{eid}">{_num(n)}{q["text"]}</label>'
            f'<textarea id="{eid}" name="{name}" rows="{max(2, lines)}"></textarea>'
            f'<div class="kb-lines" aria-hidden="true">{"<i></i>" * lines}</div></div>'
        )
    if kind == "check":
        return (
            f'<label class="kb-q kb-opt" data-kb-q="{qid}"><input type="checkbox" name="{name}" '
            f'value="1"><span class="kb-t">{q["text"]}{_pts(q, lang)}</span></label>'
        )
    if kind == "scale":
        steps = "".join(
            f'<label class="kb-step"><input type="radio" name="{name}" value="{j}">'
            f"<span>{_e(s['label'])}</span></label>"
            for j, s in enumerate(q["steps"])
        )
        return (
            f'<fieldset class="kb-q kb-scale" data-kb-q="{qid}"><legend>{_num(n)}{q["text"]}'
            f'</legend><div class="kb-steps">{steps}</div>'
            '<p class="kb-fb" data-kb-fb aria-live="polite"></p></fieldset>'
        )
    multiple = kind == "multiple"
    typ = "checkbox" if multiple else "radio"
    out = [
        f'<fieldset class="kb-q kb-choice" data-kb-q="{qid}">'
        f"<legend>{_num(n)}{q['text']}{_pts(q, lang)}</legend>"
    ]
    if multiple:
        out.append(f'<p class="kb-hint">{_e(ui["multi"])}</p>')
    for j, o in enumerate(q["options"]):
        out.append(
            f'<div class="kb-o"><label class="kb-opt"><input type="{typ}" name="{name}" '
            f'value="{j}"><span class="kb-t">{o["text"]}</span>'
            '<span class="kb-mark" data-kb-mark></span></label>'
        )
        if o.get("feedback"):
            out.append(f'<div class="kb-ofb" hidden>{o["feedback"]}</div>')
        out.append("</div>")
    if multiple and feedback == "immediate":
        out.append(
            f'<button type="button" class="kb-btn kb-js" data-action="check">{_e(ui["check"])}'
            "</button>"
        )
    out.append('<p class="kb-fb" data-kb-fb aria-live="polite"></p>')
    if q.get("explanation"):
        out.append(f'<div class="kb-expl" hidden>{q["explanation"]}</div>')
    out.append("</fieldset>")
    return "".join(out)


def render_overview(checks: list[dict], *, lang: str = "de", course: str) -> str:
    """The overview widget: every check with the participant's state (filled in by the script)
    and a button that deletes all of this course's answers on this device.

    Each entry of `checks` has id, title, url (relative to the overview page), type, actionPlan
    and hash.
    """
    ui = strings(lang)
    rows = []
    for c in checks:
        kind = ui["plan"] if c.get("actionPlan") else ui.get(c.get("type", ""), c.get("type", ""))
        plan = ' data-kb-plan=""' if c.get("actionPlan") else ""
        rows.append(
            f'<tr data-kb-id="{_e(c["id"])}" data-kb-hash="{_e(c.get("hash", ""))}"{plan}>'
            f'<td><a href="{_e(c["url"])}">{_e(c["title"])}</a></td><td>{_e(kind)}</td>'
            "<td data-kb-state>–</td></tr>"
        )
    return "\n".join(
        [
            f'<div class="kb kb-overview" data-kb-overview data-kb-course="{_e(course)}" '
            f'data-kb-ui="{_attr_json(ui)}">',
            f'<table><thead><tr><th scope="col">{_e(ui["colCheck"])}</th>'
            f'<th scope="col">{_e(ui["colType"])}</th><th scope="col">{_e(ui["colState"])}</th>'
            "</tr></thead><tbody>",
            *rows,
            "</tbody></table>",
            '<div class="kb-notice" data-kb-notice aria-live="polite"></div>',
            f'<p class="kb-js"><button type="button" class="kb-btn" data-action="clear-all">'
            f"{_e(ui['clearAll'])}</button></p>",
            f'<p class="kb-small">{_e(ui["savedHere"])}</p>',
            "</div>",
        ]
    )
