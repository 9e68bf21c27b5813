"""`kursbau room` over HTTP: a real server in a subprocess, real requests on loopback.

The group picture is checked against `generator.core.scoring`; hostile requests each get their
4xx and leave the database file as it was; a killed server comes back with the same picture.
"""

from __future__ import annotations

import asyncio
import http.client
import json
import random
import re
import select
import sqlite3
import threading
from fractions import Fraction

from roomkit import Room, checks_fixture, room_fixture, site_fixture

from generator.core.numbers import floor_percent
from generator.core.scoring import score
from generator.room.shares import share_body
from kursbau_testing import SAFETY_NET

site = site_fixture("room-site")
checks = checks_fixture()
room = room_fixture()


def random_answers(data: dict, rng: random.Random) -> dict:
    """Answers a participant could give: every scored question answered (self-assessments show
    a result only then), some quiz questions left open."""
    answers = {}
    for q in data["questions"]:
        kind = q["kind"]
        if kind == "check":
            answers[q["id"]] = rng.random() < 0.5
        elif kind == "scale":
            answers[q["id"]] = rng.randrange(len(q["steps"]))
        elif kind == "single" and rng.random() < 0.9:
            answers[q["id"]] = rng.randrange(len(q["options"]))
        elif kind == "multiple" and rng.random() < 0.9:
            answers[q["id"]] = rng.sample(range(len(q["options"])), rng.randint(1, 2))
        elif kind == "reflection":
            answers[q["id"]] = "Frau Meier anrufen"  # never sent: share_body scores only
    return answers


def expected_picture(data: dict, answer_sets: list[dict]) -> dict:
    """The group picture of `answer_sets`, from the Python scoring alone."""
    results = [score(data, a) for a in answer_sets]
    n = len(results)
    picture = {"count": n}
    if n < 3:
        return picture
    total = sum(Fraction(r["score"]) for r in results)
    picture["percent"] = floor_percent(total, n * Fraction(data["max"]))
    if data["bands"]:
        picture["bands"] = [
            sum(1 for r in results if r["band"] == i) for i in range(len(data["bands"]))
        ]
    if data["pass"]:
        picture["passed"] = sum(1 for r in results if r["passed"])
    picture["dimensions"] = {
        d["key"]: floor_percent(
            sum(Fraction(r["dimensions"][d["key"]]["score"]) for r in results),
            n * Fraction(d["max"]),
        )
        for d in data["dimensions"]
        if Fraction(d["max"]) > 0
    }
    return picture


def shown_picture(check: dict) -> dict:
    picture = {"count": check["count"]}
    if "percent" in check:
        picture["percent"] = check["percent"]
        if "bands" in check:
            picture["bands"] = [b["count"] for b in check["bands"]]
        if "passed" in check:
            picture["passed"] = check["passed"]
        picture["dimensions"] = {d["key"]: d["percent"] for d in check["dimensions"]}
    return picture


def by_id(summary: dict) -> dict:
    return {c["id"]: c for c in summary["checks"]}


def device(n: int) -> str:
    return f"device-{n:04d}-abcdefghijkl"


# ---------------------------------------------------------------- the picture


def test_the_picture_is_what_the_python_scoring_says(room, checks):
    """Shares and shares again (a device's new result replaces its earlier one): after each,
    the picture is the Python scoring's picture of every device's latest answers."""
    rng = random.Random(17)
    latest: dict[str, dict[int, dict]] = {key: {} for key in checks}
    for step in range(14):
        for key, data in checks.items():
            who = rng.randrange(7)
            answers = random_answers(data, rng)
            res = room.share(share_body(data, answers, device(who)))
            assert res.status == 201, res.body
            latest[key][who] = answers
            shown = by_id(room.summary())[key]
            assert shown_picture(shown) == expected_picture(data, list(latest[key].values())), (
                key,
                step,
            )


