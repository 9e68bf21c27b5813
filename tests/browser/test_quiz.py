"""Quizzes: single, multiple, partial credit, points, pass marks, both feedback modes."""

from __future__ import annotations

from kbhelp import QUIZ, compile_yaml, details, result, root, submit


def q(page, text):
    return root(page).locator("fieldset", has_text=text)


def test_on_submit_feedback_partial_credit_and_pass(page, pages, console_errors):
    pages.open(page, compile_yaml(QUIZ))
    q1, q2 = q(page, "Eine Kundin fragt"), q(page, "Was gehört zum Netzwerken?")
    assert q2.locator('input[type="checkbox"]').count() == 3
    assert "Mehrere Antworten möglich" in q2.inner_text()
    assert "(2 Punkte)" in q2.locator("legend").inner_text()
    q1.get_by_label("Netzwerken").check()
    # on-submit: nothing is marked before the first submit
    assert q1.locator(".kb-fb").inner_text() == ""
    assert not q1.get_by_text("Netzwerken wirkt indirekt").is_visible()
    q2.get_by_label("Geben ohne Gegenrechnung").check()
    q2.get_by_label("Beim ersten Treffen").check()
    submit(page)
    res = result(page)
    # partial: 2 × max(0, (1 − 1) / 2) = 0
    assert (res["score"], res["max"], res["passed"]) == ("0", "3", "false")
    assert "band" not in res
    assert "0 von 3 Punkten" in res["text"] and "Noch nicht bestanden" in res["text"]
    assert "nötig: 70\u00a0%" in res["text"]
    # marks: text and icon, never colour alone; chosen option's feedback; explanation
    assert q1.locator(".kb-fb").inner_text() == "\u2717 Nicht richtig"
    assert "\u2717 falsch" in q1.locator(".kb-o", has_text="Netzwerken").inner_text()
    assert q1.get_by_text("Netzwerken wirkt indirekt; hier wird direkt gefragt.").is_visible()
    assert not q1.get_by_text("Richtig – eine direkte, offene Bitte.").is_visible()
    assert q1.get_by_text("Wer Bestandskunden um Kontakte bittet").is_visible()
    assert "\u2713 richtig" in q2.locator(".kb-o", has_text="Geben ohne").inner_text()
    # the missed right option of a partly right answer is pointed out in place
    assert (
        "richtig, nicht gewählt" in q2.locator(".kb-o", has_text="Vertrauen langsam").inner_text()
    )
    # the result links to the questions to look at again; each explanation shows once, in place
    text = details(page)
    assert "Schau dir diese Fragen noch einmal an: Frage 1 und Frage 2" in text
    assert root(page).get_by_text("Wer Bestandskunden um Kontakte bittet").count() == 1
    assert root(page).locator(".kb-review a").first.get_attribute("href") == "#" + q1.get_attribute(
        "id"
    )

    # the attempt counts as submitted: the answers are read-only until "Neuer Versuch"
    assert q2.get_by_label("Beim ersten Treffen").is_disabled()
    assert root(page).locator('[data-action="submit"]').is_hidden()
    root(page).locator('[data-action="retry"]').click()
    assert root(page).locator("input:checked").count() == 0
    assert not q1.get_by_text("Wer Bestandskunden um Kontakte bittet").is_visible()
    assert q1.locator(".kb-fb").inner_text() == ""
    q1.get_by_label("Empfehlungsmanagement").check()
    q2.get_by_label("Geben ohne Gegenrechnung").check()
    q2.get_by_label("Vertrauen langsam aufbauen").check()
    submit(page)
    res = result(page)
    assert (res["score"], res["passed"]) == ("3", "true")
    assert "\u2713 Bestanden" in res["text"] and "100\u00a0%" in res["text"]
    assert q1.locator(".kb-fb").inner_text() == "\u2713 Richtig"
    assert q1.get_by_text("Richtig – eine direkte, offene Bitte.").is_visible()
    assert details(page).strip() == ""


def test_pass_mark_exactly_reached(page, pages):
    pages.open(page, compile_yaml(QUIZ))
    q(page, "Eine Kundin fragt").get_by_label("Empfehlungsmanagement").check()
    q(page, "Was gehört zum Netzwerken?").get_by_label("Geben ohne Gegenrechnung").check()
    submit(page)
    res = result(page)  # 2 of 3 = 66.67 % < 70 %
    assert (res["score"], res["passed"]) == ("2", "false")
    assert "66\u00a0%" in res["text"]


