"""The overview widget: each check's state, and deleting everything on a shared laptop."""

from __future__ import annotations

from kbhelp import CHECKLIST, PLAN, QUIZ, compile_yaml, root, stored, submit


def entry(data, url="#"):
    return {k: data[k] for k in ("id", "title", "type", "actionPlan", "hash")} | {"url": url}


def states(page):
    return page.locator(".kb-overview [data-kb-state]").all_inner_texts()


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
    assert ov.locator("th").all_inner_texts() == ["Selbstkontrolle", "Art", "Stand"]
    assert ov.locator("tbody td:nth-child(2)").all_inner_texts() == [
        "Checkliste",
        "Quiz",
        "Aktionsplan",
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
    assert states(page) == ["\u2713 Noch am Anfang", "In Bearbeitung", "In Bearbeitung"]
    root(page, "b").get_by_label("Vertrauen langsam aufbauen").check()
    submit(page, "b")
    root(page, "c").get_by_label("Wen rufst du").fill("Anna")
    page.reload()
    page.wait_for_selector("[data-kb-overview][data-kb-ready]", state="attached")
    assert states(page) == [
        "\u2713 Noch am Anfang",
        "\u2713 Noch nicht bestanden (66\u00a0%)",
        "\u2713 Erledigt",
    ]

    page.once("dialog", lambda d: d.dismiss())
    ov.locator('[data-action="clear-all"]').click()
    assert stored(page, "a") is not None
    page.once("dialog", lambda d: d.accept())
    ov.locator('[data-action="clear-all"]').click()
    assert states(page) == ["Nicht begonnen"] * 3
    assert "gelöscht" in ov.locator("[data-kb-notice]").inner_text()
    assert stored(page, "a") is None and stored(page, "c") is None
    assert page.evaluate("localStorage.getItem('kursbau:anderer-kurs:a')") == "{}"


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