def test_one_or_two_shares_show_counts_only(room, checks):
    data = checks["modul-1/bereit"]
    for n in range(2):
        assert room.share(share_body(data, {"q1": True}, device(n))).status == 201
        shown = by_id(room.summary())["modul-1/bereit"]
        assert shown == {
            "id": "modul-1/bereit",
            "title": data["title"],
            "type": "checklist",
            "count": n + 1,
        }
    csv = room.trainer("GET", "/_room/api/export.csv").body.decode("utf-8-sig")
    assert "Ich weiß" not in csv and "band" not in csv
    assert "modul-1/bereit;Bist du bereit zu netzwerken?;shares;;2" in csv


def test_what_to_discuss(room, checks):
    data = checks["modul-1/bereit"]  # items q1 (1 pt), q2 (2 pts, geben), q3 (profil)
    for n, ticks in enumerate([{"q1": True, "q2": True}, {"q1": True}, {"q1": True, "q3": True}]):
        assert room.share(share_body(data, ticks, device(n))).status == 201
    shown = by_id(room.summary())["modul-1/bereit"]
    assert shown["discuss"]["kind"] == "unticked"
    assert [(i["text"][:20], i["count"]) for i in shown["discuss"]["items"]] == [
        ("Ich gebe Tipps weite", 1),
        ("Ich kann in zwei Sät", 1),
    ]
    quiz = checks["quiz"]
    for n, answers in enumerate(
        [{"q1": 0, "q2": [0, 1]}, {"q1": 1, "q2": [0]}, {"q1": 2, "q2": [0, 1]}]
    ):
        assert room.share(share_body(quiz, answers, device(n)), source="127.0.2.1").status == 201
    shown = by_id(room.summary())["quiz"]
    assert shown["discuss"]["kind"] == "missed"
    assert [i["count"] for i in shown["discuss"]["items"]] == [2, 1]
    assert shown["discuss"]["items"][0]["text"].startswith("Eine Kundin fragt")
    assert shown["passed"] == 1


def test_sharing_again_replaces_the_earlier_share(room, checks):
    data = checks["modul-1/bereit"]
    for n in range(3):
        assert room.share(share_body(data, {}, device(n))).status == 201
    assert by_id(room.summary())["modul-1/bereit"]["bands"][0]["count"] == 3
    everything = {"q1": True, "q2": True, "q3": True}
    assert room.share(share_body(data, everything, device(1))).status == 201
    shown = by_id(room.summary())["modul-1/bereit"]
    assert shown["count"] == 3
    assert [b["count"] for b in shown["bands"]] == [2, 1]
    assert len(room.rows()) == 3


def test_a_killed_server_comes_back_with_the_same_picture(site, tmp_path, checks):
    first = Room(site, tmp_path / "room.sqlite").start()
    rng = random.Random(4)
    try:
        for n in range(4):
            for data in checks.values():
                body = share_body(data, random_answers(data, rng), device(n))
                res = first.share(body, source=f"127.0.5.{n + 1}")
                assert res.status == 201
        before = first.summary()
    finally:
        first.kill()
    second = Room(site, tmp_path / "room.sqlite").start()
    try:
        after = second.summary()
        assert after["checks"] == before["checks"]
        assert second.token == first.token  # the projector address stays valid
    finally:
        second.stop()


# ---------------------------------------------------------------- hostile and broken requests


