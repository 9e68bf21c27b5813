"""PDF handouts (issue 5): read back with pypdf and compared with the course and the scoring.

The sample course is laid out once per module (cold, with its own cache); tiny courses in tmp_path
cover the QR code, the cache, the command, the site build and English. Text from PDFs is
normalised before comparing: soft hyphens and hyphenation at line ends, ligatures, whitespace.
"""

from __future__ import annotations

import dataclasses
import html
import itertools
import re
import shutil
import subprocess
import unicodedata
from fractions import Fraction
from pathlib import Path

import pytest

from kursbau_testing import require_module, require_program

require_module("weasyprint")
pypdf = require_module("pypdf")

from generator.core.markdown import block  # noqa: E402
from generator.core.models import entries, paper_text  # noqa: E402
from generator.core.scoring import question_points, score  # noqa: E402
from generator.handouts import build_handouts, plan_handouts  # noqa: E402
from generator.mkdocs_adapter import build as engine  # noqa: E402
from generator.mkdocs_adapter.handouts import handout_options  # noqa: E402
from kursbau_testing import ROOT, run, write  # noqa: E402

HYPHENS = "\u00ad\u2010\u2011-"


# -- reading PDFs back -------------------------------------------------------------------------


def pdf_text(path: Path) -> str:
    reader = pypdf.PdfReader(str(path))
    return "\n".join(page.extract_text() or "" for page in reader.pages)


def flat(text: str) -> str:
    """Whitespace-normalised text with hyphenation at line ends undone and ligatures split."""
    text = unicodedata.normalize("NFKC", text).replace("\u00ad", "")
    text = re.sub(r"(\w)[\u2010\u2011-]\s*\n\s*(\w)", r"\1\2", text)
    return " ".join(text.split())


def squash(text: str) -> str:
    """For comparing running text: no spaces and no hyphens at all (a hyphen at a line end may be
    a real one, as in "E-Mail"), ligatures split, HTML gone."""
    text = unicodedata.normalize("NFKC", html.unescape(re.sub(r"<[^>]+>", "", text)))
    return re.sub(rf"[\s{HYPHENS}]", "", text)


def outline(path: Path) -> list[tuple[int, str, int]]:
    """(level, title, page index) of every bookmark, in order."""
    reader = pypdf.PdfReader(str(path))
    found = []

    def walk(items, level):
        for item in items:
            if isinstance(item, list):
                walk(item, level + 1)
            else:
                found.append((level, item.title, reader.get_destination_page_number(item)))

    walk(reader.outline, 1)
    return found


def page_count(path: Path) -> int:
    return len(pypdf.PdfReader(str(path)).pages)


# -- courses -----------------------------------------------------------------------------------


def prepare(config_file: Path, **changes):
    checked = engine.check_project(config_file)
    assert not checked.problems, checked.problems.report()
    config = checked.config
    return checked.course, dataclasses.replace(handout_options(config), **changes), config


def make(course, options, out: Path, **kw):
    return build_handouts(
        course,
        out / "site",
        project_root=course.settings.root,
        options=options,
        trainer_dir=out / "trainer",
        cache_dir=out / "cache",
        **kw,
    )


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    """The sample course's handouts, built cold once."""
    out = tmp_path_factory.mktemp("sample")
    course, options, _config = prepare(ROOT / "mkdocs.yml")
    report = make(course, options, out)
    assert not report.warnings, report.warnings
    return course, report, out


TINY_YML = """\
site_name: Testkurs Handouts
site_author: Erika Muster
site_url: https://kurs.example.org/testkurs/
docs_dir: content
use_directory_urls: {directory_urls}
theme:
  name: material
  language: {lang}
  font: false
plugins:
{extra_plugins}  - kursbau:
      course: testkurs
      allow_origins: [https://example.org]
      handouts:
        enabled: {enabled}
"""

CHECKLIST = """\
title: Bereit?
type: checklist
notes: Geheimer Hinweis zum Check.
items:
  - Ich habe ein Profil.
  - text: Ich gebe gern.
    points: 2
    notes: Geheimer Hinweis zur Aussage.
results:
  - {min: 0, title: Anfang, text: Bandtext eins.}
  - {min: 2, title: Weiter, text: Bandtext zwei.}
"""

QUIZ = """\
title: Kleines Quiz
type: quiz
questions:
  - text: Was ist Netzwerken?
    options:
      - text: Geben
        correct: true
        feedback: Geheime Rückmeldung.
      - Verkaufen
    explanation: Geheime Erklärung.
"""


def tiny(root: Path, *, lang="de", directory_urls=True, enabled=True, offline=False, lessons=None):
    files = {
        "mkdocs.yml": TINY_YML.format(
            lang=lang,
            directory_urls=str(directory_urls).lower(),
            enabled=str(enabled).lower(),
            extra_plugins="  - offline\n" if offline else "",
        ),
        "content/index.md": "# Start\n\nWillkommen im Kurs.\n",
        "content/lektion.md": (
            "# Lektion eins\n\nText vor dem Check.\n\n<!-- check: bereit -->\n\n"
            "## Danach\n\nWeiter geht es mit [der Übersicht](checks/index.md).\n"
        ),
        "content/trainer.md": "---\naudience: trainer\n---\n\n# Nur für Trainer\n\nGeheimer Ablauf.\n",
        "quizzes/bereit.yml": CHECKLIST,
        "quizzes/quiz.yml": QUIZ,
    }
    files.update(lessons or {})
    write(root, files)
    return root / "mkdocs.yml"


