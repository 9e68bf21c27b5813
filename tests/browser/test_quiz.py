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
    # the review lists both questions with the right answer and the explanation
    text = details(page)
    assert "Schau dir diese Fragen noch einmal an" in text
    assert "Deine Antwort: Netzwerken" in text
    assert "Richtig wäre: Empfehlungsmanagement" in text
    assert "Richtig wäre: Geben ohne Gegenrechnung, Vertrauen langsam aufbauen" in text
    assert root(page).locator(".kb-rev li").evaluate_all("ls => ls.map(l => l.value)") == [1, 2]

    # after the submit every change shows at once
    q2.get_by_label("Beim ersten Treffen").uncheck()
    res = result(page)  # 2 × (1 − 0) / 2 = 1 → 1 of 3 = 33 %
    assert (res["score"], res["passed"]) == ("1", "false")
    assert (
        q2.locator(".kb-fb").inner_text().startswith("\u25d0 Teilweise richtig (1 von 2 Punkten)")
    )
    q1.get_by_label("Empfehlungsmanagement").check()
    q2.get_by_label("Vertrauen langsam aufbauen").check()
    res = result(page)
    assert (res["score"], res["passed"]) == ("3", "true")
    assert "\u2713 Bestanden" in res["text"] and "100\u00a0%" in res["text"]
    assert q1.locator(".kb-fb").inner_text() == "\u2713 Richtig"
    assert q1.get_by_text("Richtig – eine direkte, offene Bitte.").is_visible()
    assert root(page).locator(".kb-review").count() == 0


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
    res = result(page)
    assert (res["score"], res["max"], res["passed"], res["band"]) == ("0", "2", "false", "0")
    # unanswered questions earn 0 and say so
    assert q(page, "Eine").locator(".kb-fb").inner_text() == "\u2013 Noch nicht beantwortet"
    assert "Deine Antwort: keine" in details(page)
    welche.get_by_label("B", exact=True).check()
    res = result(page)
    assert (res["score"], res["passed"], res["band"]) == ("1.5", "true", "0")
    assert "nötig: 1,5 von 2 Punkten" in res["text"]
    q(page, "Eine").get_by_label("Ja").check()
    res = result(page)
    assert (res["score"], res["band"]) == ("2", "1")
    assert "Sicher" in res["text"]


def test_immediate_feedback(page, pages, console_errors):
    pages.open(page, compile_yaml(QUIZ.replace("feedback: on-submit", "feedback: immediate")))
    q1, q2 = q(page, "Eine Kundin fragt"), q(page, "Was gehört zum Netzwerken?")
    # single: marked as soon as it is answered, and re-marked on every change
    q1.get_by_label("Kaltakquise").check()
    assert q1.locator(".kb-fb").inner_text() == "\u2717 Nicht richtig"
    q1.get_by_label("Empfehlungsmanagement").check()
    assert q1.locator(".kb-fb").inner_text() == "\u2713 Richtig"
    assert q1.get_by_text("Richtig – eine direkte, offene Bitte.").is_visible()
    assert result(page)["text"] == ""  # the score waits for the submit button
    # multiple: marked only when its own check button is pressed
    q2.get_by_label("Geben ohne Gegenrechnung").check()
    assert q2.locator(".kb-fb").inner_text() == ""
    q2.locator('[data-action="check"]').click()
    assert q2.locator(".kb-fb").inner_text().startswith("\u25d0 Teilweise richtig")
    # a change takes the mark away until it is checked again
    q2.get_by_label("Vertrauen langsam aufbauen").check()
    assert q2.locator(".kb-fb").inner_text() == ""
    q2.locator('[data-action="check"]').click()
    assert q2.locator(".kb-fb").inner_text() == "\u2713 Richtig"
    submit(page)
    res = result(page)
    assert (res["score"], res["max"], res["passed"]) == ("3", "3", "true")
    q1.get_by_label("Netzwerken").check()  # answers stay changeable, the score follows
    assert (result(page)["score"], result(page)["passed"]) == ("2", "false")


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
    assert "0,66 von 1 Punkten" in res["text"] and "66\u00a0%" in res["text"]
    assert "passed" not in res and "band" not in res


def test_a_change_rewrites_only_the_live_regions_whose_words_change(page, pages):
    pages.open(page, compile_yaml(QUIZ))
    r = root(page)
    r.get_by_label("Netzwerken", exact=True).check()
    submit(page)
    page.evaluate(
        """() => { window.__changed = new Set();
           document.querySelectorAll('[data-kb-fb], [data-result]').forEach((n, i) =>
             new MutationObserver(() => window.__changed.add(n.closest('fieldset')?.dataset.kbQ || 'result'))
               .observe(n, {childList: true, characterData: true, subtree: true})); }"""
    )
    q(page, "Was gehört zum Netzwerken?").get_by_label("Geben ohne Gegenrechnung").check()
    page.wait_for_timeout(50)
    assert sorted(page.evaluate("[...window.__changed]")) == ["q2", "result"]
