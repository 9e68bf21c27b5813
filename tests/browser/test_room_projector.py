"""The projector view in Chromium: it follows shares live without a reload, shows what the
Python scoring says, shows counts only below three shares, keeps its picture over a killed
server, resets and exports for the trainer, and passes axe."""

from __future__ import annotations

import random
from fractions import Fraction
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect
from roomkit import Room, checks_fixture, site_fixture

from generator.core.numbers import floor_percent
from generator.core.scoring import score
from generator.room.app import LONG_POLL_SECONDS
from generator.room.shares import share_body

# ms: the picture follows a share while the view's waiting request is still open, sooner than
# that request could time out (no clock for speed here: bench/room.py measures that)
LIVE = int(LONG_POLL_SECONDS * 1000 / 2)
WCAG = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


site = site_fixture("room-site")
checks = checks_fixture()


@pytest.fixture
def room(site, tmp_path, page):
    server = Room(site, tmp_path / "room.sqlite").start()
    yield server
    page.goto("about:blank")  # the view's waiting request ends before the server does
    server.stop()


def device(n: int) -> str:
    return f"projector-test-{n:04d}"


def section(page, check_id: str):
    return page.locator(f'section[data-room-check="{check_id}"]')


def open_projector(page, room: Room) -> None:
    page.goto(room.projector)
    expect(page.locator("body[data-room-version]")).to_have_count(1, timeout=10000)


def test_the_picture_follows_every_share_live(page, room, checks, console_errors):
    open_projector(page, room)
    quiz = checks["quiz"]
    rng = random.Random(3)
    given = []
    for n in range(4):
        answers = {"q1": rng.randrange(3), "q2": rng.sample(range(3), rng.randint(1, 3))}
        version = page.locator("body").get_attribute("data-room-version")
        assert room.share(share_body(quiz, answers, device(n))).status == 201
        given.append(score(quiz, answers))
        # no reload: the page changes by itself, before its waiting request could time out
        expect(page.locator("body")).not_to_have_attribute(
            "data-room-version", version, timeout=LIVE
        )
        expect(section(page, "quiz").locator("[data-room-count]")).to_have_attribute(
            "data-room-count", str(n + 1), timeout=LIVE
        )
        if n < 2:  # one or two shares: the count, and nothing anyone could read a result from
            expect(section(page, "quiz").locator("[data-room-mean], .rp-bars")).to_have_count(0)
    total = sum(Fraction(r["score"]) for r in given)
    mean = floor_percent(total, len(given) * Fraction(quiz["max"]))
    expect(section(page, "quiz").locator("[data-room-mean]")).to_have_attribute(
        "data-room-mean", str(mean)
    )
    passed = sum(1 for r in given if r["passed"])
    expect(section(page, "quiz").locator(".rp-passed")).to_have_text(f"{passed} von 4 bestanden")
    missed = sorted(
        (
            sum(1 for r in given if r["questions"][q]["earned"] != r["questions"][q]["max"])
            for q in ("q1", "q2")
        ),
        reverse=True,
    )
    shown = section(page, "quiz").locator('[data-room-list="discuss"] li')
    assert [int(v) for v in shown.evaluate_all("els => els.map(e => e.dataset.roomValue)")] == [
        m for m in missed if m
    ]
    # one navigation only: the page was never reloaded
    assert page.evaluate("performance.getEntriesByType('navigation').length") == 1


