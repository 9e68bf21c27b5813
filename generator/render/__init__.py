"""Server-side HTML of a check and of the overview widget (no MkDocs import).

The HTML is complete and readable without JavaScript: native inputs with labels in fieldsets,
printable as a blank worksheet. The browser script (assets/kursbau.js) reads the check data from
the inline JSON and the UI strings from `data-kb-ui`, and adds scoring, results and memory.
Author HTML in the check data (already rendered and sanitized by the core) is inserted as is;
every plain-text field is escaped here.
"""

from __future__ import annotations

import functools
import json
from html import escape
from pathlib import Path

from ..i18n import fill, points, strings

ASSETS = Path(__file__).resolve().parent.parent / "assets"

__all__ = [
    "render_check",
    "render_overview",
    "asset_files",
    "built_assets",
    "dom_id",
    "json_for_script",
]


def asset_files() -> list[Path]:
    """The readable sources of the browser files (kursbau.js, kursbau.css)."""
    return [ASSETS / "kursbau.js", ASSETS / "kursbau.css"]


@functools.cache
def built_assets() -> dict[str, str]:
    """The browser files as the site serves them (`site/assets/kursbau/<name>`): minified at
    build time from the readable sources, which stay the files to read and change."""
    from rcssmin import cssmin
    from rjsmin import jsmin

    js, css = (path.read_text(encoding="utf-8") for path in asset_files())
    return {"kursbau.js": jsmin(js) + "\n", "kursbau.css": cssmin(css) + "\n"}


def json_for_script(value: object) -> str:
    """JSON safe inside `<script type="application/json">`: no `<`, `>` or `&` can close it."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _attr_json(value: object) -> str:
    return escape(json.dumps(value, ensure_ascii=False, separators=(",", ":")), quote=True)


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def dom_id(check_id: str) -> str:
    """The HTML id of a check's root element."""
    # ids hold only a-z 0-9 - /; "_" never occurs in them, so this cannot collide
    return "kb-" + check_id.replace("/", "_")


