"""Issue 10, "no other origin": the build-time side. Every built page carries the policy first in
<head>; the policy allows exactly what the build allowed, in the directive that needs it; the scan
reads HTML, CSS, URLs, SVG and manifests as a browser does; the theme's run-time loads are known;
check texts keep only http, https, mailto and relative links. (The browser side, with Chromium:
tests/browser/test_promise_no_other_origin.py.)"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from selectolax.lexbor import LexborHTMLParser

from generator.core import resources
from generator.core.hosting import SiteFacts, add_policy_meta, policy_for
from generator.core.markdown import block
from generator.core.resources import (
    css_resources,
    foreign_resources,
    manifest_resources,
    scan_markdown,
    svg_resources,
)
from kursbau_testing import ROOT, fetch, run, serve, tiny_course, write

EVIL = "https://evil.example"

# ---------------------------------------------------------------- the scan reads like a browser


@pytest.mark.parametrize(
    ("html", "directive"),
    [
        ('<img src="/\\evil.example/b.png">', "img-src"),  # a backslash is a slash
        ('<img src="\\\\evil.example/a.png">', "img-src"),
        ('<img src="https:evil.example/y.png">', "img-src"),  # another host from http and file
        ('<img src=" https://evil.example/x.png ">', "img-src"),
        ('<img src="ht\ttps://evil.example/x.png">', "img-src"),  # tabs are removed
        ('<img src="h&#116;tps://evil.example/x.png">', "img-src"),  # character references
        ('<svg><style><img src="https://evil.example/s.png"></style></svg>', "img-src"),
        ('<svg><script href="https://evil.example/s.js"></script></svg>', "script-src"),
        ('<svg><script xlink:href="https://evil.example/s.js"></script></svg>', "script-src"),
        ('<svg><image href="https://evil.example/i.png"/></svg>', "img-src"),
        ('<svg><use href="https://evil.example/u.svg#a"/></svg>', "img-src"),
        ('<svg><rect fill="url(https://evil.example/p.svg#g)"/></svg>', "img-src"),
        ('<svg><set attributeName="href" to="https://evil.example/a.png"/></svg>', "img-src"),
        ('<iframe srcdoc="<img src=https://evil.example/i.png>"></iframe>', "img-src"),
        ('<table background="https://evil.example/t.png"><tr><td>x</td></tr></table>', "img-src"),
        ('<body background="https://evil.example/b.png">', "img-src"),
        ("<style>a{background:u\\rl(https://evil.example/u.png)}</style>", "img-src"),
        ("<style>a{background:u\\72 l(https://evil.example/u.png)}</style>", "img-src"),
        ('<style>a{background:image-set("https://evil.example/i.png" 1x)}</style>', "img-src"),
        ("<style>@import 'https://evil.example/x.css';</style>", "style-src"),
        ("<style>@\\69mport url(https://evil.example/x.css);</style>", "style-src"),
        (
            "<style>@font-face{font-family:x;src:url(https://evil.example/f.woff2)}</style>",
            "font-src",
        ),
        ("<style>@media print{a{background:url(https://evil.example/m.png)}}</style>", "img-src"),
        ("<div style=\"background:URL( 'https://evil.example/d.png' )\"></div>", "img-src"),
        ('<meta http-equiv="refresh" content="0; url=https://evil.example/">', "navigate-to"),
        ("<meta http-equiv=Refresh content=\"3;URL='https://evil.example/'\">", "navigate-to"),
        ('<template><img src="https://evil.example/t.png"></template>', "img-src"),
        ('<noscript><img src="https://evil.example/n.png"></noscript>', "img-src"),
        ('<img src="file://evil.example/share/x.png">', "img-src"),  # a Windows network share
        ('<img alt="" srcset="a.png 1x, https://evil.example/x.png 2x">', "img-src"),
        ('<link rel="preload" as="font" href="https://evil.example/f.woff2">', "font-src"),
        ('<link rel="stylesheet" href="//evil.example/x.css">', "style-src"),
        ('<link rel="icon" href="https://evil.example/x.png">', "img-src"),
        ('<link rel="manifest" href="https://evil.example/m.json">', "manifest-src"),
        ('<script src="https://evil.example/x.js"></script>', "script-src"),
        ('<video poster="https://evil.example/p.png"></video>', "img-src"),
        ('<audio src="https://evil.example/a.mp3"></audio>', "media-src"),
        ('<object data="https://evil.example/o.pdf"></object>', "object-src"),
        ('<embed src="https://evil.example/e.swf">', "object-src"),
        ('<base href="https://evil.example/">', "base-uri"),
        ('<input type="image" src="https://evil.example/i.png" alt="x">', "img-src"),
        ('<image src="https://evil.example/i.png">', "img-src"),  # the parser makes it <img>
    ],
)
def test_every_way_a_browser_reaches_another_origin_is_found(html: str, directive: str):
    found = foreign_resources(html)
    assert [(f.origin, f.directive) for f in found] in (
        [(EVIL, directive)],
        [("file://evil.example", directive)],
    ), found


@pytest.mark.parametrize(
    "html",
    [
        '<a href="https://example.org/">a link is followed only when clicked</a>',
        '<svg><a href="https://example.org/">x</a></svg>',
        '<link rel="canonical" href="https://example.org/page/">',
        '<img src="bild.png"><img src="/abs/bild.png"><img src="../bild.png">',
        '<img src="data:image/png;base64,iVBORw0KGgo=">',
        '<script>var u = "https://example.org/x.js"</script>',
        '<input type="text" src="https://example.org/x.png">',
        '<form action="https://example.org/send"></form>',
        "<p>https://example.org/x.png as text</p>",
        '<img src="file:///home/kurs/bild.png">',  # the local disk, not another machine
        '<img src="http:bild.png">',  # from an http page: the site itself
    ],
)
def test_links_text_and_own_files_are_not_another_origin(html: str):
    assert [f for f in foreign_resources(html) if f.directive != "navigate-to"] == [] or (
        "http:bild.png" in html
    )


def test_allowed_origins_are_exact():
    html = '<img src="https://cdn.example.org/a.png"><img src="https://cdn.example.org:8443/b">'
    found = foreign_resources(html, {"https://cdn.example.org"})
    assert [f.url for f in found] == ["https://cdn.example.org:8443/b"]


def test_stylesheets_svg_files_and_manifests_are_read_too():
    css = (
        "@font-face{src:url(https://evil.example/f.woff)}\n@\\69mport 'https://evil.example/i.css';"
    )
    assert {(f.directive, f.url) for f in css_resources(css)} == {
        ("font-src", "https://evil.example/f.woff"),
        ("style-src", "https://evil.example/i.css"),
    }
    svg = (
        '<?xml version="1.0"?><?xml-stylesheet href="https://evil.example/s.css"?>'
        '<!DOCTYPE svg [<!ENTITY e "https://evil.example/ent.png">]>'
        '<svg xmlns="http://www.w3.org/2000/svg"><image href="&e;"/></svg>'
    )
    assert {f.url for f in svg_resources(svg)} == {
        "https://evil.example/s.css",
        "https://evil.example/ent.png",
    }
    manifest = '{"icons": [{"src": "https://evil.example/i.png"}], "start_url": "."}'
    assert [f.url for f in manifest_resources(manifest)] == ["https://evil.example/i.png"]


# CSS that a browser reads as a load, nearly so, or not at all: functions in any case, escaped
# letters, comments and spaces where they break a name, strings, blocks and at-rules.
_CSS_PIECES = [
    *("url(", "URL(", "uRl(", "u\\72l(", "\\75 rl(", "url (", "url/**/(", "ur", "l("),
    *("src(", "SRC(", "image-set(", "-webkit-image-set(", "image(", "cross-fade(", "image"),
    *("@import ", "@IMPORT ", "@\\69mport ", "@media screen", "@font-face", "@supports (x)"),
    *("'a.png'", '"https://cdn.example/b.png"', "https://cdn.example/c.png", "d.png"),
    *(" ", "\n", "{", "}", ";", ":", ",", ")", "(", "/*", "*/", "\\", "color: red"),
]


@settings(max_examples=500, deadline=None, derandomize=True)
@given(st.lists(st.sampled_from(_CSS_PIECES), max_size=14).map("".join), st.booleans())
def test_css_without_a_load_is_known_without_the_parser(css: str, declarations: bool):
    # the shortcut (no parser for a text without url(, src(, …) reports exactly what the
    # parser reports, also for escaped names and names that comments or spaces break
    full = resources._read_css_urls(css, declarations)
    assert resources._css_urls.__wrapped__(css, declarations) == full


def test_the_lesson_scan_finds_markdown_images_written_as_the_browser_reads_them():
    markdown = "# x\n\n![b](/\\evil.example/b.png)\n\n`<img src='https://e.example/x'>`\n"
    assert [(f.line, f.col, f.origin) for f in scan_markdown(markdown)] == [(3, 1, EVIL)]


# ---------------------------------------------------------------- the same, in real builds


def _course(tmp_path: Path, config: str = "", **files) -> Path:
    course = tiny_course(tmp_path / "kurs")
    if config:
        text = (course / "mkdocs.yml").read_text("utf-8")
        (course / "mkdocs.yml").write_text(text + config, "utf-8")
    write(course, files)
    return course


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        (
            {"content/bild.md": "# Bild\n\n![b](/\\evil.example/b.png)\n"},
            "content/bild.md:3:1: this lesson loads an image from another origin",
        ),
        (
            {"content/bild.md": '# Bild\n\nText\n<img src="\\\\evil.example/a.png">\n'},
            "content/bild.md:4:1: this lesson loads an image",
        ),
        (
            {"content/bild.md": "# Bild\n\n<svg><style><img src=https://evil.example/s.png>"},
            "content/bild.md:3:13: this lesson loads an image",
        ),
        (
            {
                "content/weg.md": '# Weg\n\n<meta http-equiv="refresh" content="0;url=https://evil.example/">\n'
            },
            "content/weg.md:3:1: this lesson loads another page, automatically (a redirect)",
        ),
        (
            {
                "content/stil.md": "# Stil\n",
                "content/stylesheets/eigen.css": "body{}\n@import url(https://evil.example/x.css);\n",
            },
            "content/stylesheets/eigen.css:2:13: this file loads a stylesheet",
        ),
        (
            {
                "content/schrift.md": "# Schrift\n",
                "content/stylesheets/eigen.css": (
                    "@font-face {\n  font-family: X;\n  src: u\\rl(https://evil.example/f.woff2);\n}\n"
                ),
            },
            "content/stylesheets/eigen.css:3:13: this file loads a font",
        ),
        (
            {"content/alt.htm": '<p>Alt</p>\n<img src="https://evil.example/alt.png">\n'},
            "content/alt.htm:2:11: page alt.htm loads an image",
        ),
        (
            {
                "content/bild.svg": '<svg xmlns="http://www.w3.org/2000/svg"><image href="https://evil.example/i.png"/></svg>\n'
            },
            "content/bild.svg:1:54: page bild.svg loads an image",
        ),
    ],
    ids=[
        "backslash",
        "two-backslashes",
        "svg-style",
        "refresh",
        "css-import",
        "font-face",
        "htm",
        "svg-file",
    ],
)
def test_a_build_reports_each_at_the_file_to_edit(tmp_path: Path, files: dict, expected: str):
    course = _course(tmp_path, **files)
    result = run(["build"], course)
    output = result.stdout + result.stderr
    assert result.returncode == 1 and "Traceback" not in output
    assert expected in output, output
    assert "allow_origins: [https://evil.example]" in output
    assert not (course / "site").exists()


MERMAID = """\
markdown_extensions:
  - pymdownx.superfences:
      custom_fences:
        - name: mermaid
          class: mermaid
          format: !!python/name:pymdownx.superfences.fence_code_format
