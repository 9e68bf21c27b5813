"""Shared helpers of the browser tests: check data from real YAML, reading results and storage."""

from __future__ import annotations

import json

from kursbau_testing import COURSE, compile_yaml  # noqa: F401  (used by the tests)


def result(page, check_id: str = "t/check") -> dict | None:
    """The data-* attributes, role and visible text of one check's [data-result]."""
    return page.evaluate(
        """id => {
          const r = document.querySelector(`[data-assessment="${id}"] [data-result]`);
          if (!r) return null;
          const a = {};
          for (const n of r.getAttributeNames()) if (n.startsWith('data-')) a[n.slice(5)] = r.getAttribute(n);
          delete a.result;
          a.text = r.innerText; a.role = r.getAttribute('role');
          return a;
        }""",
        check_id,
    )


def stored(page, check_id: str = "t/check", course: str = COURSE):
    raw = page.evaluate("k => localStorage.getItem(k)", f"kursbau:{course}:{check_id}")
    return json.loads(raw) if raw else None


def root(page, check_id: str = "t/check"):
    return page.locator(f'[data-assessment="{check_id}"]')


def submit(page, check_id: str = "t/check"):
    root(page, check_id).locator('[data-action="submit"]').click()


def details(page, check_id: str = "t/check") -> str:
    return root(page, check_id).locator(".kb-det").inner_text()


# ---------------------------------------------------------------- the examples of FORMAT.md

CHECKLIST = """
title: Bist du bereit zu netzwerken?
type: checklist
intro: Hake ab, was heute schon auf dich zutrifft.    # Markdown, optional
dimensions:
  geben: Geben und Nehmen
  profil: Klares Profil
items:
  - Ich weiß, was ich für wen anbiete.                # a plain string: 1 point, no dimension
  - text: Ich gebe Tipps weiter, ohne etwas zurückzuerwarten.
    points: 2                                         # optional, default 1
    dimension: geben                                  # optional
    tip: Verschenke diese Woche eine Empfehlung.      # Markdown, shown in the result when NOT ticked
  - text: Ich kann in zwei Sätzen sagen, wofür man mich holt.
    dimension: profil
results:
  - min: 0
    title: Noch am Anfang
    text: Such dir eine Aussage aus und mach sie bis nächste Woche wahr.
  - min: 3
    title: Auf gutem Weg
    text: Die Grundlagen stehen. Jetzt zählt Regelmäßigkeit.
"""

SELF = """
title: Wie pflegst du dein Netzwerk?
type: self-assessment
scale: agree-4                      # a named scale, or a list of {label, points}
dimensions:
  pflege: Kontaktpflege
  geben:
    label: Geben und Nehmen
    results:                        # optional bands for this dimension alone
      - {min: "0%", title: Nimm dir Zeit fürs Geben, text: Eine Empfehlung pro Monat reicht für den Anfang.}
      - {min: "60%", title: Du gibst gern, text: Erzähl anderen, wie du das machst.}
questions:
  - text: Ich melde mich mindestens alle drei Monate bei meinen wichtigsten Kontakten.
    dimension: pflege
    weight: 2                       # optional, default 1
  - text: Ich spreche Leute vor allem an, wenn ich gerade Aufträge brauche.
    dimension: geben
    reverse: true                   # the scale counts backwards for this statement
    tip: Melde dich auch einmal ohne Anliegen.   # shown when it earned less than half its points
results:
  - {min: "0%", title: Dein Netzwerk schläft, text: Weck es mit drei Anrufen auf.}
  - {min: "50%", title: Dein Netzwerk lebt, text: Halte den Rhythmus.}
"""

QUIZ = """
title: Netzwerken oder Akquise?
type: quiz
pass: "70%"                 # optional: points or a percentage; passed when the score reaches it
feedback: on-submit         # or: immediate
questions:
  - text: Eine Kundin fragt ihre Bestandskunden gezielt nach Kontakten. Was ist das?
    options:
      - text: Empfehlungsmanagement
        correct: true
        feedback: Richtig – eine direkte, offene Bitte.
      - text: Netzwerken
        feedback: Netzwerken wirkt indirekt; hier wird direkt gefragt.
      - text: Kaltakquise
    explanation: Wer Bestandskunden um Kontakte bittet, betreibt Empfehlungsmanagement.
    notes: Gut für eine kurze Diskussion in der Gruppe.   # trainer-only, see below
  - text: Was gehört zum Netzwerken?
    type: multiple              # default: single
    partial: true               # optional, multiple only
    points: 2                   # optional, default 1
    options:
      - {text: Geben ohne Gegenrechnung, correct: true}
      - {text: Vertrauen langsam aufbauen, correct: true}
      - {text: Beim ersten Treffen ein Angebot schicken}
  - text: Wen rufst du diese Woche an?
    type: reflection            # free text, never scored
    lines: 3                    # ruled lines on paper
"""

PLAN = """
title: Mein Plan
type: quiz
questions:
  - id: wer
    text: Wen rufst du diese Woche an?
    type: reflection
    lines: 4
  - id: wann
    text: Wann?
    type: reflection
"""