# -- helpers that decide independently of the handouts, with the scoring reference -------------


def answer_choices(question: dict) -> list:
    kind = question["kind"]
    if kind == "check":
        return [True, False]
    if kind == "scale":
        return list(range(len(question["steps"])))
    if kind == "single":
        return list(range(len(question["options"])))
    if kind == "multiple":
        n = len(question["options"])
        subsets = [list(c) for r in range(1, n + 1) for c in itertools.combinations(range(n), r)]
        return [None, *subsets]
    return [None]


def reachable(data: dict, keys: set[str] | None = None) -> dict[Fraction, dict]:
    """Every score a set of questions can reach (answered on paper), with answers reaching it."""
    sums: dict[Fraction, dict] = {Fraction(0): {}}
    for q in data["questions"]:
        if q["kind"] == "reflection" or (keys is not None and q.get("dimension") not in keys):
            continue
        step = {}
        for total, answers in sums.items():
            for choice in answer_choices(q):
                earned, _most, _answered = question_points(q, choice)  # exact fractions
                step.setdefault(total + earned, answers | {q["id"]: choice})
        sums = step
    return sums


def shown(value: Fraction) -> str:
    whole, rest = divmod(value, 1)
    if rest == 0:
        return str(whole)
    if (rest * 100).denominator == 1:
        return str(float(value)).replace(".", ",")
    glyph = {Fraction(1, 3): "⅓", Fraction(2, 3): "⅔", Fraction(1, 2): "½"}[rest]
    return unicodedata.normalize("NFKC", (str(whole) if whole else "") + glyph)  # as `flat`


def band_ranges(sums: dict[Fraction, dict], band_of) -> dict[int, tuple[Fraction, Fraction]]:
    ranges: dict[int, list[Fraction]] = {}
    for total, answers in sums.items():
        ranges.setdefault(band_of(answers), []).append(total)
    return {band: (min(v), max(v)) for band, v in ranges.items()}


# -- the sample course -------------------------------------------------------------------------


def question_texts(data: dict) -> list[str]:
    return [q["text"] for q in data["questions"]]


def test_participant_edition_has_every_question_and_no_answers(sample):
    course, report, out = sample
    text = squash(pdf_text(out / "site" / "teilnehmer.pdf"))
    for check_id, data in course.data.items():
        assert squash(data["title"]) in text, check_id
        for question in question_texts(data):
            assert squash(question) in text, (check_id, question)
        for q in data["questions"]:
            for o in q.get("options", []):
                assert squash(o["text"]) in text
                if o.get("feedback"):
                    assert squash(o["feedback"]) not in text, "option feedback leaked"
            if q.get("explanation"):
                assert squash(q["explanation"]) not in text, "explanation leaked"
        model = course.checks[check_id].model
        for notes in _all_notes(model):
            assert squash(notes) not in text, "trainer notes leaked"
        for band, source in zip(data["bands"], model.results or [], strict=True):
            assert squash(band["title"]) in text
            assert squash(block(paper_text(source.text))) in text, "band texts are feedback"
        for entry in entries(model):
            if getattr(entry, "tip", None):
                assert squash(block(paper_text(entry.tip))) in text, "tips are printed"
    for word in ("Trainerhinweis", "Trainerleitfaden", "RICHTIG", "Lösungcbaabc", "LERNPLATTFORM"):
        assert squash(word) not in text, word
    assert "Trainerleitfaden" not in [
        title for _l, title, _p in outline(out / "site" / "teilnehmer.pdf")
    ]


def _all_notes(model) -> list[str]:
    """Trainer notes as they read on paper (Markdown rendered)."""
    from generator.core.markdown import block
    from generator.core.models import entries

    notes = [model.notes] if model.notes else []
    notes += [e.notes for e in entries(model) if getattr(e, "notes", None)]
    return [block(n) for n in notes]


