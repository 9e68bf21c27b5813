"""Print: a blank worksheet by default, the result with the answers on "Ergebnis drucken"."""

from __future__ import annotations

import re

from kbhelp import CHECKLIST, QUIZ, SELF, compile_yaml, root, submit

CHROME = """
<header class="md-header">Kopf</header><nav class="md-sidebar">Navigation</nav>
<div class="tabbed-set tabbed-alternate" data-tabs="1:2"><input checked id="t1" name="t" type="radio">
<input id="t2" name="t" type="radio"><div class="tabbed-labels"><label for="t1">Erste</label>
<label for="t2">Zweite</label></div><div class="tabbed-content"><div class="tabbed-block">Inhalt eins</div>
<div class="tabbed-block" style="display:none">Inhalt zwei</div></div></div>
<footer class="md-footer">Fuß</footer>
"""

STYLE = """sel => [...document.querySelectorAll(sel)].map(e => {
  const s = getComputedStyle(e);
  return {display: s.display, appearance: s.appearance, radius: s.borderTopLeftRadius,
          breakInside: s.breakInside, visible: e.getClientRects().length > 0};
})"""


def styles(page, selector):
    return page.evaluate(STYLE, selector)


def test_blank_worksheet_never_shows_answers(page, pages, console_errors):
    pages.open(page, compile_yaml(QUIZ), compile_yaml(SELF, "s"), extra=CHROME)
    r = root(page)
    r.get_by_label("Netzwerken", exact=True).check()
    r.get_by_label("Wen rufst du diese Woche an?").fill("Anna")
    submit(page)
    root(page).locator('[data-action="confirm-submit"]').click()
    root(page, "s").locator('[data-action="submit"]').click()
    page.emulate_media(media="print")
    # (the theme's header, navigation and footer hide by its own print styles: test_print_site)
    for selector in (
        "[data-action]",
        ".kb-meta",
        ".kb-progress",
        ".kb-small",
        ".kb-res",
        ".kb-fb",
        ".kb-mark",
        ".kb-ofb",
        ".kb-expl",
        "textarea",
        ".kb-notice",
    ):
        assert not any(s["visible"] for s in styles(page, selector)), selector
    inputs = styles(
        page, '[data-assessment] input[type="radio"], [data-assessment] input[type="checkbox"]'
    )
    assert inputs and all(s["appearance"] == "none" for s in inputs)  # a checked box prints empty
    assert all(s["radius"] == "50%" for s in styles(page, 'input[type="radio"]'))
    assert all(s["radius"] != "50%" for s in styles(page, 'input[type="checkbox"]'))
    lines = styles(page, ".kb-lines i")
    assert len(lines) == 3 and all(s["visible"] for s in lines)
    assert all(s["breakInside"] == "avoid" for s in styles(page, ".kb-q"))
    # scale steps: one row, label above its circle
    step = page.evaluate(
        """() => { const l = document.querySelector('[data-assessment="s"] .kb-step');
           const t = l.querySelector('span').getBoundingClientRect(), i = l.querySelector('input').getBoundingClientRect();
           const all = [...l.parentNode.children].map(c => c.getBoundingClientRect().top);
           return {above: t.bottom <= i.top + 1, row: new Set(all.map(Math.round)).size === 1}; }"""
    )
    assert step == {"above": True, "row": True}
    page.screenshot(path="/tmp/kb-print-worksheet.png", full_page=True)


def test_print_result_with_answers(page, pages, console_errors):
    pages.open(page, compile_yaml(CHECKLIST, "other"), compile_yaml(QUIZ), extra=CHROME)
    page.evaluate(
        "window.print = () => { window.__printed = {html: document.documentElement.className,"
        " marked: [...document.querySelectorAll('.kb-pr')].map(e => e.dataset.assessment)}; }"
    )
    r = root(page)
    assert not r.locator('[data-action="print"]').is_visible()  # only once there is a result
    r.get_by_label("Empfehlungsmanagement").check()
    r.get_by_label("Geben ohne Gegenrechnung").check()
    r.get_by_label("Wen rufst du diese Woche an?").fill("<b>Anna</b>\nund Ben")
    submit(page)
    r.locator('[data-action="print"]').click()
    printed = page.evaluate("window.__printed")
    assert "kb-print-result" in printed["html"].split() and printed["marked"] == ["t/check"]
    page.emulate_media(media="print")
    assert r.locator("[data-result]").is_visible()
    assert r.locator(".kb-mark", has_text="richtig").first.is_visible()
    assert (
        r.get_by_label("Empfehlungsmanagement").evaluate("e => getComputedStyle(e).appearance")
        != "none"
    )
    text = r.locator(".kb-ptext")
    assert text.is_visible() and text.inner_text() == "<b>Anna</b>\nund Ben"  # as text, never HTML
    assert r.locator(".kb-ptext b").count() == 0
    assert not root(page, "other").is_visible()  # only this check is printed
    assert not page.locator(".md-header").is_visible()
    assert not r.locator("[data-action]").first.is_visible()
    # with the check's title and the date on top (FORMAT 1.1: "Leaving the browser")
    head = r.locator(".kb-phead")
    assert (
        head.is_visible() and head.locator(".kb-ptitle").inner_text() == "Netzwerken oder Akquise?"
    )
    assert re.fullmatch(
        r"Gedruckt am \d{1,2}\. \w+ \d{4}", head.locator("[data-kb-date]").inner_text()
    )
    page.screenshot(path="/tmp/kb-print-result.png", full_page=True)
    page.evaluate("window.dispatchEvent(new Event('afterprint'))")
    assert page.evaluate("document.querySelectorAll('.kb-pp, .kb-pr').length") == 0
    assert page.evaluate("document.documentElement.className") == ""
    assert not head.is_visible()
