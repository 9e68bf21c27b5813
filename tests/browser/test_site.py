"""Built sites: `kursbau build` of a tiny course and of the sample course, clicked in Chromium.

Covers what only a real mkdocs-material page shows: the plugin's asset links, Material's palettes,
instant navigation, file:// folders, and axe-core on every check page (Kursbau's own elements must
be clean; the theme's findings are collected in /tmp/kursbau-theme-axe.txt and printed).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from kbhelp import result, root, stored, submit

from kursbau_testing import run, tiny_course

WCAG = {
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"],
    }
}
KURSBAU = ["[data-assessment]", "[data-kb-overview]"]
THEME_REPORT = Path("/tmp/kursbau-theme-axe.txt")


def build(course: Path) -> Path:
    done = run(["build"], cwd=course)
    assert done.returncode == 0, done.stdout + done.stderr
    return course / "site"


def errors_of(page) -> list[str]:
    found: list[str] = []
    page.on("console", lambda m: found.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: found.append(str(e)))
    return found


def ready(page):
    page.wait_for_selector("[data-assessment][data-kb-ready]", state="attached")


# ---------------------------------------------------------------- a tiny course, built for real


@pytest.fixture(scope="module")
def tiny(tmp_path_factory, serve):
    course = tiny_course(tmp_path_factory.mktemp("tiny") / "kurs")
    return serve(build(course))


def test_built_lesson_checks_and_overview(page, tiny):
    errors = errors_of(page)
    page.goto(f"{tiny}/lektion/")
    ready(page)
    assert page.locator("link[href$='assets/kursbau/kursbau.css']").count() == 1
    check = root(page, "modul-1/bereit")
    check.get_by_label("Ich gebe Tipps weiter, ohne etwas zurückzuerwarten.").check()
    check.get_by_label("Ich kann in zwei Sätzen sagen, wofür man mich holt.").check()
    submit(page, "modul-1/bereit")
    res = result(page, "modul-1/bereit")
    assert (res["score"], res["max"], res["band"]) == ("3", "4", "1")
    assert "Auf gutem Weg" in res["text"]
    assert stored(page, "modul-1/bereit")["done"] is True
    root(page, "quiz").get_by_label("Empfehlungsmanagement").check()
    page.goto(f"{tiny}/checks/")
    page.wait_for_selector("[data-kb-overview][data-kb-ready]", state="attached")
    states = dict(
        zip(
            page.locator(".kb-overview tbody td:first-child a").all_inner_texts(),
            page.locator(".kb-overview [data-kb-state]").all_inner_texts(),
            strict=True,
        )
    )
    assert states == {
        "Bist du bereit zu netzwerken?": "Auf gutem Weg",
        "Netzwerken oder Akquise?": "In Bearbeitung",
        "Wie pflegst du dein Netzwerk?": "Nicht begonnen",
    }
    page.get_by_role("link", name="Wie pflegst du dein Netzwerk?").first.click()
    ready(page)
    assert page.locator("[data-assessment='pflege'] .kb-title").count() == 0  # page title is the h1
    assert errors == []


def test_built_site_from_a_folder(page, tmp_path):
    course = tiny_course(tmp_path / "kurs", directory_urls=False)
    site = build(course)
    errors = errors_of(page)
    page.goto((site / "lektion.html").as_uri())
    ready(page)
    check = root(page, "quiz")
    check.get_by_label("Empfehlungsmanagement").check()
    check.get_by_label("Geben ohne Gegenrechnung").check()
    check.get_by_label("Vertrauen langsam aufbauen").check()
    submit(page, "quiz")
    assert (result(page, "quiz")["score"], result(page, "quiz")["passed"]) == ("3", "true")
    page.reload()
    ready(page)
    assert result(page, "quiz")["score"] == "3"
    page.goto((site / "checks" / "index.html").as_uri())
    page.wait_for_selector("[data-kb-overview][data-kb-ready]", state="attached")
    text = page.locator(".kb-overview").inner_text()
    assert "\u2713 Bestanden" in text and "3 von 3 Punkten (100\u00a0%)" in text
    assert errors == []


def instant_site(base: Path, serve, index_check: bool) -> str:
    """A tiny course with Material's instant navigation (it needs the exact site_url), served."""
    index = "# Start\n\n" + ("<!-- check: pflege -->\n" if index_check else "Willkommen.\n")
    course = tiny_course(base, extra={"content/index.md": index})
    site = course / "site"
    site.mkdir()
    url = serve(site)
    yml = (course / "mkdocs.yml").read_text()
    yml = yml.replace("  name: material\n", "  name: material\n  features: [navigation.instant]\n")
    (course / "mkdocs.yml").write_text(f"site_url: {url}/\n" + yml)
    build(course)
    return url


