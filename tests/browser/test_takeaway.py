"""The take-away on the overview, in Chromium, on a built site served as static files: export on
one device, import on another (a fresh browser context) restores answers and results; a file of
another course, a hand-edited or hostile file changes nothing; a check revised since keeps only
the participant's texts; "Meine Ergebnisse" prints one page."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader
from roomkit import check_data, site_fixture, static_site_fixture

from generator.core.scoring import score

CHECKLIST, QUIZ, SELF = "modul-1/bereit", "quiz", "pflege"
NOTHING_CHANGED = "Es wurde nichts geändert."


site = site_fixture("takeaway-site")
base = static_site_fixture()


def check_root(page, check_id):
    return page.locator(f'[data-assessment="{check_id}"]')


def open_check(page, base, check_id):
    page.goto(f"{base}/checks/{check_id}/")
    expect(check_root(page, check_id)).to_have_attribute("data-kb-ready", "")
    return check_root(page, check_id)


def open_overview(page, base):
    page.goto(f"{base}/checks/")
    expect(page.locator("[data-kb-overview][data-kb-ready]")).to_have_count(1)
    expect(page.locator("[data-kb-takeaway-tools]")).to_have_count(1)


def take_all_checks(page, base) -> dict:
    """Answers to all three checks of the tiny course, submitted; returns each result shown."""
    root = open_check(page, base, CHECKLIST)
    root.get_by_label("Ich weiß, was ich für wen anbiete.").check()
    root.get_by_label("Ich kann in zwei Sätzen sagen, wofür man mich holt.").check()
    root.locator('[data-action="submit"]').click()
    root = open_check(page, base, QUIZ)
    root.get_by_label("Empfehlungsmanagement").check()
    root.get_by_label("Geben ohne Gegenrechnung").check()
    root.get_by_label("Wen rufst du diese Woche an?").fill("<b>Anna</b> anrufen\nund Ben")
    root.locator('[data-action="submit"]').click()
    root = open_check(page, base, SELF)
    first, second = root.locator("fieldset.kb-scale").all()
    first.get_by_label("trifft eher zu").check()
    second.get_by_label("trifft voll zu").check()
    root.locator('[data-action="submit"]').click()
    shown = {}
    for check_id in (CHECKLIST, QUIZ, SELF):
        root = open_check(page, base, check_id)
        result = root.locator("[data-result]")
        expect(result).to_have_attribute("data-score", re.compile(r"\d"))
        shown[check_id] = {
            k: result.get_attribute(f"data-{k}") for k in ("score", "max", "band", "passed")
        }
    return shown


def overview_rows(page) -> list[str]:
    return page.locator("[data-kb-overview] tbody tr").evaluate_all(
        "rows => rows.map(r => r.innerText.replace(/\\s+/g, ' ').trim())"
    )


def export_file(page, base, folder: Path) -> Path:
    open_overview(page, base)
    with page.expect_download() as download:
        page.locator('[data-action="export"]').click()
    path = folder / download.value.suggested_filename
    download.value.save_as(path)
    return path


def import_file(page, file: Path | dict | str | bytes, name="ergebnisse.json") -> str:
    """Chooses a file in the overview's import input; returns the notice shown."""
    if isinstance(file, Path):
        payload = file.read_bytes()
    elif isinstance(file, dict):
        payload = json.dumps(file).encode()
    elif isinstance(file, str):
        payload = file.encode()
    else:
        payload = file
    notice = page.locator("[data-kb-overview] [data-kb-notice]")
    notice.evaluate("n => { n.textContent = ''; }")  # so that the same message shows anew
    page.locator('[data-action="import"]').set_input_files(
        files=[{"name": name, "mimeType": "application/json", "buffer": payload}]
    )
    expect(notice).not_to_have_text("")
    return notice.inner_text()


def storage(page) -> dict:
    return page.evaluate(
        "Object.fromEntries(Object.keys(localStorage).map(k => [k, localStorage.getItem(k)]))"
    )


# ---------------------------------------------------------------- export → import