def test_trainer_edition_has_key_explanations_notes_and_the_trainer_guide(sample):
    course, report, out = sample
    path = out / "trainer" / "trainer.pdf"
    text = squash(pdf_text(path))
    assert squash("Trainerleitfaden: Netzwerken statt Kaltakquise") in text
    assert squash("Nur für Trainerinnen und Trainer") in text
    for check_id, data in course.data.items():
        for question in question_texts(data):
            assert squash(question) in text
        for q in data["questions"]:
            if q.get("explanation"):
                assert squash(q["explanation"]) in text
            for o in q.get("options", []):
                if o.get("feedback"):
                    assert squash(o["feedback"]) in text
        for notes in _all_notes(course.checks[check_id].model):
            assert squash(notes) in text, (check_id, notes)
        for band in data["bands"]:
            assert squash(band["text"]) in text, "band text missing"
        # the defaults of FORMAT 1.1: quizzes score, checklists and self-assessments completion
        seen = (
            "nichts (lms: none)"
            if data["actionPlan"]
            else {
                "quiz": "ob abgeschickt, Punkte und bestanden; die Antworten (lms: score)",
            }.get(data["type"], "nur, ob abgeschickt wurde (lms: completion)")
        )
        line = squash(f"Was die Lernplattform sieht (SCORM): {seen}")
        assert line.lower() in text.lower(), check_id  # the label is set in capitals
        if data["type"] == "quiz" and not data["actionPlan"]:
            letters = [
                ",".join("abcdefgh"[i] for i, o in enumerate(q["options"]) if o["correct"])
                for q in data["questions"]
                if q["kind"] in ("single", "multiple")
            ]
            assert squash("Lösung" + "".join(letters)) in text, check_id
    # the trainer pages come first, as their own part
    titles = [title for level, title, _p in outline(path) if level == 1]
    assert titles[0].startswith("Trainerleitfaden")


def test_scoring_guide_numbers_equal_the_scoring_reference(sample):
    course, _report, out = sample
    for check_id, data in course.data.items():
        text = flat(pdf_text(out / "site" / "checks" / f"{check_id}.pdf"))
        if data["actionPlan"]:
            assert "Zähle deine Punkte" not in text
            continue
        assert "Zähle deine Punkte" in text
        assert_guide(data, text.replace("\u2009", " "))


def assert_guide(data: dict, text: str) -> None:
    """Every number of one check's guide, each decided by `generator.core.scoring`."""
    sums = reachable(data)
    maximum = max(sums)
    assert shown(maximum) == data["max"].replace(".", ",")
    assert f"Deine Punkte: von {shown(maximum)}" in text
    ranges = band_ranges(sums, lambda answers: score(data, answers)["band"])
    assert sorted(ranges) == list(range(len(data["bands"]))), "every band reachable in samples"
    for low, high in ranges.values():
        assert f"{shown(low)} – {shown(high)}" in text, (data["id"], low, high)
    if data["pass"]:
        passing = min(t for t, a in sums.items() if score(data, a)["passed"])
        assert f"Bestanden ab {shown(passing)} Punkten" in text
    for dim in data["dimensions"]:
        key = dim["key"]
        dim_sums = reachable(data, {key})
        assert shown(max(dim_sums)) == dim["max"]
        if dim["bands"]:
            dim_ranges = band_ranges(
                dim_sums, lambda answers, key=key: score(data, answers)["dimensions"][key]["band"]
            )
            for low, high in dim_ranges.values():
                assert f"{shown(low)} – {shown(high)}" in text
    scored = [(n, q) for n, q in enumerate(data["questions"], 1) if q["kind"] != "reflection"]
    if data["type"] == "self-assessment":
        labels = {d["key"]: d["label"] for d in data["dimensions"]}
        for n, q in scored:
            points = [
                score(data, {q["id"]: k})["questions"][q["id"]]["earned"]
                for k in range(len(q["steps"]))
            ]
            row = f"{n} {' '.join(p.replace('.', ',') for p in points)}"
            assert f"{row} {labels.get(q['dimension'], '')}".strip() in text, row
    else:
        most = [score(data, {})["questions"][q["id"]]["max"] for _n, q in scored]
        label = "Aussage" if data["type"] == "checklist" else "Frage"
        assert f"{label} {' '.join(str(n) for n, _q in scored)}" in text
        assert f"Punkte {' '.join(m.replace('.', ',') for m in most)}" in text


def test_reverse_statements_are_turned_around_on_paper(sample):
    course, _report, out = sample
    data = course.data["kontaktpflege"]
    text = flat(pdf_text(out / "site" / "checks" / "kontaktpflege.pdf"))
    reverse = [n for n, q in enumerate(data["questions"], 1) if q.get("reverse")]
    assert reverse, "the sample has reverse statements"
    for n in reverse:
        assert re.search(rf"\b{n} 3 2 1 0 ", text), n


