"""Issue 10, "no traceback, nothing silently ignored, no page silently replaced": file-system
surprises in the sources, line endings, near-miss embeds and file names, option typos, pages that
would share an address, `kursbau new` with quotes, and a broken mkdocs.yml under `serve`."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from kursbau_testing import ROOT, run, serve, tiny_course, write


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


@pytest.fixture
def built(tmp_path: Path) -> Path:
    """The tiny course, built once, so that a failed build can be seen to leave site/ alone."""
    course = tiny_course(tmp_path / "kurs")
    assert run(["build"], course).returncode == 0
    return course


def _fails_cleanly(course: Path, expected: list[str], tool: str) -> str:
    before = snapshot(course / "site")
    result = run(["build"], course, tool=tool)
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "Traceback" not in output and "unexpected error" not in output, output
    for line in expected:
        assert line in output, output
    assert snapshot(course / "site") == before, "site/ was changed"
    return output


# ---------------------------------------------------------------- the file system


@pytest.mark.parametrize("tool", ["kursbau", "mkdocs"])
def test_a_symlink_loop_in_the_lessons_is_named(built: Path, tool: str):
    (built / "content" / "kapitel").mkdir()
    (built / "content" / "kapitel" / "schleife").symlink_to("..")
    _fails_cleanly(
        built,
        [
            "content/kapitel/schleife:1:1: this link points to .., a folder that contains it,"
            " so the folder would repeat without end: remove the link"
        ],
        tool,
    )


@pytest.mark.parametrize("tool", ["kursbau", "mkdocs"])
def test_links_to_nothing_and_to_themselves_are_named(built: Path, tool: str):
    (built / "content" / "weg.md").symlink_to("/nirgendwo/weg.md")
    (built / "content" / "selbst.md").symlink_to("selbst.md")
    (built / "quizzes" / "fehlt.yml").symlink_to("../../anderswo/fehlt.yml")
    _fails_cleanly(
        built,
        [
            "content/weg.md:1:1: this is a link to /nirgendwo/weg.md, which does not exist:"
            " copy the file here or remove the link",
            "content/selbst.md:1:1: this is a link that points back at itself (selbst.md)",
            "quizzes/fehlt.yml:1:1: this is a link to ../../anderswo/fehlt.yml, which does not"
            " exist",
        ],
        tool,
    )


def test_a_symlinked_check_is_reported_by_its_path_in_the_project(tmp_path: Path):
    course = tiny_course(tmp_path / "kurs")
    write(tmp_path, {"gemeinsam/kaputt.yml": "title: Kaputt\ntype: quiz\n"})
    (course / "quizzes" / "geteilt.yml").symlink_to(tmp_path / "gemeinsam" / "kaputt.yml")
    result = run(["check"], course)
    assert result.returncode == 1
    assert "quizzes/geteilt.yml:" in result.stderr and str(tmp_path) not in result.stderr


def test_an_unreadable_quiz_folder_is_named(tmp_path: Path):
    """As an ordinary user (root reads everything)."""
    shared = Path(tempfile.mkdtemp(prefix="kursbau-unreadable-"))
    try:
        shared.chmod(0o755)
        course = tiny_course(shared / "kurs")
        for path in [course, *course.rglob("*")]:
            path.chmod(0o755 if path.is_dir() else 0o644)
        (course / "quizzes" / "modul-1").chmod(0o000)
        (course / "content" / "lektion.md").chmod(0o000)
        command = ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"]
        result = subprocess.run(
            [*command, sys.executable, "-m", "generator", "check"],
            cwd=course,
            env=dict(os.environ, PYTHONPATH=str(ROOT), HOME=str(shared)),
            capture_output=True,
            text=True,
            timeout=300,
        )
    finally:
        (shared / "kurs" / "quizzes" / "modul-1").chmod(0o755)
        shutil.rmtree(shared, ignore_errors=True)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert (
        "quizzes/modul-1:1:1: cannot read this folder: permission denied: allow yourself to"
        " read it (chmod) or move it out of the course" in result.stderr
    )
    assert "content/lektion.md:1:1: cannot read this file: permission denied" in result.stderr


# ---------------------------------------------------------------- lessons and check files


@pytest.mark.parametrize("tool", ["kursbau", "mkdocs"])
def test_an_unknown_embed_in_a_markdown_suffix_page_is_an_error(built: Path, tool: str):
    write(built, {"content/mehr.markdown": "# Mehr\n\n<!-- check: gibts-nicht -->\n"})
    _fails_cleanly(built, ["content/mehr.markdown:3:13: unknown check 'gibts-nicht'"], tool)


@pytest.mark.parametrize("newline", ["\r", "\r\n"], ids=["cr", "crlf"])
def test_line_numbers_hold_for_every_line_ending(built: Path, newline: str):
    text = "# Lektion\n\nEins.\n\n<!-- check: quizz -->\n\nZwei.\n"
    (built / "content" / "enden.md").write_bytes(text.replace("\n", newline).encode())
    front = "---\ntitle: Ende\naudience: Trainerin\n---\n"
    (built / "content" / "vorne.md").write_bytes(front.replace("\n", newline).encode())
    _fails_cleanly(
        built,
        [
            "content/enden.md:5:13: unknown check 'quizz': did you mean 'quiz'?",
            "content/vorne.md:3:11: unknown audience 'Trainerin'",
        ],
        "kursbau",
    )


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("<!-- Check: quiz -->", "3:1: write 'check' in lower case: <!-- check: <id> -->"),
        ("<!-- CHECK: quiz -->", "3:1: write 'check' in lower case"),
        ("> <!-- check: quiz -->", "3:3: an embed inside a quote (>) stays an invisible comment"),
        ("Hier: <!-- check: quiz -->", "3:7: an embed must be a line of its own"),
        ("<!-- check quiz -->", "3:1: an embed needs a colon after 'check'"),
    ],
)
def test_embeds_that_would_stay_invisible_comments_are_errors(
    built: Path, line: str, expected: str
):
    write(
        built, {"content/fast.md": f"# Fast\n\n{line}\n\nText mit `<!-- Check: x -->` als Code.\n"}
    )
    output = _fails_cleanly(built, [f"content/fast.md:{expected}"], "kursbau")
    assert output.count("content/fast.md:") == 1  # the code span is not reported


@pytest.mark.parametrize("name", ["Gross.YML", "klein.Yaml", "misch.yMl"])
def test_check_files_with_upper_case_suffixes_are_named(built: Path, name: str):
    text = (ROOT / "tests" / "fixtures" / "format" / "quiz.yml").read_text("utf-8")
    write(built, {f"quizzes/{name}": text})
    stem, suffix = name.rsplit(".", 1)
    _fails_cleanly(
        built,
        [
            f"quizzes/{name}:1:1: check files end in .yml or .yaml in lower case: rename this"
            f" file to {stem}.{suffix.lower()}"
        ],
        "kursbau",
    )


def test_a_typo_in_the_quizzes_option_is_named(built: Path):
    config = (built / "mkdocs.yml").read_text("utf-8")
    (built / "mkdocs.yml").write_text(
        config.replace(
            "      course: testkurs\n", "      course: testkurs\n      quizzes: quizes\n"
        ),
        "utf-8",
    )
    output = _fails_cleanly(
        built,
        [
            "mkdocs.yml:12:7: quizzes: quizes names a folder that does not exist",
            "did you mean quizzes: quizzes?",
        ],
        "kursbau",
    )
    assert "there are no checks in quizes/" in output  # the embeds name the folder written


# ---------------------------------------------------------------- pages that share an address


@pytest.mark.parametrize("directory_urls", [True, False], ids=["directory-urls", "html-urls"])
@pytest.mark.parametrize(
    ("files", "expected"),
    [
        (
            {"content/checks/quiz.md": "# Mein Quiz\n"},
            [
                "content/checks/quiz.md:1:1: this page and the page of check 'quiz'"
                " (quizzes/quiz.yml) would have the same address",
                "quizzes/quiz.yml:1:1: the page of this check and the page"
                " content/checks/quiz.md would have the same address",
            ],
        ),
        (
            {"content/Checks/quiz.md": "# Mein Quiz\n"},
            [
                "content/Checks/quiz.md:1:1: this page and the page of check 'quiz'"
                " (quizzes/quiz.yml) would have addresses that differ only in upper and lower"
                " case",
            ],
        ),
        (
            {"quizzes/index.yml": "COPY"},
            [
                "quizzes/index.yml:1:1: the page of this check and the overview page of the"
                " checks would have the same address (checks/index.html)",
            ],
        ),
        (
            {"content/checks/index.md": "# Meine Übersicht\n"},
            [
                "content/checks/index.md:1:1: this page and the overview page of the checks"
                " would have the same address (checks/index.html)",
            ],
        ),
    ],
    ids=["lesson-at-check-page", "case-only", "check-named-index", "own-overview"],
)
@pytest.mark.parametrize("tool", ["kursbau", "mkdocs"])
def test_a_page_is_never_silently_replaced(
    tmp_path: Path, files: dict, expected: list[str], tool: str, directory_urls: bool
):
    course = tiny_course(tmp_path / "kurs", directory_urls=directory_urls)
    assert run(["build"], course).returncode == 0
    quiz = (ROOT / "tests" / "fixtures" / "format" / "quiz.yml").read_text("utf-8")
    write(course, {k: quiz if v == "COPY" else v for k, v in files.items()})
    _fails_cleanly(course, expected, tool)


# ---------------------------------------------------------------- new, serve


def test_new_with_quotes_and_colons_in_the_name_writes_valid_yaml(tmp_path: Path):
    name = 'Kurs "Profi": Teil #1'
    result = run(["new", name], tmp_path)
    assert result.returncode == 0, result.stderr
    assert f"cd '{name}' && kursbau serve" in result.stdout
    check = run(["check"], tmp_path / name)
    assert check.returncode == 0, check.stderr
    built = run(["build"], tmp_path / name)
    assert built.returncode == 0, built.stderr
    html = (tmp_path / name / "site" / "index.html").read_text("utf-8")
    assert "Kurs &quot;Profi&quot;: Teil #1" in html or 'Kurs "Profi": Teil #1' in html


def test_serve_with_a_broken_mkdocs_yml_says_where_in_one_line(course: Path):
    (course / "mkdocs.yml").write_text("site_name: [Testkurs\n", "utf-8")
    result = run(["serve", "--port", "0"], course)
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "kursbau: mkdocs.yml:2:1: YAML syntax: expected ',' or ']', but got '<stream end>'"
    ]


def test_serve_survives_mkdocs_yml_broken_while_it_runs(course: Path):
    server, _ = serve(course)
    with server:
        good = (course / "mkdocs.yml").read_text("utf-8")
        (course / "mkdocs.yml").write_text(good + "nav: [\n", "utf-8")
        server.wait_for("YAML syntax")
        (course / "quizzes" / "quiz.yml").write_text("title: Kaputt\n", "utf-8")
        (course / "mkdocs.yml").write_text(good, "utf-8")
        server.wait_for("quizzes/quiz.yml:")
    text = server.output
    assert "mkdocs.yml:13:1: YAML syntax: expected the node content" in text, text
    assert "quizzes/quiz.yml:1:1: 'type' is missing" in text, text
    assert "Traceback" not in text, text
