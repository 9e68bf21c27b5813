"""Sharing in the room, in Chromium: participants in separate browser contexts take a check on
pages served by `kursbau room` and press "Anonym mit der Gruppe teilen"; the projector (another
context) follows without a reload and shows what the Python scoring says. On a static host or
from file:// the same site has no share button and requests nothing."""

from __future__ import annotations

import functools
import http.server
import json
import threading
from fractions import Fraction

import pytest
from playwright.sync_api import expect
from roomkit import (
    Room,
    _QuietFiles,
    checks_fixture,
    room_fixture,
    site_fixture,
    static_site_fixture,
)

from generator.core.numbers import floor_percent
from generator.core.scoring import score
from generator.room.app import LONG_POLL_SECONDS
from generator.room.shares import share_body

# ms: the picture follows a share while the view's waiting request is still open, sooner than
# that request could time out (no clock for speed here: bench/room.py measures that)
LIVE = int(LONG_POLL_SECONDS * 1000 / 2)
CHECKLIST = "modul-1/bereit"
ITEMS = {
    "q1": "Ich weiß, was ich für wen anbiete.",
    "q2": "Ich gebe Tipps weiter, ohne etwas zurückzuerwarten.",
    "q3": "Ich kann in zwei Sätzen sagen, wofür man mich holt.",
}
SHARE_KEYS = {
    "check",
    "hash",
    "device",
    "score",
    "max",
    "band",
    "passed",
    "dimensions",
    "questions",
}


site = site_fixture("room-share-site")
checks = checks_fixture()
room = room_fixture()
static_base = static_site_fixture()


class Participant:
    """One phone: its own browser context (own localStorage), every request it sends kept."""

    def __init__(self, browser, base: str):
        self.context = browser.new_context()
        self.page = self.context.new_page()
        self.base = base
        self.sent: list[dict] = []
        self.page.on("request", self._keep)

    def _keep(self, request) -> None:
        if "/_room/" in request.url or request.method != "GET":
            self.sent.append(
                {"url": request.url, "method": request.method, "body": request.post_data}
            )

    def checklist(self, ticked: list[str]) -> None:
        url = f"{self.base}/checks/{CHECKLIST}/"
        if self.page.url != url:
            self.page.goto(url)
        root = self.page.locator(f'[data-assessment="{CHECKLIST}"]')
        expect(root).to_have_attribute("data-kb-ready", "")
        for key, label in ITEMS.items():
            box = root.get_by_label(label)
            if (key in ticked) != box.is_checked():
                box.click()
        if not root.locator("[data-result][data-score]").count():
            root.locator('[data-action="submit"]').click()
        expect(root.locator("[data-result][data-score]")).to_have_count(1)

    def share(self) -> dict:
        root = self.page.locator(f'[data-assessment="{CHECKLIST}"]')
        with self.page.expect_response(lambda r: r.url.endswith("/_room/api/share")) as response:
            root.locator('[data-action="share"]').click()
        assert response.value.status == 201, response.value.text()
        expect(root.locator("[data-kb-room-status]")).to_contain_text("Geteilt")
        return json.loads(response.value.request.post_data)

    def close(self) -> None:
        self.page.goto("about:blank")
        self.context.close()


def projector_count(projector, check_id: str):
    return projector.locator(f'section[data-room-check="{check_id}"] [data-room-count]')


