"""Issue 10, "trainer material never reaches participants": `audience` is validated like every key,
front matter that does not parse is an error, every Markdown suffix MkDocs reads is read by
Kursbau too, and no trainer text reaches any file of site/ (pages, search index, sitemap,
handouts) in any of the variants."""

from __future__ import annotations

import re
from pathlib import Path

import pypdf
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.core.frontmatter import page_body, read_meta
from generator.core.problems import Problems
from generator.core.project import MARKDOWN_SUFFIXES
from kursbau_testing import run, tiny_course, write

HANDOUTS = """\
      handouts:
        enabled: true
"""


def _secret(name: str) -> str:
    return f"GEHEIMTRAINER{re.sub(r'[^A-Za-z0-9]', '', name).upper()}"


def _page(front: str, name: str, newline: str = "\n") -> str:
    text = f"{front}# Lösungen\n\n{_secret(name)} steht nur im Trainerheft.\n"
    return text.replace("\n", newline)


# Trainer pages written in every way MkDocs reads as "audience: trainer"
HIDDEN = {
    "trainer/a.md": _page("---\naudience: trainer\n---\n\n", "a.md"),
    "trainer/b.markdown": _page("---\naudience: trainer\n---\n\n", "b.markdown"),
    "trainer/c.mdown": _page("---\naudience: trainer\n---\n\n", "c.mdown"),
    "trainer/d.mkd": _page("---\naudience: trainer\n---\n\n", "d.mkd"),
    "trainer/e.mkdn": _page("---\naudience: trainer\n---\n\n", "e.mkdn"),
    "trainer/f.md": _page("---\naudience: trainer\n---\n\n", "f.md", "\r\n"),
    "trainer/g.md": _page("---\naudience: trainer\n---\n\n", "g.md", "\r"),
    "trainer/h.md": _page("audience: trainer\n\n", "h.md"),  # MultiMarkdown-style metadata
    "trainer/i.md": _page("---\ntitle: 'Lösungen: Teil 1'\naudience: trainer\n...\n\n", "i.md"),
    "trainer/j.md": "\ufeff" + _page("---\naudience: trainer\n---\n\n", "j.md"),
}


def _site_files(site: Path) -> dict[str, str]:
    """Every file of the site as text (PDFs: their extracted text)."""
    texts = {}
    for file in site.rglob("*"):
        if not file.is_file():
            continue
        if file.suffix == ".pdf":
            reader = pypdf.PdfReader(str(file))
            texts[file.as_posix()] = "\n".join(p.extract_text() or "" for p in reader.pages)
        else:
            texts[file.as_posix()] = file.read_bytes().decode("utf-8", errors="replace")
    return texts


