"""The fixture sites of tests/sites/ with checks, in Chromium, served as a host serves them: under
their site_url's path, with the headers of the built `_headers` file (the site's own rules and
Kursbau's policy). Every page loads without a CSP violation and without a request to another
origin; the checks work, and so do search and Material's instant navigation."""

from __future__ import annotations

import functools
import http.server
import re
import threading
from contextlib import contextmanager
from fnmatch import fnmatchcase
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from fixture_sites import SITES, build, copy_site
from offline_csp_support import VIOLATIONS_SCRIPT, Recorder, take_checks


def header_rules(text: str) -> list[tuple[str, list[tuple[str, str]]]]:
    """The rules of a `_headers` file (Netlify, Cloudflare Pages): path pattern → headers."""
    rules: list[tuple[str, list[tuple[str, str]]]] = []
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line[0].isspace():
            rules.append((line.strip(), []))
        elif rules and ":" in line:
            name, value = line.strip().split(":", 1)
            rules[-1][1].append((name.strip(), value.strip()))
    return rules


def headers_for(rules, path: str) -> dict[str, str]:
    """Every rule matching `path` applies; a header set twice gets both values, comma-joined,
    as these hosts do (for Content-Security-Policy: both policies are enforced)."""
    found: dict[str, list[str]] = {}
    for pattern, headers in rules:
        if fnmatchcase(path, re.sub(r":\w+", "*", pattern)):
            for name, value in headers:
                found.setdefault(name.lower(), []).append(value)
    return {name: ", ".join(values) for name, values in found.items()}


class HostHandler(http.server.SimpleHTTPRequestHandler):
    rules: list = []
    prefix = "/"

    def end_headers(self):
        path = unquote(urlsplit(self.path).path)
        relative = "/" + path[len(self.prefix) :] if path.startswith(self.prefix) else path
        for name, value in headers_for(self.rules, relative).items():
            self.send_header(name, value)
        super().end_headers()

    def log_message(self, *args):
        pass


@contextmanager
def host(root: Path):
    """A static host on 127.0.0.1 (free port) for `root`; set `.rules`/`.prefix` before use."""
    handler = type("Handler", (HostHandler,), {"rules": [], "prefix": "/"})
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(handler, directory=str(root))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield handler, f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


class Site:
    def __init__(self, name: str, root: Path, site: Path, url: str, features: str):
        self.name, self.root, self.site, self.url, self.features = name, root, site, url, features

    def pages(self) -> list[str]:
        return sorted(p.relative_to(self.site).as_posix() for p in self.site.rglob("*.html"))


# Material's instant navigation and language selector ask for sitemap.xml beside the pages of
# each language; MkDocs and mkdocs-static-i18n write one only at the top, so the plain build
# (without Kursbau) gets the same 404s. Any other failed load still fails the test.
THEME_SITEMAP_404 = pytest.mark.expected_console_error(r"status of 404 .*/sitemap\.xml\)$")


@pytest.fixture(scope="module", params=SITES)
def built(request, tmp_path_factory):
    """A fixture site with checks, built by `kursbau build` for the address it is served at."""
    name = request.param
    base = tmp_path_factory.mktemp(name)
    root = copy_site(name, base / "project")
    www = base / "www"
    www.mkdir()
    config = (root / "mkdocs.yml").read_text(encoding="utf-8")
    written = re.search(r"^site_url:\s*(\S+)\s*$", config, re.M)
    prefix = urlsplit(written.group(1)).path if written else "/"
    with host(www) as (handler, origin):
        url = origin + prefix
        line = f"site_url: {url}\n"
        config = config.replace(written.group(0) + "\n", line) if written else line + config
        (root / "mkdocs.yml").write_text(config, encoding="utf-8")
        site = build(root, tool="kursbau", site=str(www / prefix.strip("/")))
        handler.rules = header_rules((site / "_headers").read_text(encoding="utf-8"))
        handler.prefix = prefix
        yield Site(name, root, site, url, config)


class Watch:
    """What a page of a fixture site did wrong: requests to another origin, failed loads,
    console errors, CSP violations (collected in every document by VIOLATIONS_SCRIPT)."""

    # With mkdocs-static-i18n, Material's language selector looks for a sitemap.xml beside each
    # alternate page (the site's and the plugins' doing, the same without Kursbau).
    FAILED = "Failed to load resource: the server responded with a status of 404"

    def __init__(self, page, built):
        self.page, self.built = page, built
        self.record = Recorder(page)
        self.missing: list[str] = []
        page.on("response", lambda r: self.missing.append(r.url) if r.status >= 400 else None)
        self.probes = built.name.startswith("i18n")

    def violations(self) -> list[str]:
        return self.page.evaluate("window.__kbViolations || []")

    def assert_clean(self, violations: list[str]) -> None:
        origin = self.built.url[: self.built.url.index("/", len("http://"))]
        assert violations == []
        assert self.record.foreign(origin) == []
        probe = "sitemap.xml" if self.probes else None
        assert [u for u in self.missing if not (probe and u.endswith(probe))] == []
        errors = self.record.errors
        assert [e for e in errors if not (probe and e.startswith(self.FAILED))] == []


@THEME_SITEMAP_404
def test_every_page_under_the_sites_own_policy(context, built):
    """0 CSP violations and 0 requests to another origin on every page of the site."""
    context.add_init_script(VIOLATIONS_SCRIPT)
    page = context.new_page()
    watch = Watch(page, built)
    violations = []
    for rel in built.pages():
        page.goto(built.url + rel)
        page.wait_for_load_state("load")
        violations += watch.violations()
    watch.assert_clean(violations)


def _pages_with_checks(built) -> list[str]:
    return [
        rel
        for rel in built.pages()
        if "data-assessment=" in (built.site / rel).read_text(encoding="utf-8")
        and "/checks/" not in f"/{rel}"
    ]


@THEME_SITEMAP_404
def test_checks_search_and_instant_navigation_work(context, built):
    context.add_init_script(VIOLATIONS_SCRIPT)
    page = context.new_page()
    watch = Watch(page, built)
    page.goto(built.url)
    page.evaluate("window.__samePage = true")
    lessons = _pages_with_checks(built)
    assert lessons
    for rel in lessons:
        target = rel[: -len("index.html")] if rel.endswith("index.html") else rel
        link = page.locator(f'a[href$="/{target}"], a[href="{target}"]').filter(visible=True)
        if "navigation.instant" in built.features and link.count():
            link.first.click()  # Material swaps the content; the checks must start anyway
            page.wait_for_url("**/" + target)
            assert page.evaluate("window.__samePage") is True
        else:
            page.goto(built.url + target)
            page.evaluate("window.__samePage = true")
        assert take_checks(page)
    # search finds a check's question, from any page
    word = "vorbereitet" if "Bist du vorbereitet" in _all_html(built) else "prepared"
    search = page.locator("input.md-search__input")
    search.click()
    search.press_sequentially(word, delay=20)
    page.wait_for_selector(".md-search-result__item", timeout=30000)
    watch.assert_clean(watch.violations())


def _all_html(built) -> str:
    return "".join((built.site / rel).read_text(encoding="utf-8") for rel in built.pages())
