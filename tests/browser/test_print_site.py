"""Print on whole built pages: Material's own print styles hide navigation and search on every
page (so pages without a check need no Kursbau bytes), content tabs print one after another, and
a check page prints as a worksheet without buttons."""

from __future__ import annotations

from pathlib import Path

import pytest

from kursbau_testing import run, tiny_course

TABS = """\
# Vorbereitung

=== "Vor dem Treffen"

    Überlege dir drei Fragen.

=== "Nach dem Treffen"

    Schreib innerhalb von zwei Tagen eine kurze Nachricht.
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    course = tiny_course(tmp_path_factory.mktemp("print") / "kurs", extra={"content/tabs.md": TABS})
    config = (course / "mkdocs.yml").read_text(encoding="utf-8")
    config += (
        "markdown_extensions:\n  - pymdownx.superfences\n"
        "  - pymdownx.tabbed:\n      alternate_style: true\n"
    )
    (course / "mkdocs.yml").write_text(config, encoding="utf-8")
    result = run(["build"], course)
    assert result.returncode == 0, result.stderr
    return course / "site"


def visible(page, selector: str) -> bool:
    return page.locator(selector).first.is_visible()


def test_a_page_without_checks_prints_without_navigation_and_with_every_tab(page, site):
    page.goto((site / "tabs" / "index.html").as_uri())
    assert "kursbau" not in page.content()  # no Kursbau bytes on a page without a check
    page.emulate_media(media="print")
    for chrome in (".md-header", ".md-sidebar--primary", ".md-search", ".md-footer"):
        assert not visible(page, chrome), chrome
    assert page.get_by_text("Überlege dir drei Fragen.").is_visible()
    assert page.get_by_text("Schreib innerhalb von zwei Tagen").is_visible()


def test_a_check_page_prints_as_a_worksheet(page, site):
    page.goto((site / "checks" / "quiz" / "index.html").as_uri())
    page.wait_for_selector("[data-assessment='quiz'][data-kb-ready]", state="attached")
    page.get_by_label("Empfehlungsmanagement").check()
    page.locator("[data-assessment='quiz'] [data-action='submit']").click()
    page.emulate_media(media="print")
    assert not visible(page, ".md-header") and not visible(page, ".md-sidebar--primary")
    assert not page.locator("[data-assessment='quiz'] button").first.is_visible()
    assert page.locator("legend", has_text="Was gehört zum Netzwerken?").is_visible()
    assert not page.locator("[data-assessment='quiz'] [data-result]").is_visible()
