"""Server-side render of checks and the overview, the UI string table, and the asset budget."""

from __future__ import annotations

import gzip
import json
import re
from html.parser import HTMLParser

import pytest

from generator.i18n import STRINGS, points, t
from generator.render import (
    asset_files,
    built_assets,
    json_for_script,
    render_check,
    render_overview,
)

BUDGET = 12 * 1024  # kursbau.js + kursbau.css, gzipped


def data(questions, **extra):
    base = {
        "v": 1,
        "course": "kurs",
        "id": "modul-1/check",
        "type": "quiz",
        "title": "Titel",
        "intro": "<p>Intro</p>",
        "actionPlan": False,
        "feedback": "on-submit",
        "hash": "abc",
        "max": "3",
        "pass": None,
        "bands": [],
        "dimensions": [],
        "questions": questions,
    }
    return base | extra


SINGLE = {
    "id": "q1",
    "name": "modul-1/check/q1",
    "kind": "single",
    "text": "Frage <em>eins</em>",
    "points": "2",
    "partial": False,
    "dimension": None,
    "explanation": "<p>Weil.</p>",
    "options": [
        {"text": "Ja", "correct": True, "feedback": "<p>Gut.</p>"},
        {"text": "Nein", "correct": False, "feedback": None},
    ],
}
MULTI = SINGLE | {"id": "q2", "name": "modul-1/check/q2", "kind": "multiple", "points": "1"}
SCALE = {
    "id": "s",
    "name": "modul-1/check/s",
    "kind": "scale",
    "text": "Aussage",
    "weight": "1",
    "reverse": False,
    "dimension": None,
    "tip": None,
    "steps": [{"label": "nie <b>", "points": "0"}, {"label": "oft", "points": "1"}],
}
REFLECTION = {
    "id": "r",
    "name": "modul-1/check/r",
    "kind": "reflection",
    "text": "Notiz",
    "lines": 4,
}
CHECK = {
    "id": "c",
    "name": "modul-1/check/c",
    "kind": "check",
    "text": "Punkt",
    "points": "1.5",
    "dimension": None,
    "tip": "<p>Tipp</p>",
}


class Tree(HTMLParser):
    """Collects start tags with their attributes and the text inside <label>/<legend>."""

    def __init__(self, html: str):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.stack: list[str] = []
        self.texts: dict[str, list[str]] = {"label": [], "legend": []}
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag in self.texts:
            self.texts[tag].append("")
        self.stack.append(tag)

    def handle_endtag(self, tag):
        while self.stack and self.stack.pop() != tag:
            pass

    def handle_data(self, text):
        for tag in self.texts:
            if tag in self.stack:
                self.texts[tag][-1] += text

    def find(self, tag, **attrs):
        return [
            a for t_, a in self.tags if t_ == tag and all(a.get(k) == v for k, v in attrs.items())
        ]


def test_quiz_markup_follows_the_page_contract():
    html = render_check(data([SINGLE, MULTI, REFLECTION]))
    tree = Tree(html)
    root = tree.tags[0]
    assert root[0] == "div" and root[1]["data-assessment"] == "modul-1/check"
    assert len(tree.find("fieldset")) == 2
    assert [x.strip() for x in tree.texts["legend"]] == [
        "1. Frage eins (2 Punkte)",
        "2. Frage eins",
    ]
    radios = tree.find("input", type="radio")
    assert [(r["name"], r["value"]) for r in radios] == [
        ("modul-1/check/q1", "0"),
        ("modul-1/check/q1", "1"),
    ]
    assert [c["name"] for c in tree.find("input", type="checkbox")] == ["modul-1/check/q2"] * 2
    assert "Ja" in tree.texts["label"][0] and "Nein" in tree.texts["label"][1]
    area = tree.find("textarea")[0]
    assert area["name"] == "modul-1/check/r" and area["rows"] == "4"
    assert tree.find("label", **{"for": area["id"]})
    assert html.count("<i></i>") == 4  # ruled lines for paper
    assert tree.find("div", **{"data-result": None, "role": "status"})
    # no <form> and no submit button: Enter in a field never submits (FORMAT 1.1)
    assert tree.find("button", **{"data-action": "submit", "type": "button"})
    assert not tree.find("button", type="submit") and not tree.find("form")
    incomplete = tree.find("div", role="alert")
    assert incomplete and "data-incomplete" in incomplete[0]
    assert tree.find("button", **{"data-action": "confirm-submit"})
    assert tree.find("button", **{"data-action": "retry"})
    assert tree.find("button", **{"data-action": "reset", "type": "button"})
    assert not tree.find("button", **{"data-action": "check"})  # only for immediate feedback
    assert '<h2 class="kb-title">Titel</h2>' in html
    assert "kb-title" not in render_check(data([SINGLE]), heading=None)