def render_check(
    data: dict, *, lang: str = "de", heading: int | None = 2, next_step: dict | None = None
) -> str:
    """HTML of one check (see the page contract in FORMAT.md).

    `heading` is the level of the title heading above the check; None leaves the title out (for
    a page whose own heading already is the check's title, an h1). `next_step` ({"url",
    "title"}, the URL relative to the page) is the page a participant goes on to after a result.
    """
    ui = strings(lang)
    kind = data["type"]
    plan = bool(data.get("actionPlan"))
    base = dom_id(data["id"])
    classes = f"kb kb-check kb-{kind}" + (" kb-plan" if plan else "")
    # the result's heading sits one level below the check's title (the page's h1 on its own page)
    result_level = (heading or 1) + 1
    out = [
        f'<div class="{classes}" id="{base}" data-assessment="{_e(data["id"])}" '
        f'data-kb-heading="{result_level}" data-kb-ui="{_attr_json(ui)}">'
    ]
    if heading:
        out.append(f'<h{heading} class="kb-title">{_e(data["title"])}</h{heading}>')
    # printed above a result ("Ergebnis drucken") with the date the script fills in
    out.append(
        f'<div class="kb-phead"><p class="kb-ptitle">{_e(data["title"])}</p>'
        "<p data-kb-date></p></div>"
    )
    out.append(f'<p class="kb-meta kb-screen">{_e(_meta(data, lang))}</p>')
    if data.get("intro"):
        out.append(f'<div class="kb-intro">{data["intro"]}</div>')
    out.append(f'<noscript><p class="kb-nojs">{_e(ui["nojs"])}</p></noscript>')
    out.append('<div class="kb-notice kb-screen" data-kb-notice aria-live="polite"></div>')
    # A group of fields, not a <form>: nothing can submit it, so Enter in a field never
    # submits (FORMAT 1.1), by construction; the radios of a question are grouped by name.
    out.append('<div class="kb-form">')
    questions = data["questions"]
    if kind == "checklist":
        out.append(f'<fieldset class="kb-list"><legend class="kb-sr">{_e(data["title"])}</legend>')
        for i, q in enumerate(questions):
            out.append(_question(q, i, None, base, lang))
        out.append("</fieldset>")
    else:
        for i, q in enumerate(questions):
            out.append(_question(q, i, i + 1, base, lang, data.get("feedback")))
    if plan:
        out.append('<p class="kb-progress kb-js kb-screen" data-kb-progress role="status"></p>')
    else:
        out.append(_progress(data, ui))
    out.append('<div class="kb-actions kb-js">')
    if not plan:
        out.append(
            '<button type="button" class="kb-btn kb-primary" data-action="submit">'
            f"{_e(ui['submit'])}</button>"
        )
    out.append(
        f'<button type="button" class="kb-btn" data-action="reset">{_e(ui["reset"])}</button>'
    )
    if plan:
        out.append(
            f'<button type="button" class="kb-btn" data-action="print">{_e(ui["printPlan"])}'
            "</button>"
        )
    out.append("</div>")
    if not plan:
        # asked when a submit leaves scored questions open (FORMAT 1.1); the script fills in
        # how many and shows it
        statements = kind == "self-assessment"
        out.append(
            '<div class="kb-incomplete" data-incomplete role="alert" hidden><p></p>'
            '<p class="kb-actions"><button type="button" class="kb-btn" data-action="to-open">'
            f"{_e(ui['toOpenStatement' if statements else 'toOpen'])}</button>"
            '<button type="button" class="kb-btn" data-action="confirm-submit">'
            f"{_e(ui['markOpen' if statements else 'submitAnyway'])}</button></p></div>"
        )
    out.append(
        f'<p class="kb-small kb-js kb-screen">{_e(ui["planSaved" if plan else "savedHere"])}</p>'
    )
    out.append("</div>")
    if not plan:
        retry = (
            f'<button type="button" class="kb-btn" data-action="retry">{_e(ui["retry"])}</button>'
            if kind == "quiz"
            else ""
        )
        out.append(
            '<div class="kb-res kb-js"><div class="kb-sum" data-result role="status"></div>'
            f"{_details(data, result_level, ui)}"
            '<div class="kb-actions kb-screen" data-kb-after hidden>'
            f'{retry}<button type="button" class="kb-btn" data-action="print">{_e(ui["print"])}'
            "</button></div></div>"
        )
        if next_step:
            out.append(
                f'<p class="kb-nextstep kb-screen" data-kb-next hidden>{_e(ui["nextStep"])} '
                f'<a href="{_e(next_step["url"])}">{_e(next_step["title"])}</a></p>'
            )
    # Inside an inert <template>: Material's instant navigation re-runs every <script> of the
    # page content as JavaScript (dropping its type); a template's content is never touched.
    out.append(
        '<template data-kb-t><script type="application/json" data-kb-data>'
        f"{json_for_script(data)}</script></template>"
    )
    out.append("</div>")
    return "\n".join(out)


def _details(data: dict, level: int, ui: dict) -> str:
    """What a result shows below the score, all hidden: the script shows the band text of the
    band reached, fills the chart and shows the tips of items left open."""
    sub = min(6, level + 1)
    out = ['<div class="kb-det" hidden>']
    for i, band in enumerate(data["bands"]):
        if band.get("text"):
            out.append(f'<div class="kb-bandtext" data-kb-band="{i}" hidden>{band["text"]}</div>')
    charted = [d for d in data["dimensions"] if d["max"] != "0"]
    if charted:
        out.append(f'<div class="kb-dims"><h{sub} class="kb-h">{_e(ui["areas"])}</h{sub}>')
        out.append('<ul class="kb-bars">')
        for d in charted:
            bands = "".join(
                f'<div class="kb-db" data-kb-band="{i}" hidden><strong>{_e(b["title"])}</strong>'
                f"<div>{b.get('text') or ''}</div></div>"
                for i, b in enumerate(d["bands"])
            )
            out.append(
                f'<li data-kb-dim="{_e(d["key"])}"><span class="kb-bl">{_e(d["label"])}</span>'
                '<span class="kb-bt" aria-hidden="true"><span class="kb-bf"></span></span>'
                f'<span class="kb-bv"></span>{bands}</li>'
            )
        out.append("</ul>")
        if len(charted) > 1:
            out.append('<p class="kb-sw"></p>')
        out.append("</div>")
    tips = [q for q in data["questions"] if q.get("tip") and q["kind"] in ("check", "scale")]
    if tips:
        out.append(
            f'<div class="kb-next" data-kb-todo hidden><h{sub} class="kb-h">{_e(ui["todo"])}'
            f'</h{sub}><ul class="kb-todo">'
        )
        out += [f'<li data-kb-tip="{_e(q["id"])}" hidden>{q["tip"]}</li>' for q in tips]
        out.append("</ul></div>")
    out.append('<p class="kb-review" data-kb-review></p></div>')
    return "".join(out)


