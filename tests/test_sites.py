"""Kursbau added to existing mkdocs-material sites (tests/sites/): it changes nothing but what it
adds, works beside the plugins people combine with Material, and follows the site's settings."""

from __future__ import annotations

import re
import subprocess
import urllib.request
from pathlib import Path

import pytest
from fixture_sites import SITES, build, copy_site, remove_plugin, tree

from kursbau_testing import ROOT, fetch, run, serve, write


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
    server, url = serve(root)
    with server:
        assert re.fullmatch(r"http://127\.0\.0\.1:\d+/wi/", url), server.output
        origin = url[: -len("/wi/")]
        with urllib.request.urlopen(origin + "/", timeout=30) as response:
            assert response.url == url
            assert "Willkommen" in response.read().decode("utf-8")
        assert "data-kb-overview" in fetch(url + "checks/")


def test_the_sites_own_headers_file_is_kept_and_kursbaus_rule_added(tmp_path: Path):
    root = copy_site("eigene-header", tmp_path / "site")
    own = (root / "docs" / "_headers").read_text(encoding="utf-8")
    site = build(root, tool="kursbau")
    merged = (site / "_headers").read_text(encoding="utf-8")
    assert merged.startswith(own.rstrip("\n") + "\n\n")
    ours = merged[len(own) :]
    assert re.search(r"^/\*\n  Content-Security-Policy: default-src 'self'; ", ours, re.M)
    assert "  X-Content-Type-Options: nosniff\n" in ours


def test_a_header_the_site_sets_itself_is_left_to_it(tmp_path: Path):
    root = copy_site("eigene-header", tmp_path / "site")
    write(root, {"docs/_headers": "/*\n  Referrer-Policy: strict-origin\n"})
    merged = (build(root, tool="kursbau") / "_headers").read_text(encoding="utf-8")
    assert merged.count("Referrer-Policy") == 1 and "Referrer-Policy: strict-origin" in merged


def _policy(site: Path) -> dict[str, list[str]]:
    headers = (site / "_headers").read_text(encoding="utf-8")
    policy = re.search(r"^  Content-Security-Policy: (.+)$", headers, re.M).group(1)
    return {d.split()[0]: d.split()[1:] for d in policy.split("; ")}