def test_bands_and_areas_of_a_checklist(page, room, checks, console_errors):
    data = checks["modul-1/bereit"]
    ticks = [{"q1": True, "q2": True, "q3": True}, {"q1": True}, {}, {"q2": True, "q3": True}]
    for n, answers in enumerate(ticks):
        assert room.share(share_body(data, answers, device(n))).status == 201
    open_projector(page, room)
    results = [score(data, a) for a in ticks]
    bands = section(page, "modul-1/bereit").locator('[data-room-list="bands"] li')
    expected = [sum(1 for r in results if r["band"] == i) for i in range(len(data["bands"]))]
    assert bands.evaluate_all("els => els.map(e => +e.dataset.roomValue)") == expected
    expect(bands.first).to_contain_text("Noch am Anfang")
    areas = section(page, "modul-1/bereit").locator('[data-room-list="dimensions"] li')
    expected_areas = [
        floor_percent(
            sum(Fraction(r["dimensions"][d["key"]]["score"]) for r in results),
            len(results) * Fraction(d["max"]),
        )
        for d in data["dimensions"]
    ]
    assert areas.evaluate_all("els => els.map(e => +e.dataset.roomValue)") == expected_areas
    expect(areas.first).to_contain_text("Geben und Nehmen")
    # one check alone, for discussing it
    page.get_by_role("button", name=data["title"]).click()
    expect(page.locator("section[data-room-check]")).to_have_count(1)
    expect(page.get_by_role("button", name=data["title"])).to_have_attribute("aria-pressed", "true")


def test_a_killed_and_restarted_server_shows_the_same_picture(
    page, site, tmp_path, checks, console_errors
):
    first = Room(site, tmp_path / "room.sqlite").start()
    try:
        data = checks["pflege"]
        for n in range(3):
            body = share_body(data, {"q1": n, "q2": n + 1}, device(n))
            assert first.share(body).status == 201
        open_projector(page, first)
        before = page.locator("[data-room-checks]").inner_text()
        assert "3 Personen haben geteilt" in before
        page.goto("about:blank")  # (the view's reconnecting is tested below)
    finally:
        first.kill()
    second = Room(site, tmp_path / "room.sqlite").start()
    try:
        open_projector(page, second)
        assert page.locator("[data-room-checks]").inner_text() == before
        page.goto("about:blank")
    finally:
        second.stop()


@pytest.mark.expected_console_error(r"net::ERR_")
def test_the_view_reconnects_after_a_restart_on_the_same_port(page, site, tmp_path, checks):
    """The laptop sleeps or the server is restarted: the open view comes back by itself.
    While the server is away, Chromium reports the failed requests (net::ERR_…); nothing else
    may appear on the console."""
    first = Room(site, tmp_path / "room.sqlite").start()
    open_projector(page, first)
    first.kill()
    expect(page.locator("[data-room-state]")).to_contain_text("Keine Verbindung", timeout=10000)
    second = Room(site, tmp_path / "room.sqlite", port=first.port).start()
    try:
        assert second.share(share_body(checks["quiz"], {"q1": 0}, device(1))).status == 201
        expect(section(page, "quiz").locator("[data-room-count]")).to_have_attribute(
            "data-room-count", "1", timeout=15000
        )
        page.goto("about:blank")
    finally:
        second.stop()


def test_reset_and_csv_for_the_trainer(page, room, checks, console_errors):
    data = checks["quiz"]
    for n in range(3):
        assert room.share(share_body(data, {"q1": 0, "q2": [0, 1]}, device(n))).status == 201
    open_projector(page, room)
    with page.expect_download() as download:
        page.get_by_role("button", name="Als CSV speichern").click()
    text = Path(download.value.path()).read_text(encoding="utf-8-sig")
    assert "quiz;Netzwerken oder Akquise?;shares;;3" in text.splitlines()
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Alles zurücksetzen").click()
    expect(section(page, "quiz").locator("[data-room-count]")).to_have_attribute(
        "data-room-count", "0", timeout=LIVE
    )
    assert room.rows() == []


def test_without_the_token_the_view_asks_for_it_and_requests_nothing(page, room, console_errors):
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(f"{room.base}/_room/projector")
    expect(page.locator("[data-room-state]")).to_contain_text("Trainer-Zugang")
    assert not [u for u in requests if "/_room/api/" in u]


def test_axe(page, room, checks, console_errors):
    data = checks["modul-1/bereit"]
    for n in range(3):
        assert room.share(share_body(data, {"q1": True}, device(n))).status == 201
    open_projector(page, room)
    found = Axe().run(page, options=WCAG).response["violations"]
    assert [f"{v['id']}: {n['target']}" for v in found for n in v["nodes"]] == []
