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