def hostile_requests(room: Room, data: dict) -> list[tuple[str, int, object]]:
    good = share_body(data, {"q1": True}, device(99))
    json_ = {"Content-Type": "application/json", "Origin": room.base}
    cases = [
        ("body over the limit", 413, lambda: room.share({**good, "device": "x" * 20000})),
        (
            "body over the limit, no length",
            413,
            lambda: room.request(
                "POST",
                "/_room/api/share",
                _chunked(b"{" + b" " * 40000 + b"}"),
                {**json_, "Transfer-Encoding": "chunked"},
                "127.0.3.1",
            ),
        ),
        ("score as a number", 422, lambda: room.share({**good, "score": 1})),
        ("band as text", 422, lambda: room.share({**good, "band": "0"})),
        ("questions as a list", 422, lambda: room.share({**good, "questions": ["1"]})),
        ("a name", 422, lambda: room.share({**good, "name": "Anna Beispiel"})),
        (
            "a reflection's text",
            422,
            lambda: room.share({**good, "questions": {**good["questions"], "text": "Frau Meier"}}),
        ),
        (
            "prototype key",
            422,
            lambda: room.share({**good, "questions": {**good["questions"], "__proto__": "1"}}),
        ),
        ("huge number", 422, lambda: room.share({**good, "score": "9" * 5000})),
        ("not JSON", 422, lambda: room.share("{'check': ")),
        ("JSON but not an object", 422, lambda: room.share("[1, 2]")),
        ("unknown check", 404, lambda: room.share({**good, "check": "gibt-es-nicht"})),
        ("older version", 409, lambda: room.share({**good, "hash": "0" * 12})),
        ("score above the maximum", 422, lambda: room.share({**good, "score": "5"})),
        ("maximum changed", 422, lambda: room.share({**good, "score": "1", "max": "1"})),
        (
            "points a question cannot give",
            422,
            lambda: room.share({**good, "questions": {**good["questions"], "q1": "0.5"}}),
        ),
        ("total that does not add up", 422, lambda: room.share({**good, "score": "2"})),
        ("wrong band", 422, lambda: room.share({**good, "band": 1})),
        (
            "wrong dimension score",
            422,
            lambda: room.share({**good, "dimensions": {**good["dimensions"], "geben": "2"}}),
        ),
        (
            "a question missing",
            422,
            lambda: room.share({**good, "questions": {"q1": "1", "q2": "0"}}),
        ),
        ("foreign Origin", 403, lambda: room.share(good, Origin="http://evil.example")),
        (
            "null Origin from another site",
            403,
            lambda: room.share(good, Origin="null", **{"Sec-Fetch-Site": "cross-site"}),
        ),
        (
            "foreign Origin claiming same-origin",
            403,
            lambda: room.share(
                good, Origin="http://evil.example", **{"Sec-Fetch-Site": "same-origin"}
            ),
        ),
        (
            "no Origin",
            403,
            lambda: room.request(
                "POST", "/_room/api/share", good, {"Content-Type": "application/json"}, "127.0.3.2"
            ),
        ),
        ("a form post", 415, lambda: room.share("check=quiz", **{"Content-Type": "text/plain"})),
        ("foreign Host (DNS rebinding)", 400, lambda: room.share(good, Host="evil.example")),
        (
            "query parameters",
            422,
            lambda: room.request("POST", "/_room/api/share?x=1", good, json_, "127.0.3.3"),
        ),
        ("summary without token", 401, lambda: room.request("GET", "/_room/api/summary")),
        (
            "summary with a wrong token",
            401,
            lambda: room.trainer("GET", "/_room/api/summary", token="nope"),
        ),
        ("CSV without token", 401, lambda: room.request("GET", "/_room/api/export.csv")),
        (
            "reset without token",
            401,
            lambda: room.request("POST", "/_room/api/reset", {"confirm": True}, json_),
        ),
        (
            "reset with a wrong token",
            401,
            lambda: room.trainer("POST", "/_room/api/reset", {"confirm": True}, token="x" * 24),
        ),
        (
            "reset from a foreign page",
            403,
            lambda: room.request(
                "POST",
                "/_room/api/reset",
                {"confirm": True},
                {
                    "Authorization": f"Bearer {room.token}",
                    "Origin": "http://evil.example",
                    "Content-Type": "application/json",
                },
            ),
        ),
        ("reset without confirm", 422, lambda: room.trainer("POST", "/_room/api/reset", {})),
        ("share by GET", 405, lambda: room.request("GET", "/_room/api/share")),
        ("a file outside the site", 404, lambda: room.request("GET", "/../../../etc/passwd")),
        ("an unknown room path", 404, lambda: room.request("GET", "/_room/api/shares")),
    ]
    return cases


def _chunked(data: bytes):
    yield data


def test_every_hostile_request_gets_its_4xx_and_nothing_changes(room, checks):
    data = checks["modul-1/bereit"]
    for n in range(3):
        assert room.share(share_body(data, {"q2": True}, device(n))).status == 201
    rows, before = room.rows(), room.summary()
    for what, status, send in hostile_requests(room, data):
        res = send()
        assert res.status == status, (what, res.status, res.body)
        if what == "a file outside the site":  # the site's own 404 page
            continue
        body = res.json()
        assert set(body) == {"error"} and 0 < len(body["error"]) <= 300, (what, body)
        assert "Traceback" not in body["error"]
    assert room.rows() == rows
    after = room.summary()
    assert after["checks"] == before["checks"] and after["version"] == before["version"]
    assert "Traceback" not in "".join(room.output)