def _meta(data: dict, lang: str) -> str:
    """ "Quiz · 9 Fragen · etwa 5 Minuten": what a participant is about to start."""
    ui = strings(lang)
    kind = _kind(data, ui)
    count = len(data["questions"]) if isinstance(data["questions"], list) else data["questions"]
    noun = "questions" if data["type"] == "quiz" else "items"  # statements to tick or rate
    parts = [kind, fill(ui[noun + ("1" if count == 1 else "N")], n=count)]
    minutes = data.get("minutes")
    if minutes:
        parts.append(fill(ui["minutes1" if minutes == 1 else "minutesN"], n=minutes))
    return " · ".join(parts)


def _progress(data: dict, ui: dict) -> str:
    """ "0 von 9 beantwortet", kept up to date by the script (a checklist has no open items)."""
    counted = [q for q in data["questions"] if q["kind"] not in ("reflection", "check")]
    if not counted:
        return ""
    text = fill(ui["progress"], n=0, m=len(counted))
    return f'<p class="kb-progress kb-js kb-screen" data-kb-progress>{_e(text)}</p>'


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
    box_id = f"{base}-n{i + 1}"  # "n": never the id of a textarea ({base}-{i})
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
            f'<fieldset class="kb-q kb-scale" id="{box_id}" data-kb-q="{qid}"><legend>'
            f'{_num(n)}{q["text"]}</legend><div class="kb-steps">{steps}</div>'
            '<p class="kb-fb" data-kb-fb></p></fieldset>'
        )
    multiple = kind == "multiple"
    typ = "checkbox" if multiple else "radio"
    out = [
        f'<fieldset class="kb-q kb-choice" id="{box_id}" data-kb-q="{qid}">'
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
    out.append('<p class="kb-fb" data-kb-fb></p>')
    if q.get("explanation"):
        # shown with the solution: open where the answer was not right, one tap away where it was
        out.append(
            f'<details class="kb-expl" hidden><summary>{_e(ui["explanation"])}</summary>'
            f"<div>{q['explanation']}</div></details>"
        )
    out.append("</fieldset>")
    return "".join(out)


def render_overview(checks: list[dict], *, lang: str = "de", course: str) -> str:
    """The overview widget: every check in the order given (the course order), with the
    participant's score and state (filled in by the script), and a button that deletes all of
    this course's answers on this device.

    Each entry of `checks` has id, title, url (relative to the overview page), type, actionPlan
    and hash, optionally minutes and questions.
    """
    ui = strings(lang)
    rows = []
    for c in checks:
        plan = ' data-kb-plan=""' if c.get("actionPlan") else ""
        rows.append(
            f'<tr data-kb-id="{_e(c["id"])}" data-kb-hash="{_e(c.get("hash", ""))}"{plan}>'
            f'<td><a href="{_e(c["url"])}">{_e(c["title"])}</a>'
            f'<span class="kb-kind">{_e(_meta(c, lang) if "questions" in c else _kind(c, ui))}'
            "</span></td>"
            '<td data-kb-score>–</td><td data-kb-state class="kb-st">–</td></tr>'
        )
    return "\n".join(
        [
            f'<div class="kb kb-overview" data-kb-overview data-kb-course="{_e(course)}" '
            f'data-kb-ui="{_attr_json(ui)}">',
            f'<table><thead><tr><th scope="col">{_e(ui["colCheck"])}</th>'
            f'<th scope="col">{_e(ui["colScore"])}</th><th scope="col">{_e(ui["colState"])}</th>'
            "</tr></thead><tbody>",
            *rows,
            "</tbody></table>",
            '<div class="kb-notice" data-kb-notice aria-live="polite"></div>',
            f'<p class="kb-js kb-screen"><button type="button" class="kb-btn" '
            f'data-action="clear-all">{_e(ui["clearAll"])}</button></p>',
            f'<p class="kb-small kb-screen">{_e(ui["savedHere"])}</p>',
            "</div>",
        ]
    )


def _kind(check: dict, ui: dict) -> str:
    if check.get("actionPlan"):
        return ui["plan"]
    return ui.get(check.get("type", ""), check.get("type", ""))