"""
DIAGRAM = {"content/diagramm.md": "# Diagramm\n\n```mermaid\ngraph LR\n  A --> B\n```\n"}


@pytest.mark.parametrize("tool", ["kursbau", "mkdocs"])
def test_a_mermaid_diagram_is_named_before_anything_is_written(tmp_path: Path, tool: str):
    course = _course(tmp_path, MERMAID, **DIAGRAM)
    result = run(["build"], course, tool=tool)
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert (
        "content/diagramm.md:3:1: a mermaid block makes the theme load a script from"
        " https://unpkg.com" in output
    )
    assert not (course / "site").exists()


def test_a_mermaid_diagram_allowed_gets_what_it_needs_in_the_policy(tmp_path: Path):
    course = _course(tmp_path, MERMAID, **DIAGRAM)
    config = (course / "mkdocs.yml").read_text("utf-8")
    config = config.replace(
        "      course: testkurs\n",
        "      course: testkurs\n      allow_origins: [https://unpkg.com]\n",
    )
    (course / "mkdocs.yml").write_text(config, "utf-8")
    result = run(["build"], course)
    assert result.returncode == 0, result.stderr
    policy = _policy(course / "site" / "diagramm" / "index.html")
    assert "https://unpkg.com" in policy["script-src"]
    assert "'unsafe-inline'" in policy["style-src"]
    assert "https://unpkg.com" not in policy["img-src"]


@pytest.mark.parametrize(
    ("setting", "contact"),
    [
        ("repo_url: https://github.com/team/kurs", "https://api.github.com"),
        ("repo_url: https://www.github.com/team/kurs", "https://api.github.com"),
        ("repo_url: https://GitHub.com/team/kurs", "https://api.github.com"),
        ("repo_url: https://gitlab.com/team/kurs", "https://gitlab.com"),
        ("repo_url: https://gitlab.firma.example/team/kurs", "https://gitlab.firma.example"),
        # the theme's own rule reads "gitlab" anywhere before the last part as the host
        ("repo_url: https://git.example/gitlab-spiegel/kurs", "https://gitlab-spiegel"),
        ("repo_url: https://codeberg.org/team/kurs", None),
        (
            "extra:\n  analytics:\n    provider: google\n    property: G-XXXX",
            "https://www.googletagmanager.com",
        ),
    ],
)
def test_what_the_theme_loads_at_run_time_is_named(tmp_path: Path, setting: str, contact):
    course = _course(tmp_path, setting + "\n")
    result = run(["check"], course)
    if contact is None:
        assert result.returncode == 0, result.stderr
        return
    assert result.returncode == 1
    assert "mkdocs.yml:" in result.stderr and contact in result.stderr, result.stderr


def test_allowed_theme_loads_go_into_the_directive_that_needs_them(tmp_path: Path):
    course = _course(tmp_path, "repo_url: https://gitlab.firma.example/team/kurs\n")
    config = (course / "mkdocs.yml").read_text("utf-8")
    config = config.replace(
        "      course: testkurs\n",
        "      course: testkurs\n      allow_origins: [https://gitlab.firma.example]\n",
    )
    (course / "mkdocs.yml").write_text(config, "utf-8")
    result = run(["build"], course)
    assert result.returncode == 0, result.stderr
    policy = _policy(course / "site" / "index.html")
    assert "https://gitlab.firma.example" in policy["connect-src"]
    assert "https://gitlab.firma.example" not in policy["script-src"]


# ---------------------------------------------------------------- the policy in every page


def _policy(page: Path) -> dict[str, list[str]]:
    tree = LexborHTMLParser(page.read_text("utf-8"))
    meta = tree.css_first('meta[http-equiv="Content-Security-Policy"]')
    return {d.split()[0]: d.split()[1:] for d in meta.attributes["content"].split("; ")}


def _first_in_head(html: str) -> list[str]:
    head = LexborHTMLParser(html).head
    return [
        (child.tag, child.attributes.get("http-equiv") or child.attributes.get("charset") or "")
        for child in head.iter()
    ][:2]


@pytest.mark.parametrize(
    "html",
    [
        b'<!doctype html><html lang="de"><head><meta charset="utf-8"><title>x</title>',
        b"<!DOCTYPE html>\n<!-- c -->\n<html>\n  <head>\n    <script>1</script>",
        b"\xef\xbb\xbf<html><head><link rel=stylesheet href=a.css>",
        b"<p>Keine head, kein html</p><img src=a.png>",
        b'<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"><head><title>x</title>',
        b"<head data-x='1'><style>p{}</style>",
    ],
)
def test_the_policy_is_placed_before_anything_that_loads(html: bytes):
    placed = add_policy_meta(html, "default-src 'self'").decode("utf-8-sig")
    first = _first_in_head(placed)
    expected = ("meta", "Content-Security-Policy")
    assert first[0] == expected or (first[0] == ("meta", "utf-8") and first[1] == expected), first


def test_every_built_page_carries_the_policy_of_the_header_files(tmp_path: Path):
    course = _course(
        tmp_path,
        "extra_css: [stylesheets/eigen.css]\n",
        **{
            "content/alt.htm": "<p>Alt</p>\n",
            "content/stylesheets/eigen.css": "body { color: #222 }\n",
        },
    )
    assert run(["build"], course).returncode == 0
    site = course / "site"
    header = re.search(
        r"^  Content-Security-Policy: (.+)$", (site / "_headers").read_text("utf-8"), re.M
    ).group(1)
    pages = [p for p in site.rglob("*") if p.suffix in (".html", ".htm")]
    assert len(pages) > 5 and any(p.suffix == ".htm" for p in pages)
    for page in pages:
        html = page.read_text("utf-8")
        first = _first_in_head(html)
        assert ("meta", "Content-Security-Policy") in first, (page, first)
        meta = LexborHTMLParser(html).css('meta[http-equiv="Content-Security-Policy"]')
        assert [m.attributes["content"] for m in meta] == [header], page
        assert html.index("Content-Security-Policy") < 1024 or "<meta charset" in html[:1024]


def test_policy_for_allows_each_origin_where_the_build_uses_it():
    facts = SiteFacts(
        script_hashes={"'sha256-abc='"},
        used={"img-src": {"https://bilder.example"}, "script-src": {"https://cdn.example"}},
    )
    allowed = {"https://bilder.example", "https://cdn.example", "https://video.example"}
    policy = dict((d.split()[0], d.split()[1:]) for d in policy_for(facts, allowed).split("; "))
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'", "'sha256-abc='", "https://cdn.example"]
    assert "https://bilder.example" in policy["img-src"]
    assert "https://bilder.example" not in policy["script-src"]
    # allowed, but no file names it: wherever a script might need it, except running scripts
    for directive in ("img-src", "media-src", "frame-src", "connect-src"):
        assert "https://video.example" in policy[directive]
    assert "https://video.example" not in policy["script-src"]
    assert policy["object-src"] == ["'none'"] and policy["base-uri"] == ["'self'"]
    assert (
        "'unsafe-inline'" not in policy["script-src"]
        and "'unsafe-eval'" not in policy["script-src"]
    )


# ---------------------------------------------------------------- check texts


@pytest.mark.parametrize(
    "text",
    [
        "[klick](javascript:alert(1))",
        "[klick](JavaScript:alert(1))",
        "[klick]( javascript:alert(1))",
        "[klick](data:text/html,<script>alert(1)</script>)",
        "[klick](vbscript:msgbox)",
        "![bild](javascript:alert(1))",
        "[klick][ref]\n\n[ref]: javascript:alert(1)",
    ],
)
def test_check_texts_keep_only_http_https_mailto_and_relative_links(text: str):
    html = block(text) or ""
    assert "javascript" not in html.lower() and "data:" not in html and "vbscript" not in html
    assert "klick" in html or "bild" in html or html == ""
    kept = block("[a](https://example.org/) [b](mailto:x@example.org) [c](../lektion/)")
    assert kept.count("href=") == 3


def test_a_script_link_in_a_check_is_an_error_at_its_place(tmp_path: Path):
    quiz = (ROOT / "tests" / "fixtures" / "format" / "quiz.yml").read_text("utf-8")
    quiz = quiz.replace(
        "betreibt Empfehlungsmanagement.",
        "betreibt Empfehlungsmanagement. [klick](javascript:alert(1))",
        1,
    )
    course = _course(tmp_path, **{"quizzes/quiz.yml": quiz})
    result = run(["check"], course)
    line = next(i for i, t in enumerate(quiz.splitlines(), 1) if "javascript:" in t)
    col = quiz.splitlines()[line - 1].index("javascript:") + 1
    assert result.returncode == 1
    assert (
        f"quizzes/quiz.yml:{line}:{col}: a link to 'javascript:' is not allowed in a check"
        in result.stderr
    )


def test_the_preview_goes_without_the_policy_so_live_reload_works(course: Path):
    """`kursbau serve` adds an inline live-reload script to every page it serves."""
    server, url = serve(course)
    with server:
        html = fetch(url)
    assert "livereload" in html
    assert 'http-equiv="Content-Security-Policy"' not in html
    built = run(["build"], course)
    assert built.returncode == 0
    assert 'http-equiv="Content-Security-Policy"' in (course / "site" / "index.html").read_text()
