"""Kursbau added to existing mkdocs-material sites (tests/sites/): it changes nothing but what it
adds, works beside the plugins people combine with Material, and follows the site's settings."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from fixture_sites import SITES, build, copy_site, remove_plugin, tree

from kursbau_testing import ROOT, run, write


@pytest.mark.parametrize("name", SITES)
def test_without_checks_the_site_builds_byte_for_byte_as_without_the_plugin(
    tmp_path: Path, name: str
):
    root = copy_site(name, tmp_path / name, checks=False)
    with_plugin = tree(build(root, site="with-plugin"))
    remove_plugin(root)
    without_plugin = tree(build(root, site="without-plugin"))
    assert sorted(with_plugin) == sorted(without_plugin)
    changed = [path for path in with_plugin if with_plugin[path] != without_plugin[path]]
    assert changed == []


@pytest.mark.parametrize("name", SITES)
def test_with_checks_every_file_of_the_plain_site_is_still_there(tmp_path: Path, name: str):
    """Kursbau adds its pages and assets; every page and file of the site stays where it was."""
    plain = copy_site(name, tmp_path / "plain", plugin=False)
    plain_files = set(tree(build(plain)))
    root = copy_site(name, tmp_path / name)
    site = build(root, tool="kursbau")
    added = set(tree(site)) - plain_files
    assert plain_files <= set(tree(site))
    assert {p for p in added if not re.match(r"(\w\w/)?(checks|assets/kursbau)/", p)} <= {
        "_headers",
        "nginx-csp.conf",
    }
    embeds = [
        page.relative_to(root / "docs").as_posix()
        for page in (root / "docs").rglob("*.md")
        if "<!-- check:" in page.read_text(encoding="utf-8")
    ]
    assert embeds
    html = "".join(p.read_text("utf-8") for p in site.rglob("*.html"))
    assert html.count("data-assessment=") >= len(embeds)


def _html(site: Path, page: str) -> str:
    return (site / page / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", ["i18n-suffix", "i18n-ordner"])
def test_multilingual_sites_get_each_check_in_each_language(tmp_path: Path, name: str):
    """mkdocs-static-i18n used to crash on Kursbau's pages; now each language gets its own
    version of a check (`bereit.en.yml`), its own check pages and its own UI strings."""
    root = copy_site(name, tmp_path / name)
    site = build(root, tool="kursbau")
    german, english = _html(site, "lektion"), _html(site, "en/lektion")
    assert "Bist du vorbereitet?" in german and "Are you prepared?" not in german
    assert "Are you prepared?" in english and "Bist du vorbereitet?" not in english
    assert "Auswerten" in german and "Show my result" in english
    assert "Are you prepared?" in _html(site, "en/checks/bereit")
    assert "Bist du vorbereitet?" in _html(site, "checks/bereit")
    assert 'href="../checks/bereit/"' in english  # the check section of the English nav
    assert '<html lang="en"' in english and '<html lang="de"' in german


def test_a_language_without_its_own_version_shows_the_default_one(tmp_path: Path):
    root = copy_site("i18n-suffix", tmp_path / "site")
    (root / "quizzes" / "bereit.en.yml").unlink()
    site = build(root, tool="kursbau")
    english = _html(site, "en/lektion")
    assert "Bist du vorbereitet?" in english and "Show my result" in english


def test_an_inherited_language_is_the_language_of_the_checks(tmp_path: Path):
    root = copy_site("plugin-docs", tmp_path / "site")
    site = build(root, tool="kursbau")
    usage = _html(site, "usage")
    assert '<html lang="en"' in usage
    assert "Show my result" in usage and "Self-checks" in usage


MINIMAL = """\
site_name: Bestehende Seite
theme:
  name: material
{theme}plugins:
  - search
  - kursbau
"""


def _minimal(root: Path, theme: str) -> Path:
    write(
        root,
        {
            "mkdocs.yml": MINIMAL.format(theme=theme),
            "docs/index.md": "# Start\n\n<!-- check: bereit -->\n",
            "quizzes/bereit.yml": (
                "title: Bereit?\ntype: checklist\nitems: [Eins, Zwei]\n"
                "results:\n  - {min: 0, title: Anfang, text: Los.}\n"
            ),
        },
    )
    return root


def test_a_site_without_language_keeps_the_themes_language(tmp_path: Path):
    root = _minimal(tmp_path / "site", "  font: false\n")
    result = run(["build"], root)
    assert result.returncode == 0, result.stderr
    index = (root / "site" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="en"' in index
    assert "Show my result" in index and "Auswerten" not in index


def test_a_web_font_is_reported_with_the_fix_not_switched_off(tmp_path: Path):
    root = _minimal(tmp_path / "site", "")
    result = run(["build"], root)
    assert result.returncode == 1
    assert result.stderr.startswith(
        "mkdocs.yml:2:1: without a 'font' setting the theme loads Roboto from Google Fonts"
    )
    assert "write font: false under theme:" in result.stderr
    assert not (root / "site").exists()


def test_a_language_without_kursbau_strings_gets_english_and_one_notice(tmp_path: Path):
    root = _minimal(tmp_path / "site", "  language: fr\n  font: false\n")
    result = run(["build"], root)
    assert result.returncode == 0, result.stderr
    index = (root / "site" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="fr"' in index and "Show my result" in index
    notices = [line for line in result.stderr.splitlines() if "'fr' has no Kursbau strings" in line]
    assert len(notices) == 1, result.stderr


def test_a_sites_own_page_in_checks_stays_and_a_collision_is_an_error(tmp_path: Path):
    root = copy_site("eigene-header", tmp_path / "site")
    site = build(root, tool="kursbau")
    assert "So benutzt du die Selbstchecks" in _html(site, "checks/anleitung")
    write(root, {"docs/checks/bereit.md": "# Meine eigene Seite\n"})
    result = run(["check"], root)
    assert result.returncode == 1
    assert "docs/checks/bereit.md:1:1:" in result.stderr
    assert "quizzes/bereit.yml" in result.stderr


def test_serve_prints_its_address_and_serves_the_site_under_its_path(tmp_path: Path):
    """`site_url: https://lehre.example.org/wi/`: the preview lives under /wi/, says so, and
    the bare address leads there."""
    root = copy_site("uni-kurs", tmp_path / "site")
    command = [sys.executable, "-u", "-m", "generator", "serve", "--port", "0"]
    env = dict(os.environ, PYTHONPATH=str(ROOT), NO_COLOR="1")
    server = subprocess.Popen(
        command, cwd=root, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    try:
        lines = []
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            line = server.stdout.readline()
            if not line:
                break
            lines.append(line)
            if "Serving the course at" in line:
                break
        address = re.search(r"Serving the course at (http://127\.0\.0\.1:\d+/wi/) ", "".join(lines))
        assert address, "".join(lines)
        origin = address.group(1)[: -len("/wi/")]
        with urllib.request.urlopen(origin + "/", timeout=30) as response:
            assert response.url == address.group(1)
            assert "Willkommen" in response.read().decode("utf-8")
        with urllib.request.urlopen(address.group(1) + "checks/", timeout=30) as response:
            assert "data-kb-overview" in response.read().decode("utf-8")
    finally:
        server.terminate()
        server.wait(timeout=30)