def test_no_trainer_text_reaches_any_file_of_the_site(tmp_path: Path):
    course = tiny_course(tmp_path / "kurs", extra={f"content/{k}": v for k, v in HIDDEN.items()})
    config = (course / "mkdocs.yml").read_text("utf-8")
    assert config.endswith("course: testkurs\n")
    (course / "mkdocs.yml").write_text(config + HANDOUTS, "utf-8")
    # write() uses text mode; the CR and CRLF files are written byte for byte
    (course / "content" / "trainer" / "f.md").write_bytes(HIDDEN["trainer/f.md"].encode())
    (course / "content" / "trainer" / "g.md").write_bytes(HIDDEN["trainer/g.md"].encode())
    result = run(["build"], course)
    assert result.returncode == 0, result.stderr
    site = course / "site"
    texts = _site_files(site)
    assert any(name.endswith("search_index.json") for name in texts)
    assert any(name.endswith("sitemap.xml") for name in texts)
    assert any(name.endswith("teilnehmer.pdf") for name in texts)
    for name in HIDDEN:
        secret = _secret(name.split("/")[1])
        leaks = [f for f, text in texts.items() if secret in text]
        assert leaks == [], f"{name}: trainer text in {leaks}"
    # positive control: Kursbau read each of them as a trainer page (trainer edition)
    trainer = _site_files(course / "handouts-trainer")
    text = "".join(trainer.values()).replace("\n", "")
    for name in HIDDEN:
        assert _secret(name.split("/")[1]) in text, f"{name} is not in the trainer edition"


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        (
            "Audience-key.md",
            "---\nAudience: trainer\n---\n\n",
            "2:1: unknown key 'Audience': did you mean 'audience'?",
        ),
        (
            "audiance.md",
            "---\naudiance: trainer\n---\n\n",
            "2:1: unknown key 'audiance': did you mean 'audience'?",
        ),
        (
            "trainerin.md",
            "---\naudience: Trainerin\n---\n\n",
            "2:11: unknown audience 'Trainerin': write audience: trainer",
        ),
        ("liste.md", "---\naudience: [trainer]\n---\n\n", "2:11: audience is a list, not one word"),
        (
            "doppelpunkt.md",
            "---\naudience: trainer\ntitle: Lösungen: Teil 1\n---\n\n",
            "3:16: the front matter (between the '---' lines) is not valid YAML: mapping values"
            " are not allowed",
        ),
        (
            "offen.md",
            "---\naudience: trainer\n\n",
            "1:1: this page starts with '---' but the front matter is never closed",
        ),
        (
            "mmd.md",
            "Audience: Trainer\n\n",
            "1:11: unknown audience 'Trainer'",  # MkDocs lower-cases MultiMarkdown keys
        ),
        ("Gross.MD", "---\naudience: trainer\n---\n\n", "1:1: the site reads only lower-case .md"),
        (
            "wiki.mdwn",
            "---\naudience: trainer\n---\n\n",
            "1:1: this file says who it is for (audience), but the site does not read this kind",
        ),
    ],
)
@pytest.mark.parametrize("tool", ["kursbau", "mkdocs"])
def test_a_trainer_page_written_wrongly_is_an_error_and_nothing_is_published(
    tmp_path: Path, name: str, content: str, expected: str, tool: str
):
    course = tiny_course(tmp_path / "kurs")
    assert run(["build"], course).returncode == 0
    before = {p: p.read_bytes() for p in (course / "site").rglob("*") if p.is_file()}
    write(course, {f"content/trainer/{name}": _page(content, name)})
    result = run(["build"], course, tool=tool)
    output = result.stdout + result.stderr
    assert result.returncode == 1 and "Traceback" not in output
    assert f"content/trainer/{name}:{expected}" in output, output
    if "mapping values" in expected:
        assert "a value containing ': ' must be put in quotes" in output
    after = {p: p.read_bytes() for p in (course / "site").rglob("*") if p.is_file()}
    assert after == before  # found before anything was written
    assert not any(_secret(name).encode() in data for data in after.values())


def test_kursbau_reads_every_suffix_mkdocs_reads():
    from mkdocs.utils import markdown_extensions

    assert tuple(MARKDOWN_SUFFIXES) == tuple(markdown_extensions)


# The metadata Kursbau sees is the metadata MkDocs sees, for any start of a page.
_LINES = st.sampled_from(
    [
        "---",
        "...",
        "audience: trainer",
        "Audience: trainer",
        "audience:trainer",
        "  audience: trainer",
        "    more",
        "title: Lösungen",
        "title: 'a: b'",
        "",
        "# Überschrift",
        "- liste",
        "tags: [a, b]",
        "x: y: z",
        "\tcontinued",
    ]
)


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.lists(_LINES, max_size=7), st.sampled_from(["\n", ""]))
def test_metadata_is_read_as_mkdocs_reads_it(lines: list[str], end: str):
    from mkdocs.utils.meta import get_data

    text = "\n".join(lines) + end
    _doc, theirs = get_data(text)
    problems = Problems()
    meta = read_meta(text, "x.md", problems)
    if meta.valid:
        assert meta.data == theirs and not problems
        assert meta.trainer == (theirs.get("audience") == "trainer")
    else:  # Kursbau refuses to build, and says why
        assert problems
    # and a printed lesson shows the text the site shows, without its metadata
    assert page_body(text) == _doc
