"""Moodle XML of the quiz questions (Moodle's own import format: "Moodle XML format")."""

from __future__ import annotations

from xml.sax.saxutils import escape

from .questions import QuestionSet, moodle_fraction


def _text(tag: str, html: str | None, indent: str = "    ") -> str:
    return f'{indent}<{tag} format="html"><text>{escape(html or "")}</text></{tag}>\n'


def moodle_xml(found: QuestionSet, course_title: str) -> str:
    out = ['<?xml version="1.0" encoding="UTF-8"?>\n']
    out.append(
        f"<!-- {escape(course_title).replace('--', '- -')}: written by kursbau export moodle -->\n<quiz>\n"
    )
    category = None
    for q in found.questions:
        if q.category != category:
            category = q.category
            out.append('  <question type="category">\n')
            out.append(f"    <category><text>$course$/top/{escape(category)}</text></category>\n")
            out.append(_text("info", escape(found.titles[category])))
            out.append("  </question>\n")
        out.append('  <question type="multichoice">\n')
        out.append(f"    <name><text>{escape(q.name)}</text></name>\n")
        out.append(_text("questiontext", q.text))
        out.append(_text("generalfeedback", q.general))
        out.append(f"    <defaultgrade>{q.points}</defaultgrade>\n")
        out.append("    <penalty>0</penalty>\n    <hidden>0</hidden>\n")
        out.append(f"    <idnumber>{escape(q.name)}</idnumber>\n")
        out.append(f"    <single>{'true' if q.single else 'false'}</single>\n")
        # in the order written, without letters: as on the site and on paper
        out.append("    <shuffleanswers>false</shuffleanswers>\n")
        out.append("    <answernumbering>none</answernumbering>\n")
        for a in q.answers:
            out.append(f'    <answer fraction="{moodle_fraction(a.fraction)}" format="html">\n')
            out.append(f"      <text>{escape(a.text)}</text>\n")
            out.append(_text("feedback", a.feedback, "      "))
            out.append("    </answer>\n")
        out.append("  </question>\n")
    out.append("</quiz>\n")
    return "".join(out)
