"""Real builds of tiny courses through the CLI and through plain `mkdocs build`."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kursbau_testing import fetch, run, serve, shown_after_a_rebuild, tiny_course, write


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


@pytest.mark.parametrize("directory_urls", [True, False], ids=["directory-urls", "html-urls"])
def test_build_gives_a_page_per_check_embeds_and_an_overview(tmp_path: Path, directory_urls: bool):
    course = tiny_course(tmp_path / "kurs", directory_urls=directory_urls)
    result = run(["build"], course)
    assert result.returncode == 0, result.stderr
    assert re.fullmatch(r"Built \d+ pages with 3 checks into site in \d+\.\d s\.\n", result.stdout)
    site = course / "site"
    page = (lambda p: site / p / "index.html") if directory_urls else (lambda p: site / f"{p}.html")
    check_page = page("checks/modul-1/bereit").read_text(encoding="utf-8")
    assert 'data-assessment="modul-1/bereit"' in check_page
    assert 'name="modul-1/bereit/q1"' in check_page and "<fieldset" in check_page
    assert "<title>Bist du bereit zu netzwerken?" in check_page
    lesson = page("lektion").read_text(encoding="utf-8")
    assert lesson.count("data-assessment=") == 2  # the one in a code fence stays text
    assert "&lt;!-- check: gibt-es-nicht --&gt;" in lesson
    assert 'data-assessment="quiz"' in lesson and 'data-assessment="modul-1/bereit"' in lesson
    overview = (
        page("checks").read_text(encoding="utf-8")
        if directory_urls
        else (site / "checks" / "index.html").read_text(encoding="utf-8")
    )
    assert "Alle Antworten auf diesem Gerät löschen" in overview
    for check_id in ("modul-1/bereit", "pflege", "quiz"):
        assert check_id in overview
    assert not (site / "trainer").exists() and not (site / "trainer.html").exists()
    assert "Nur für Trainer" not in (site / "search" / "search_index.json").read_text("utf-8")


def test_assets_only_on_pages_with_a_check_and_linked_relatively(course: Path):
    assert run(["build"], course).returncode == 0
    site = course / "site"
    assert "kursbau.js" not in (site / "index.html").read_text(encoding="utf-8")
    nested = (site / "checks" / "modul-1" / "bereit" / "index.html").read_text(encoding="utf-8")
    assert '<script defer src="../../../assets/kursbau/kursbau.js">' in nested
    assert (site / "assets" / "kursbau" / "kursbau.js").is_file()


def test_german_ui_and_no_web_fonts_as_mkdocs_yml_says(course: Path):
    assert run(["build"], course).returncode == 0
    html = (course / "site" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="de"' in html
    assert "fonts.googleapis.com" not in html and "fonts.gstatic.com" not in html
    assert "Selbstchecks" in html


def test_explicit_nav_places_listed_checks_and_appends_the_rest(tmp_path: Path):
    course = tiny_course(tmp_path / "kurs")
    config = (course / "mkdocs.yml").read_text(encoding="utf-8")
    config += "nav:\n  - Start: index.md\n  - Lektion: lektion.md\n  - Quiz: checks/quiz.md\n"
    (course / "mkdocs.yml").write_text(config, encoding="utf-8")
    # FORMAT.md's example has one statement per area, an authoring hint that --strict would stop
    pflege = course / "quizzes" / "pflege.yaml"
    pflege.write_text(pflege.read_text("utf-8") + "silence: [single-statement]\n", "utf-8")
    result = run(["build", "--strict"], course)
    assert result.returncode == 0, result.stderr
    html = (course / "site" / "index.html").read_text(encoding="utf-8")
    primary = html[html.index("md-nav--primary") :]
    nav = re.findall(r'<span class="md-ellipsis">\s*([^<]+?)\s*</span>', primary)
    assert nav[:7] == [
        "Start",
        "Lektion",
        "Quiz",
        "Selbstchecks",
        "Übersicht",
        "Bist du bereit zu netzwerken?",
        "Wie pflegst du dein Netzwerk?",
    ]


def test_edit_link_of_a_check_page_points_at_its_yaml(tmp_path: Path):
    course = tiny_course(tmp_path / "kurs")
    config = (course / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace(
        "  name: material\n", "  name: material\n  features: [content.action.edit]\n"
    )
    config += "repo_url: https://example.org/team/kurs\nedit_uri: edit/main/content/\n"
    (course / "mkdocs.yml").write_text(config, encoding="utf-8")
    assert run(["build"], course).returncode == 0
    html = (course / "site" / "checks" / "quiz" / "index.html").read_text(encoding="utf-8")
    assert 'href="https://example.org/team/kurs/edit/main/quizzes/quiz.yml"' in html


BROKEN = {
    "quizzes/quiz.yml": "title: Kaputt\ntype: quiz\nquestions:\n  - text: Q\n    options: [a, b]\n",
    "content/lektion.md": "# Lektion\n\n<!-- check: bereitt -->\n",
}


@pytest.mark.parametrize("tool", ["kursbau", "mkdocs"])
def test_a_failed_build_leaves_the_old_site_untouched(tmp_path: Path, tool: str):
    course = tiny_course(tmp_path / "kurs")
    assert run(["build"], course).returncode == 0
    before = snapshot(course / "site")
    write(course, BROKEN)
    result = run(["build"], course, tool=tool)
    assert result.returncode == 1
    output = result.stdout + result.stderr
    assert "Traceback" not in output
    assert "quizzes/quiz.yml:5:14: mark the right option with 'correct: true'" in output
    assert (
        "content/lektion.md:3:13: unknown check 'bereitt': did you mean 'modul-1/bereit'?" in output
    )
    assert snapshot(course / "site") == before
    assert sorted(p.name for p in course.iterdir()) == ["content", "mkdocs.yml", "quizzes", "site"]


def test_check_reports_every_problem_and_builds_nothing(course: Path):
    write(course, BROKEN)
    result = run(["check"], course)
    assert result.returncode == 1
    assert result.stderr.splitlines()[-1] == "2 problem(s); nothing was written."
    assert not (course / "site").exists()


def test_strict_build_fails_on_a_broken_link_and_keeps_the_site(course: Path):
    assert run(["build"], course).returncode == 0
    before = snapshot(course / "site")
    write(course, {"content/index.md": "# Start\n\n[weg](gibt-es-nicht.md)\n"})
    result = run(["build", "--strict"], course)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert snapshot(course / "site") == before


def test_usage_errors_exit_with_2(tmp_path: Path):
    assert run(["build"], tmp_path).returncode == 2  # no mkdocs.yml here
    assert run(["frobnicate"], tmp_path).returncode == 2
    assert run([], tmp_path).returncode == 2


def test_new_scaffolds_a_course_that_builds(tmp_path: Path):
    result = run(["new", "mein-kurs"], tmp_path)
    assert result.returncode == 0, result.stderr
    course = tmp_path / "mein-kurs"
    for rel in (
        "mkdocs.yml",
        "content/impressum.md",
        "content/datenschutz.md",
        "kursbau.schema.json",
    ):
        assert (course / rel).is_file(), rel
    assert sorted(p.stem for p in (course / "quizzes").glob("*.yml")) == [
        "checkliste",
        "quiz",
        "selbsteinschaetzung",
    ]
    assert 'course: "mein-kurs"' in (course / "mkdocs.yml").read_text(encoding="utf-8")
    assert "localStorage" in (course / "content" / "datenschutz.md").read_text(encoding="utf-8")
    build = run(["build", "--strict"], course)
    assert build.returncode == 0, build.stderr
    assert (course / "site" / "checks" / "quiz.html").is_file()  # offline plugin: .html URLs
    assert run(["new", "mein-kurs"], tmp_path).returncode == 2  # never overwrites


def test_serve_rebuilds_when_a_check_file_changes(course: Path):
    server, base = serve(course, env={"PATH": "/usr/bin:/bin"})
    url = base + "checks/quiz/"
    with server:
        assert "Netzwerken oder Akquise?" in fetch(url)  # built before it says where
        source = (course / "quizzes" / "quiz.yml").read_text(encoding="utf-8")
        (course / "quizzes" / "quiz.yml").write_text(
            source.replace("title: Netzwerken oder Akquise?", "title: Ganz neu"), encoding="utf-8"
        )
        shown_after_a_rebuild(server, url, "Ganz neu")


def test_one_check_is_said_in_the_singular(tmp_path):
    """`Built … pages with 1 check`, not "1 checks" (the sentence of build and room)."""
    from generator.mkdocs_adapter.build import BuildSummary

    one = BuildSummary(tmp_path / "site", 1, 1, 0.5)
    assert one.said().startswith("Built 1 page with 1 check into ")
    two = BuildSummary(tmp_path / "site", 12, 2, 0.5)
    assert two.said().startswith("Built 12 pages with 2 checks into ")