def test_export_then_import_on_a_fresh_device_restores_answers_and_results(
    browser, base, site, tmp_path
):
    first = browser.new_context(accept_downloads=True)
    page = first.new_page()
    shown = take_all_checks(page, base)
    open_overview(page, base)
    rows = overview_rows(page)
    path = export_file(page, base, tmp_path)
    assert re.fullmatch(r"testkurs-ergebnisse-\d{4}-\d{2}-\d{2}\.json", path.name)
    file = json.loads(path.read_text("utf-8"))
    assert (file["kursbau"], file["version"], file["course"], file["title"]) == (
        "kursbau-results",
        1,
        "testkurs",
        "Testkurs",
    )
    data = check_data(site)
    assert {k: v["record"]["hash"] for k, v in file["checks"].items()} == {
        k: data[k]["hash"] for k in (CHECKLIST, QUIZ, SELF)
    }
    page.goto("about:blank")
    first.close()

    second = browser.new_context()
    page = second.new_page()
    open_overview(page, base)
    assert import_file(page, path) == "3 Selbstchecks aus der Datei übernommen."
    assert overview_rows(page) == rows
    for check_id, before in shown.items():
        root = open_check(page, base, check_id)
        result = root.locator("[data-result]")
        expect(result).to_have_attribute("data-score", before["score"])
        assert {k: result.get_attribute(f"data-{k}") for k in before} == before
    root = open_check(page, base, QUIZ)
    assert (
        root.get_by_label("Wen rufst du diese Woche an?").input_value()
        == "<b>Anna</b> anrufen\nund Ben"
    )
    assert root.get_by_label("Empfehlungsmanagement").is_checked()
    expected = score(data[QUIZ], {"q1": 0, "q2": [0]})
    assert shown[QUIZ]["score"] == expected["score"]
    root = open_check(page, base, CHECKLIST)
    assert root.get_by_label("Ich weiß, was ich für wen anbiete.").is_checked()
    assert not root.get_by_label("Ich gebe Tipps weiter, ohne etwas zurückzuerwarten.").is_checked()
    page.goto("about:blank")
    second.close()


@pytest.fixture
def exported(browser, base, tmp_path) -> Path:
    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    take_all_checks(page, base)
    path = export_file(page, base, tmp_path)
    page.goto("about:blank")
    context.close()
    return path


def hostile_files(good: dict) -> list[tuple[str, object, str]]:
    """(what, file, words the message must contain)."""
    record = good["checks"][CHECKLIST]["record"]

    def edited(change) -> dict:
        copy = json.loads(json.dumps(good))
        change(copy)
        return copy

    def at(path: list[str], value):
        def change(copy):
            node = copy
            for key in path[:-1]:
                node = node[key]
            node[path[-1]] = value

        return change

    rec = ["checks", CHECKLIST, "record"]
    bad = "lässt sich nicht übernehmen"
    return [
        ("not JSON", "{'kursbau': nope", "keine Ergebnisdatei"),
        ("a list", "[1, 2, 3]", "keine Ergebnisdatei"),
        ("another kind of JSON", {"name": "Anna"}, "keine Ergebnisdatei"),
        ("another course", edited(at(["course"], "anderer-kurs")), "anderen Kurs („anderer-kurs“)"),
        ("a newer file version", edited(at(["version"], 2)), bad),
        ("an unknown field", edited(at(["extra"], 1)), "„file › extra“"),
        ("answers of the wrong type", edited(at([*rec, "answers", "q1"], {"x": 1})), "q1"),
        ("a score as a number", edited(at([*rec, "result", "score"], 3)), "score"),
        ("a band as text", edited(at([*rec, "result", "band"], "1")), "band"),
        ("submitted as text", edited(at([*rec, "submitted"], "true")), "submitted"),
        ("a huge text", edited(at([*rec, "answers", "notiz"], "x" * 100001)), "notiz"),
        (
            "a prototype key in the answers",
            edited(at([*rec, "answers", "__proto__"], True)),
            "__proto__",
        ),
        (
            "a prototype key at the top",
            '{"__proto__": {"polluted": 1}, ' + json.dumps(good)[1:],
            "__proto__",
        ),
        (
            "a constructor key in a record",
            edited(at([*rec, "constructor"], {"prototype": 1})),
            "constructor",
        ),
        (
            "a check id with a path",
            edited(at(["checks", "../../x"], {"record": record})),
            "../../x",
        ),
        ("no hash", edited(lambda c: c["checks"][CHECKLIST]["record"].pop("hash")), "hash"),
        ("a hash that is no hash", edited(at([*rec, "hash"], "<script>")), "hash"),
        ("checks as a list", edited(at(["checks"], [record])), "checks"),
        (
            "too large",
            b'{"kursbau": "kursbau-results", "pad": "' + b" " * (5 * 1024 * 1024) + b'"}',
            "größer als 5 MB",
        ),
    ]


def test_a_hostile_or_foreign_file_changes_nothing(browser, base, exported):
    good = json.loads(exported.read_text("utf-8"))
    context = browser.new_context()
    page = context.new_page()
    root = open_check(page, base, CHECKLIST)  # this device has answers of its own
    root.get_by_label("Ich gebe Tipps weiter, ohne etwas zurückzuerwarten.").check()
    root.locator('[data-action="submit"]').click()
    open_overview(page, base)
    before, rows = storage(page), overview_rows(page)
    for what, file, words in hostile_files(good):
        message = import_file(page, file)
        assert words in message and (NOTHING_CHANGED in message), (what, message)
        assert storage(page) == before, what
        assert overview_rows(page) == rows, what
        assert page.evaluate(
            "({}).polluted === undefined && Object.prototype.polluted === undefined"
        )
    page.goto("about:blank")
    context.close()


