"""No third party by default, a ready Content-Security-Policy, and a site that works from a zip:
the build-time side (the browser side is in tests/browser/test_offline_csp_*.py)."""

from __future__ import annotations

import base64
import hashlib
import re
import zipfile
from pathlib import Path

import pytest

from generator.core.hosting import content_security_policy, inline_script_hashes, script_hash
from generator.core.resources import foreign_resources, origin_of, scan_markdown
from kursbau_testing import ROOT, run, tiny_course, write


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def urls(html: str, allowed=frozenset()) -> list[str]:
    return [f.url for f in foreign_resources(html, set(allowed))]


# ---------------------------------------------------------------- what counts as a resource


@pytest.mark.parametrize(
    "html",
    [
        '<img src="https://example.org/x.png">',
        '<img alt="" srcset="a.png 1x, https://example.org/x.png 2x">',
        '<picture><source srcset="https://example.org/x.webp"></picture>',
        '<script src="//example.org/x.js"></script>',
        '<link rel="stylesheet" href="https://example.org/x.css">',
        '<link rel="preload" as="font" href="https://example.org/x.woff2">',
        '<link rel="icon" href="https://example.org/x.png">',
        '<link rel="manifest" href="https://example.org/x.json">',
        '<link rel="preconnect" href="https://example.org">',
        '<iframe src="https://example.org/embed"></iframe>',
        '<video src="https://example.org/x.mp4"></video>',
        '<video poster="https://example.org/x.png"></video>',
        '<audio src="http://example.org/x.mp3"></audio>',
        '<object data="https://example.org/x.pdf"></object>',
        '<embed src="https://example.org/x.swf">',
        '<svg><image href="https://example.org/x.png"/></svg>',
        '<div style="background: url(https://example.org/x.png)"></div>',
        "<style>@import 'https://example.org/x.css';</style>",
        '<base href="https://example.org/">',
        '<input type="image" src="https://example.org/x.png" alt="x">',
    ],
)
def test_resources_from_another_origin_are_found(html: str):
    assert [origin_of(u) for u in urls(html)] == ["https://example.org"] or urls(html) == [
        "http://example.org/x.mp3"
    ]


@pytest.mark.parametrize(
    "html",
    [
        '<a href="https://example.org/">a link is followed only when clicked</a>',
        '<link rel="canonical" href="https://example.org/page/">',
        '<link rel="alternate" href="https://example.org/feed.xml">',
        '<img src="bild.png"><img src="/abs/bild.png"><img src="../bild.png">',
        '<img src="data:image/png;base64,iVBORw0KGgo=">',
        '<script src="assets/x.js"></script><script>var u = "https://example.org/x.js"</script>',
        '<input type="text" src="https://example.org/x.png">',
        '<form action="https://example.org/send"></form>',
        "<p>https://example.org/x.png as text</p>",
    ],
)
def test_links_text_and_own_files_are_not_third_party(html: str):
    assert urls(html) == []


def test_allowed_origins_pass_and_positions_are_reported():
    html = (
        '<p>x</p>\n  <img src="https://video.example.org/x.png">\n<img src="https://example.org/y">'
    )
    found = foreign_resources(html, {"https://video.example.org"})
    assert [(f.line, f.col, f.url) for f in found] == [(3, 1, "https://example.org/y")]


def test_markdown_scan_skips_code_and_comments_and_finds_images():
    markdown = "\n".join(
        [
            "# Lektion",  # 1
            "```html",
            '<img src="https://example.org/in-fence.png">',
            "```",
            'Inline `<img src="https://example.org/in-code.png">` stays code.',  # 5
            "",
            '    <img src="https://example.org/indented-code.png">',
            "",
            '<!-- <img src="https://example.org/comment.png"> -->',
            "![Logo](https://example.org/logo.png)",  # 10
            "![Ref][bild]",
            "[bild]: https://example.org/ref.png",
            "!!! note",
            '    <img src="https://example.org/in-admonition.png">',
            "[ein Link](https://example.org/)",  # 15
        ]
    )
    found = [(f.line, f.url) for f in scan_markdown(markdown)]
    assert found == [
        (10, "https://example.org/logo.png"),
        (11, "https://example.org/ref.png"),
        (14, "https://example.org/in-admonition.png"),
    ]


# ---------------------------------------------------------------- builds


def _course(tmp_path: Path, **files) -> Path:
    course = tiny_course(tmp_path / "kurs")
    write(course, files)
    return course


