"""The hooks for host scripts (ARCHITECTURE.md, "Hosts"), with a small real host script
(tests/browser/hosts/test-host.js) loaded before kursbau.js, as a SCORM package or the workshop
room would load theirs: storage kept elsewhere and given back on a fresh page, an event at every
submit, retry and reset, a button under a shown result, and the overview's records."""

from __future__ import annotations

import json

import pytest
from kbhelp import CHECKLIST, QUIZ, compile_yaml, result, root, stored, submit

from generator.core.scoring import score
from generator.mkdocs_adapter.plugin import overview_extras

HOST = '<script src="hosts/test-host.js"></script>'


def entry(data):
    fields = {k: data[k] for k in ("id", "title", "type", "actionPlan", "hash")}
    return fields | {"url": "#"} | overview_extras(data)


def platform(page) -> dict:
    return page.evaluate(
        "JSON.parse(JSON.stringify({kept: __platform.kept,"
        " events: __platform.events, shared: __platform.shared,"
        " overview: __platform.overview}))"
    )


def ready(page):
    page.wait_for_selector("[data-kb-overview][data-kb-ready]", state="attached")


def test_a_host_keeps_chosen_checks_and_hears_every_event(browser, pages):
    kept, local = compile_yaml(QUIZ, "kept"), compile_yaml(CHECKLIST, "local")
    name = pages.write(kept, local, overview=[entry(kept), entry(local)], head=HOST)
    context = browser.new_context()
    page = context.new_page()
    page.goto(pages.url(name))
    ready(page)
    r = root(page, "kept")
    r.get_by_label("Empfehlungsmanagement").check()
    r.get_by_label("Vertrauen langsam aufbauen").check()
    r.get_by_label("Wen rufst du diese Woche an?").fill("Anna")
    submit(page, "kept")
    root(page, "local").get_by_label("Ich weiß, was ich für wen anbiete.").check()
    submit(page, "local")

    # the kept check lives on the platform only; the other one in localStorage as always
    assert stored(page, "kept") is None
    assert stored(page, "local")["answers"] == {"q1": True}
    on_platform = platform(page)["kept"]["testkurs/kept"]
    assert on_platform["answers"] == {"q1": 0, "q2": [1], "q3": "Anna"}
    assert on_platform["result"]["score"] == "2" and on_platform["submitted"] is True

    # an event at every submit, with the check's data, the answers and the result of score()
    events = platform(page)["events"]
    assert [(e["type"], e["id"]) for e in events] == [("submit", "kept"), ("submit", "local")]
    first = events[0]
    assert first["course"] == "testkurs" and first["title"] == kept["title"]
    assert first["answers"] == {"q1": 0, "q2": [1], "q3": "Anna"}
    assert first["result"] == json.loads(json.dumps(score(kept, first["answers"])))

    # the host's button under the result, pressed
    share = r.locator('[data-action="share"]')
    assert share.inner_text() == "Anonym mit der Gruppe teilen"
    share.click()
    assert platform(page)["shared"] == [{"id": "kept", "score": "2", "band": None}]
    assert share.inner_text() == "Geteilt"

    # retry and reset are events too; a retry keeps the participant's own text
    r.locator('[data-action="retry"]').click()
    root(page, "local").locator('[data-action="reset"]').click()
    events = platform(page)["events"]
    assert [(e["type"], e["id"]) for e in events[2:]] == [("retry", "kept"), ("reset", "local")]
    assert events[2]["answers"] == {"q3": "Anna"}
    assert events[3]["answers"] == {"q1": True}  # what was reset
    r.get_by_label("Empfehlungsmanagement").check()
    r.get_by_label("Geben ohne Gegenrechnung").check()
    r.get_by_label("Vertrauen langsam aufbauen").check()
    submit(page, "kept")
    saved = platform(page)["kept"]
    context.close()

    # a fresh browser (empty localStorage): the platform hands its data back, all is there
    context = browser.new_context()
    context.add_init_script(f"window.__platform = {{kept: {json.dumps(saved)}}};")
    page = context.new_page()
    page.goto(pages.url(name))
    ready(page)
    assert page.evaluate("localStorage.length") == 0
    r = root(page, "kept")
    assert r.get_by_label("Empfehlungsmanagement").is_checked()
    assert r.get_by_label("Wen rufst du diese Woche an?").input_value() == "Anna"
    assert (result(page, "kept")["score"], result(page, "kept")["passed"]) == ("3", "true")
    assert r.locator('[data-action="share"]').is_visible()

    # the overview lists the kept check's result, and a host reaches every record
    assert page.locator("[data-kb-state]").all_inner_texts() == [
        "\u2713 Bestanden",
        "Nicht begonnen",
    ]
    assert platform(page)["overview"] == {"course": "testkurs", "ids": ["kept", "local"]}
    records = page.evaluate("__platform.access.records()")
    assert list(records) == ["kept"] and records["kept"]["result"]["passed"] is True
    # writing a record back (an import) changes the open check at once; a bad one is refused
    local = {"v": 2, "hash": compile_yaml(CHECKLIST, "local")["hash"], "answers": {"q1": True}}
    assert page.evaluate("r => __platform.access.write('local', r)", local) is True
    assert root(page, "local").get_by_label("Ich weiß, was ich für wen anbiete.").is_checked()
    assert page.evaluate("__platform.access.write('local', {answers: 'x'})") is False
    assert stored(page, "local")["answers"] == {"q1": True}
    context.close()


def test_without_a_host_nothing_is_added(page, pages):
    pages.open(page, compile_yaml(QUIZ))
    r = root(page)
    r.get_by_label("Empfehlungsmanagement").check()
    r.get_by_label("Vertrauen langsam aufbauen").check()
    submit(page)
    assert r.locator('[data-action="share"]').count() == 0
    assert page.evaluate("typeof window.KursbauHosts") == "undefined"


@pytest.mark.expected_console_error("^Kursbau host")
def test_a_broken_host_never_breaks_a_check(browser, pages):
    broken = (
        "<script>window.KursbauHosts = [{keeps() { throw new Error('x'); },"
        " onEvent() { throw new Error('y'); }, resultButtons() { return [null, {label: 3}]; }}];"
        "</script>"
    )
    context = browser.new_context()
    page = context.new_page()
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(pages.url(pages.write(compile_yaml(CHECKLIST), head=broken)))
    page.wait_for_selector("[data-kb-ready]", state="attached")
    root(page).get_by_label("Ich weiß, was ich für wen anbiete.").check()
    submit(page)
    assert result(page)["score"] == "1"
    assert stored(page)["answers"] == {"q1": True}  # a host that fails to say keeps nothing
    assert errors and all(e.startswith("Kursbau host") for e in errors)
    context.close()
