"""`kursbau serve` rebuilds only what an edit touches, and what it writes is what a full build
of the edited course writes. Counted in files, never timed (bench/serve.py times it)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
import yaml

from kursbau_testing import ROOT, fetch, serve, shown_after_a_rebuild

sys.path.insert(0, str(ROOT / "bench"))
import synth  # noqa: E402

from generator.mkdocs_adapter.live import LiveSite  # noqa: E402
from generator.mkdocs_adapter.plugin import CourseProblems  # noqa: E402

N = 12  # three modules; every check type three times
SERVE_URL = "http://127.0.0.1:8000/"


def live_site(course, site: Path) -> LiveSite:
    live = LiveSite(course.config, str(site), "127.0.0.1:8000")
    live.serve_url = SERVE_URL
    live.full()
    return live


def snapshot(site: Path) -> dict[str, tuple[int, bytes]]:
    return {
        p.relative_to(site).as_posix(): (p.stat().st_mtime_ns, p.read_bytes())
        for p in site.rglob("*")
        if p.is_file()
    }


def rewritten(before: dict, after: dict) -> set[str]:
    assert set(before) == set(after), "no file comes or goes"
    return {path for path in after if after[path][0] != before[path][0]}


def same_as_a_full_build(course, site: Path, tmp_path: Path) -> None:
    fresh = tmp_path / "fresh"
    live_site(course, fresh)
    ours, theirs = snapshot(site), snapshot(fresh)
    assert set(ours) == set(theirs)
    for path in ours:
        if path.startswith("search/search_index."):
            continue
        assert ours[path][1] == theirs[path][1], path
    index = json.loads((site / "search" / "search_index.json").read_text("utf-8"))
    expected = json.loads((fresh / "search" / "search_index.json").read_text("utf-8"))
    key = lambda d: json.dumps(d, sort_keys=True)  # noqa: E731 - the order of entries is free
    assert sorted(map(key, index["docs"])) == sorted(map(key, expected["docs"]))
    offline = (site / "search" / "search_index.js").read_text("utf-8")
    assert offline == "var __index = " + (site / "search" / "search_index.json").read_text()


@pytest.fixture
def course(tmp_path: Path):
    return synth.write_default_course(tmp_path / "kurs", N, "kursbau")


def html_of(rel_md: str) -> str:
    return rel_md.replace(".md", ".html")  # the offline plugin: .html addresses


def test_a_lesson_edit_rewrites_its_page_and_the_search_index(course, tmp_path: Path):
    site = tmp_path / "site"
    live = live_site(course, site)
    before = snapshot(site)
    lesson = course.root / "content" / synth.lesson_path(4)
    text = lesson.read_text("utf-8").replace("\n## ", "\nEin ganz neuer Absatz.\n\n## ", 1)
    lesson.write_text(text, "utf-8")

    assert live.update({str(lesson)}) == "pages"
    after = snapshot(site)
    assert rewritten(before, after) == {
        html_of(synth.lesson_path(4)),
        "search/search_index.json",
        "search/search_index.js",
    }
    assert "Ein ganz neuer Absatz." in after[html_of(synth.lesson_path(4))][1].decode()
    same_as_a_full_build(course, site, tmp_path)


def test_a_check_edit_rewrites_the_pages_that_show_it(course, tmp_path: Path):
    site = tmp_path / "site"
    live = live_site(course, site)
    before = snapshot(site)
    check = course.root / "quizzes" / f"{synth.check_id(5)}.yml"
    data = yaml.safe_load(check.read_text("utf-8"))
    data["intro"] = "Eine neue Einleitung."
    check.write_text(synth.check_yaml(data), "utf-8")

    assert live.update({str(check)}) == "pages"
    after = snapshot(site)
    assert rewritten(before, after) == {
        f"checks/{synth.check_id(5)}.html",  # its page
        html_of(synth.lesson_path(5)),  # the lesson that embeds it
        "checks/index.html",  # the overview
        "search/search_index.json",
        "search/search_index.js",
    }
    assert "Eine neue Einleitung." in after[f"checks/{synth.check_id(5)}.html"][1].decode()
    same_as_a_full_build(course, site, tmp_path)


@pytest.mark.parametrize("edit", ["lesson title", "check title"])
def test_a_new_title_goes_to_the_pages_that_link_to_it(course, tmp_path: Path, edit):
    site = tmp_path / "site"
    live = live_site(course, site)
    before = snapshot(site)
    if edit == "lesson title":
        path = course.root / "content" / synth.lesson_path(2)
        path.write_text(path.read_text("utf-8").replace("# 3 ·", "# Drei ·", 1), "utf-8")
    else:
        path = course.root / "quizzes" / f"{synth.check_id(2)}.yml"
        data = yaml.safe_load(path.read_text("utf-8"))
        path.write_text(synth.check_yaml(data | {"title": "Ganz anders"}), "utf-8")
    assert live.update({str(path)}) == "pages"
    pages = {p for p in before if p.endswith(".html")}
    written = rewritten(before, snapshot(site)) & pages
    assert "404.html" in written and len(written) < len(pages) - 5, sorted(written)
    same_as_a_full_build(course, site, tmp_path)


@pytest.mark.parametrize("edit", ["new page", "mkdocs.yml", "check order"])
def test_edits_that_change_the_site_rebuild_it_all(course, tmp_path: Path, edit):
    site = tmp_path / "site"
    live = live_site(course, site)
    if edit == "new page":
        path = course.root / "content" / "neu.md"
        path.write_text("# Neu\n", "utf-8")
    elif edit == "mkdocs.yml":
        path = course.config
        path.write_text(path.read_text("utf-8").replace("Standard-Navigation", "Neu"), "utf-8")
    else:  # the first lesson embeds the second check too: it moves up in course order
        path = course.root / "content" / synth.lesson_path(0)
        text = path.read_text("utf-8") + f"\n<!-- check: {synth.check_id(1)} -->\n"
        path.write_text(text, "utf-8")
    assert live.update({str(path)}) == "site"
    same_as_a_full_build(course, site, tmp_path)


def test_a_broken_edit_leaves_the_preview_as_it_was(course, tmp_path: Path):
    site = tmp_path / "site"
    live = live_site(course, site)
    before = snapshot(site)
    lesson = course.root / "content" / synth.lesson_path(1)
    lesson.write_text(lesson.read_text("utf-8") + "\n<!-- check: gibt-es-nicht -->\n", "utf-8")
    check = course.root / "quizzes" / f"{synth.check_id(3)}.yml"
    check.write_text(check.read_text("utf-8").replace("title:", "titel:", 1), "utf-8")

    with pytest.raises(CourseProblems) as raised:
        live.update({str(lesson), str(check)})
    shown = raised.value.problems.report()
    assert f"content/{synth.lesson_path(1)}:" in shown and "unknown check 'gibt-es-nicht'" in shown
    assert f"quizzes/{synth.check_id(3)}.yml:" in shown
    assert snapshot(site) == before


def test_the_server_shows_a_lesson_edit_and_a_check_edit(course, tmp_path: Path):
    env = {"PATH": "/usr/bin:/bin", "NO_MKDOCS_2_WARNING": "1"}
    server, base = serve(course.root, env=env)
    with server:
        lesson_url, check_url = html_of(synth.lesson_path(7)), f"checks/{synth.check_id(7)}.html"
        assert "data-assessment" in fetch(base + check_url)  # built before it says where
        lesson = course.root / "content" / synth.lesson_path(7)
        lesson.write_text(lesson.read_text("utf-8") + "\nNachtrag zur Lektion.\n", "utf-8")
        shown_after_a_rebuild(server, base + lesson_url, "Nachtrag zur Lektion.")
        check = course.root / "quizzes" / f"{synth.check_id(7)}.yml"
        data = yaml.safe_load(check.read_text("utf-8")) | {"intro": "Frisch eingeleitet."}
        check.write_text(synth.check_yaml(data), "utf-8")
        shown_after_a_rebuild(server, base + check_url, "Frisch eingeleitet.")
        assert "Frisch eingeleitet." in fetch(base + lesson_url)  # the same rebuild
    assert "Traceback" not in server.output, server.output