def test_replacing_answers_on_this_device_asks_first(browser, base, exported):
    context = browser.new_context()
    page = context.new_page()
    root = open_check(page, base, CHECKLIST)
    root.get_by_label("Ich gebe Tipps weiter, ohne etwas zurückzuerwarten.").check()
    root.locator('[data-action="submit"]').click()
    open_overview(page, base)
    before = storage(page)
    asked = []
    page.once("dialog", lambda d: (asked.append(d.message), d.dismiss()))
    assert import_file(page, exported) == NOTHING_CHANGED
    assert asked == [
        "Zu 1 dieser Selbstchecks gibt es auf diesem Gerät schon Antworten. Durch die aus der Datei ersetzen?"
    ]
    assert storage(page) == before
    page.once("dialog", lambda d: d.accept())
    assert (
        import_file(page, exported, name="again.json") == "3 Selbstchecks aus der Datei übernommen."
    )
    root = open_check(page, base, CHECKLIST)
    assert root.get_by_label("Ich weiß, was ich für wen anbiete.").is_checked()
    assert not root.get_by_label("Ich gebe Tipps weiter, ohne etwas zurückzuerwarten.").is_checked()
    page.goto("about:blank")
    context.close()


def test_a_check_revised_since_keeps_only_the_own_texts(browser, base, exported):
    file = json.loads(exported.read_text("utf-8"))
    file["checks"][QUIZ]["record"]["hash"] = "0123456789ab"  # saved from an older version
    context = browser.new_context()
    page = context.new_page()
    open_overview(page, base)
    message = import_file(page, file)
    assert message.startswith("3 Selbstchecks aus der Datei übernommen.")
    assert (
        "Seitdem überarbeitet, daher nur deine Texte übernommen: Netzwerken oder Akquise?."
        in message
    )
    root = open_check(page, base, QUIZ)
    assert (
        root.get_by_label("Wen rufst du diese Woche an?").input_value()
        == "<b>Anna</b> anrufen\nund Ben"
    )
    assert root.locator("input:checked").count() == 0  # the scored answers are gone
    expect(root.locator("[data-result][data-score]")).to_have_count(0)
    root = open_check(page, base, CHECKLIST)  # the others as they were
    expect(root.locator("[data-result][data-score]")).to_have_count(1)
    page.goto("about:blank")
    context.close()


# ---------------------------------------------------------------- "Meine Ergebnisse"


def test_my_results_print_on_one_page(browser, base, site):
    context = browser.new_context()
    page = context.new_page()
    take_all_checks(page, base)
    open_overview(page, base)
    page.evaluate("window.print = () => { window.__printed = document.documentElement.className; }")
    page.locator('[data-action="print"]').click()
    assert "kb-print-result" in page.evaluate("window.__printed").split()
    page.emulate_media(media="print")
    sheet = page.locator(".kb-mine")
    expect(sheet).to_be_visible()
    expect(sheet.locator("h2")).to_have_text("Meine Ergebnisse: Testkurs")
    assert re.fullmatch(r"Gedruckt am \d{1,2}\. \w+ \d{4}", sheet.locator("h2 + p").inner_text())
    titles = sheet.locator("section h3").all_inner_texts()
    assert titles == page.locator("[data-kb-overview] tbody a").all_inner_texts()
    data = check_data(site)
    checklist = sheet.locator(f'[data-kb-mine="{CHECKLIST}"]')
    result = score(data[CHECKLIST], {"q1": True, "q3": True})
    band = data[CHECKLIST]["bands"][result["band"]]["title"]
    expect(checklist.locator(".kb-band")).to_have_text(f"{band} · 2 von 4 Punkten (50 %)")
    expect(checklist.locator("li")).to_have_text(["Verschenke diese Woche eine Empfehlung."])
    quiz = sheet.locator(f'[data-kb-mine="{QUIZ}"]')
    expect(quiz.locator(".kb-band")).to_contain_text("Noch nicht bestanden")
    own = quiz.locator(".kb-mytext span")
    assert own.inner_text() == "<b>Anna</b> anrufen\nund Ben" and own.locator("b").count() == 0
    assert not page.locator("[data-kb-overview] table").is_visible()
    assert not page.locator("[data-kb-takeaway-tools]").is_visible()
    pdf = PdfReader(io.BytesIO(page.pdf(format="A4")))
    assert len(pdf.pages) == 1
    text = pdf.pages[0].extract_text()
    assert "Meine Ergebnisse" in text and "Verschenke diese Woche" in text
    page.evaluate("window.dispatchEvent(new Event('afterprint'))")
    assert page.locator(".kb-mine").count() == 0
    page.emulate_media(media="screen")
    page.goto("about:blank")
    context.close()


def test_axe_on_the_overview_with_its_take_away(page, base):
    from axe_playwright_python.sync_playwright import Axe

    open_overview(page, base)
    options = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
    found = Axe().run(page, context={"include": [["[data-kb-overview]"]]}, options=options)
    violations = found.response["violations"]
    assert [f"{v['id']}: {n['target']}" for v in violations for n in v["nodes"]] == []
