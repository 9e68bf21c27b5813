"""Memory on this device: reload, versioning by hash, corrupt and missing storage, reset, file://."""

from __future__ import annotations

import json

from kbhelp import CHECKLIST, PLAN, QUIZ, SELF, compile_yaml, result, root, stored, submit

KEY = "kursbau:testkurs:t/check"


def test_reload_keeps_answers_and_result(page, pages, console_errors):
    data = compile_yaml(QUIZ)
    pages.open(page, data)
    r = root(page)
    r.get_by_label("Empfehlungsmanagement").check()
    r.get_by_label("Vertrauen langsam aufbauen").check()
    r.get_by_label("Wen rufst du diese Woche an?").fill("Anna & <b>Ben</b>")
    rec = stored(page)
    assert rec["hash"] == data["hash"]
    assert rec["answers"] == {"q1": 0, "q2": [1], "q3": "Anna & <b>Ben</b>"}
    assert not rec["done"] and not rec["submitted"] and rec["result"] is None
    submit(page)
    before = result(page)
    page.reload()
    page.wait_for_selector("[data-kb-ready]", state="attached")
    assert r.get_by_label("Empfehlungsmanagement").is_checked()
    assert r.get_by_label("Vertrauen langsam aufbauen").is_checked()
    assert not r.get_by_label("Geben ohne Gegenrechnung").is_checked()
    assert r.get_by_label("Wen rufst du diese Woche an?").input_value() == "Anna & <b>Ben</b>"
    assert result(page) == before  # submitted before: the result is back at once
    rec = stored(page)
    assert rec["done"] and rec["result"]["passed"] is False and rec["result"]["score"] == "2"
    assert r.get_by_label("Empfehlungsmanagement").is_disabled()  # the attempt is over
    assert r.locator("[data-kb-notice]").inner_text() == ""


def test_changed_check_drops_scored_answers_but_keeps_reflections(page, pages, console_errors):
    old = compile_yaml(QUIZ)
    new = compile_yaml(QUIZ.replace("points: 2", "points: 3"))
    assert old["hash"] != new["hash"]
    url = pages.url(pages.write(new))
    page.goto(url)
    page.evaluate(
        "([k, v]) => localStorage.setItem(k, v)",
        [
            KEY,
            json.dumps(
                {
                    "v": 1,
                    "hash": old["hash"],
                    "a": {"q1": 0, "q2": [0], "q3": "Notiz"},
                    "sub": True,
                    "s": 2,
                    "l": "x",
                }
            ),
        ],
    )
    page.reload()
    page.wait_for_selector("[data-kb-ready]", state="attached")
    r = root(page)
    assert "wurde überarbeitet" in r.locator("[data-kb-notice]").inner_text()
    assert r.locator("input:checked").count() == 0
    assert r.get_by_label("Wen rufst du diese Woche an?").input_value() == "Notiz"
    assert result(page)["text"] == ""
    rec = stored(page)
    assert rec["hash"] == new["hash"] and rec["answers"] == {"q3": "Notiz"}
    assert not rec["submitted"] and rec["result"] is None
    page.reload()  # the notice is said once
    page.wait_for_selector("[data-kb-ready]", state="attached")
    assert r.locator("[data-kb-notice]").inner_text() == ""


def test_wording_change_keeps_answers(page, pages):
    old = compile_yaml(CHECKLIST)
    new = compile_yaml(CHECKLIST.replace("Klares Profil", "Profil mit Kante"))
    assert old["hash"] == new["hash"]


def test_corrupt_storage_still_gives_a_result(page, pages, console_errors):
    page.add_init_script(f"localStorage.setItem({json.dumps(KEY)}, '{{not json')")
    pages.open(page, compile_yaml(CHECKLIST))
    r = root(page)
    assert "beschädigt" in r.locator("[data-kb-notice]").inner_text()
    r.get_by_label("Ich weiß, was ich für wen anbiete.").check()
    submit(page)
    assert result(page)["score"] == "1"
    assert stored(page)["answers"] == {"q1": True}


def test_wrong_shapes_in_storage_are_ignored(page, pages, console_errors):
    data = compile_yaml(SELF)
    bad = {"v": 1, "hash": data["hash"], "a": {"q1": 17, "q2": "x", "zz": [1]}, "sub": True}
    page.add_init_script(f"localStorage.setItem({json.dumps(KEY)}, {json.dumps(json.dumps(bad))})")
    pages.open(page, data)
    assert root(page).locator("input:checked").count() == 0
    assert "Noch 2 Aussagen offen" in result(page)["text"]  # a record of FORMAT 1.0 still reads


