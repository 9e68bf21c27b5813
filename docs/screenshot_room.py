"""Takes docs/screenshot-room.png, the projector view of README's „Im Workshop-Raum“.

    .venv/bin/python docs/screenshot_room.py

The sample course is built into a temporary folder and served by a real `kursbau room` on
127.0.0.1 (a free port, stopped at the end); 17 simulated participants share a seeded random
result of „Bist du bereit zu netzwerken?“ (and 5 of the quiz), each from its own loopback
address; Debian's Chromium shows the projector view at 1280 × 960 and the picture is saved.
"""

from __future__ import annotations

import http.client
import json
import random
import subprocess
import sys
import tempfile
from pathlib import Path

DOCS = Path(__file__).resolve().parent
ROOT = DOCS.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

from browser import CHROME_FLAGS, CHROMIUM  # noqa: E402  (bench/browser.py)
from room import ENV, RoomProcess, answers_for  # noqa: E402  (bench/room.py)

from generator.room.course import load_site  # noqa: E402
from generator.room.shares import share_body  # noqa: E402

SHARES = {"bereit": 17, "mythen": 5}


def share(room: RoomProcess, body: dict, source: str) -> None:
    conn = http.client.HTTPConnection(
        "127.0.0.1", room.port, timeout=30, source_address=(source, 0)
    )
    try:
        headers = {"Content-Type": "application/json", "Origin": room.origin}
        conn.request("POST", "/_room/api/share", json.dumps(body), headers)
        response = conn.getresponse()
        if response.status != 201:
            raise RuntimeError(f"share refused: {response.status} {response.read()!r}")
    finally:
        conn.close()


def main() -> int:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="kb-room-shot-") as tmp:
        site = Path(tmp) / "site"
        subprocess.run(
            [sys.executable, "-m", "generator", "build", "--site-dir", str(site)],
            cwd=ROOT, env=ENV, check=True, capture_output=True,
        )  # fmt: skip
        checks = load_site(site).checks
        room = RoomProcess(site, Path(tmp) / "room.sqlite")
        try:
            rng, n = random.Random(17), 0
            for check_id, count in SHARES.items():
                for _ in range(count):
                    n += 1
                    body = share_body(
                        checks[check_id],
                        answers_for(checks[check_id], rng),
                        f"screenshot-{n:04d}-device",
                    )
                    share(room, body, f"127.2.0.{n}")
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROME_FLAGS)
                page = browser.new_page(viewport={"width": 1280, "height": 960})
                page.goto(f"{room.origin}/_room/projector#t={room.token}")
                page.wait_for_selector("body[data-room-version]")
                page.locator('[data-room-nav] [data-room-check="bereit"]').click()
                page.wait_for_selector('section[data-room-check="bereit"] [data-room-count="17"]')
                page.screenshot(path=str(DOCS / "screenshot-room.png"))
                page.goto("about:blank")  # the view's waiting request ends before the room does
                browser.close()
        finally:
            room.stop()
    print(DOCS / "screenshot-room.png")
    return 0


if __name__ == "__main__":
    sys.exit(main())
