"""Browser tests: real Chromium (Debian's), pages built from real check YAML.

Pages are written to one directory per session with the Kursbau assets next to them and opened
over http (a local server on 127.0.0.1) or as file:// URLs. Every test gets a fresh browser
context, so localStorage starts empty.
"""

from __future__ import annotations

import functools
import http.server
import re
import shutil
import threading
import uuid
from pathlib import Path

import pytest
from kbhelp import COURSE

from generator.mkdocs_adapter.build import check
from generator.render import built_assets, render_check, render_overview
from kursbau_testing import CHROMIUM, CHROMIUM_FLAGS, ROOT, run


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": CHROMIUM_FLAGS,
    }


# ---------------------------------------------------------------- pages and servers

PAGE = """<!doctype html>
<html lang="{lang}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title><link rel="icon" href="data:,">
<link rel="stylesheet" href="assets/kursbau/kursbau.css">{head}
<script defer src="assets/kursbau/kursbau.js"></script>
</head><body><main><h1>{title}</h1>
{body}
</main></body></html>
"""


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def site_root(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("kb-pages")
    target = root / "assets" / "kursbau"
    target.mkdir(parents=True)
    for name, text in built_assets().items():  # as the site serves them: minified
        (target / name).write_text(text, encoding="utf-8")
    shutil.copytree(Path(__file__).parent / "hosts", root / "hosts")
    return root


@pytest.fixture(scope="session")
def serve():
    """serve(folder) → the base URL of a static server for it on 127.0.0.1 (a free port)."""
    servers = []

    def start(directory: Path) -> str:
        handler = functools.partial(Quiet, directory=str(directory))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}"

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory) -> Path:
    """The sample course, built once per session with `kursbau build --strict`."""
    target = tmp_path_factory.mktemp("sample-site") / "site"
    built = run(["build", "--strict", "--site-dir", str(target)], ROOT)
    assert built.returncode == 0, built.stdout + built.stderr
    assert "WARNING" not in built.stdout + built.stderr
    return target


@pytest.fixture(scope="session")
def sample_base(sample_site, serve) -> str:
    return serve(sample_site)


@pytest.fixture(scope="session")
def sample_course():
    """The sample course as the core sees it (check data, lessons and their embeds)."""
    problems, found = check(ROOT / "mkdocs.yml")
    assert found is not None, problems.report()
    return found


@pytest.fixture(scope="session")
def http_base(site_root):
    handler = functools.partial(Quiet, directory=str(site_root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


class Pages:
    """Writes standalone test pages and opens them."""

    def __init__(self, root: Path, base: str):
        self.root = root
        self.base = base

    def write(
        self,
        *checks: dict,
        lang="de",
        overview: list | None = None,
        extra="",
        name=None,
        head="",
    ):
        """A page with these checks (and an overview); `head` goes before kursbau.js."""
        body = [render_check(c, lang=lang) for c in checks]
        if overview is not None:
            body.insert(0, render_overview(overview, lang=lang, course=COURSE))
        name = name or f"p-{uuid.uuid4().hex[:10]}.html"
        html = PAGE.format(lang=lang, title="Test", body="\n".join(body) + extra, head=head)
        (self.root / name).write_text(html, encoding="utf-8")
        return name

    def url(self, name: str, via: str = "http") -> str:
        return f"{self.base}/{name}" if via == "http" else (self.root / name).as_uri()

    def open(self, page, *checks: dict, via="http", **kw) -> str:
        url = self.url(self.write(*checks, **kw), via)
        page.goto(url)
        page.wait_for_selector("[data-kb-ready]", state="attached")
        return url


@pytest.fixture
def pages(site_root, http_base) -> Pages:
    return Pages(site_root, http_base)


# ---------------------------------------------------------------- no console or page errors, ever


def pytest_configure(config):
    config.addinivalue_line(
        "markers",
        "expected_console_error(pattern): a positive control that provokes this console error",
    )


def is_error(message) -> bool:
    """A console error; the 404 of the /favicon.ico that Chromium asks for by itself on a page
    without an icon is the browser's doing, not the page's."""
    url = (message.location or {}).get("url", "")
    return message.type == "error" and not url.endswith("/favicon.ico")


def described(message) -> str:
    """The console text; a failed load names its address (Chromium's text does not)."""
    url = (message.location or {}).get("url", "")
    if message.text.startswith("Failed to load resource") and url:
        return f"{message.text} ({url})"
    return message.text


@pytest.fixture(autouse=True)
def browser_errors(request):
    """Every browser test fails on a console error or an uncaught exception in any page of any
    context it opens (the `page` fixture's and those made with `browser.new_context`). A
    positive control names the error it provokes with @pytest.mark.expected_console_error."""
    if not {"page", "browser", "context"} & set(request.fixturenames):
        yield []
        return
    browser = request.getfixturevalue("browser")
    errors: list[str] = []
    original = browser.new_context

    def new_context(*args, **kwargs):
        context = original(*args, **kwargs)
        context.on("console", lambda m: errors.append(described(m)) if is_error(m) else None)
        context.on("weberror", lambda e: errors.append(str(e.error)))
        return context

    browser.new_context = new_context
    try:
        yield errors
    finally:
        browser.new_context = original
    marker = request.node.get_closest_marker("expected_console_error")
    if marker:
        errors = [e for e in errors if not re.search(marker.args[0], e)]
    assert errors == [], "console or page errors"


@pytest.fixture
def console_errors(browser_errors):
    """The errors seen so far (the check itself is `browser_errors`, for every test)."""
    return browser_errors
