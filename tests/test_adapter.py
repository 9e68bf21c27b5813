"""The MkDocs adapter's own bookkeeping: the search words of a check page, and what a command
leaves behind in the temporary folder."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

from generator.core.pages import Markers
from generator.mkdocs_adapter.plugin import SearchWords
from kursbau_testing import ROOT, tiny_course


def check(title: str, question: str) -> dict:
    return {"title": title, "questions": [{"text": question, "options": []}]}


def test_search_words_go_back_whatever_the_order_of_pages():
    markers = Markers()
    course = SimpleNamespace(data={"a": check("Erster", "Frage A?"), "b": check("Zweiter", "B?")})
    words = SearchWords(markers)
    page_a = f"<h1>A</h1>{markers.check('a')}<p>Text</p>"
    page_b = f"{markers.check('b')}{markers.overview()}{markers.check('a')}"

    # another build (a language, a live rebuild) interleaves its pages with this one's
    indexed_a = words.swap_in(page_a, course, own="a")
    indexed_b = words.swap_in(page_b, course, own=None)
    assert "Frage A?" in indexed_a and markers.check("a") not in indexed_a
    assert "<h2>Zweiter</h2>" in indexed_b and markers.overview() in indexed_b
    assert words.swap_back(indexed_a) == page_a
    assert words.swap_back(indexed_b) == page_b
    assert words.swap_back(page_a) == page_a  # a page that was never swapped in stays


def test_build_and_check_leave_nothing_in_the_temporary_folder(tmp_path: Path):
    config = tiny_course(tmp_path / "kurs") / "mkdocs.yml"
    temp = tmp_path / "tmp"
    temp.mkdir()
    env = dict(os.environ, PYTHONPATH=str(ROOT), NO_COLOR="1", TMPDIR=str(temp))
    for command in (["check"], ["build"]):
        result = subprocess.run(
            [sys.executable, "-m", "generator", *command, "-f", str(config)],
            cwd=config.parent,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert result.returncode == 0, result.stderr
        assert sorted(p.name for p in temp.iterdir()) == [], command
    assert (config.parent / "site" / "index.html").is_file()