def test_pages_and_bookmarks(sample):
    course, report, out = sample
    workbook = out / "site" / "teilnehmer.pdf"
    marks = outline(workbook)
    chapters = [title for level, title, _p in marks if level == 1]
    expected = []
    for path in [
        "index.md",
        *[f"lektionen/{p.name}" for p in sorted((ROOT / "content" / "lektionen").glob("*.md"))],
    ]:
        first = next(
            line
            for line in (ROOT / "content" / path).read_text("utf-8").splitlines()
            if line.startswith("# ")
        )
        expected.append(first[2:].strip())
    # Impressum and Datenschutz are excluded in mkdocs.yml, trainer pages are not here; the notes
    # page ends the workbook
    assert chapters == [*expected, "Notizen"]
    pages = [p for level, _t, p in marks if level == 1]
    assert pages == sorted(pages), "chapters in reading order"
    worksheets = [title for level, title, _p in marks if level == 2]
    for data in course.data.values():
        assert data["title"] in worksheets
    total = page_count(workbook)
    last = flat(pypdf.PdfReader(str(workbook)).pages[-1].extract_text())
    assert f"Seite {total} von {total}" in last
    assert 16 <= total <= 26
    assert page_count(out / "trainer" / "trainer.pdf") > total
    for check_id in course.data:
        assert 1 <= page_count(out / "site" / "checks" / f"{check_id}.pdf") <= 3
    meta = pypdf.PdfReader(str(workbook)).metadata
    assert meta.title == "Netzwerken statt Kaltakquise"
    assert meta.author is None  # no trainer's name set: no placeholder, no author line
    assert pypdf.PdfReader(str(workbook)).trailer["/Root"]["/Lang"] == "de"


def test_hyphenation_is_on_and_fonts_are_dejavu(sample):
    _course, _report, out = sample
    raw = pdf_text(out / "site" / "teilnehmer.pdf")
    assert re.search(r"\w\u2010\n\w", raw), "German words are hyphenated at line ends"
    reader = pypdf.PdfReader(str(out / "site" / "teilnehmer.pdf"))
    fonts = set()
    for page in reader.pages[:6]:
        for font in (page["/Resources"].get("/Font") or {}).values():
            fonts.add(str(font.get_object()["/BaseFont"]))
    assert fonts and all("DejaVu" in f for f in fonts), fonts


# -- tiny courses ------------------------------------------------------------------------------


def decode_qr(pdf: Path, tmp: Path) -> list[str]:
    zxingcpp = require_module("zxingcpp")
    from PIL import Image

    subprocess.run(
        [
            require_program("pdftoppm"),
            "-r",
            "150",
            "-png",
            "-f",
            "1",
            "-l",
            "1",
            str(pdf),
            str(tmp / "qr"),
        ],
        check=True,
    )
    image = Image.open(next(tmp.glob("qr*.png"))).convert("L")
    return [r.text for r in zxingcpp.read_barcodes(image)]


@pytest.mark.parametrize(
    ("directory_urls", "offline", "url"),
    [
        (True, False, "https://kurs.example.org/testkurs/checks/bereit/"),
        (True, True, "https://kurs.example.org/testkurs/checks/bereit.html"),
    ],
    ids=["directory-urls", "offline-plugin"],
)
def test_qr_code_opens_the_check_online(tmp_path, directory_urls, offline, url):
    course, options, _c = prepare(
        tiny(tmp_path / "kurs", directory_urls=directory_urls, offline=offline)
    )
    report = make(course, options, tmp_path / "out")
    assert decode_qr(tmp_path / "out" / "site" / "checks" / "bereit.pdf", tmp_path) == [url]
    assert not report.warnings


def test_no_qr_code_without_site_url(tmp_path):
    course, options, _c = prepare(tiny(tmp_path / "kurs"), site_url=None)
    make(course, options, tmp_path / "out", trainer=False)
    assert decode_qr(tmp_path / "out" / "site" / "checks" / "bereit.pdf", tmp_path) == []


def test_tiny_workbooks_exactly(tmp_path):
    course, options, _c = prepare(tiny(tmp_path / "kurs"))
    report = make(course, options, tmp_path / "out")
    site, trainer = tmp_path / "out" / "site", tmp_path / "out" / "trainer"
    assert sorted(p.relative_to(tmp_path / "out").as_posix() for p in report.files) == [
        "site/checks/bereit.pdf",
        "site/checks/quiz.pdf",
        "site/teilnehmer.pdf",
        "trainer/trainer.pdf",
    ]
    # cover; contents, Start and Lektion eins flowing on; Selbstchecks (quiz), notes below it
    assert page_count(site / "teilnehmer.pdf") == 3
    assert [(lvl, t) for lvl, t, _p in outline(site / "teilnehmer.pdf")] == [
        (1, "Start"),
        (1, "Lektion eins"),
        (2, "Bereit?"),
        (2, "Danach"),
        (1, "Selbstchecks"),
        (2, "Kleines Quiz"),
        (1, "Notizen"),
    ]
    assert [(lvl, t) for lvl, t, _p in outline(trainer / "trainer.pdf")][:1] == [
        (1, "Nur für Trainer")
    ]
    assert page_count(site / "checks" / "bereit.pdf") == 1
    participant = flat(pdf_text(site / "teilnehmer.pdf"))
    assert "Geheim" not in participant
    assert "Name: Datum:" in participant
    assert "Die Lösungen besprichst du" in participant
    # band texts are feedback: on the participant's sheet too
    assert "0 – 1 Anfang Bandtext eins. 2 – 3 Weiter Bandtext zwei." in participant.replace(
        "\u2009", " "
    )
    assert "der Übersicht" in participant  # a link to a page that is not on paper keeps its words
    guide = flat(pdf_text(trainer / "trainer.pdf"))
    for secret in (
        "Geheimer Ablauf",
        "Geheimer Hinweis zum Check",
        "Geheimer Hinweis zur Aussage",
        "Geheime Rückmeldung",
        "Geheime Erklärung",
        "Lösung a",
        "Einzelblatt zum Kopieren: handouts/checks/bereit.pdf",
    ):
        assert secret in guide, secret
    assert "Name:" not in guide and "Datum:" not in guide, "the trainer fills in no sheet"
    sheet = flat(pdf_text(site / "checks" / "bereit.pdf"))
    assert "Seite 1 von 1" in sheet and "Geheim" not in sheet
    meta = pypdf.PdfReader(str(site / "checks" / "bereit.pdf")).metadata
    assert meta.title == "Bereit? – Testkurs Handouts" and meta.author == "Erika Muster"