def test_participants_share_and_the_projector_follows_live(browser, room, checks):
    data = checks[CHECKLIST]
    projector = browser.new_context().new_page()
    projector.goto(room.projector)
    expect(projector.locator("body[data-room-version]")).to_have_count(1, timeout=10000)
    answers = {"anna": ["q1", "q2"], "ben": ["q3"], "cem": []}
    people = {name: Participant(browser, room.base) for name in answers}
    try:
        for n, (name, ticked) in enumerate(answers.items(), start=1):
            people[name].checklist(ticked)
            sent = people[name].share()
            # only what FORMAT 1.1 lists: numbers, and a random id for this check
            assert set(sent) == SHARE_KEYS and sent["check"] == CHECKLIST
            expected = score(data, {key: True for key in ticked})
            assert (sent["score"], sent["band"]) == (expected["score"], expected["band"])
            expect(projector_count(projector, CHECKLIST)).to_have_attribute(
                "data-room-count", str(n), timeout=LIVE
            )
        given = [score(data, {key: True for key in t}) for t in answers.values()]
        check_picture(projector, data, given)

        # Anna ticks one more and shares again: her new result replaces the first
        anna = people["anna"]
        anna.checklist(["q1", "q2", "q3"])
        share_button = anna.page.locator('[data-action="share"]')
        expect(share_button).to_have_text("Neues Ergebnis teilen")
        version = projector.locator("body").get_attribute("data-room-version")
        anna.share()
        expect(projector.locator("body")).not_to_have_attribute(
            "data-room-version", version, timeout=LIVE
        )
        expect(projector_count(projector, CHECKLIST)).to_have_attribute("data-room-count", "3")
        given[0] = score(data, {"q1": True, "q2": True, "q3": True})
        check_picture(projector, data, given)
        assert len(room.rows()) == 3
        devices = {json.loads(r["body"])["device"] for r in anna.sent if r["body"]}
        assert len(devices) == 1  # the same random id both times
        # nothing else left the browsers: the shares are their only requests to the room
        for person in people.values():
            assert all(
                r["url"].endswith("/_room/api/share") for r in person.sent if r["method"] == "POST"
            )
        assert projector.evaluate("performance.getEntriesByType('navigation').length") == 1
    finally:
        for person in people.values():
            person.close()
        projector.goto("about:blank")


def check_picture(projector, data: dict, given: list[dict]) -> None:
    n = len(given)
    section = projector.locator(f'section[data-room-check="{CHECKLIST}"]')
    mean = floor_percent(sum(Fraction(r["score"]) for r in given), n * Fraction(data["max"]))
    expect(section.locator("[data-room-mean]")).to_have_attribute(
        "data-room-mean", str(mean), timeout=LIVE
    )
    bands = [sum(1 for r in given if r["band"] == i) for i in range(len(data["bands"]))]
    expect(section.locator('[data-room-list="bands"] li')).to_have_count(len(bands))
    shown = section.locator('[data-room-list="bands"] li').evaluate_all(
        "els => els.map(e => +e.dataset.roomValue)"
    )
    assert shown == bands


def test_a_reflection_is_never_sent(browser, room, checks):
    person = Participant(browser, room.base)
    try:
        page = person.page
        page.goto(f"{room.base}/checks/quiz/")
        root = page.locator('[data-assessment="quiz"]')
        root.get_by_label("Empfehlungsmanagement").check()
        root.get_by_label("Wen rufst du diese Woche an?").fill("Frau Meier, Tel. 0171 555")
        root.locator('[data-action="submit"]').click()
        root.locator('[data-action="confirm-submit"]').click()
        with page.expect_response(lambda r: r.url.endswith("/_room/api/share")) as response:
            root.locator('[data-action="share"]').click()
        assert response.value.status == 201
        body = response.value.request.post_data
        assert "Meier" not in body and "0171" not in body
        assert set(json.loads(body)["questions"]) == {"q1", "q2"}  # the scored ones, points only
        headers = response.value.request.headers
        assert "cookie" not in headers
    finally:
        person.close()


def test_an_action_plan_and_a_result_not_shown_have_no_share_button(browser, room):
    person = Participant(browser, room.base)
    try:
        page = person.page
        page.goto(f"{room.base}/checks/{CHECKLIST}/")
        root = page.locator(f'[data-assessment="{CHECKLIST}"]')
        expect(root).to_have_attribute("data-kb-ready", "")
        expect(root.locator('[data-action="share"]')).to_have_count(0)
        root.locator('[data-action="submit"]').click()
        expect(root.locator('[data-action="share"]')).to_be_visible()
        assert [r for r in person.sent if "/_room/api/" in r["url"]] == []  # nothing before a press
    finally:
        person.close()