def test_storage_unavailable(page, pages, console_errors):
    page.add_init_script(
        "Object.defineProperty(window, 'localStorage', {get() {"
        " throw new DOMException('blocked', 'SecurityError'); }});"
    )
    pages.open(page, compile_yaml(CHECKLIST))
    r = root(page)
    assert "kein Speichern" in r.locator("[data-kb-notice]").inner_text()
    r.get_by_label("Ich weiß, was ich für wen anbiete.").check()
    submit(page)
    assert (result(page)["score"], result(page)["band"]) == ("1", "0")


def test_quota_exceeded_while_answering(page, pages, console_errors):
    page.add_init_script(
        "const set = Storage.prototype.setItem; Storage.prototype.setItem = function (k, v) {"
        " if (k.startsWith('kursbau:testkurs:')) throw new DOMException('full', 'QuotaExceededError');"
        " return set.call(this, k, v); };"
    )
    pages.open(page, compile_yaml(CHECKLIST))
    r = root(page)
    assert r.locator("[data-kb-notice]").inner_text() == ""
    r.get_by_label("Ich weiß, was ich für wen anbiete.").check()
    assert "kein Speichern" in r.locator("[data-kb-notice]").inner_text()
    submit(page)
    assert result(page)["score"] == "1"


def test_reset_clears_one_check_only(page, pages, console_errors):
    a = compile_yaml(CHECKLIST, "a")
    b = compile_yaml(PLAN, "b")
    pages.open(page, a, b)
    ra, rb = root(page, "a"), root(page, "b")
    ra.get_by_label("Ich weiß, was ich für wen anbiete.").check()
    submit(page, "a")
    rb.get_by_label("Wann?").fill("Freitag")
    ra.locator('[data-action="reset"]').click()  # no text to lose: no question asked
    assert ra.locator("input:checked").count() == 0
    assert result(page, "a") == {"text": "", "role": "status"}
    assert stored(page, "a") is None
    assert "gelöscht" in ra.locator("[data-kb-notice]").inner_text()
    assert stored(page, "b")["answers"] == {"wann": "Freitag"}
    # a reset asks nothing, and offers to undo it: one press brings everything back
    rb.locator('[data-action="reset"]').click()
    assert rb.get_by_label("Wann?").input_value() == ""
    assert stored(page, "b") is None
    undo = rb.locator('[data-action="undo"]')
    assert page.evaluate("document.activeElement.dataset.action") == "undo"
    undo.click()
    assert rb.get_by_label("Wann?").input_value() == "Freitag"
    assert stored(page, "b")["answers"] == {"wann": "Freitag"}
    assert "wieder da" in rb.locator("[data-kb-notice]").inner_text()


def test_action_plan(page, pages, console_errors):
    pages.open(page, compile_yaml(PLAN))
    r = root(page)
    assert r.locator("[data-result]").count() == 0
    assert r.locator("[data-score]").count() == 0
    assert r.locator('[data-action="submit"]').count() == 0
    assert "nur in diesem Browser auf diesem Gerät gespeichert" in r.inner_text()
    assert r.locator("textarea").count() == 2
    r.get_by_label("Wen rufst du diese Woche an?").fill("<img src=x onerror=alert(1)>")
    assert stored(page)["done"] is False
    r.get_by_label("Wann?").fill("Montag")
    assert stored(page)["done"] is True
    saved = r.locator("[data-kb-progress]")
    assert (
        saved.inner_text() == "✓ Auf diesem Gerät gespeichert"
        and saved.get_attribute("role") == "status"
    )
    page.reload()
    page.wait_for_selector("[data-kb-ready]", state="attached")
    assert (
        r.get_by_label("Wen rufst du diese Woche an?").input_value()
        == "<img src=x onerror=alert(1)>"
    )
    assert r.locator("img").count() == 0


def test_file_url(page, pages, console_errors):
    pages.open(page, compile_yaml(CHECKLIST), via="file")
    assert page.url.startswith("file://")
    r = root(page)
    r.get_by_label("Ich weiß, was ich für wen anbiete.").check()
    r.get_by_label("Ich gebe Tipps weiter, ohne etwas zurückzuerwarten.").check()
    submit(page)
    assert (result(page)["score"], result(page)["band"]) == ("3", "1")
    page.reload()
    page.wait_for_selector("[data-kb-ready]", state="attached")
    assert result(page)["score"] == "3"