def test_a_check_embedded_twice_is_printed_once_and_referenced(tmp_path):
    lessons = {"content/zwei.md": "# Zweite Lektion\n\n<!-- check: bereit -->\n"}
    course, options, _c = prepare(tiny(tmp_path / "kurs", lessons=lessons))
    make(course, options, tmp_path / "out", trainer=False)
    text = flat(pdf_text(tmp_path / "out" / "site" / "teilnehmer.pdf"))
    assert text.count("Zähle deine Punkte") == 2  # bereit once, quiz once
    assert re.search(r"Arbeitsblatt „Bereit\?“ auf Seite \d+", text)


def test_cache_rebuilds_only_what_changed(tmp_path):
    config_file = tiny(tmp_path / "kurs")
    course, options, _c = prepare(config_file)
    first = make(course, options, tmp_path / "out")
    assert len(first.built) == 4
    stamps = {p: p.stat().st_mtime_ns for p in first.files}

    again = make(course, options, tmp_path / "out")
    assert again.built == [] and len(again.reused) == 4
    assert {p: p.stat().st_mtime_ns for p in again.files} == stamps, "unchanged files untouched"

    quiz = tmp_path / "kurs" / "quizzes" / "quiz.yml"
    quiz.write_text(quiz.read_text("utf-8").replace("Was ist Netzwerken?", "Was ist Geben?"))
    course, options, _c = prepare(config_file)
    third = make(course, options, tmp_path / "out")
    built = sorted(p.relative_to(tmp_path / "out").as_posix() for p in third.built)
    assert built == ["site/checks/quiz.pdf", "site/teilnehmer.pdf", "trainer/trainer.pdf"]
    assert "Was ist Geben?" in flat(pdf_text(tmp_path / "out" / "site" / "checks" / "quiz.pdf"))

    (tmp_path / "kurs" / "quizzes" / "quiz.yml").unlink()
    course, options, _c = prepare(config_file)
    make(course, options, tmp_path / "out")
    assert not (tmp_path / "out" / "site" / "checks" / "quiz.pdf").exists(), "stale worksheet"
    assert len(list((tmp_path / "out" / "cache").glob("*.pdf"))) == 3, "cache tidied up"


def test_progress_is_reported(tmp_path):
    course, options, _c = prepare(tiny(tmp_path / "kurs"))
    calls = []
    make(course, options, tmp_path / "out", progress=lambda *a: calls.append(a), workers=1)
    # five layouts for four PDFs: the participant edition once more, with its notes below the
    # last lesson where the first layout found room
    assert calls[0][:2] == (0, 5) and calls[-1][:2] == (5, 5)
    assert [c[0] for c in calls] == [0, 1, 2, 3, 4, 5]


def test_resources_only_from_the_project(tmp_path):
    outside = tmp_path / "geheim.png"
    outside.write_bytes(b"\x89PNG\r\n\x1a\n")
    lessons = {
        "content/bilder.md": (
            "# Bilder\n\n![fern](https://example.org/bild.png)\n\n"
            f"![draussen]({Path('..') / '..' / 'geheim.png'})\n\n![fehlt](gibt-es-nicht.png)\n"
        )
    }
    course, options, _c = prepare(tiny(tmp_path / "kurs", lessons=lessons))
    report = make(course, options, tmp_path / "out", trainer=False)
    joined = "\n".join(report.warnings)
    assert "network" in joined and "https://example.org/bild.png" in joined
    assert "outside the project" in joined
    assert "gibt-es-nicht.png" in joined
    assert (tmp_path / "out" / "site" / "teilnehmer.pdf").is_file()


def test_english_course(tmp_path):
    course, options, _c = prepare(tiny(tmp_path / "kurs", lang="en"))
    report = make(course, options, tmp_path / "out")
    names = sorted(p.name for p in report.files)
    assert names == ["bereit.pdf", "participant.pdf", "quiz.pdf", "trainer.pdf"]
    text = flat(pdf_text(tmp_path / "out" / "site" / "participant.pdf"))
    assert "Count your points" in text and "Page 3 of 3" in text and "Notes" in text
    assert (
        pypdf.PdfReader(str(tmp_path / "out" / "site" / "participant.pdf")).trailer["/Root"][
            "/Lang"
        ]
        == "en"
    )


