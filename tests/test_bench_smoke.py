"""The benchmark's synthetic courses build, in every flavour (no timing: speed claims come from
bench/run.py, not from tests)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
sys.path.insert(0, str(ROOT / "bench"))

import synth  # noqa: E402

from generator.core.hosting import script_hash  # noqa: E402
from generator.core.resources import scan_page  # noqa: E402

ENV = os.environ | {"NO_MKDOCS_2_WARNING": "1"}


def _build(cmd: list[str], cwd: Path) -> None:
    result = subprocess.run(cmd, cwd=cwd, env=ENV, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]


def test_synthetic_courses_build_in_every_flavour(tmp_path: Path):
    n = 6  # every check type (checklist, self-assessment, quiz, action plan) at least once
    kursbau = synth.write_course(tmp_path / "kursbau", n, "kursbau")
    plain = synth.write_course(tmp_path / "plain", n, "plain")
    quiz = synth.write_course(tmp_path / "quiz", n, "mkdocs-quiz", quiz_only=True)

    lesson = (kursbau.root / "content" / synth.lesson_path(0)).read_text("utf-8")
    assert 450 <= synth.words(lesson) <= 800
    assert lesson == synth.write_course(tmp_path / "again", n, "kursbau").root.joinpath(
        "content", synth.lesson_path(0)
    ).read_text("utf-8"), "the generator must be deterministic"
    kinds = {synth.kind_of(i, False) for i in range(n)}
    assert kinds == set(synth.KINDS)

    _build([str(BIN / "kursbau"), "check"], kursbau.root)
    _build([str(BIN / "kursbau"), "build", "--site-dir", str(tmp_path / "k-site")], kursbau.root)
    _build([str(BIN / "mkdocs"), "build", "-q", "-d", str(tmp_path / "p-site")], plain.root)
    _build([str(BIN / "mkdocs"), "build", "-q", "-d", str(tmp_path / "q-site")], quiz.root)

    k_pages = sorted(
        p.relative_to(tmp_path / "k-site") for p in (tmp_path / "k-site").rglob("*.html")
    )
    p_pages = sorted(
        p.relative_to(tmp_path / "p-site") for p in (tmp_path / "p-site").rglob("*.html")
    )
    assert k_pages == p_pages, "kursbau and plain builds must have the same pages"
    assert len(k_pages) == 2 * n + 3  # lessons, check pages, start page, overview, 404
    first = synth.check_id(0)
    assert f'data-assessment="{first}"' in (
        tmp_path / "k-site" / "checks" / f"{first}.html"
    ).read_text("utf-8")
    quiz_lesson = (tmp_path / "q-site" / synth.lesson_path(0)).with_suffix(".html")
    assert "quiz" in quiz_lesson.read_text("utf-8")

    # Every page carries the policy, which allows each of its inline scripts by hash.
    for page in (tmp_path / "k-site").rglob("*.html"):
        html = page.read_text("utf-8")
        scan = scan_page(html)
        assert scan.findings == [], page
        assert '<meta http-equiv="Content-Security-Policy"' in html, page
        for script in scan.scripts:
            assert script_hash(script) in html, page


def test_default_nav_courses_build_in_every_flavour(tmp_path: Path):
    n = 5
    sites = {}
    for flavour in synth.FLAVOURS:
        course = synth.write_default_course(tmp_path / flavour, n, flavour)
        assert "nav:" not in course.config.read_text("utf-8")
        sites[flavour] = tmp_path / f"{flavour}-site"
        tool = "kursbau" if flavour == "kursbau" else "mkdocs"
        _build(
            [
                str(BIN / tool),
                "build",
                "--site-dir" if tool == "kursbau" else "-d",
                str(sites[flavour]),
            ],
            course.root,
        )
    again = synth.write_default_course(tmp_path / "again", n, "kursbau")
    first = synth.lesson_path(0)
    assert (again.root / "content" / first).read_bytes() == (
        tmp_path / "kursbau" / "content" / first
    ).read_bytes(), "the generator must be deterministic"
    pages = {f: sum(1 for _ in site.rglob("*.html")) for f, site in sites.items()}
    assert pages == {"kursbau": 2 * n + 3, "plain": n + 2, "mkdocs-quiz": n + 2}
    quiz_lesson = (sites["mkdocs-quiz"] / first).with_suffix(".html").read_text("utf-8")
    assert quiz_lesson.count("<form") >= 1  # mkdocs-quiz rendered its questions
    check_page = (sites["kursbau"] / "checks" / synth.check_id(0)).with_suffix(".html")
    # what the sidebar shows: the start page, the (pruned) part, the overview and the n checks,
    # the current one as a link too; never the page's own table of contents
    links = synth.nav_links(check_page.read_text("utf-8"))
    assert n + 3 <= links <= n + 4, links

    bare = synth.write_default_course(tmp_path / "bare", n, "kursbau", checks=False)
    assert not (bare.root / "quizzes").exists()
    assert "<!-- check" not in (bare.root / "content" / first).read_text("utf-8")
