"""What a rebuild takes from the user's cache instead of doing again (core/checkcache.py for the
checks, core/hosting.py `PageCache` for the pages' content): the result must be exactly what a
build without the cache gives, and a changed file, a changed allow-list, a changed course name or
a damaged cache file must never hide a problem or keep old data."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

from generator.core import hosting
from generator.core.checkcache import CheckCache
from generator.core.hosting import PageCache, content_findings
from generator.core.loader import load_checks
from generator.core.problems import Problems
from kursbau_testing import ROOT, aged_cache_files, tiny_course, write

# Run in a child with the cache in `XDG_CACHE_HOME`: which modules a build needed, and its output.
BUILD = (
    "import sys; from generator.cli import main; code = main(['build']);"
    " print('pydantic loaded:', 'pydantic' in sys.modules);"
    " print('also loaded:', sorted(m for m in ('nh3', 'tinycss2') if m in sys.modules));"
    " sys.exit(code)"
)


def _build(root: Path, cache: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "XDG_CACHE_HOME": str(cache), "PYTHONPATH": str(ROOT), "NO_COLOR": "1"}
    return subprocess.run(
        [sys.executable, "-c", BUILD], cwd=root, env=env, capture_output=True, text=True
    )


def _check_data(root: Path, page: str) -> list[dict]:
    """The check data a built page carries (the JSON the browser script reads)."""
    html = (root / "site" / page).read_text("utf-8")
    found = re.findall(r'<script type="application/json"[^>]*>(.*?)</script>', html, re.S)
    return [json.loads(text) for text in found]


def test_a_rebuild_of_unchanged_checks_needs_no_validation_and_gives_the_same_site(tmp_path):
    root = tiny_course(tmp_path / "kurs")
    cache = tmp_path / "cache"
    first = _build(root, cache)
    assert first.returncode == 0, first.stderr
    assert "pydantic loaded: True" in first.stdout
    before = _check_data(root, "lektion/index.html")
    assert before, "the lesson carries its checks' data"
    second = _build(root, cache)
    assert second.returncode == 0, second.stderr
    assert "pydantic loaded: False" in second.stdout
    # nor the sanitiser (check texts) or the CSS parser (the stylesheets' URLs are kept too)
    assert "tinycss2" in first.stdout.split("also loaded:")[1]
    assert "also loaded: []" in second.stdout
    assert _check_data(root, "lektion/index.html") == before
    # the same hints, from the cache
    hints = [line for line in first.stderr.splitlines() if "Hinweis" in line]
    assert hints and hints == [line for line in second.stderr.splitlines() if "Hinweis" in line]


def test_a_changed_check_is_validated_and_compiled_again(tmp_path):
    root = tiny_course(tmp_path / "kurs")
    cache = tmp_path / "cache"
    assert _build(root, cache).returncode == 0
    quiz = root / "quizzes" / "quiz.yml"
    text = quiz.read_text("utf-8")
    title = re.search(r"^title: (.*)$", text, re.M).group(1)
    quiz.write_text(text.replace(f"title: {title}", "title: Neuer Titel", 1), "utf-8")
    rebuilt = _build(root, cache)
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert "pydantic loaded: True" in rebuilt.stdout
    titles = [data["title"] for data in _check_data(root, "lektion/index.html")]
    assert "Neuer Titel" in titles and title not in titles
    # and a mistake in it is reported, whatever the cache held
    quiz.write_text(text.replace("type: quiz", "type: kwiz", 1), "utf-8")
    broken = _build(root, cache)
    assert broken.returncode == 1
    assert "quizzes/quiz.yml:" in broken.stderr and "unknown type 'kwiz'" in broken.stderr


def test_a_damaged_or_foreign_cache_file_is_read_as_none(tmp_path):
    root = tiny_course(tmp_path / "kurs")
    cache = tmp_path / "cache"
    assert _build(root, cache).returncode == 0
    before = _check_data(root, "lektion/index.html")
    [kept] = (cache / "kursbau").glob("checks-*.json")
    data = json.loads(kept.read_text("utf-8"))
    # an entry whose data was edited by hand, under the right code: a wrong shape is not used
    for entry in data["checks"].values():
        entry["data"] = {"de": 42}
    kept.write_text(json.dumps(data), "utf-8")
    again = _build(root, cache)
    assert again.returncode == 0, again.stderr
    assert "pydantic loaded: True" in again.stdout
    assert _check_data(root, "lektion/index.html") == before
    kept.write_text('{"code": "', "utf-8")  # cut short
    assert _build(root, cache).returncode == 0
    assert _check_data(root, "lektion/index.html") == before


def test_a_check_from_the_cache_gives_its_model_and_positions_when_asked(tmp_path):
    """The handouts and the export ask for a check's model and the places in its YAML: a check
    read from the cache validates its bytes again then."""
    root = tiny_course(tmp_path / "kurs")
    cache = CheckCache(tmp_path / "cache", root)
    fresh = load_checks(root / "quizzes", root, Problems(), cache=cache, course="Kurs")
    cache.save()
    again = CheckCache(tmp_path / "cache", root)
    problems = Problems()
    cached = load_checks(root / "quizzes", root, problems, cache=again, course="Kurs")
    assert not problems and set(cached) == set(fresh)
    for check_id, loaded in cached.items():
        assert loaded._model is None, "not validated while nothing asks"
        assert loaded.model == fresh[check_id].model
        assert loaded.doc.position(("title",)) == fresh[check_id].doc.position(("title",))
    # another course name is another entry: its data carries the course's name
    other = CheckCache(tmp_path / "cache", root)
    renamed = load_checks(root / "quizzes", root, Problems(), cache=other, course="Anderer")
    assert all(loaded._model is not None for loaded in renamed.values())


PAGE_CONTENT = (
    '<p>Text</p>\n<p><img src="https://cdn.example.org/bild.png" alt="Bild"></p>\n'
    '<p style="margin:0">mehr</p>\n'
)


def test_the_content_scan_from_the_cache_reports_what_a_fresh_scan_does(tmp_path, monkeypatch):
    root = tmp_path / "kurs"
    root.mkdir()
    folder = tmp_path / "cache"
    allowed = frozenset({"https://cdn.example.org"})
    fresh = content_findings(PAGE_CONTENT, frozenset(), "a/index.html")
    assert [f.origin for f in fresh] == ["https://cdn.example.org"]
    cache = PageCache(folder, root)
    assert content_findings(PAGE_CONTENT, allowed, "a/index.html", cache) == []
    cache.save()
    scanned: list[str] = []
    real = hosting.page_facts
    monkeypatch.setattr(
        hosting, "page_facts", lambda text, rel: scanned.append(rel) or real(text, rel)
    )
    cache = PageCache(folder, root)
    assert content_findings(PAGE_CONTENT, allowed, "a/index.html", cache) == []
    assert scanned == [], "unchanged content is not read again"
    # the allow-list without that origin: reported with its place, as without the cache
    assert content_findings(PAGE_CONTENT, frozenset(), "a/index.html", cache) == fresh
    # changed content is read again
    changed = PAGE_CONTENT.replace("cdn.example.org", "bilder.example.net")
    found = content_findings(changed, allowed, "a/index.html", cache)
    assert [f.origin for f in found] == ["https://bilder.example.net"]
    assert scanned == ["a/index.html"]


def test_a_page_that_loads_another_origin_stops_every_rebuild(tmp_path):
    """The content scan's cache keeps what a page loads, not that it passed: the same page
    stops the second build as it stopped the first, before site/ is touched."""
    root = tiny_course(tmp_path / "kurs")
    cache = tmp_path / "cache"
    assert _build(root, cache).returncode == 0
    write(root, {"content/bild.md": "# Bild\n\n![Logo](https://cdn.example.org/logo.png)\n"})
    for _ in range(2):
        stopped = _build(root, cache)
        assert stopped.returncode == 1
        assert "content/bild.md:3:" in stopped.stderr and "cdn.example.org" in stopped.stderr
        assert not (root / "site" / "bild").exists()


def test_files_of_projects_not_built_for_a_month_go(tmp_path):
    folder = tmp_path / "cache"
    old, recent = aged_cache_files(folder, "checks")
    root = tiny_course(tmp_path / "kurs")
    cache = CheckCache(folder, root)
    load_checks(root / "quizzes", root, Problems(), cache=cache, course="Kurs")
    cache.save()
    assert not old.exists() and recent.exists()
    assert len(list(folder.glob("checks-*.json"))) == 2, "this project's file, and the recent one"