def test_allowed_origins_go_into_the_directives_they_are_loaded_through(tmp_path: Path):
    root = _minimal(tmp_path / "site", "  language: de\n")
    config = (root / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace(
        "  - kursbau\n",
        "  - kursbau:\n      allow_origins:\n        - https://fonts.googleapis.com\n"
        "        - https://fonts.gstatic.com\n        - https://img.example.org\n",
    )
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    write(root, {"docs/bild.md": "# Bild\n\n![Logo](https://img.example.org/logo.png)\n"})
    policy = _policy(build(root, tool="kursbau"))
    assert "https://img.example.org" in policy["img-src"]
    assert "https://img.example.org" not in policy["script-src"] + policy["font-src"]
    assert "https://fonts.googleapis.com" in policy["style-src"]  # the theme's font CSS
    assert "https://fonts.gstatic.com" in policy["font-src"]  # the fonts that CSS loads
    assert not any("example.org" in s or "google" in s for s in policy["script-src"])


def test_the_sites_own_inline_markup_is_allowed_by_hash(tmp_path: Path):
    """mkdocs-quiz writes style attributes, a <style> element, a handler and javascript: links."""
    site = build(copy_site("plugin-docs", tmp_path / "site"), tool="kursbau")
    policy = _policy(site)
    inline = policy["script-src"] + policy["style-src"] + policy["style-src-attr"]
    assert "'unsafe-inline'" not in inline
    assert policy["style-src-attr"][0] == "'unsafe-hashes'" and len(policy["style-src-attr"]) > 1
    assert "'unsafe-hashes'" in policy["script-src"]
    assert len(policy["style-src"]) > 1  # its <style> element by hash


def test_a_sites_script_that_makes_code_from_text_is_reported(tmp_path: Path):
    root = copy_site("projekt-doku", tmp_path / "site")
    write(root, {"docs/javascripts/extra.js": "// mine\nvar f = new Function('return 1');\n"})
    result = run(["build"], root)
    assert result.returncode == 0, result.stderr
    assert "docs/javascripts/extra.js:2:9: this script makes code from text" in result.stderr


# ---------------------------------------------------------------- problems at the line to edit


def _snapshot(folder: Path) -> dict[str, bytes]:
    return tree(folder) if folder.exists() else {}


def _all_ways(root: Path) -> dict[str, subprocess.CompletedProcess]:
    """`kursbau check`, `kursbau build` and plain `mkdocs build`; the last two each on top of
    a good site/, which must be left as it was."""
    results = {"check": run(["check"], root)}
    for tool in ("kursbau", "mkdocs"):
        site = root / "site"
        site.mkdir(exist_ok=True)
        (site / "index.html").write_text("the last good site", encoding="utf-8")
        before = _snapshot(site)
        results[tool] = run(["build"], root, tool=tool)
        results[tool + " kept site/"] = _snapshot(site) == before
    return results


def test_emoji_from_a_cdn_are_reported_at_their_markdown_line_before_anything_is_written(
    tmp_path: Path,
):
    root = copy_site("uni-kurs", tmp_path / "site")
    write(root, {"docs/gruss.md": "# Gruß\n\nHallo :wave:, und `:smile:` bleibt Code.\n"})
    results = _all_ways(root)
    for way in ("check", "kursbau", "mkdocs"):
        output = results[way].stdout + results[way].stderr
        assert results[way].returncode == 1, output
        assert "docs/gruss.md:3:7: the emoji :wave: becomes an image from" in output
        assert "https://cdn.jsdelivr.net" in output and ":smile:" not in output
    assert results["kursbau kept site/"] and results["mkdocs kept site/"]


def test_one_problem_per_origin_with_the_count_and_the_first_places(tmp_path: Path):
    root = copy_site("plugin-docs", tmp_path / "site")
    badges = "".join(f"![b{i}](https://img.shields.io/badge/b-{i}-blue)\n" for i in range(14))
    write(root, {"docs/readme.md": "# Readme\n\n" + badges})
    result = run(["check"], root)
    assert result.returncode == 1
    lines = [line for line in result.stderr.splitlines() if "img.shields.io" in line]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("docs/readme.md:3:1: ")
    assert (
        "(14 places load from https://img.shields.io: docs/readme.md:3:1, docs/readme.md:4:1,"
        " docs/readme.md:5:1, …)" in lines[0]
    )


def test_a_remote_author_avatar_is_reported_in_the_authors_file(tmp_path: Path):
    root = copy_site("projekt-doku", tmp_path / "site")
    authors = root / "docs" / "blog" / ".authors.yml"
    authors.write_text(
        authors.read_text("utf-8").replace("../bilder/avatar.svg", "https://avatars.example/u/1"),
        "utf-8",
    )
    results = _all_ways(root)
    for way in ("check", "kursbau", "mkdocs"):
        assert results[way].returncode == 1
        assert "docs/blog/.authors.yml:5:13: " in results[way].stderr
    assert results["kursbau kept site/"] and results["mkdocs kept site/"]


def test_a_theme_override_is_reported_at_its_line(tmp_path: Path):
    root = copy_site("eigene-header", tmp_path / "site")
    config = (root / "mkdocs.yml").read_text("utf-8")
    config = config.replace("  name: material\n", "  name: material\n  custom_dir: overrides\n")
    write(
        root,
        {
            "mkdocs.yml": config,
            "overrides/main.html": (
                '{% extends "base.html" %}\n{% block scripts %}\n{{ super() }}\n'
                '<script src="https://cdn.example.com/widget.js"></script>\n{% endblock %}\n'
            ),
        },
    )
    results = _all_ways(root)
    for way in ("check", "kursbau", "mkdocs"):
        assert results[way].returncode == 1
        assert "overrides/main.html:4:14: this file loads a script" in results[way].stderr
    assert results["kursbau kept site/"] and results["mkdocs kept site/"]


def test_what_a_macro_makes_is_found_by_check_and_build_at_the_line_that_writes_it(
    tmp_path: Path,
):
    """The one case plain `mkdocs build` finds only after emptying site/ (README): the address
    comes out of a macro. `kursbau check` and `kursbau build` find it and leave site/ alone."""
    root = copy_site("uni-kurs", tmp_path / "site")
    config = (root / "mkdocs.yml").read_text("utf-8")
    logo = '  logo: "<img src=\\"https://cdn.uni.example/logo.png\\" alt=\\"Logo\\">"\n'
    write(
        root,
        {
            "mkdocs.yml": config.replace("extra:\n", "extra:\n" + logo),
            "docs/vorlesung/2-modelle.md": "# Modelle\n\n{{ logo }}\n",
        },
    )
    line = config.replace("extra:\n", "extra:\n" + logo).splitlines().index(logo.rstrip()) + 1
    results = _all_ways(root)
    for way in ("check", "kursbau", "mkdocs"):
        assert results[way].returncode == 1
        assert f"mkdocs.yml:{line}:21: page vorlesung/2-modelle/index.html loads an image" in (
            results[way].stderr
        )
    assert results["kursbau kept site/"]


@pytest.mark.parametrize("config", ["mkdocs.yml", "generator/starter/mkdocs.yml"])
def test_the_sample_and_the_starter_write_their_language_and_font(config: str):
    """Nothing is set silently any more: Kursbau's own courses say German and no web font."""
    text = (ROOT / config).read_text(encoding="utf-8")
    theme = text[text.index("theme:") :]
    assert re.search(r"^  language: de\b", theme, re.M)
    assert re.search(r"^  font: false\b", theme, re.M)


def test_a_web_font_imported_by_the_sites_own_stylesheet_is_found_before_the_build(
    tmp_path: Path,
):
    """@import and @font-face in a local stylesheet: every page would contact that server."""
    root = copy_site("projekt-doku", tmp_path / "site")
    css = root / "docs" / "stylesheets" / "extra.css"
    css.write_text(
        '@import url("https://fonts.googleapis.com/css2?family=Inter");\n'
        + css.read_text("utf-8")
        + '@font-face {\n  font-family: X;\n  src: url("https://cdn.example.org/x.woff2");\n}\n',
        "utf-8",
    )
    results = _all_ways(root)
    for way in ("check", "kursbau", "mkdocs"):
        assert results[way].returncode == 1
        assert "docs/stylesheets/extra.css:1:" in results[way].stderr
        assert "https://fonts.googleapis.com" in results[way].stderr
        assert "docs/stylesheets/extra.css:8:" in results[way].stderr
        assert "https://cdn.example.org" in results[way].stderr
    assert results["kursbau kept site/"] and results["mkdocs kept site/"]