# -- the command and the site build ------------------------------------------------------------


def test_command_writes_handouts_and_reports_problems(tmp_path):
    tiny(tmp_path / "kurs")
    result = run(["handout", "--out", "pdf"], tmp_path / "kurs")
    assert result.returncode == 0, result.stderr
    assert "Handouts: 4 PDFs (4 laid out, 0 unchanged)" in result.stdout
    assert (tmp_path / "kurs" / "pdf" / "teilnehmer.pdf").is_file()
    assert (tmp_path / "kurs" / "handouts-trainer" / "trainer.pdf").is_file()
    assert not (tmp_path / "kurs" / "pdf" / "trainer.pdf").exists()
    assert "Traceback" not in result.stderr

    again = run(["handout", "--out", "pdf"], tmp_path / "kurs")
    assert "(0 laid out, 4 unchanged)" in again.stdout

    quiz = tmp_path / "kurs" / "quizzes" / "quiz.yml"
    quiz.write_text(quiz.read_text("utf-8").replace("correct: true", "correct: yes"))
    broken = run(["handout"], tmp_path / "kurs")
    assert broken.returncode == 1
    assert re.search(r"^quizzes/quiz\.yml:\d+:\d+: ", broken.stderr, re.M), broken.stderr
    assert "Traceback" not in broken.stderr

    (tmp_path / "kurs" / "blocked").write_text("a file, not a folder", "utf-8")
    quiz.write_text(quiz.read_text("utf-8").replace("correct: yes", "correct: true"))
    blocked = run(["handout", "--out", "blocked"], tmp_path / "kurs")
    assert blocked.returncode == 1 and "could not be made" in blocked.stderr, blocked.stderr
    assert "Traceback" not in blocked.stderr

    missing = run(["handout", "-f", "nope.yml"], tmp_path / "kurs")
    assert missing.returncode == 2 and "Traceback" not in missing.stderr


def test_site_build_writes_handouts_and_links_them(tmp_path):
    tiny(tmp_path / "kurs")
    result = run(["build"], tmp_path / "kurs")
    assert result.returncode == 0, result.stderr
    site = tmp_path / "kurs" / "site"
    assert (site / "handouts" / "teilnehmer.pdf").is_file()
    assert (site / "handouts" / "checks" / "bereit.pdf").is_file()
    assert not list(site.rglob("trainer.pdf")), "the trainer edition is never published"
    assert (tmp_path / "kurs" / "handouts-trainer" / "trainer.pdf").is_file()
    check_page = (site / "checks" / "bereit" / "index.html").read_text("utf-8")
    assert 'href="../../handouts/checks/bereit.pdf"' in check_page
    assert "Arbeitsblatt (PDF)" in check_page and "Arbeitsheft (PDF)" in check_page
    start = (site / "index.html").read_text("utf-8")
    assert '<a href="handouts/teilnehmer.pdf" download>Arbeitsheft (PDF)</a>' in start
    lesson = (site / "lektion" / "index.html").read_text("utf-8")
    assert "Arbeitsheft (PDF)" not in lesson


def test_no_links_and_no_pdfs_when_handouts_are_off(tmp_path):
    tiny(tmp_path / "kurs", enabled=False)
    result = run(["build"], tmp_path / "kurs")
    assert result.returncode == 0, result.stderr
    site = tmp_path / "kurs" / "site"
    assert not (site / "handouts").exists()
    assert "(PDF)" not in (site / "checks" / "bereit" / "index.html").read_text("utf-8")
    assert "(PDF)" not in (site / "index.html").read_text("utf-8")


def test_odd_names_nested_ids_and_a_course_without_checks(tmp_path):
    config_file = tiny(
        tmp_path / "kurs",
        lessons={
            "quizzes/modul-1/frage.yml": QUIZ.replace("Kleines Quiz", "Verschachtelt"),
            "content/leer.md": "",
            "content/zeichen.md": "# A & B <b>fett</b>\n\n| a | b |\n|---|---|\n| 1 | 2 |\n",
        },
    )
    text = config_file.read_text("utf-8").replace(
        "site_name: Testkurs Handouts", 'site_name: "Kurs \\"mit\\" \\\\ </style> Zeichen"'
    )
    config_file.write_text(text.replace("site_author: Erika Muster\n", ""), "utf-8")
    course, options, _c = prepare(config_file)
    report = make(course, options, tmp_path / "out")
    assert not report.warnings
    sheet = tmp_path / "out" / "site" / "checks" / "modul-1" / "frage.pdf"
    assert sheet.is_file()
    footer = flat(pdf_text(sheet))
    assert 'Kurs "mit" \\ </style> Zeichen' in footer and "Seite 1 von 1" in footer
    titles = [t for _l, t, _p in outline(tmp_path / "out" / "site" / "teilnehmer.pdf")]
    assert "A & B fett" in titles and "Leer" in titles
    assert pypdf.PdfReader(str(sheet)).metadata.author is None

    for quiz in (tmp_path / "kurs" / "quizzes").rglob("*.yml"):
        quiz.unlink()
    (tmp_path / "kurs" / "content" / "lektion.md").write_text("# Ohne Check\n", "utf-8")
    course, options, _c = prepare(config_file)
    empty = make(course, options, tmp_path / "out")
    assert sorted(p.name for p in empty.files) == ["teilnehmer.pdf", "trainer.pdf"]
    assert not (tmp_path / "out" / "site" / "checks").exists()