def test_a_flood_from_one_client_is_refused_and_others_still_share(room, checks):
    data = checks["quiz"]
    statuses = [
        room.share(share_body(data, {"q1": 0}, device(n)), source="127.0.4.1").status
        for n in range(15)
    ]
    assert statuses[:10] == [201] * 10 and set(statuses[10:]) == {429}
    res = room.share(share_body(data, {"q1": 0}, device(15)), source="127.0.4.1")
    assert res.status == 429 and int(res.headers["retry-after"]) >= 1
    assert len(room.rows()) == 10
    assert room.share(share_body(data, {"q1": 0}, device(20)), source="127.0.4.2").status == 201


def test_guessing_the_token_is_rate_limited(room):
    statuses = [
        room.request(
            "GET", "/_room/api/summary", headers={"Authorization": f"Bearer guess{n}"}
        ).status
        for n in range(12)
    ]
    assert statuses[:10] == [401] * 10 and set(statuses[10:]) == {429}


# ---------------------------------------------------------------- trainer tools


def test_reset_and_csv(room, checks):
    data = checks["pflege"]
    for n in range(3):
        answers = {"q1": n, "q2": 3 - n}
        assert room.share(share_body(data, answers, device(n))).status == 201
    res = room.trainer("GET", "/_room/api/export.csv")
    assert res.status == 200 and res.headers["content-type"].startswith("text/csv")
    assert "attachment" in res.headers["content-disposition"]
    lines = res.body.decode("utf-8-sig").splitlines()
    assert lines[0] == "check;title;measure;item;value"
    shown = by_id(room.summary())["pflege"]
    assert f"pflege;Wie pflegst du dein Netzwerk?;mean percent;;{shown['percent']}" in lines
    assert any(
        line.startswith("pflege;Wie pflegst du dein Netzwerk?;dimension percent;Kontaktpflege;")
        for line in lines
    )
    res = room.trainer("POST", "/_room/api/reset", {"confirm": True})
    assert res.status == 200 and res.json() == {"deleted": 3}
    assert room.rows() == []
    assert all(c["count"] == 0 for c in room.summary()["checks"])


def test_a_waiting_summary_request_is_answered_with_the_share_made_while_it_waited(room, checks):
    """The projector asks for the picture after the one it shows and gets it once a share came."""
    first = room.summary()
    waiting = http.client.HTTPConnection("127.0.0.1", room.port, timeout=SAFETY_NET)
    headers = {"Authorization": f"Bearer {room.token}", "Origin": room.base}
    waiting.request("GET", f"/_room/api/summary?after={first['version']}", headers=headers)
    try:
        # a request sent after it is answered while it is not: it waits (one event loop serves
        # both, in the order they came)
        assert room.summary()["version"] == first["version"]
        assert select.select([waiting.sock], [], [], 0)[0] == [], "answered before any change"
        assert room.share(share_body(checks["quiz"], {"q1": 0}, device(1))).status == 201
        answer = json.loads(waiting.getresponse().read())
    finally:
        waiting.close()
    assert answer["version"] != first["version"]
    assert by_id(answer)["quiz"]["count"] == 1


