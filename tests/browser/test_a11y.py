"""axe-core (WCAG 2.2 A and AA) on every kind of check, before and after submitting."""

from __future__ import annotations

from axe_playwright_python.sync_playwright import Axe
from kbhelp import CHECKLIST, PLAN, QUIZ, SELF, compile_yaml, root, submit

WCAG = {
    "runOnly": {
        "type": "tag",
        "values": [
            "wcag2a",
            "wcag2aa",
            "wcag21a",
            "wcag21aa",
            "wcag22a",
            "wcag22aa",
            "best-practice",
        ],
    }
}
KURSBAU = {"include": [["[data-assessment]"], ["[data-kb-overview]"]]}


def violations(page, context=None) -> list[str]:
    """Each violation as 'rule: selector' (empty when all is well)."""
    found = Axe().run(page, context=context, options=WCAG).response["violations"]
    return [f"{v['id']}: {n['target']}" for v in found for n in v["nodes"]]


def test_axe_every_kind_before_and_after_submit(page, pages, console_errors):
    checks = [
        compile_yaml(CHECKLIST, "a"),
        compile_yaml(SELF, "b"),
        compile_yaml(QUIZ, "c"),
        compile_yaml(QUIZ.replace("on-submit", "immediate"), "d"),
        compile_yaml(PLAN, "e"),
    ]
    overview = [
        {k: c[k] for k in ("id", "title", "type", "actionPlan", "hash")} | {"url": "#"}
        for c in checks
    ]
    pages.open(page, *checks, overview=overview)
    assert violations(page, KURSBAU) == []
    assert violations(page) == []  # the bare test page has nothing else
    root(page, "a").get_by_label("Ich weiß, was ich für wen anbiete.").check()
    root(page, "b").locator("fieldset").first.get_by_label("trifft voll zu").check()
    submit(page, "b")  # b stays incomplete: the question, then open statements marked
    assert root(page, "b").locator("[data-incomplete]").is_visible()
    assert violations(page, KURSBAU) == []
    root(page, "b").locator('[data-action="confirm-submit"]').click()
    root(page, "c").get_by_label("Netzwerken", exact=True).check()
    root(page, "c").get_by_label("Vertrauen langsam aufbauen").check()
    for c in ("a", "c"):
        submit(page, c)
    root(page, "d").get_by_label("Kaltakquise").check()
    root(page, "d").locator('[data-action="check"]').click()
    root(page, "e").get_by_label("Wann?").fill("Montag")
    assert violations(page, KURSBAU) == []
    root(page, "b").locator("fieldset").nth(1).get_by_label("trifft nicht zu").check()
    assert root(page, "b").locator(".kb-bars").is_visible()
    assert violations(page, KURSBAU) == []


def test_axe_dark_scheme_variables(page, pages):
    """Material's slate palette: Kursbau's own colours switch with it."""
    pages.open(page, compile_yaml(QUIZ))
    page.evaluate(
        "document.body.setAttribute('data-md-color-scheme', 'slate');"
        "document.body.style.cssText = 'background:#1e2129;color:#e2e4e9;"
        "--md-default-fg-color:#e2e4e9;--md-default-bg-color:#1e2129;--md-code-bg-color:#262a35;"
        "--md-default-fg-color--light:#b4b8c4;--md-typeset-a-color:#8c9eff'"
    )
    root(page).get_by_label("Netzwerken", exact=True).check()
    submit(page)
    assert violations(page, KURSBAU) == []


def test_reduced_motion_turns_transitions_off(browser, pages):
    for motion, moving in (("reduce", False), ("no-preference", True)):
        context = browser.new_context(reduced_motion=motion)
        page = context.new_page()
        pages.open(page, compile_yaml(CHECKLIST))
        durations = page.evaluate(
            "['.kb-opt'].map(s => getComputedStyle(document.querySelector(s)).transitionDuration)"
        )
        assert all(d != "0s" for d in durations) is moving, (motion, durations)
        context.close()


def test_result_region_is_a_status_and_rights_and_wrongs_have_text(page, pages):
    pages.open(page, compile_yaml(QUIZ))
    r = root(page)
    assert r.locator("[data-result]").get_attribute("role") == "status"
    r.get_by_label("Kaltakquise").check()
    submit(page)
    r.locator('[data-action="confirm-submit"]').click()
    # the mark is a symbol and a word, inside the option's label (read with it)
    assert (
        r.get_by_label("Kaltakquise")
        .evaluate("e => e.closest('label').innerText")
        .endswith("\u2717 falsch")
    )