def test_immediate_multiple_gets_its_own_check_button():
    tree = Tree(render_check(data([SINGLE, MULTI], feedback="immediate")))
    assert len(tree.find("button", **{"data-action": "check"})) == 1


def test_scale_checklist_and_escaping_of_plain_text():
    html = render_check(data([SCALE], type="self-assessment"))
    assert "nie &lt;b&gt;" in html  # a scale label is plain text
    tree = Tree(render_check(data([CHECK, REFLECTION], type="checklist")))
    assert tree.find("input", type="checkbox", name="modul-1/check/c")
    assert "(1,5 Punkte)" in tree.texts["label"][0]
    assert len(tree.find("fieldset")) == 1


def test_action_plan_has_no_score_region_and_says_where_text_is_kept():
    html = render_check(data([REFLECTION], actionPlan=True, max="0"))
    assert "data-result" not in html and "data-score" not in html
    assert 'data-action="submit"' not in html
    assert "nur in diesem Browser auf diesem Gerät gespeichert" in html
    assert "Mit meinen Antworten drucken" in html


def test_author_text_cannot_break_out_of_the_inline_json():
    evil = "</script><script>alert(1)</script><!--"
    d = data([SINGLE | {"text": evil}], title=evil, intro=None)
    html = render_check(d)
    body = re.search(r"<script type=\"application/json\" data-kb-data>(.*?)</script>", html, re.S)
    assert json.loads(body.group(1)) == d
    assert "<" not in body.group(1) and ">" not in body.group(1) and "&" not in body.group(1)
    assert "&lt;/script&gt;" in html.split('<div class="kb-form">')[0]  # escaped in the heading
    assert json_for_script({"a": "&<>\u2028"}) == '{"a":"\\u0026\\u003c\\u003e\u2028"}'


def test_english_strings():
    html = render_check(data([MULTI]), lang="en")
    assert "Select all that apply" in html and "Show my result" in html
    ui = json.loads(Tree(html).tags[0][1]["data-kb-ui"])
    assert ui == STRINGS["en"]


def test_overview_lists_every_check_and_escapes():
    html = render_overview(
        [
            {
                "id": "a",
                "title": "A & <B>",
                "url": "a/",
                "type": "quiz",
                "actionPlan": False,
                "hash": "h1",
            },
            {
                "id": "x/p",
                "title": "Plan",
                "url": "x/p/",
                "type": "quiz",
                "actionPlan": True,
                "hash": "h2",
            },
        ],
        course="kurs",
    )
    tree = Tree(html)
    assert tree.tags[0][1]["data-kb-course"] == "kurs"
    rows = tree.find("tr", **{"data-kb-id": "a"}) + tree.find("tr", **{"data-kb-id": "x/p"})
    assert [r["data-kb-hash"] for r in rows] == ["h1", "h2"]
    assert "A &amp; &lt;B&gt;" in html and ">Aktionsplan<" in html
    assert tree.find("button", **{"data-action": "clear-all"})
    assert "Alle Antworten auf diesem Gerät löschen" in html


def test_string_table_is_complete_in_both_languages():
    de, en = STRINGS["de"], STRINGS["en"]
    assert de.keys() == en.keys()
    for key in de:
        assert set(re.findall(r"\{\w+\}", de[key])) == set(re.findall(r"\{\w+\}", en[key])), key
    assert t("score", "de", s="2,5", m="4") == "2,5 von 4 Punkten"
    assert points("1", "en") == "1 point" and points("2.5", "de") == "2,5 Punkte"


def test_assets_stay_small_and_plain():
    """The budget holds for what the site serves (minified at build time, gzip -6 as a host
    sends it); the readable source stays free of what would break a classic script."""
    served = built_assets()
    size = sum(len(gzip.compress(text.encode(), 6)) for text in served.values())
    print(f"\nkursbau.js + kursbau.css as served, gzipped: {size} bytes of {BUDGET}")
    assert size <= BUDGET
    code = asset_files()[0].read_text(encoding="utf-8")
    assert len(served["kursbau.js"]) < len(code) * 0.7  # minified, the readable file is the source
    for banned in ("eval(", "new Function", "import ", "export ", "?.", "??", "document.write"):
        assert banned not in served["kursbau.js"], banned
    assert not re.search(r"\b\d+n\b", code), "BigInt literals: use BigInt() calls"


@pytest.mark.parametrize("lang", ["de", "en"])
def test_every_key_the_script_uses_exists(lang):
    code = asset_files()[0].read_text()
    used = set(re.findall(r"\bui\.(\w+)", code))
    used |= set(
        re.findall(r"say\.count\('(\w+)', '(\w+)'", code)
        and sum(re.findall(r"say\.count\('(\w+)', '(\w+)'", code), ())
    )
    used |= {"right", "wrong", "partly"}  # ui[kind] of a marked question
    assert used <= STRINGS[lang].keys(), used - STRINGS[lang].keys()
