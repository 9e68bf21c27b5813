"""The sample course on a strict host: served with the Content-Security-Policy the build wrote
(site/_headers), every page opened and every check on it taken in Chromium. Nothing may violate
the policy, nothing may log an error, and no request may leave the site's origin."""

from __future__ import annotations

from pathlib import Path

import pytest
from offline_csp_support import VIOLATIONS_SCRIPT, Recorder, policy_of, serve, take_checks

from kursbau_testing import ROOT, run


@pytest.fixture(scope="module")
def sample_site(tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("csp-sample") / "site"
    built = run(["build", "--site-dir", str(target)], ROOT)
    assert built.returncode == 0, built.stdout + built.stderr
    return target


@pytest.fixture(scope="module")
def strict_host(sample_site):
    with serve(sample_site, policy_of(sample_site)) as base:
        yield base


def test_every_page_and_check_under_the_sites_own_csp(page, sample_site: Path, strict_host: str):
    page.context.add_init_script(VIOLATIONS_SCRIPT)
    recorder = Recorder(page)
    pages = sorted(p.relative_to(sample_site).as_posix() for p in sample_site.rglob("*.html"))
    taken, violations = [], []
    for rel in pages:
        page.goto(f"{strict_host}/{rel}")
        page.wait_for_load_state("load")
        taken += take_checks(page)
        violations += [f"{rel}: {v}" for v in page.evaluate("window.__kbViolations")]
    # search runs in a web worker, which the policy must allow as well
    page.goto(f"{strict_host}/index.html")
    page.locator("input.md-search__input").click()
    page.keyboard.type("Bestandskunden")
    page.wait_for_selector(".md-search-result__item")
    assert page.evaluate("typeof window.IFrameWorker") == "undefined"  # http: the real Worker
    violations += page.evaluate("window.__kbViolations")

    assert violations == []
    assert recorder.errors == []
    assert recorder.foreign(strict_host) == []
    assert sorted(set(taken)) == sorted(p.stem for p in (ROOT / "quizzes").glob("*.yml"))
    assert len(pages) >= 10 and len(recorder.requests) > len(pages)
    print(
        f"\nCSP: {len(pages)} pages, {len(taken)} checks taken, {len(recorder.requests)} requests,"
        f" {len(violations)} violations"
    )


@pytest.mark.expected_console_error("^Executing inline script violates")
def test_the_violation_detector_detects(page, strict_host: str):
    """A positive control: an inline script the policy does not list is reported."""
    page.context.add_init_script(VIOLATIONS_SCRIPT)
    page.goto(f"{strict_host}/index.html")
    page.evaluate(
        "() => { const s = document.createElement('script'); s.textContent = 'window.__x = 1';"
        " document.body.append(s); }"
    )
    page.wait_for_function("window.__kbViolations.length > 0")
    assert page.evaluate("window.__x") is None
    assert "script-src" in page.evaluate("window.__kbViolations")[0]
