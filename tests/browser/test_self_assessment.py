"""Self-assessments: named and custom scales, weights, reverse, tips, dimension bands, timing."""

from __future__ import annotations

from kbhelp import SELF, compile_yaml, details, result, root, submit


def fieldset(page, text):
    return root(page).locator("fieldset", has_text=text)


def test_result_only_when_every_statement_is_answered(page, pages, console_errors):
    pages.open(page, compile_yaml(SELF))
    f1 = fieldset(page, "Ich melde mich mindestens")
    f2 = fieldset(page, "Ich spreche Leute vor allem an")
    # named scale agree-4: four radios with German labels, in order
    assert f1.locator("label").all_inner_texts() == [
        "trifft nicht zu",
        "trifft eher nicht zu",
        "trifft eher zu",
        "trifft voll zu",
    ]
    f1.get_by_label("trifft eher zu").check()
    submit(page)
    # FORMAT 1.1: an incomplete submit asks first, inside the check
    ask = root(page).locator("[data-incomplete]")
    assert ask.get_attribute("role") == "alert"
    assert "Noch 1 Aussage ist offen" in ask.inner_text()
    assert result(page)["text"] == ""
    root(page).locator('[data-action="confirm-submit"]').click()
    res = result(page)
    assert "score" not in res and "band" not in res
    assert "Noch 1 Aussage offen" in res["text"]
    assert "Noch nicht beantwortet" in f2.inner_text()
    # the first open statement gets the focus, so a keyboard user lands where work is left
    assert page.evaluate("document.activeElement.name") == "t/check/q2"

    # reverse: "trifft eher zu" (2 of 0–3) earns 3 + 0 − 2 = 1 point
    f2.get_by_label("trifft eher zu").check()
    res = result(page)
    # weight 2: 2 × 2 = 4; total 5 of 9 = 55.5 % → band "lebt" (50 %), shown as 55 %
    assert (res["score"], res["max"], res["band"]) == ("5", "9", "1")
    assert "5 von 9 Punkten" in res["text"] and "55\u00a0%" in res["text"]
    assert "Dein Netzwerk lebt" in res["text"]
    assert "Noch nicht beantwortet" not in f2.inner_text()
    text = details(page)
    assert "Halte den Rhythmus." in text
    # dimension chart with the dimension's own band
    bars = root(page).locator(".kb-bars > li").all_inner_texts()
    assert "Kontaktpflege" in bars[0] and "66\u00a0%" in bars[0]
    assert "Geben und Nehmen" in bars[1] and "33\u00a0%" in bars[1]
    assert "Nimm dir Zeit fürs Geben" in bars[1] and "Eine Empfehlung pro Monat" in bars[1]
    assert "Am stärksten: Kontaktpflege." in text
    # tip: the statement earned 1 of 3, less than half
    assert root(page).locator(".kb-todo li:visible").all_inner_texts() == [
        "Melde dich auch einmal ohne Anliegen."
    ]
    # changing an answer changes the result at once; the tip goes at half the points or more
    f2.get_by_label("trifft nicht zu").check()
    res = result(page)
    assert (res["score"], res["band"]) == ("7", "1")
    assert root(page).locator(".kb-todo").is_hidden()
    assert "Du gibst gern" in details(page)


def test_no_result_before_submit_even_when_complete(page, pages):
    pages.open(page, compile_yaml(SELF))
    fieldset(page, "Ich melde mich").get_by_label("trifft voll zu").check()
    fieldset(page, "Ich spreche Leute").get_by_label("trifft voll zu").check()
    assert result(page)["text"] == ""
    submit(page)
    res = result(page)
    assert (res["score"], res["max"], res["band"]) == ("6", "9", "1")


def test_custom_scale_and_decimal_weights(page, pages):
    data = compile_yaml(
        """
        title: Eigene Skala
        type: self-assessment
        scale:
          - {label: oft, points: 2}
          - {label: nie, points: 0}
          - {label: manchmal, points: 1.5}
        questions:
          - {text: Erstens, weight: 0.5}
          - {text: Zweitens, reverse: true, tip: Öfter mal.}
          - {text: Drittens, type: reflection}
        results:
          - {min: 0, title: Wenig, text: w}
          - {min: 1.75, title: Mehr, text: m}
        """
    )
    pages.open(page, data)
    # display order as written, not sorted by points
    assert fieldset(page, "Erstens").locator("label").all_inner_texts() == [
        "oft",
        "nie",
        "manchmal",
    ]
    fieldset(page, "Erstens").get_by_label("manchmal").check()  # 0.5 × 1.5 = 0.75
    fieldset(page, "Zweitens").get_by_label("manchmal").check()  # reverse: 2 + 0 − 1.5 = 0.5
    submit(page)
    res = result(page)
    assert (res["score"], res["max"], res["band"]) == ("1.25", "3", "0")
    assert "1,25 von 3 Punkten" in res["text"] and "41\u00a0%" in res["text"]
    assert root(page).locator(".kb-todo li:visible").all_inner_texts() == ["Öfter mal."]
    fieldset(page, "Zweitens").get_by_label("nie").check()  # reverse: 2 + 0 − 0 = 2
    res = result(page)
    assert (res["score"], res["band"]) == ("2.75", "1")
    # the reflection is never counted as open and never scored
    root(page).get_by_label("Drittens").fill("Notiz")
    assert result(page)["score"] == "2.75"


def test_english_labels_and_texts(page, pages):
    data = compile_yaml(SELF, lang="en")
    pages.open(page, data, lang="en")
    f1 = fieldset(page, "Ich melde mich")
    assert f1.locator("label").all_inner_texts() == [
        "disagree",
        "somewhat disagree",
        "somewhat agree",
        "agree",
    ]
    assert root(page).locator('[data-action="submit"]').inner_text() == "Show my result"
    f1.get_by_label("agree", exact=True).check()
    submit(page)
    assert "1 statement is still open" in root(page).locator("[data-incomplete]").inner_text()
    root(page).locator('[data-action="confirm-submit"]').click()
    assert "1 statement left" in result(page)["text"]
    fieldset(page, "Ich spreche Leute").get_by_label("disagree", exact=True).check()
    res = result(page)
    assert (res["score"], res["max"]) == ("9", "9")
    assert "9 of 9 points" in res["text"] and "100%" in res["text"]
    assert "Strongest: Kontaktpflege and Geben und Nehmen." not in details(page)
    assert "All areas are level." in details(page)