def test_a_waiter_wakes_on_the_change_not_on_its_timeout(site, tmp_path):
    """What the projector relies on: the wait ends with the change, not with its timeout (an
    hour here, so that only the change can end it within the safety net)."""
    from generator.room.app import Room as RoomState
    from generator.room.app import RoomSettings
    from generator.room.course import load_site
    from generator.room.storage import Store

    store = Store(tmp_path / "room.sqlite")
    state = RoomState(load_site(site), store, RoomSettings("http://127.0.0.1/", frozenset()))

    async def scenario() -> None:
        before = state.version
        waiter = asyncio.ensure_future(state.wait_for_change(before, 3600))
        await asyncio.sleep(0)  # the waiter runs up to where it waits
        assert not waiter.done(), "returned although nothing changed"
        state.changed()
        try:
            await asyncio.wait_for(waiter, SAFETY_NET)
        except asyncio.TimeoutError:
            raise AssertionError("the change did not end the wait") from None
        assert state.version != before

    # a loop of its own in a thread of its own: the browser tests' Playwright keeps an event
    # loop running in this thread, where asyncio.run() refuses to start another
    failed: list[BaseException] = []

    def run_scenario() -> None:
        try:
            asyncio.run(scenario())
        except BaseException as err:  # handed to the test's thread below
            failed.append(err)

    worker = threading.Thread(target=run_scenario)
    try:
        worker.start()
        worker.join()
    finally:
        store.close()
    if failed:
        raise failed[0]


# ---------------------------------------------------------------- retention and storage


def test_shares_of_an_earlier_day_are_deleted(site, tmp_path, checks):
    db = tmp_path / "room.sqlite"
    server = Room(site, db).start()
    try:
        for n in range(3):
            assert server.share(share_body(checks["quiz"], {"q1": 0}, device(n))).status == 201
    finally:
        server.stop()
    with sqlite3.connect(db) as con:  # as if the shares were made yesterday
        con.execute(
            "UPDATE shares SET created = created - 86400 WHERE device IN "
            "(SELECT device FROM shares LIMIT 2)"
        )
    server = Room(site, db).start()
    try:
        assert by_id(server.summary())["quiz"]["count"] == 1
        assert len(server.rows()) == 1
    finally:
        server.stop()


def test_keep_hours(site, tmp_path, checks):
    db = tmp_path / "room.sqlite"
    server = Room(site, db, extra=["--keep-hours", "1.5"]).start()
    try:
        for n in range(2):
            assert server.share(share_body(checks["quiz"], {"q1": 0}, device(n))).status == 201
    finally:
        server.stop()
    with sqlite3.connect(db) as con:  # made two hours ago and an hour ago, not waited for
        first, second = [r[0] for r in con.execute("SELECT rowid FROM shares ORDER BY rowid")]
        for rowid, hours in ((first, 2), (second, 1)):
            con.execute(
                "UPDATE shares SET created = created - ? WHERE rowid = ?", (hours * 3600, rowid)
            )
    server = Room(site, db, extra=["--keep-hours", "1.5"]).start()
    try:
        assert len(server.rows()) == 1 and by_id(server.summary())["quiz"]["count"] == 1
        assert "for 1.5 hours" in "".join(server.output)
    finally:
        server.stop()


def test_an_unusable_database_is_a_clear_message(site, tmp_path):
    from kursbau_testing import run

    (tmp_path / "kaputt.sqlite").write_bytes(b"this is not a database" * 100)
    for db in (tmp_path / "kaputt.sqlite", tmp_path):
        out = run(["room", "--site", str(site), "--db", str(db), "--port", "0"], tmp_path)
        assert out.returncode == 1, out.stdout
        assert "cannot open the room database" in out.stderr and "--db" in out.stderr
        assert "Traceback" not in out.stderr + out.stdout


# ---------------------------------------------------------------- what is served


def test_the_site_and_the_view_are_served_with_the_sites_policy(room, site):
    policy = next(
        line.split(":", 1)[1].strip()
        for line in (site / "_headers").read_text().splitlines()
        if "Content-Security-Policy" in line
    )
    for path in (
        "/",
        "/checks/",
        "/_room/projector",
        "/_room/projector.js",
        "/_room/join.svg",
        "/_room/api/share",
        "/nope",
    ):
        res = room.request("GET", path)
        assert res.headers["content-security-policy"] == policy, path
        assert res.headers["x-content-type-options"] == "nosniff"
    page = room.request("GET", "/_room/projector").body.decode()
    assert '<script defer src="/_room/projector.js"></script>' in page
    from generator.core.resources import scan_page

    assert scan_page(page).scripts == []  # no inline script


