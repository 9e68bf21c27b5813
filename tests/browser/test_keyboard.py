"""Keyboard alone is enough: Tab, Space, arrow keys and Enter, with a visible focus."""

from __future__ import annotations

from kbhelp import CHECKLIST, QUIZ, SELF, compile_yaml, result, root


def focused(page) -> dict:
    return page.evaluate(
        """() => { const e = document.activeElement, s = getComputedStyle(e);
           return {tag: e.tagName, type: e.type || null, name: e.name || null, value: e.value || null,
                   action: e.getAttribute('data-action'), outline: s.outlineStyle,
                   width: parseFloat(s.outlineWidth)}; }"""
    )


def test_checklist_by_keyboard(page, pages, console_errors):
    pages.open(page, compile_yaml(CHECKLIST))
    page.keyboard.press("Tab")
    f = focused(page)
    assert (f["type"], f["name"]) == ("checkbox", "t/check/q1")
    assert f["outline"] != "none" and f["width"] >= 2  # visible focus
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert focused(page)["name"] == "t/check/q3"
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    f = focused(page)
    assert f["action"] == "submit" and f["outline"] != "none"
    page.keyboard.press("Enter")
    res = result(page)
    assert (res["score"], res["max"], res["band"]) == ("2", "4", "0")
    # the focus is on the result's heading, so the next Tab leads into the result
    f = focused(page)
    assert f["tag"] == "H3" and f["outline"] != "none"  # below the check's h2 title
    # after the submit, every change shows at once
    for _ in range(4):  # back past "Zurücksetzen", "Auswerten" and item 3
        page.keyboard.press("Shift+Tab")
    assert focused(page)["name"] == "t/check/q2"
    page.keyboard.press("Space")
    assert result(page)["score"] == "4"


def test_self_assessment_with_arrow_keys(page, pages, console_errors):
    pages.open(page, compile_yaml(SELF))
    page.keyboard.press("Tab")
    assert (focused(page)["type"], focused(page)["name"]) == ("radio", "t/check/q1")
    page.keyboard.press("Space")  # first step
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")  # third step: trifft eher zu
    assert focused(page)["value"] == "2"
    page.keyboard.press("Tab")
    assert focused(page)["name"] == "t/check/q2"
    page.keyboard.press("Space")
    page.keyboard.press("ArrowRight")  # trifft eher nicht zu, reversed: 2 points
    page.keyboard.press("Enter")  # Enter in a field never submits (FORMAT 1.1)
    assert result(page)["text"] == ""
    page.keyboard.press("Tab")
    assert focused(page)["action"] == "submit"
    page.keyboard.press("Enter")
    res = result(page)
    assert (res["score"], res["max"], res["band"]) == ("6", "9", "1")


def test_quiz_by_keyboard_with_check_button(page, pages, console_errors):
    pages.open(page, compile_yaml(QUIZ.replace("feedback: on-submit", "feedback: immediate")))
    r = root(page)
    page.keyboard.press("Tab")
    page.keyboard.press("Space")  # Empfehlungsmanagement: marked at once, and final
    assert r.locator("fieldset").first.locator(".kb-fb").inner_text() == "\u2713 Richtig"
    assert focused(page)["tag"] == "P"  # the focus is on the mark, which a screen reader reads
    page.keyboard.press("Tab")  # the folded explanation ("Erklärung") of a right answer
    assert focused(page)["tag"] == "SUMMARY"
    page.keyboard.press("Tab")  # into the checkboxes of question 2
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert focused(page)["action"] == "check"
    page.keyboard.press("Enter")
    assert r.locator("fieldset").nth(1).locator(".kb-fb").inner_text() == "\u2713 Richtig"
    page.keyboard.press("Tab")  # the reflection
    assert focused(page)["tag"] == "TEXTAREA"
    page.keyboard.type("Anna")
    page.keyboard.press("Tab")
    assert focused(page)["action"] == "submit"
    page.keyboard.press("Enter")
    res = result(page)
    assert (res["score"], res["passed"]) == ("3", "true")