def test_serve_preview_lays_out_nothing(tmp_path, caplog):
    """MkDocs tells the plugin it serves (on_startup); the preview's folder name says nothing."""
    from mkdocs.commands.build import build

    config = engine.load(tiny(tmp_path / "kurs"), site_dir=str(tmp_path / "preview"))
    config.plugins.on_startup(command="serve", dirty=False)
    try:
        with caplog.at_level("INFO", logger="mkdocs.plugins.kursbau"):
            build(config)
    finally:
        config.plugins.on_shutdown()
        # MkDocs keeps one instance of the plugin per process: the next test's build is no serve
        config.plugins.on_startup(command="build", dirty=False)
    assert (tmp_path / "preview" / "checks" / "bereit" / "index.html").is_file()
    assert not (tmp_path / "preview" / "handouts").exists()
    assert not (tmp_path / "kurs" / "handouts-trainer").exists()
    assert "Handouts are not laid out during serve" in caplog.text


# -- issue 16: a workbook made for paper ------------------------------------------------------


def test_no_web_only_sentence_and_no_template_in_the_participant_edition(sample):
    _course, _report, out = sample
    text = flat(pdf_text(out / "site" / "teilnehmer.pdf"))
    for web_only in (
        "in diesem Browser",
        "Du siehst sofort",
        "zeigt dir „Auswerten“",
        "Weiter zu Lektion",
        "Alle Selbstchecks",
        "Impressum",
        "Datenschutz",
        "[Name der",
        "Übersicht aller Selbstchecks",
    ):
        assert web_only not in text, web_only
    # the paper versions are there instead
    assert "Dieses Heft gehört dir" in text
    assert "Die Auflösung besprecht ihr in der Gruppe" in text


def test_the_trainer_edition_knows_the_participant_pages(sample):
    _course, _report, out = sample
    participant = {t: p + 1 for lvl, t, p in outline(out / "site" / "teilnehmer.pdf")}
    trainer_pdf = out / "trainer" / "trainer.pdf"
    trainer = {t: p + 1 for lvl, t, p in outline(trainer_pdf)}
    reader = pypdf.PdfReader(str(trainer_pdf))
    table = next(
        flat(page.extract_text())
        for page in reader.pages
        if "Seitenverweise: Arbeitsheft und Trainerausgabe" in (page.extract_text() or "")
        and "Stelle" in (page.extract_text() or "")
    )
    chapters = [t for lvl, t, _p in outline(out / "site" / "teilnehmer.pdf") if lvl == 1]
    for title in chapters[:-1]:  # the notes page is not a place the trainer refers to
        match = re.search(re.escape(flat(title)) + r" (\d+) (\d+)", table)
        assert match, title
        assert int(match.group(1)) == participant[title], title
        assert int(match.group(2)) == trainer[title], title
    trainer_text = flat(pdf_text(trainer_pdf))
    for check_id in _course.data:
        assert f"Einzelblatt zum Kopieren: handouts/checks/{check_id}.pdf" in trainer_text


def content_bottoms(pdf: Path, tmp: Path) -> list[float]:
    """Where the content of each page ends, as a share of the page height (footer left out)."""
    from PIL import Image

    if not shutil.which("pdftoppm"):
        pytest.fail("pdftoppm (poppler-utils) is not installed: run scripts/setup test")
    subprocess.run(["pdftoppm", "-r", "30", "-gray", "-png", str(pdf), str(tmp / "p")], check=True)
    bottoms = []
    for png in sorted(tmp.glob("p-*.png"), key=lambda p: int(p.stem.split("-")[1])):
        image = Image.open(png).convert("L")
        width, height = image.size
        pixels = image.load()
        above_footer = int(height * 277 / 297)
        inked = [y for y in range(above_footer) if any(pixels[x, y] < 200 for x in range(width))]
        bottoms.append((max(inked) if inked else 0) / height)
        png.unlink()
    return bottoms


def test_no_nearly_empty_page(sample, tmp_path):
    _course, _report, out = sample
    for pdf in (out / "site" / "teilnehmer.pdf", out / "trainer" / "trainer.pdf"):
        bottoms = content_bottoms(pdf, tmp_path)
        assert len(bottoms) == page_count(pdf)
        empty = [n for n, b in enumerate(bottoms, start=1) if n > 1 and b < 0.35]
        assert empty == [], f"{pdf.name}: pages {empty} are nearly empty ({bottoms})"


NARROW_TABLE = """\
# Tabelle

| Weg | Ansprache | Ergebnisse | Absichten | Erwartungen | Beziehungen |
| --- | --- | --- | --- | --- | --- |
| Empfehlungsmanagement | Bestandskundschaft | Weiterempfehlung | Geschäftsbeziehung | Auftragseingang | Vertrauensaufbau |
"""


