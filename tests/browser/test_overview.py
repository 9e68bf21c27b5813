"""The overview widget: each check's state, and deleting everything on a shared laptop."""

from __future__ import annotations

from kbhelp import CHECKLIST, PLAN, QUIZ, compile_yaml, root, stored, submit

from generator.mkdocs_adapter.plugin import overview_extras


def entry(data, url="#"):
    """An overview entry as the plugin hands it over (generator.core.pages plus the extras)."""
    fields = {k: data[k] for k in ("id", "title", "type", "actionPlan", "hash")}
    return fields | {"url": url} | overview_extras(data)


def states(page):
    return page.locator(".kb-overview [data-kb-state]").all_inner_texts()


def scores(page):
    return page.locator(".kb-overview [data-kb-score]").all_inner_texts()


def test_overview_states_and_clear_all(page, pages, console_errors):
    checklist, quiz, plan = (
        compile_yaml(CHECKLIST, "a"),
        compile_yaml(QUIZ, "b"),
        compile_yaml(PLAN, "c"),
    )
    overview = [entry(checklist), entry(quiz), entry(plan)]
    name = pages.write(checklist, quiz, plan, overview=overview)
    page.goto(pages.url(name))
    page.wait_for_selector("[data-kb-overview][data-kb-ready]", state="attached")
    ov = page.locator(".kb-overview")
    assert ov.locator("th").all_inner_texts() == ["Selbstcheck", "Ergebnis", "Stand"]
    assert ov.locator("tbody .kb-kind").all_inner_texts() == [
        "Checkliste · 3 Aussagen · etwa 1 Minute",
        "Quiz · 3 Fragen · etwa 3 Minuten",
        "Aktionsplan · 2 Fragen · etwa 3 Minuten",
    ]
    assert states(page) == ["Nicht begonnen"] * 3

    root(page, "a").get_by_label("Ich gebe Tipps weiter, ohne etwas zurückzuerwarten.").check()
    submit(page, "a")
    root(page, "b").get_by_label("Empfehlungsmanagement").check()
    root(page, "c").get_by_label("Wann?").fill("Montag")
    # another course on the same device is left alone
    page.evaluate("localStorage.setItem('kursbau:anderer-kurs:a', '{}')")
    page.reload()
    page.wait_for_selector("[data-kb-overview][data-kb-ready]", state="attached")
    assert states(page) == ["Noch am Anfang", "In Bearbeitung", "In Bearbeitung"]
    assert scores(page) == ["2 von 4 Punkten (50\u00a0%)", "–", "–"]
    root(page, "b").get_by_label("Vertrauen langsam aufbauen").check()
    submit(page, "b")
    root(page, "c").get_by_label("Wen rufst du").fill("Anna")
    page.reload()
    page.wait_for_selector("[data-kb-overview][data-kb-ready]", state="attached")
    # a failed quiz says so: no tick next to it
    assert states(page) == ["Noch am Anfang", "\u2717 Noch nicht bestanden", "Erledigt"]
    assert scores(page)[1] == "2 von 3 Punkten (66\u00a0%)"

    page.once("dialog", lambda d: d.dismiss())
    ov.locator('[data-action="clear-all"]').click()
    assert stored(page, "a") is not None
    page.once("dialog", lambda d: d.accept())
    ov.locator('[data-action="clear-all"]').click()
    assert states(page) == ["Nicht begonnen"] * 3
    assert "gelöscht" in ov.locator("[data-kb-notice]").inner_text()
    assert stored(page, "a") is None and stored(page, "c") is None
    assert page.evaluate("localStorage.getItem('kursbau:anderer-kurs:a')") == "{}"
    # the checks on the page follow at once: nothing of the deleted answers is left to submit
    assert root(page, "a").locator("input:checked").count() == 0
    assert root(page, "c").get_by_label("Wann?").input_value() == ""


HOSTILE = [
    '{"l": {"toString": 0, "valueOf": 0}}',
    '{"hash": "HASH", "s": 2, "l": {"toString": 0, "valueOf": 0}}',
    '{"hash": "HASH", "v": 2, "answers": {"__proto__": {"x": 1}, "toString": 1}, "done": true,'
    ' "result": {"score": {"toString": 0}, "max": "4", "title": {"valueOf": 0}}}',
    '{"hash": "HASH", "answers": {}, "result": {"score": "1", "max": "4", "percent": "x",'
    ' "title": ["<img src=x onerror=alert(1)>"], "passed": "yes"}}',
    '{"__proto__": {"hash": "HASH", "done": true}, "constructor": {"prototype": {"polluted": 1}}}',
    "[1, 2, 3]",
    '"text"',
    "null",
    "{not json",
]


def test_hostile_records_never_break_the_overview_or_clear_all(page, pages, console_errors):
    """Issue 10: a stored record shaped to break string conversion or to reach a prototype
    leaves the overview working, and "delete all answers" deletes it."""
    data = [compile_yaml(CHECKLIST, f"h{i}") for i in range(len(HOSTILE))]
    name = pages.write(overview=[entry(d) for d in data])
    page.goto(pages.url(name))
    page.evaluate(
        "([records, hash]) => records.forEach((r, i) =>"
        " localStorage.setItem('kursbau:testkurs:h' + i, r.replaceAll('HASH', hash)))",
        [HOSTILE, data[0]["hash"]],
    )
    page.reload()
    page.wait_for_selector("[data-kb-overview][data-kb-ready]", state="attached")
    shown = states(page)
    assert len(shown) == len(HOSTILE) and all(s and "[object" not in s for s in shown)
    assert page.evaluate("({}).polluted === undefined && ({}).x === undefined")
    assert page.locator("img").count() == 0
    page.once("dialog", lambda d: d.accept())
    page.locator('[data-action="clear-all"]').click()
    assert states(page) == ["Nicht begonnen"] * len(HOSTILE)
    left = page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('kursbau:testkurs:'))")
    assert left == []


def test_overview_marks_revised_checks(page, pages):
    data = compile_yaml(CHECKLIST, "a")
    name = pages.write(overview=[entry(data) | {"hash": "neu"}])
    page.goto(pages.url(name))
    page.evaluate(
        "localStorage.setItem('kursbau:testkurs:a', JSON.stringify({hash: 'alt', a: {q1: true}, s: 2, l: 'x'}))"
    )
    page.reload()
    page.wait_for_selector("[data-kb-overview][data-kb-ready]", state="attached")
    assert states(page) == ["Überarbeitet – bitte neu beantworten"]


def test_overview_without_javascript(browser, pages):
    data = compile_yaml(CHECKLIST, "a")
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(pages.url(pages.write(overview=[entry(data, "checks/a.html")])))
    link = page.get_by_role("link", name="Bist du bereit zu netzwerken?")
    assert link.get_attribute("href") == "checks/a.html"
    assert not page.locator('[data-action="clear-all"]').is_visible()
    context.close()


def test_overview_fits_a_phone(browser, pages):
    """Phone: the overview never makes the page scroll sideways."""
    data = [compile_yaml(QUIZ, f"q{i}") for i in range(3)]
    context = browser.new_context(viewport={"width": 375, "height": 700})
    page = context.new_page()
    page.goto(pages.url(pages.write(overview=[entry(d) for d in data])))
    page.wait_for_selector("[data-kb-overview][data-kb-ready]", state="attached")
    page.evaluate(
        "localStorage.setItem('kursbau:testkurs:q0', JSON.stringify({v: 2, hash: 'x', answers: {}}))"
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    context.close()