@pytest.mark.parametrize("via", ["static host", "file://"])
def test_elsewhere_there_is_no_share_button_and_nothing_is_requested(page, site, static_base, via):
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    if via == "file://":
        page.goto((site / "checks" / "modul-1" / "bereit" / "index.html").as_uri())
    else:
        page.goto(f"{static_base}/checks/{CHECKLIST}/")
    root = page.locator(f'[data-assessment="{CHECKLIST}"]')
    expect(root).to_have_attribute("data-kb-ready", "")
    root.get_by_label(ITEMS["q1"]).check()
    root.locator('[data-action="submit"]').click()
    expect(root.locator("[data-result][data-score]")).to_have_count(1)
    expect(root.locator('[data-action="print"]')).to_be_visible()
    expect(root.locator('[data-action="share"]')).to_have_count(0)
    assert not [u for u in requests if "_room" in u]
    assert page.evaluate("Array.isArray(window.KursbauHosts) && window.KursbauHosts.length") in (
        False,
        0,
        None,
    )


@pytest.mark.expected_console_error(r"status of 429")
def test_a_refused_share_says_so_in_plain_words(browser, room):
    person = Participant(browser, room.base)
    try:
        person.checklist(["q1"])
        root = person.page.locator(f'[data-assessment="{CHECKLIST}"]')
        status = root.locator("[data-kb-room-status]")
        for _ in range(12):  # one phone pressing again and again: the room's rate limit
            with person.page.expect_response(lambda r: r.url.endswith("/_room/api/share")) as got:
                root.locator('[data-action="share"]').click()
            if got.value.status == 429:
                break
        assert got.value.status == 429
        expect(status).to_have_text(
            "Teilen hat nicht geklappt: zu viele Versuche. Warte einen Moment und teile dann noch einmal."
        )
        expect(root.locator('[data-action="share"]')).to_be_enabled()
    finally:
        person.close()


@pytest.mark.expected_console_error(r"net::ERR_")
def test_without_the_room_the_button_says_so(browser, site, tmp_path):
    server = Room(site, tmp_path / "room.sqlite").start()
    person = Participant(browser, server.base)
    try:
        person.checklist(["q1"])
        server.stop()
        root = person.page.locator(f'[data-assessment="{CHECKLIST}"]')
        root.locator('[data-action="share"]').click()
        expect(root.locator("[data-kb-room-status]")).to_contain_text("keine Verbindung zum Raum")
    finally:
        person.close()
        server.stop()


def test_axe_on_a_shared_result(browser, room):
    from axe_playwright_python.sync_playwright import Axe

    person = Participant(browser, room.base)
    try:
        person.checklist(["q1", "q3"])
        person.share()
        options = {
            "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}
        }
        found = Axe().run(
            person.page, context={"include": [["[data-assessment]"]]}, options=options
        )
        violations = found.response["violations"]
        assert [f"{v['id']}: {n['target']}" for v in violations for n in v["nodes"]] == []
    finally:
        person.close()


# ---------------------------------------------------------------- hostile requests from a browser

# Sent with fetch() from a page of the room, as a participant could from the browser's console:
# (what, how the body is changed or which request, the status the room answers).
TAMPERED = [
    ("body over the limit", {"device": "x" * 20000}, 413),
    ("score as a number", {"score": 1}, 422),
    ("a name", {"name": "Anna Beispiel"}, 422),
    ("prototype key", {"__proto__": {"admin": True}}, 422),
    ("unknown check", {"check": "gibt-es-nicht"}, 404),
    ("older version", {"hash": "0" * 12}, 409),
    ("score above the maximum", {"score": "99"}, 422),
]

SEND = """async ([url, body, headers]) => {
  const response = await fetch(url, {method: body === null ? 'GET' : 'POST', headers,
    body: body === null ? undefined : body, credentials: 'omit'});
  return response.status;
}"""