def test_multiple_without_partial_needs_the_exact_set_and_points_pass(page, pages):
    data = compile_yaml(
        """
        title: Genau
        type: quiz
        pass: 1.5
        questions:
          - text: Welche?
            type: multiple
            points: 1.5
            options:
              - {text: A, correct: true}
              - {text: B, correct: true}
              - {text: C}
          - text: Eine
            points: 0.5
            options: [{text: Ja, correct: true}, {text: Nein}]
        results:
          - {min: 0, title: Weiter üben, text: x}
          - {min: 2, title: Sicher, text: y}
        """
    )
    pages.open(page, data)
    welche = q(page, "Welche?")
    welche.get_by_label("A", exact=True).check()
    submit(page)
    root(page).locator('[data-action="confirm-submit"]').click()  # one question left open
    res = result(page)
    assert (res["score"], res["max"], res["passed"], res["band"]) == ("0", "2", "false", "0")
    # unanswered questions earn 0 and say so
    assert q(page, "Eine").locator(".kb-fb").inner_text() == "\u2013 Noch nicht beantwortet"
    root(page).locator('[data-action="retry"]').click()
    welche.get_by_label("A", exact=True).check()
    welche.get_by_label("B", exact=True).check()
    submit(page)
    root(page).locator('[data-action="confirm-submit"]').click()
    res = result(page)
    assert (res["score"], res["passed"], res["band"]) == ("1.5", "true", "0")
    assert "nötig: 1,5 von 2 Punkten" in res["text"]
    root(page).locator('[data-action="retry"]').click()
    welche.get_by_label("A", exact=True).check()
    welche.get_by_label("B", exact=True).check()
    q(page, "Eine").get_by_label("Ja").check()
    submit(page)
    res = result(page)
    assert (res["score"], res["band"]) == ("2", "1")
    assert "Sicher" in res["text"]


def test_immediate_feedback(page, pages, console_errors):
    pages.open(page, compile_yaml(QUIZ.replace("feedback: on-submit", "feedback: immediate")))
    q1, q2 = q(page, "Eine Kundin fragt"), q(page, "Was gehört zum Netzwerken?")
    # single: marked as soon as it is answered, and the marked answer is final for this attempt
    q1.get_by_label("Kaltakquise").check()
    assert q1.locator(".kb-fb").inner_text() == "\u2717 Nicht richtig"
    assert q1.get_by_label("Empfehlungsmanagement").is_disabled()
    assert (
        "richtig, nicht gewählt"
        in q1.locator(".kb-o", has_text="Empfehlungsmanagement").inner_text()
    )
    assert q1.get_by_text("Wer Bestandskunden um Kontakte bittet").is_visible()
    assert result(page)["text"] == ""  # the score waits for the submit button
    # multiple: marked only when its own check button is pressed, then final as well
    q2.get_by_label("Geben ohne Gegenrechnung").check()
    assert q2.locator(".kb-fb").inner_text() == ""
    q2.get_by_label("Vertrauen langsam aufbauen").check()
    q2.locator('[data-action="check"]').click()
    assert q2.locator(".kb-fb").inner_text() == "\u2713 Richtig"
    assert q2.get_by_label("Beim ersten Treffen").is_disabled()
    assert q2.locator('[data-action="check"]').is_hidden()
    submit(page)
    res = result(page)
    assert (res["score"], res["max"], res["passed"]) == ("2", "3", "false")
    # a new attempt clears the answers and the marks
    root(page).locator('[data-action="retry"]').click()
    assert root(page).locator("input:checked").count() == 0
    q1.get_by_label("Empfehlungsmanagement").check()
    assert q1.locator(".kb-fb").inner_text() == "\u2713 Richtig"


def test_partial_credit_with_fractions(page, pages):
    data = compile_yaml(
        """
        title: Drittel
        type: quiz
        questions:
          - text: Drei richtige
            type: multiple
            partial: true
            options:
              - {text: A, correct: true}
              - {text: B, correct: true}
              - {text: C, correct: true}
              - {text: D}
        """
    )
    pages.open(page, data)
    q(page, "Drei richtige").get_by_label("A", exact=True).check()
    q(page, "Drei richtige").get_by_label("B", exact=True).check()
    submit(page)
    res = result(page)
    assert (res["score"], res["max"]) == ("0.6667", "1")  # 2/3, four decimals, half up
    # shown exactly, as on the paper scoring guide, never as a rounded "0,66"
    assert "⅔ von 1 Punkten" in res["text"] and "66\u00a0%" in res["text"]
    assert "passed" not in res and "band" not in res


def test_one_live_region_speaks_on_submit(page, pages):
    """Only the result (a status region) is announced on submit, not every question's mark."""
    pages.open(page, compile_yaml(QUIZ))
    r = root(page)
    live = r.locator("[aria-live], [role=status], [role=alert]")
    assert (
        live.evaluate_all(
            "ns => ns.map(n => n.matches('[data-result], [data-incomplete], [data-kb-notice]'))"
        )
        == [True] * 3
    )
    r.get_by_label("Netzwerken", exact=True).check()
    r.get_by_label("Vertrauen langsam aufbauen").check()
    submit(page)
    assert r.locator(".kb-fb[aria-live]").count() == 0
    assert "1 von 3 Punkten" in result(page)["text"]
