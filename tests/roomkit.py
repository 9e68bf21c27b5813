"""Helpers for the room tests: a real `kursbau room` in a subprocess on 127.0.0.1 (a free port,
a watchdog that ends it by itself), and plain HTTP requests from chosen loopback addresses (the
rate limit counts per address, as it counts per phone in a room)."""

from __future__ import annotations

import functools
import http.client
import http.server
import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import threading
from dataclasses import dataclass
from pathlib import Path

import pytest

from kursbau_testing import ROOT, Served, run, tiny_course

WATCHDOG_SECONDS = 600  # a room started by a test ends by itself after this


def build_tiny_site(root: Path) -> Path:
    """The tiny course (every FORMAT.md example) built by the real CLI."""
    course = tiny_course(root / "kurs")
    out = run(["build", "--site-dir", str(root / "site")], course)
    assert out.returncode == 0, out.stderr
    return root / "site"


# ---------------------------------------------------------------- fixtures, one line in a module:
#     site = site_fixture("room-site"); checks = checks_fixture(); room = room_fixture()


def site_fixture(name: str):
    """A module's tiny site, built once."""

    @pytest.fixture(scope="module")
    def site(tmp_path_factory):
        return build_tiny_site(tmp_path_factory.mktemp(name))

    return site


def checks_fixture():
    @pytest.fixture(scope="module")
    def checks(site):
        return check_data(site)

    return checks


def room_fixture():
    """A room on the module's site with a database of its own, stopped after the test."""

    @pytest.fixture
    def room(site, tmp_path):
        server = Room(site, tmp_path / "room.sqlite").start()
        yield server
        server.stop()

    return room


def static_site_fixture():
    """The module's site served as plain static files (any web host): its base URL."""

    @pytest.fixture(scope="module")
    def static_base(site):
        handler = functools.partial(_QuietFiles, directory=str(site))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        yield f"http://127.0.0.1:{server.server_address[1]}"
        server.shutdown()
        server.server_close()

    return static_base


class _QuietFiles(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def check_data(site: Path) -> dict[str, dict]:
    """The check data of a built site, as the pages carry it."""
    from generator.room.course import load_site

    return load_site(site).checks


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: bytes

    def json(self):
        return json.loads(self.body)


class Room:
    """`kursbau room --site SITE --db DB --port PORT` in a subprocess."""

    def __init__(self, site: Path, db: Path, port: int = 0, extra: list[str] | None = None):
        self.site, self.db, self.port, self.extra = site, db, port, extra or []
        self.proc: subprocess.Popen | None = None
        self.output: list[str] = []
        self._sources = 0

    def start(self) -> Room:
        args = [sys.executable, "-m", "generator", "room", "--site", str(self.site)]
        args += ["--db", str(self.db), "--port", str(self.port)]
        args += ["--stop-after", str(WATCHDOG_SECONDS), *self.extra]
        self.served = Served(args, self.db.parent, dict(os.environ, PYTHONPATH=str(ROOT)))
        self.proc = self.served.proc
        self.output = self.served.lines  # what it has said so far
        self.served.wait_for(r"Stop with Ctrl\+C")  # the room listens on the port it printed
        text = self.served.output
        self.base = re.search(r"http://127\.0\.0\.1:(\d+)/", text).group(0).rstrip("/")
        self.port = int(self.base.rsplit(":", 1)[1])
        self.token = re.search(r"#t=([A-Za-z0-9_-]+)", text).group(1)
        self.projector = f"{self.base}/_room/projector#t={self.token}"
        return self

    def kill(self) -> None:
        """SIGKILL: no shutdown code runs, as when the laptop's battery dies."""
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait(timeout=30)

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill()

    # -- requests ----------------------------------------------------------------------------

    def request(
        self,
        method: str,
        path: str,
        body: bytes | str | dict | None = None,
        headers: dict[str, str] | None = None,
        source: str = "127.0.0.1",
    ) -> Response:
        conn = http.client.HTTPConnection(
            "127.0.0.1", self.port, timeout=60, source_address=(source, 0)
        )
        if isinstance(body, dict):
            body = json.dumps(body)
        if isinstance(body, str):
            body = body.encode()
        headers = headers or {}
        chunked = headers.get("Transfer-Encoding") == "chunked"
        try:
            conn.request(method, path, body=body, headers=headers, encode_chunked=chunked)
            res = conn.getresponse()
            return Response(res.status, {k.lower(): v for k, v in res.getheaders()}, res.read())
        finally:
            conn.close()

    def share(self, body: dict | str, source: str | None = None, **headers) -> Response:
        """A share as a page of the room sends it; each from its own address unless `source`
        says otherwise (like phones in a room)."""
        h = {"Content-Type": "application/json", "Origin": self.base, **headers}
        if source is None:
            self._sources += 1
            source = f"127.1.{self._sources // 250}.{self._sources % 250 + 1}"
        return self.request("POST", "/_room/api/share", body, h, source)

    def trainer(self, method: str, path: str, body=None, token: str | None = None) -> Response:
        headers = {"Authorization": f"Bearer {token or self.token}", "Origin": self.base}
        if body is not None:
            headers["Content-Type"] = "application/json"
        return self.request(method, path, body, headers, source="127.0.0.3")

    def summary(self) -> dict:
        res = self.trainer("GET", "/_room/api/summary")
        assert res.status == 200, res.body
        return res.json()

    def rows(self) -> list[tuple]:
        """What the database file holds, read directly."""
        with sqlite3.connect(self.db) as db:
            return sorted(db.execute("SELECT * FROM shares").fetchall())