def test_table_cells_are_not_hyphenated(tmp_path):
    """A narrow table column made WeasyPrint cut "Ergeb-nis" and "Kun-den"; cells keep words
    whole and the table gives each column the width of its longest word instead."""
    course, options, _c = prepare(
        tiny(tmp_path / "kurs", lessons={"content/tabelle.md": NARROW_TABLE})
    )
    make(course, options, tmp_path / "out", trainer=False)
    raw = unicodedata.normalize("NFKC", pdf_text(tmp_path / "out" / "site" / "teilnehmer.pdf"))
    words = re.findall(r"\w{8,}", NARROW_TABLE)
    for word in words:
        assert word in raw.replace("\n", " "), f"{word} is not printed whole"
    assert not re.search(r"\w\u2010\n\w", raw.split("Tabelle", 1)[1]), "a cell was hyphenated"


MEDIA_LESSON = """\
# Medien

<!-- web -->
Nur auf der Seite zu lesen.
<!-- /web -->
<!-- paper -->
Nur im Heft zu lesen.
<!-- /paper -->

Schreib deine Antwort auf.

<!-- lines: 3 -->

<!-- check: medien -->
"""

MEDIA_CHECK = """\
title: Medien-Check
type: checklist
intro:
  web: Einleitung für die Seite.
  paper: Einleitung für das Heft.
items:
  - text: Ich tue etwas.
    tip: {paper: Tipp nur im Heft.}
results:
  - {min: 0, title: Anfang, text: {web: Band auf der Seite., paper: Band im Heft.}}
  - {min: 1, title: Weiter, text: Für beide.}
"""


def test_web_and_paper_text_in_lessons_and_check_files(tmp_path):
    config_file = tiny(
        tmp_path / "kurs",
        lessons={"content/medien.md": MEDIA_LESSON, "quizzes/medien.yml": MEDIA_CHECK},
    )
    built = run(["build"], tmp_path / "kurs")
    assert built.returncode == 0, built.stderr
    site = tmp_path / "kurs" / "site"
    page = html.unescape((site / "medien" / "index.html").read_text("utf-8"))
    assert "Nur auf der Seite zu lesen." in page and "Nur im Heft zu lesen." not in page
    assert "Einleitung für die Seite." in page and "Einleitung für das Heft." not in page
    assert "Band auf der Seite." in page and "Tipp nur im Heft." not in page
    paper = flat(pdf_text(site / "handouts" / "teilnehmer.pdf"))
    for shown in ("Nur im Heft zu lesen.", "Einleitung für das Heft.", "Band im Heft.", "Tipp nur"):
        assert shown in paper, shown
    for hidden in ("Nur auf der Seite", "Einleitung für die Seite", "Band auf der Seite"):
        assert hidden not in paper, hidden
    # ruled lines where the lesson asks for them
    course, options, _c = prepare(config_file)
    workbook = next(
        d for d in plan_handouts(course, options, trainer=False) if d.kind == "participant"
    )
    lines = re.search(
        r'<div class="lines write-lines"[^>]*>((?:<div class="line"></div>)*)</div>', workbook.html
    )
    assert lines and lines.group(1).count('<div class="line">') == 3


def test_notes_pages_can_be_set_and_begin_below_the_last_lesson(tmp_path):
    counts = {}
    for pages in (0, 1, 2):
        course, options, _c = prepare(tiny(tmp_path / f"kurs{pages}"), notes_pages=pages)
        make(course, options, tmp_path / f"out{pages}", trainer=False)
        workbook = tmp_path / f"out{pages}" / "site" / "teilnehmer.pdf"
        titles = [t for _l, t, _p in outline(workbook)]
        assert titles.count("Notizen") == (1 if pages else 0)
        counts[pages] = page_count(workbook)
    # the tiny course's last page has room: the first notes page is the rest of it
    assert counts[1] == counts[0] and counts[2] == counts[1] + 1
    last = pypdf.PdfReader(str(tmp_path / "out1" / "site" / "teilnehmer.pdf")).pages[-1]
    assert "Kleines Quiz" in last.extract_text() or "Zähle deine Punkte" in last.extract_text()


def test_the_cover_names_the_trainer_only_when_set(tmp_path):
    course, options, _c = prepare(tiny(tmp_path / "kurs"))
    make(course, options, tmp_path / "out", trainer=False)
    cover = pypdf.PdfReader(str(tmp_path / "out" / "site" / "teilnehmer.pdf")).pages[0]
    assert "Erika Muster" in cover.extract_text()
    unnamed = dataclasses.replace(options, author=None)
    make(course, unnamed, tmp_path / "plain", trainer=False)
    cover = pypdf.PdfReader(str(tmp_path / "plain" / "site" / "teilnehmer.pdf")).pages[0]
    assert "Erika Muster" not in cover.extract_text() and "[" not in cover.extract_text()