@pytest.mark.parametrize("tool", ["kursbau", "mkdocs"])
def test_a_lesson_with_a_foreign_image_fails_with_path_and_line(tmp_path: Path, tool: str):
    course = _course(tmp_path)
    assert run(["build"], course).returncode == 0
    before = snapshot(course / "site")
    write(
        course,
        {"content/bild.md": '# Bild\n\nSieh her:\n\n<img src="https://example.org/x.png">\n'},
    )
    result = run(["build"], course, tool=tool)
    output = result.stdout + result.stderr
    assert result.returncode == 1 and "Traceback" not in output
    assert (
        "content/bild.md:5:1: this lesson loads an image from another origin"
        " (https://example.org/x.png)" in output
    )
    assert "allow_origins: [https://example.org]" in output
    assert snapshot(course / "site") == before


def test_allow_origins_lets_an_intended_resource_through(tmp_path: Path):
    course = _course(
        tmp_path, **{"content/bild.md": '<img src="https://example.org/x.png" alt="">\n'}
    )
    config = (course / "mkdocs.yml").read_text("utf-8")
    config = config.replace(
        "      course: testkurs\n",
        "      course: testkurs\n      allow_origins: [https://example.org/]\n",
    )
    (course / "mkdocs.yml").write_text(config, "utf-8")
    result = run(["build"], course)
    assert result.returncode == 0, result.stderr


def test_an_image_in_a_check_text_is_reported_in_the_yaml(tmp_path: Path):
    quiz = (course_yml := ROOT / "tests" / "fixtures" / "format" / "quiz.yml").read_text("utf-8")
    assert course_yml.is_file()
    quiz = quiz.replace(
        "betreibt Empfehlungsmanagement.",
        "betreibt Empfehlungsmanagement. ![Bild](https://example.org/q.png)",
        1,
    )
    course = _course(tmp_path, **{"quizzes/quiz.yml": quiz})
    result = run(["check"], course)
    line = next(i for i, text in enumerate(quiz.splitlines(), 1) if "example.org/q.png" in text)
    col = quiz.splitlines()[line - 1].index("https://") + 1
    assert f"quizzes/quiz.yml:{line}:{col}: this check loads an image from another origin" in (
        result.stderr
    )


@pytest.mark.parametrize(
    ("setting", "expected"),
    [
        (
            "extra_javascript:\n  - https://cdn.example.org/x.js\n",
            "mkdocs.yml:{line}:5: mkdocs.yml loads a script",
        ),
        (
            "extra_css:\n  - https://cdn.example.org/x.css\n",
            "mkdocs.yml:{line}:5: mkdocs.yml loads a stylesheet",
        ),
        (
            "repo_url: https://github.com/team/kurs\n",
            "mkdocs.yml:{line}:1: with repo_url on github.com",
        ),
    ],
)
def test_mkdocs_yml_settings_that_load_third_party_resources_fail_early(
    tmp_path: Path, setting: str, expected: str
):
    course = _course(tmp_path)
    config = (course / "mkdocs.yml").read_text("utf-8")
    line = config.count("\n") + (2 if setting.startswith("extra") else 1)
    (course / "mkdocs.yml").write_text(config + setting, "utf-8")
    result = run(["build"], course, tool="mkdocs")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert expected.format(line=line) in result.stderr
    assert not (course / "site").exists()  # found before anything was written


def test_web_fonts_are_refused_unless_allowed(tmp_path: Path):
    course = _course(tmp_path)
    config = (course / "mkdocs.yml").read_text("utf-8")
    config = config.replace("  font: false\n", "  font:\n    text: Roboto\n")
    (course / "mkdocs.yml").write_text(config, "utf-8")
    result = run(["build"], course)
    assert result.returncode == 1
    assert (
        "mkdocs.yml:7:3: 'font' makes every page load its fonts from Google Fonts" in result.stderr
    )


