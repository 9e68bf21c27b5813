"""GIFT text of the quiz questions (Moodle's "GIFT format" import), HTML texts marked [html]."""

from __future__ import annotations

from .questions import QuestionSet, moodle_fraction

_SPECIAL = "\\~=#{}:"


def escape_gift(text: str) -> str:
    """GIFT's special characters escaped; line breaks (HTML ignores them) become spaces, since an
    empty line would end the question."""
    out = "".join("\\" + c if c in _SPECIAL else c for c in text)
    return " ".join(out.split("\n")).strip()


def gift_text(found: QuestionSet, course_title: str) -> str:
    out = [f"// {course_title}: written by kursbau export gift\n"]
    category = None
    for q in found.questions:
        if q.category != category:
            category = q.category
            out.append(f"\n$CATEGORY: $course$/top/{category}\n")
        out.append(f"\n::{escape_gift(q.name)}::[html]{escape_gift(q.text)} {{\n")
        for a in q.answers:
            if q.single:
                mark = "=" if a.fraction == 1 else "~"
            else:
                mark = f"~%{moodle_fraction(a.fraction)}%"
            feedback = f"#{escape_gift(a.feedback)}" if a.feedback else ""
            out.append(f"  {mark}{escape_gift(a.text)}{feedback}\n")
        if q.general:
            out.append(f"  ####{escape_gift(q.general)}\n")
        out.append("}\n")
    return "".join(out)
