"""`kursbau export moodle|gift`: every sample quiz question, its feedback and fractions read back
(GIFT by gift-pegjs from npm, Moodle XML by an XML parser) and compared with the course; the
fractions give in Moodle what Kursbau's scoring gives, or the export says where they do not."""

from __future__ import annotations

import itertools
import json
import subprocess
from fractions import Fraction
from pathlib import Path
from xml.etree import ElementTree

import pytest
from scorm_support import quiz_yaml

from generator.core.scoring import question_points
from generator.export.questions import MOODLE_FRACTIONS
from generator.mkdocs_adapter import build as engine
from kursbau_testing import ROOT, run, tiny_course

HERE = Path(__file__).resolve().parent


def sample_quiz_questions() -> list[tuple[str, dict]]:
    problems, course = engine.check(ROOT / "mkdocs.yml")
    assert not problems
    return [
        (check_id, q)
        for check_id, data in course.data.items()
        if data["type"] == "quiz" and not data["actionPlan"]
        for q in data["questions"]
        if q["kind"] != "reflection"
    ]


def gift_parse(text: str) -> list[dict]:
    out = subprocess.run(
        ["node", str(HERE / "gift_parse.js")],
        input=text,
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def flat(html: str | None) -> str | None:
    return None if html is None else " ".join(html.split("\n")).strip()


def moodle_grade(fractions: list[Fraction], chosen: set[int], single: bool) -> Fraction:
    """Moodle's multichoice grading: the chosen answers' fractions added up, between 0 and 1."""
    if single:
        return fractions[next(iter(chosen))] if chosen else Fraction(0)
    return min(Fraction(1), max(Fraction(0), sum((fractions[i] for i in chosen), Fraction(0))))


def assert_moodle_grades_like_the_course(check_id: str, q: dict, fractions: list[Fraction]):
    """Moodle keeps each answer fraction (it is on its list, to 7 decimals), and every way to
    answer the question earns in Moodle what it earns in the course."""
    for f in fractions:
        assert any(abs(abs(f) - m) < Fraction(1, 10**7) for m in MOODLE_FRACTIONS), f
    exact = [
        min(MOODLE_FRACTIONS, key=lambda m, f=f: abs(abs(f) - m)) * (1 if f >= 0 else -1)
        for f in fractions
    ]
    n = len(q["options"])
    choices = (
        [{i} for i in range(n)]
        if q["kind"] == "single"
        else [set(c) for r in range(n + 1) for c in itertools.combinations(range(n), r)]
    )
    for chosen in choices:
        answer = next(iter(chosen)) if q["kind"] == "single" else sorted(chosen)
        earned, most, _ = question_points(q, answer)
        assert moodle_grade(exact, chosen, q["kind"] == "single") * most == earned, (
            check_id,
            q["id"],
            chosen,
        )


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> dict:
    out = tmp_path_factory.mktemp("questions")
    found = {}
    for fmt, name in (("moodle", "fragen.xml"), ("gift", "fragen.txt")):
        result = run(["export", fmt, "--out", str(out / name)], ROOT)
        assert result.returncode == 0, result.stderr
        found[fmt] = ((out / name).read_text("utf-8"), result.stderr)
    return found


def test_gift_round_trips_every_sample_quiz_question(exported):
    text, _notes = exported["gift"]
    parsed = gift_parse(text)
    categories = [p["title"] for p in parsed if p["type"] == "Category"]
    assert categories == ["$course$/top/einordnen", "$course$/top/mythen"]
    questions = [p for p in parsed if p["type"] == "MC"]
    expected = sample_quiz_questions()
    assert len(questions) == len(expected) > 0
    for got, (check_id, q) in zip(questions, expected, strict=True):
        assert got["title"] == f"{check_id}/{q['id']}"
        assert got["stem"] == {"format": "html", "text": flat(q["text"])}
        assert (got["globalFeedback"] or {}).get("text") == flat(q["explanation"])
        for choice, option in zip(got["choices"], q["options"], strict=True):
            assert choice["text"]["text"] == flat(option["text"])
            assert (choice["feedback"] or {}).get("text") == flat(option["feedback"])
            if q["kind"] == "single":
                assert choice["isCorrect"] == option["correct"] and choice["weight"] is None
        # the weights Moodle reads from the file grade every answer as the course does
        if q["kind"] == "single":
            fractions = [Fraction(int(c["isCorrect"])) for c in got["choices"]]
        else:
            fractions = [Fraction(str(c["weight"])) / 100 for c in got["choices"]]
        assert_moodle_grades_like_the_course(check_id, q, fractions)


def test_moodle_xml_round_trips_every_sample_quiz_question(exported):
    text, _notes = exported["moodle"]
    root = ElementTree.fromstring(text)
    items = root.findall("question")
    categories = [q.findtext("category/text") for q in items if q.get("type") == "category"]
    assert categories == ["$course$/top/einordnen", "$course$/top/mythen"]
    questions = [q for q in items if q.get("type") == "multichoice"]
    expected = sample_quiz_questions()
    assert len(questions) == len(expected)
    for got, (check_id, q) in zip(questions, expected, strict=True):
        assert got.findtext("name/text") == f"{check_id}/{q['id']}"
        assert got.findtext("questiontext/text") == q["text"]
        assert (got.findtext("generalfeedback/text") or None) == q["explanation"]
        assert Fraction(got.findtext("defaultgrade")) == Fraction(q["points"])
        assert got.findtext("single") == ("true" if q["kind"] == "single" else "false")
        answers = got.findall("answer")
        assert [a.findtext("text") for a in answers] == [o["text"] for o in q["options"]]
        assert [a.findtext("feedback/text") or None for a in answers] == [
            o["feedback"] for o in q["options"]
        ]
        fractions = [Fraction(a.get("fraction")) / 100 for a in answers]
        assert_moodle_grades_like_the_course(check_id, q, fractions)


def test_what_is_not_exported_is_said_in_one_line_each(exported):
    _text, notes = exported["moodle"]
    lines = notes.strip().splitlines()
    assert lines == [
        "quizzes/aktionsplan.yml:1:1: an action plan has no right answers: not exported as"
        " questions (it works in the SCORM package)",
        "quizzes/bereit.yml:1:1: a checklist has no right answers: not exported as questions"
        " (it works in the SCORM package)",
        "quizzes/kontaktpflege.yml:1:1: a self-assessment has no right answers: not exported as"
        " questions (it works in the SCORM package)",
    ]
    _text, notes = exported["gift"]
    problems, course = engine.check(ROOT / "mkdocs.yml")
    heavy = [
        (check_id, i, q)
        for check_id, data in course.data.items()
        for i, q in enumerate(data["questions"])
        if q["kind"] in ("single", "multiple") and q["points"] != "1"
    ]
    assert heavy, "the sample has questions worth more than one point"
    for check_id, i, q in heavy:
        line, col = course.checks[check_id].doc.position(("questions", i))
        where = f"{course.checks[check_id].path}:{line}:{col}"
        assert f"{where}: question {i + 1} has {q['points']} points, but GIFT has no" in notes


def test_fractions_moodle_lacks_and_all_or_nothing_are_named_with_their_line(tmp_path: Path):
    options = "".join(
        f"      - {{text: Antwort {i}, correct: {'true' if i <= 11 else 'false'}}}\n"
        for i in range(1, 13)
    )
    odd = f"title: Elf\ntype: quiz\nquestions:\n  - text: Welche?\n    type: multiple\n    partial: true\n    options:\n{options}"
    strict = quiz_yaml(2, 3).replace("partial: true", "partial: false")
    course = tiny_course(
        tmp_path / "kurs", extra={"quizzes/elf.yml": odd, "quizzes/streng.yml": strict}
    )
    result = run(["export", "moodle", "--out", "q.xml"], course)
    assert result.returncode == 0, result.stderr
    notes = result.stderr
    assert (
        "quizzes/elf.yml:4:5: question 1: Moodle allows only its fixed list of answer fractions,"
        " and 9.09091 % is not in it" in notes
    ), notes
    assert "then -9.09091 % becomes -10 %, 9.09091 % becomes 10 %" in notes
    assert "quizzes/streng.yml:4:5: question 1 counts only when exactly the right options" in notes
    assert "quizzes/streng.yml:11:5: question 2 counts only" in notes
    assert "quizzes/quiz.yml" in notes and "reflection" in notes  # FORMAT's quiz example


def test_a_course_without_quiz_questions_says_so(tmp_path: Path):
    course = tiny_course(tmp_path / "kurs")
    (course / "quizzes" / "quiz.yml").unlink()
    (course / "content" / "lektion.md").write_text("# Lektion\n")
    result = run(["export", "gift", "--out", "q.txt"], course)
    assert result.returncode == 1
    assert "no quiz questions with right answers" in result.stderr
    assert not (course / "q.txt").exists()