def test_the_built_pages_are_checked_too_theme_overrides_included(tmp_path: Path):
    """A template override is read before the build (at the line of the address), so neither the
    CLI nor plain MkDocs touches site/."""
    course = _course(tmp_path)
    assert run(["build"], course).returncode == 0
    before = snapshot(course / "site")
    config = (course / "mkdocs.yml").read_text("utf-8")
    config = config.replace("  name: material\n", "  name: material\n  custom_dir: overrides\n")
    (course / "mkdocs.yml").write_text(config, "utf-8")
    write(
        course,
        {
            "overrides/main.html": (
                '{% extends "base.html" %}\n{% block extrahead %}\n'
                '  <script async src="https://stats.example.org/count.js"></script>\n'
                "{% endblock %}\n"
            )
        },
    )
    result = run(["build"], course)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert (
        "overrides/main.html:3:22: this file loads a script from another origin"
        " (https://stats.example.org/count.js)" in result.stderr
    )
    assert "nothing was written" in result.stderr
    assert snapshot(course / "site") == before
    mkdocs = run(["build"], course, tool="mkdocs")  # plain MkDocs: the build fails as well
    assert mkdocs.returncode == 1 and "stats.example.org" in mkdocs.stderr


# ---------------------------------------------------------------- CSP files and the offline shim


@pytest.fixture(scope="module")
def offline_site(tmp_path_factory) -> Path:
    """The tiny course with Material's offline plugin, built with --zip."""
    course = tiny_course(tmp_path_factory.mktemp("offline") / "kurs")
    config = (course / "mkdocs.yml").read_text("utf-8")
    (course / "mkdocs.yml").write_text(
        config.replace("  - search\n", "  - search\n  - offline\n"), "utf-8"
    )
    result = run(["build", "--zip"], course)
    assert result.returncode == 0, result.stderr
    return course


def test_hash_matches_the_csp_definition():
    digest = base64.b64encode(hashlib.sha256(b"alert(1)").digest()).decode()
    assert script_hash("alert(1)") == f"'sha256-{digest}'"
    assert script_hash("a\r\nb") == script_hash("a\nb")  # HTML normalises newlines first


def test_the_build_writes_a_policy_with_every_inline_script_hash(offline_site: Path):
    site = offline_site / "site"
    headers = (site / "_headers").read_text("utf-8")
    policy = re.search(r"^  Content-Security-Policy: (.+)$", headers, re.M).group(1)
    assert headers.splitlines()[2] == "/*"
    nginx = (site / "nginx-csp.conf").read_text("utf-8")
    assert f'add_header Content-Security-Policy "{policy}" always;' in nginx
    directives = dict(d.split(" ", 1) for d in policy.split("; "))
    assert directives["default-src"] == "'self'"
    assert directives["img-src"] == "'self' data:"
    assert directives["style-src"] == "'self'"  # the theme needs no inline styles
    assert directives["object-src"] == "'none'" and directives["base-uri"] == "'self'"
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    hashes = inline_script_hashes(site)
    assert hashes and directives["script-src"] == " ".join(["'self'", *hashes])
    assert policy == content_security_policy(hashes)
    # every executable inline script on every page is covered; Kursbau adds none of its own
    for page in site.rglob("*.html"):
        html = page.read_text("utf-8")
        for attrs, body in re.findall(r"<script([^>]*)>(.*?)</script>", html, re.S):
            if "src=" in attrs or "application/json" in attrs:
                continue
            assert script_hash(body) in hashes, page
            assert "Kursbau" not in body and "kb-" not in body
        assert not re.search(r"<[^>]+\son[a-z]+=", html), f"inline event handler in {page}"
        assert not re.search(r"<[^>]+\sstyle=", html), f"style attribute in {page}"


def test_the_offline_site_uses_its_own_worker_shim(offline_site: Path):
    site = offline_site / "site"
    shim = site / "assets" / "kursbau" / "iframe-worker.js"
    assert shim.read_bytes() == (ROOT / "generator/assets/offline/iframe-worker.js").read_bytes()
    for page in site.rglob("*.html"):
        html = page.read_text("utf-8")
        assert "unpkg.com" not in html and "iframe-worker/shim" not in html
        depth = len(page.relative_to(site).parts) - 1
        base = "/" if page.name == "404.html" else "../" * depth  # MkDocs' 404 page is absolute
        assert f'<script src="{base}assets/kursbau/iframe-worker.js"></script>' in html
    assert (site / "search" / "search_index.js").read_text("utf-8").startswith("var __index")


def test_zip_holds_the_whole_site(offline_site: Path, tmp_path: Path):
    with zipfile.ZipFile(offline_site / "site.zip") as archive:
        assert archive.testzip() is None
        archive.extractall(tmp_path / "stick")
    assert snapshot(tmp_path / "stick") == snapshot(offline_site / "site")