def take_quiz_after_instant_navigation(page, base):
    errors = errors_of(page)
    page.goto(base + "/")
    page.evaluate("window.__samePage = true")
    page.locator(".md-sidebar--primary").get_by_role("link", name="Lektion").click()
    page.wait_for_url("**/lektion/")
    assert page.evaluate("window.__samePage") is True  # no full load: Material swapped the content
    page.wait_for_selector(
        "[data-assessment='quiz'][data-kb-ready]", state="attached", timeout=5000
    )
    root(page, "quiz").get_by_label("Empfehlungsmanagement").check()
    submit(page, "quiz")
    root(page, "quiz").locator('[data-action="confirm-submit"]').click()  # one question open
    assert result(page, "quiz")["score"] == "1"
    assert errors == []


def test_instant_navigation_between_pages_with_checks(page, tmp_path, serve):
    base = instant_site(tmp_path / "kurs", serve, index_check=True)
    take_quiz_after_instant_navigation(page, base)
    page.go_back()
    page.wait_for_selector("[data-assessment='pflege'][data-kb-ready]", state="attached")
    root(page, "pflege").locator("fieldset").first.get_by_label("trifft voll zu").check()
    assert page.evaluate("window.__samePage") is True


def test_instant_navigation_from_a_page_without_checks(page, tmp_path, serve):
    take_quiz_after_instant_navigation(page, instant_site(tmp_path / "kurs", serve, False))


# ---------------------------------------------------------------- the sample course, axe-core


@pytest.fixture(scope="module")
def sample(sample_site, sample_base):
    pages = sorted(
        p.relative_to(sample_site).as_posix()
        for p in sample_site.rglob("*.html")
        if "handouts" not in p.parts and p.name != "404.html"
    )
    return sample_base, pages


def answer_everything(page):
    """Fill every check on the page roughly (some right, some wrong) and submit."""
    for check in page.locator("[data-assessment]").all():
        groups = check.locator("fieldset.kb-scale, fieldset.kb-choice").all()
        for i, group in enumerate(groups):
            options = group.locator("input:not([disabled])")
            if options.count():
                options.nth(i % options.count()).check()
        boxes = check.locator(".kb-list input")
        for i in range(0, boxes.count(), 2):
            boxes.nth(i).check()
        for area in check.locator("textarea").all():
            area.fill("Anna")
        submit = check.locator('[data-action="submit"]')
        if submit.count() and submit.is_visible():
            submit.click()
            confirm = check.locator('[data-action="confirm-submit"]')
            if confirm.is_visible():
                confirm.click()


# Kursbau's elements and the sample course's own content (the article); the theme's header,
# navigation and footer are Material's, reported apart.
OURS = ["[data-assessment]", "[data-kb-overview]", "article.md-content__inner"]
SCREENS = {"phone": {"width": 375, "height": 740}, "desktop": {"width": 1280, "height": 900}}


@pytest.mark.parametrize("screen", ["phone", "desktop"])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_on_every_sample_page(browser, sample, scheme, screen):
    """WCAG 2.2 A and AA on every page of the sample site, before and after submitting."""
    base, pages = sample
    context = browser.new_context(color_scheme=scheme, viewport=SCREENS[screen])
    page = context.new_page()
    theme: set[str] = set()
    found_ours = []
    for path in pages:
        page.goto(f"{base}/{path}")
        page.wait_for_load_state("load")
        has_checks = page.locator("[data-assessment]").count() > 0
        if has_checks or page.locator("[data-kb-overview]").count():
            page.wait_for_selector("[data-kb-ready]", state="attached")
        expected = "slate" if scheme == "dark" else "default"
        assert page.evaluate("document.body.dataset.mdColorScheme") == expected
        for stage in ("before", "after") if has_checks else ("before",):
            if stage == "after":
                answer_everything(page)
            for v in Axe().run(page, options=WCAG).response["violations"]:
                for node in v["nodes"]:
                    inside = page.evaluate(
                        "([sel, ours]) => !!document.querySelector(sel)?.closest(ours)",
                        [node["target"][0], ", ".join(OURS)],
                    )
                    line = f"{v['id']} ({v['impact']}): {node['target'][0]}"
                    if inside:
                        found_ours.append(f"{path} {stage}: {line}\n{node['failureSummary']}")
                    else:
                        theme.add(line)
    context.close()
    with THEME_REPORT.open("a", encoding="utf-8") as report:
        report.write(f"[{scheme} {screen}] " + (" | ".join(sorted(theme)) or "none") + "\n")
    print(f"\ntheme findings ({scheme}, {screen}):", *sorted(theme) or ["none"], sep="\n  ")
    assert found_ours == [], "\n".join(found_ours)