def _foreign_site(tmp_path, room_base: str, body: str):
    """Another site on this machine (another origin, no policy of its own) whose page tries to
    share into the room: a simple POST without preflight, a JSON POST (preflighted), a form."""
    folder = tmp_path / "other-site"
    folder.mkdir()
    url = f"{room_base}/_room/api/share"
    (folder / "index.html").write_text(
        f"""<!doctype html><html lang="de"><head><meta charset="utf-8"><title>Andere Seite</title>
<link rel="icon" href="data:,"></head><body>
<form method="post" action="{url}" enctype="text/plain">
<input type="hidden" name="{body.replace('"', "&quot;")}" value="">
<button>senden</button></form></body></html>""",
        encoding="utf-8",
    )
    handler = functools.partial(_QuietFiles, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


@pytest.mark.expected_console_error(r"status of 4(04|09|13|22|29)")
def test_tampered_shares_from_the_browser_are_refused_and_change_nothing(browser, room, checks):
    """What a participant can send from the browser's console: each gets its 4xx, and the room's
    file and picture stay as they were."""
    data = checks[CHECKLIST]
    good = share_body(data, {"q1": True}, "device-0001-abcdefghijkl")
    person = Participant(browser, room.base)
    try:
        person.checklist(["q2"])
        person.share()
        rows, before = room.rows(), room.summary()
        url = f"{room.base}/_room/api/share"
        json_headers = {"Content-Type": "application/json"}
        for what, change, status in TAMPERED:
            body = json.dumps({**good, **change})
            assert person.page.evaluate(SEND, [url, body, json_headers]) == status, what
        assert room.rows() == rows
        after = room.summary()
        assert after["checks"] == before["checks"] and after["version"] == before["version"]
        # the same phone sending again and again (valid shares): the rate limit
        flood = [
            person.page.evaluate(SEND, [url, json.dumps(good), json_headers]) for _ in range(12)
        ]
        assert 429 in flood and set(flood) <= {201, 429}
        # the valid one counted once however often it came; the earlier share is untouched
        assert len(room.rows()) == len(rows) + 1 and set(rows) <= set(room.rows())
        assert "Traceback" not in "".join(room.output)
    finally:
        person.close()


@pytest.mark.expected_console_error(r"status of 40[135]|blocked by CORS policy|net::ERR_FAILED")
def test_trainer_routes_and_other_sites_are_refused_in_the_browser(browser, room, tmp_path):
    """Without the trainer token the picture, the CSV and the reset answer 401. Another site's
    page (another origin on this machine, no policy of its own) cannot share: its simple POST
    reaches the room and is refused by its Origin, a JSON POST is stopped at the preflight, a
    form post lands on the room's refusal. Nothing is stored."""
    person = Participant(browser, room.base)
    foreign_server = None
    try:
        person.page.goto(f"{room.base}/")
        summary = f"{room.base}/_room/api/summary"
        assert person.page.evaluate(SEND, [summary, None, {}]) == 401
        wrong = {"Authorization": "Bearer " + "x" * 24}
        assert person.page.evaluate(SEND, [f"{room.base}/_room/api/export.csv", None, wrong]) == 401
        reset = f"{room.base}/_room/api/reset"
        json_headers = {"Content-Type": "application/json"}
        assert person.page.evaluate(SEND, [reset, '{"confirm":true}', json_headers]) == 401

        url = f"{room.base}/_room/api/share"
        share = json.dumps({"check": CHECKLIST})
        foreign_server, foreign = _foreign_site(tmp_path, room.base, share)
        other = browser.new_context().new_page()
        seen: list[tuple[str, int]] = []
        other.on("response", lambda r: seen.append((r.request.method, r.status)))
        other.goto(foreign)
        other.evaluate(
            """async (url) => { await fetch(url, {method: 'POST', mode: 'no-cors',
                 headers: {'Content-Type': 'text/plain'}, body: '{}'}); }""",
            url,
        )
        assert ("POST", 403) in seen
        preflighted = other.evaluate(
            """async ([url, body]) => { try { await fetch(url, {method: 'POST', body,
                 headers: {'Content-Type': 'application/json'}}); return 'sent'; }
               catch (error) { return 'blocked'; } }""",
            [url, share],
        )
        assert preflighted == "blocked"
        with other.expect_navigation():
            other.locator("button").click()
        assert seen.count(("POST", 403)) == 2
        assert "Origin" in other.locator("body").inner_text()
        other.context.close()
        assert room.rows() == []
        assert "Traceback" not in "".join(room.output)
    finally:
        person.close()
        if foreign_server:
            foreign_server.shutdown()
            foreign_server.server_close()
