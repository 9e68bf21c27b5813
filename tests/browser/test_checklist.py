"""Checklists, clicked as a participant: score, bands, chart, to-do list, exact thresholds."""

from __future__ import annotations

from kbhelp import CHECKLIST, compile_yaml, details, result, root, submit


def test_checklist_result_chart_and_todo(page, pages, console_errors):
    data = compile_yaml(CHECKLIST)
    pages.open(page, data)
    r = root(page)
    # before the first submit: no result, no score attributes
    assert result(page) == {"text": "", "role": "status"}
    r.get_by_label("Ich weiß, was ich für wen anbiete.").check()
    r.get_by_label("Ich kann in zwei Sätzen sagen, wofür man mich holt.").check()
    assert result(page)["text"] == ""
    submit(page)
    res = result(page)
    assert (res["score"], res["max"], res["band"]) == ("2", "4", "0")
    assert "passed" not in res
    assert "2 von 4 Punkten" in res["text"] and "50\u00a0%" in res["text"]
    assert "Noch am Anfang" in res["text"]
    text = details(page)
    assert "Such dir eine Aussage aus" in text
    # chart: one row per dimension with its percentage as text
    rows = r.locator(".kb-bars li").all_inner_texts()
    assert [" ".join(x.split()) for x in rows] == ["Geben und Nehmen 0 %", "Klares Profil 100 %"]
    assert "Am stärksten: Klares Profil." in text
    assert "Am meisten Luft nach oben: Geben und Nehmen." in text
    # to-do list: the tip of the unticked item
    assert r.locator(".kb-todo li:visible").all_inner_texts() == [
        "Verschenke diese Woche eine Empfehlung."
    ]
    assert r.locator('[data-action="print"]').is_visible()

    # after the first submit the result follows every change at once
    r.get_by_label("Ich gebe Tipps weiter, ohne etwas zurückzuerwarten.").check()
    res = result(page)
    assert (res["score"], res["band"]) == ("4", "1")
    assert "Auf gutem Weg" in res["text"] and "100\u00a0%" in res["text"]
    assert r.locator(".kb-todo").is_hidden()
    assert "Alle Bereiche liegen gleichauf." in details(page)
    r.get_by_label("Ich weiß, was ich für wen anbiete.").uncheck()
    assert (result(page)["score"], result(page)["band"]) == ("3", "1")


def test_unticked_is_no_and_empty_submit_scores_zero(page, pages):
    pages.open(page, compile_yaml(CHECKLIST))
    submit(page)  # a checklist is never incomplete: nothing to ask
    assert root(page).locator("[data-incomplete]").is_hidden()
    res = result(page)
    assert (res["score"], res["max"], res["band"]) == ("0", "4", "0")
    assert "0 von 4 Punkten" in res["text"]
    # at 0 % no area is "level" with another: there are no points yet
    assert "In keinem Bereich gibt es bisher Punkte." in details(page)


def test_decimal_points_decide_bands_exactly(page, pages):
    data = compile_yaml(
        """
        title: Exakt
        type: checklist
        items:
          - {text: a, points: 0.7}
          - {text: b, points: 0.1}
          - {text: c, points: 0.2}
        results:
          - {min: 0, title: Unten, text: u}
          - {min: 0.8, title: Oben, text: o}
        """
    )
    pages.open(page, data)
    r = root(page)
    r.get_by_label("a").check()
    r.get_by_label("b").check()
    submit(page)
    res = result(page)
    assert (res["score"], res["max"], res["band"]) == ("0.8", "1", "1")
    assert "0,8 von 1 Punkten" in res["text"] and "80\u00a0%" in res["text"]


def test_57_of_100_reach_57_percent(page, pages):
    data = compile_yaml(
        """
        title: Prozent
        type: checklist
        items:
          - {text: Sieben, points: 7}
          - {text: Fünfzig, points: 50}
          - {text: Rest, points: 43}
        results:
          - {min: "0%", title: Unten, text: u}
          - {min: "57%", title: Oben, text: o}
        """
    )
    pages.open(page, data)
    r = root(page)
    r.get_by_label("Sieben").check()
    r.get_by_label("Fünfzig").check()
    submit(page)
    res = result(page)
    assert (res["score"], res["max"], res["band"]) == ("57", "100", "1")
    assert "57\u00a0%" in res["text"] and "Oben" in res["text"]


def test_percent_is_floored_below_a_band(page, pages):
    data = compile_yaml(
        """
        title: Abrunden
        type: checklist
        items:
          - {text: a, points: 1.49}
          - {text: b, points: 0.51}
        results:
          - {min: "0%", title: Unten, text: u}
          - {min: "75%", title: Oben, text: o}
        """
    )
    pages.open(page, data)
    root(page).get_by_label("a").check()
    submit(page)
    res = result(page)  # 1.49 of 2 = 74.5 % → shows 74 %, stays below the 75 % band
    assert (res["score"], res["band"]) == ("1.49", "0")
    assert "74\u00a0%" in res["text"] and "Unten" in res["text"]


def test_without_javascript_the_worksheet_is_complete(browser, pages):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(pages.url(pages.write(compile_yaml(CHECKLIST))))
    r = root(page)
    assert r.locator('input[type="checkbox"]').count() == 3
    assert r.get_by_label("Ich weiß, was ich für wen anbiete.").is_visible()
    assert r.locator("fieldset legend").count() == 1
    assert r.locator(".kb-nojs").is_visible()
    assert not r.locator('[data-action="submit"]').is_visible()
    assert not r.locator('[data-action="submit"]').is_visible()
    names = r.locator("input").evaluate_all("els => els.map(e => e.name)")
    assert names == ["t/check/q1", "t/check/q2", "t/check/q3"]
    context.close()
