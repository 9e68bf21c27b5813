"""Helpers of the offline/CSP/author-text browser tests: built sites, a server that sends the
site's own Content-Security-Policy, and a participant who answers every check on a page."""

from __future__ import annotations

import functools
import http.server
import re
import threading
from contextlib import contextmanager
from pathlib import Path

# Collects CSP violations in every document of a browser context (add_init_script).
VIOLATIONS_SCRIPT = """
window.__kbViolations = [];
document.addEventListener('securitypolicyviolation', e => window.__kbViolations.push(
  [e.violatedDirective, e.blockedURI, e.sourceFile, e.lineNumber, e.sample].join(' | ')));
"""


def policy_of(site: Path) -> str:
    """The policy the build wrote into site/_headers."""
    headers = (site / "_headers").read_text(encoding="utf-8")
    return re.search(r"^  Content-Security-Policy: (.+)$", headers, re.M).group(1)


class _Handler(http.server.SimpleHTTPRequestHandler):
    policy: str | None = None

    def end_headers(self):
        if self.policy:
            self.send_header("Content-Security-Policy", self.policy)
        super().end_headers()

    def log_message(self, *args):
        pass


@contextmanager
def serve(site: Path, policy: str | None = None):
    """Serve `site` on 127.0.0.1 (a free port), sending `policy` with every response."""
    handler = type("Handler", (_Handler,), {"policy": policy})
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(handler, directory=str(site))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


class Recorder:
    """Every request, console error and uncaught exception of a page."""

    def __init__(self, page):
        self.requests: list[str] = []
        self.errors: list[str] = []
        page.on("request", lambda r: self.requests.append(r.url))
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(str(e)))

    def foreign(self, origin: str) -> list[str]:
        """Requests that left `origin` (for file:// sites: anything not file: or data:)."""
        if origin == "file":
            return [u for u in self.requests if not u.startswith(("file:", "data:", "about:"))]
        return [u for u in self.requests if not (u == origin or u.startswith(origin + "/"))]


def take_checks(page) -> list[str]:
    """Answer every check on the page like a participant (a choice per question, every other box,
    text in every field), submit it, and return the ids of the checks taken."""
    taken = []
    for check_id in page.eval_on_selector_all(
        "[data-assessment]", "els => els.map(e => e.dataset.assessment)"
    ):
        root = page.locator(f'[data-assessment="{check_id}"]')
        page.wait_for_selector(f'[data-assessment="{check_id}"][data-kb-ready]', state="attached")
        retry = root.locator('[data-action="retry"]')
        if retry.count() and retry.is_visible():  # taken before (FORMAT 1.1: a new attempt)
            retry.click()
        names = root.evaluate(
            "r => [...new Set([...r.querySelectorAll('input[type=radio]')].map(i => i.name))]"
        )
        for n, name in enumerate(names):
            radios = root.locator(f'input[type="radio"][name="{name}"]')
            radios.nth(n % radios.count()).check()
        boxes = root.locator('input[type="checkbox"]')
        for i in range(0, boxes.count(), 2):
            boxes.nth(i).check()
        areas = root.locator("textarea")
        for i in range(areas.count()):
            areas.nth(i).fill(f"Meine Antwort {i + 1}")
        submit = root.locator('[data-action="submit"]')
        if submit.count():
            submit.click()
            if root.locator("[data-incomplete]").is_visible():  # some left open: evaluate anyway
                root.locator('[data-action="confirm-submit"]').click()
            result = root.locator("[data-result]")
            assert result.get_attribute("data-score") is not None, check_id
            assert result.get_attribute("data-max") is not None, check_id
        taken.append(check_id)
    return taken
