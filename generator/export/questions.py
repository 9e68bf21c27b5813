"""The quiz questions of a course for a platform's question bank (Moodle XML, GIFT).

Single and multiple choice with per-option feedback, the explanation as general feedback, the
points as default mark, one category per check. Partial credit maps to Moodle's answer fractions,
which come from a fixed list: exact where the list has the fraction, otherwise the export says
which question (path:line:col) and what Moodle will do. Checklists, self-assessments, action
plans and reflections have no right answers: one line each, never fake questions.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path

from ..core.project import Course
from . import ExportFailed, check_output, load_course, open_output

# Moodle's fixed answer fractions (question_bank::fraction_options_full), as the exact values
# they stand for: 0.8333333 is 5/6, 0.1428571 is 1/7, and so on.
MOODLE_FRACTIONS = frozenset(
    Fraction(x)
    for x in (
        "1", "0.9", "5/6", "0.8", "0.75", "0.7", "2/3", "0.6", "0.5", "0.4", "1/3", "0.3",
        "0.25", "0.2", "1/6", "1/7", "0.125", "1/9", "0.1", "0.05", "0",
    )
)  # fmt: skip


@dataclass
class Answer:
    text: str  # HTML
    fraction: Fraction  # -1 .. 1 of the question's points
    feedback: str | None  # HTML


@dataclass
class Question:
    check: str
    qid: str
    category: str  # the check id
    single: bool
    text: str  # HTML
    points: str  # decimal string
    answers: list[Answer]
    general: str | None  # the explanation, HTML

    @property
    def name(self) -> str:
        return f"{self.check}/{self.qid}"


@dataclass
class QuestionSet:
    questions: list[Question] = field(default_factory=list)
    titles: dict[str, str] = field(default_factory=dict)  # check id → title, per category
    notes: list[str] = field(default_factory=list)  # path:line:col: what the platform does


@dataclass
class QuestionsSummary:
    path: Path
    questions: int
    quizzes: int
    notes: list[str]


def moodle_fraction(value: Fraction) -> str:
    """A fraction as Moodle writes it: percent with up to five decimals ("33.33333")."""
    percent = round(float(value * 100), 5)
    return f"{percent:.5f}".rstrip("0").rstrip(".")


def nearest_moodle_fraction(value: Fraction) -> Fraction:
    sign = -1 if value < 0 else 1
    return sign * min(MOODLE_FRACTIONS, key=lambda f: abs(f - abs(value)))


def collect(course: Course, fmt: str) -> QuestionSet:
    """Every choice question of every quiz, with the notes a trainer needs to read."""
    found = QuestionSet()
    for check_id, data in course.data.items():
        loaded = course.checks[check_id]
        path = loaded.path
        if data["type"] != "quiz" or data["actionPlan"]:
            kind = "an action plan" if data["actionPlan"] else f"a {data['type']}"
            found.notes.append(
                f"{path}:1:1: {kind} has no right answers: not exported as questions"
                " (it works in the SCORM package)"
            )
            continue
        found.titles[check_id] = data["title"]
        for index, q in enumerate(data["questions"]):
            line, col = loaded.doc.position(("questions", index))
            where = f"{path}:{line}:{col}"
            if q["kind"] == "reflection":
                found.notes.append(
                    f"{where}: question {index + 1} is a reflection (free text, never scored):"
                    " not exported"
                )
                continue
            found.questions.append(_question(check_id, q))
            found.notes += _fraction_notes(found.questions[-1], q, index, where)
            if fmt == "gift" and q["points"] != "1":
                found.notes.append(
                    f"{where}: question {index + 1} has {q['points']} points, but GIFT has no"
                    " points: Moodle imports it with default mark 1 (change it there, or use"
                    " `kursbau export moodle`, which keeps the points)"
                )
    return found


def _question(check_id: str, q: dict) -> Question:
    options = q["options"]
    correct = sum(1 for o in options if o["correct"])
    answers = []
    for o in options:
        if q["kind"] == "single":
            fraction = Fraction(1) if o["correct"] else Fraction(0)
        elif o["correct"]:
            fraction = Fraction(1, correct)
        else:
            # partial: each wrong tick takes back what a right one gives; all-or-nothing: any
            # wrong tick makes the question 0 (Moodle never goes below 0)
            fraction = -Fraction(1, correct) if q["partial"] else Fraction(-1)
        answers.append(Answer(o["text"], fraction, o["feedback"]))
    return Question(
        check_id,
        q["id"],
        check_id,
        q["kind"] == "single",
        q["text"],
        q["points"],
        answers,
        q["explanation"],
    )


def _fraction_notes(question: Question, q: dict, index: int, where: str) -> list[str]:
    notes = []
    if q["kind"] == "multiple" and not q["partial"]:
        notes.append(
            f"{where}: question {index + 1} counts only when exactly the right options are"
            " ticked; Moodle's multiple-answer question gives part of the points for part of the"
            " right options (each right tick 1/{n} of them, any wrong tick 0 in total). Write"
            " partial: true to score the same way everywhere".replace(
                "{n}", str(sum(1 for o in q["options"] if o["correct"]))
            )
        )
    odd = sorted({a.fraction for a in question.answers if abs(a.fraction) not in MOODLE_FRACTIONS})
    if odd:
        shown = ", ".join(
            f"{moodle_fraction(f)} % becomes {moodle_fraction(nearest_moodle_fraction(f))} %"
            for f in odd
        )
        notes.append(
            f"{where}: question {index + 1}: Moodle allows only its fixed list of answer"
            f" fractions, and {moodle_fraction(abs(odd[0]))} % is not in it. Moodle's import"
            " stops at this question unless you choose 'Match grades: nearest grade if not"
            f" listed'; then {shown}, so partial credit differs slightly from the course"
        )
    return notes


def export_questions(config_file: Path, fmt: str, out: Path) -> QuestionsSummary:
    """Write the question file (fmt "moodle" or "gift"); nothing when the course has problems."""
    check_output(out.resolve())
    course, site_name = load_course(config_file)
    found = collect(course, fmt)
    if not found.questions:
        raise ExportFailed("this course has no quiz questions with right answers to export")
    if fmt == "moodle":
        from .moodle import moodle_xml as write
    else:
        from .gift import gift_text as write
    text = write(found, site_name)
    target = out.resolve()
    with open_output(target) as temp:
        temp.write_text(text, encoding="utf-8")
    quizzes = len({q.check for q in found.questions})
    return QuestionsSummary(target, len(found.questions), quizzes, found.notes)
