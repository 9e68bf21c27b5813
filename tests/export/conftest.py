"""The platform tests: a learning platform's runtime that nobody here wrote (scorm-again, npm) on a
test page on 127.0.0.1, which opens an unpacked package in a frame, in Debian's Chromium."""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
import zipfile
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from kursbau_testing import CHROMIUM, CHROMIUM_FLAGS, ROOT, run

SCORM_AGAIN = ROOT / "node_modules" / "scorm-again" / "dist"

HARNESS = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Test platform</title>
<link rel="icon" href="data:,">
<script src="lms/scorm12.js"></script>
<script src="lms/scorm2004.js"></script>
</head><body>
<iframe id="sco" title="activity" style="width:1100px;height:900px;border:0"></iframe>
<script>
// What a platform does: the API on its own window, the package's start page in a frame.
window.launch = function (version, url, stored) {
  var settings = { logLevel: 5, autocommit: false };
  var api = version === '1.2' ? new Scorm12API(settings) : new Scorm2004API(settings);
  if (stored) api.loadFromJSON(stored);
  window[version === '1.2' ? 'API' : 'API_1484_11'] = api;
  window.calls = [];
  ['LMSInitialize', 'LMSFinish', 'Initialize', 'Terminate'].forEach(function (name) {
    api.on(name, function () { window.calls.push(name); });
  });
  document.getElementById('sco').src = url;
};
window.cmi = function () {
  var api = window.API || window.API_1484_11;
  return JSON.parse(JSON.stringify(api.cmi));
};
</script></body></html>
"""


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_FLAGS}


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


class Platform:
    """Serves the test platform and unpacked packages from one folder on 127.0.0.1."""

    def __init__(self, root: Path, base: str):
        self.root = root
        self.base = base

    def add_package(self, package: Path, name: str) -> str:
        target = self.root / name
        shutil.rmtree(target, ignore_errors=True)
        with zipfile.ZipFile(package) as archive:
            archive.extractall(target)
        return f"{name}/kursbau-scorm.html"

    def launch(self, page, version: str, start: str, stored: dict | None = None) -> None:
        page.goto(f"{self.base}/platform.html")
        page.evaluate("([v, u, s]) => launch(v, u, s)", [version, start, stored])
        self.site(page).wait_for_selector("body")

    def site(self, page):
        """The frame with the course's page (inside the package's start page)."""
        page.wait_for_function(
            "() => { const f = document.getElementById('sco').contentDocument;"
            " const i = f && f.querySelector('iframe'); return i && i.contentDocument &&"
            " i.contentDocument.readyState === 'complete' && i.contentWindow.location.href !== 'about:blank'; }"
        )
        outer = next(f for f in page.frames if f.url.endswith("kursbau-scorm.html"))
        return outer.child_frames[0]

    def cmi(self, page) -> dict:
        return page.evaluate("cmi()")


@pytest.fixture(scope="session")
def platform(tmp_path_factory):
    root = tmp_path_factory.mktemp("platform")
    (root / "lms").mkdir()
    for name in ("scorm12.js", "scorm2004.js"):
        assert (SCORM_AGAIN / name).is_file(), "npm dev tools missing: run scripts/setup test"
        shutil.copy(SCORM_AGAIN / name, root / "lms" / name)
    (root / "platform.html").write_text(HARNESS, encoding="utf-8")
    handler = functools.partial(Quiet, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield Platform(root, f"http://127.0.0.1:{server.server_address[1]}")
    server.shutdown()
    server.server_close()


class Watch:
    """What the pages and browser contexts it watches do: console and page errors in any frame,
    and every request by where it goes (data: and blob: URLs load nothing)."""

    def __init__(self) -> None:
        self.errors: list[str] = []
        self.foreign: list[str] = []  # requests off 127.0.0.1
        self.local = 0  # requests to 127.0.0.1: proof that the watch sees requests at all

    def page(self, page):
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        return page

    def context(self, context):
        # the context's event also sees requests of pages the frames open and of workers
        context.on("request", self._request)
        return context

    def _request(self, request) -> None:
        parts = urlsplit(request.url)
        if parts.scheme in ("data", "blob"):
            return
        if parts.hostname == "127.0.0.1":
            self.local += 1
        else:
            self.foreign.append(request.url)

    def assert_clean(self) -> None:
        assert self.errors == [], "console or page errors"
        assert self.foreign == [], "requests off 127.0.0.1"
        assert self.local > 0, "the watch saw no request at all"


@pytest.fixture
def watch():
    """A Watch that fails the test on any console or page error and any request off 127.0.0.1."""
    seen = Watch()
    yield seen
    seen.assert_clean()


@pytest.fixture
def watched(page, watch):
    """pytest-playwright's page, watched (see Watch)."""
    watch.context(page.context)
    yield watch.page(page)


def export(course: Path, out: Path, *args: str) -> Path:
    result = run(["export", "scorm", "--out", str(out), *args], course)
    assert result.returncode == 0, result.stderr
    return out