def test_pages_get_the_host_script_from_the_room_only(room, site):
    """The room adds its share script to the pages it serves; the built site has none of it,
    so the same site/ on any other host (or from file://) has no share button."""
    for path, file in (("/", "index.html"), ("/checks/quiz/", "checks/quiz/index.html")):
        res = room.request("GET", path)
        served, on_disk = res.body, (site / file).read_bytes()
        tag = re.search(
            rb'<script defer src="/_room/share.js" data-kb-room-ui="[^"]*"></script>', served
        )
        assert tag, path
        assert served.replace(tag.group(0), b"") == on_disk
        assert tag.start() < served.index(b"</head>")
        if b"kursbau.js" in on_disk:  # a page with a check: the host script runs first
            assert served.index(b"</head>") < served.index(b"kursbau.js")
        again = room.request("GET", path, headers={"If-None-Match": res.headers["etag"]})
        assert again.status == 304
    for file in site.rglob("*"):
        if file.is_file() and file.suffix in (".html", ".js", ".css", ".json"):
            assert b"_room" not in file.read_bytes(), file
    share_js = room.request("GET", "/_room/share.js")
    assert share_js.status == 200 and "javascript" in share_js.headers["content-type"]


def test_kursbau_new_explains_the_room_in_its_privacy_page(tmp_path):
    from kursbau_testing import run

    assert run(["new", "kurs"], tmp_path).returncode == 0
    text = " ".join((tmp_path / "kurs" / "content" / "datenschutz.md").read_text("utf-8").split())
    for words in (
        "kursbau room",
        "Anonym mit der Gruppe teilen",
        "IP-Adresse",
        "Ende des Tages",
        "ab drei",
    ):
        assert words in text


def test_the_room_says_where_it_listens(room):
    text = "".join(room.output)
    assert "Listening on 127.0.0.1 only" in text and "--host 0.0.0.0" in text
    assert f"{room.base}/" in text and "_room/projector#t=" in text
    assert "█" in text or "▀" in text  # the QR code


def test_in_a_course_folder_it_builds_then_serves_and_keeps_its_file_there(tmp_path):
    from kursbau_testing import run, tiny_course

    course = tiny_course(tmp_path / "kurs")
    out = run(["room", "--port", "0", "--stop-after", "2"], course)
    assert out.returncode == 0, out.stderr
    assert "Built 7 pages with 3 checks" in out.stdout and "3 checks can be shared" in out.stdout
    assert (course / "site" / "index.html").is_file()
    assert (course / ".kursbau" / "room.sqlite").is_file()
    assert "Traceback" not in out.stderr


def test_without_the_room_extra_it_says_how_to_install_it(site, tmp_path):
    import subprocess
    import sys

    from kursbau_testing import ROOT

    code = (
        "import sys; sys.modules['uvicorn'] = None\n"  # as if `kursbau[room]` was not installed
        "from generator.cli import main\n"
        f"sys.exit(main(['room', '--site', {str(site)!r}, '--port', '0']))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
    )
    assert out.returncode == 2
    assert "pip install 'kursbau[room]'" in out.stderr and "Traceback" not in out.stderr
    assert not (tmp_path / ".kursbau").exists()


def test_a_busy_port_or_a_foreign_address_is_a_clear_message(site, tmp_path):
    import socket

    from kursbau_testing import run

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen(1)
        port = busy.getsockname()[1]
        out = run(["room", "--site", str(site), "--port", str(port)], tmp_path)
    assert out.returncode == 1 and "choose another port with --port N" in out.stderr
    out = run(["room", "--site", str(site), "--host", "192.0.2.1", "--port", "0"], tmp_path)
    assert out.returncode == 2 and "not an address of this computer" in out.stderr
    for out_text in (out.stderr, out.stdout):
        assert "Traceback" not in out_text


def test_a_browser_that_hides_the_origin_may_share_from_the_room_itself(room, checks):
    """Under `Referrer-Policy: no-referrer` a browser may send `Origin: null`; its
    `Sec-Fetch-Site: same-origin` (which no page can forge) shows the share comes from the room."""
    body = share_body(checks["quiz"], {"q1": 0}, device(1))
    res = room.share(body, Origin="null", **{"Sec-Fetch-Site": "same-origin"})
    assert res.status == 201
