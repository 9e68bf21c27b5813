"""Authoring hints (issue 16): each rule hits what it is about and stays quiet otherwise, says why,
can be silenced per question, speaks German and English, and reaches the author through
`kursbau check`, the build's warnings and `--strict`."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from fractions import Fraction
from pathlib import Path

import pytest

from generator.core.hints import band_shares, find_hints, joined_activities
from generator.core.loader import LoadedCheck, load_text
from generator.core.problems import Problems
from kursbau_testing import run, tiny_course, write


def loaded(text: str, name: str = "t") -> LoadedCheck:
    problems = Problems()
    result = load_text(textwrap.dedent(text).encode(), f"quizzes/{name}.yml", problems)
    assert result is not None, problems.report()
    return LoadedCheck(name, f"quizzes/{name}.yml", *result)


def hints(text: str, lang: str = "de") -> list:
    return find_hints([loaded(text)], lang)


def names(text: str, lang: str = "de") -> list[str]:
    return [h.name for h in hints(text, lang)]


def quiz(*questions: str, extra: str = "") -> str:
    return "title: Q\ntype: quiz\n" + extra + "questions:\n" + "".join(questions)


def single(text: str, options: list[str], right: int, extra: str = "") -> str:
    lines = [f"  - text: {text}\n"]
    if extra:
        lines.append(f"    {extra}\n")
    lines.append("    options:\n")
    for k, option in enumerate(options):
        lines.append(f"      - text: {option}\n")
        if k == right:
            lines.append("        correct: true\n")
    return "".join(lines)


# -- longest-correct ----------------------------------------------------------------------------

LONG = ["Kurz", "Eine deutlich längere richtige Antwort", "Auch kurz"]


def long(n: int, longest: bool = True, extra: str = "") -> str:
    """Question n with its right answer at position n % 3, the longest option or not."""
    options = ["Kurz", "Auch kurz", "Knapp"]
    options[n % 3] = LONG[1] if longest else "Richtig"
    if not longest:
        options[(n + 1) % 3] = LONG[1]
    return single(f"Frage {n + 1}?", options, n % 3, extra)


def test_longest_correct_hits_when_most_right_answers_are_the_longest():
    text = quiz(*(long(n) for n in range(3)), long(3, longest=False))
    found = hints(text)
    assert [h.name for h in found] == ["longest-correct"]
    hint = found[0]
    assert (hint.line, hint.col) == (3, 1)  # the `questions:` key
    assert "In 3 von 4 Fragen ist die richtige Antwort die längste (Fragen 1, 2 und 3)." in str(
        hint
    )
    assert "Wer nichts weiß und immer die längste Antwort nimmt" in hint.why
    assert "silence: [longest-correct]" in str(hint)


def test_longest_correct_is_quiet_when_it_is_half_or_less_or_too_few_questions():
    half = quiz(*(long(n, longest=n < 2) for n in range(4)))
    assert names(half) == []
    two = quiz(long(0), long(1))  # two questions judge nothing
    assert names(two) == []


def test_longest_correct_silenced_per_question_and_per_check():
    silenced = "silence: [longest-correct]"
    text = quiz(long(0, extra=silenced), *(long(n) for n in range(1, 4)))
    found = hints(text)
    assert [h.name for h in found] == ["longest-correct"]
    assert "In 3 von 3 Fragen" in found[0].message  # the silenced one is not counted
    text = quiz(long(0, extra=silenced), long(1, extra=silenced), long(2), long(3, False))
    assert names(text) == []  # two counted questions: too few to judge
    whole = quiz(*(long(n) for n in range(4)), extra=f"{silenced}\n")
    assert names(whole) == []


# -- same-position ------------------------------------------------------------------------------

SAME = ["Erste Wahl", "Zweite Wahl", "Dritte Wahl"]


def test_same_position_hits_when_one_position_holds_most_answers():
    text = quiz(*(single(f"F{n}?", SAME, 1) for n in range(3)), single("F4?", SAME, 2))
    found = hints(text)
    assert [h.name for h in found] == ["same-position"]
    assert "an Stelle b (Fragen 1, 2 und 3)" in found[0].message
    assert "Wer immer „b“ ankreuzt" in found[0].why


def test_same_position_is_quiet_when_answers_are_spread():
    text = quiz(*(single(f"F{n}?", SAME, n % 3) for n in range(6)))
    assert names(text) == []


# -- all-or-none --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "option",
    [
        "Alle genannten",
        "alle oben genannten Antworten",
        "Keine der genannten Antworten",
        "Keine Antwort ist richtig",
        "All of the above",
        "none of these",
    ],
)
def test_all_or_none_hits_options_that_point_at_the_others(option):
    text = quiz(single("Was stimmt?", ["Eins", "Zwei", option], 0))
    found = hints(text)
    assert [h.name for h in found] == ["all-or-none"]
    assert (found[0].line, found[0].col) == (9, 15)  # the option's text
    assert option in found[0].message


def test_all_or_none_is_quiet_on_ordinary_options():
    text = quiz(single("Wen fragst du?", ["Alle Kundinnen", "Keine Agentur", "Die anderen"], 0))
    assert "all-or-none" not in names(text)


# -- double-negation ----------------------------------------------------------------------------


def test_double_negation_in_a_negated_question_with_a_negated_option():
    text = quiz(single("Was gehört nicht zum Netzwerken?", ["Nie fragen", "Zuhören"], 1))
    found = hints(text)
    assert [h.name for h in found] == ["double-negation"]
    assert "„nicht“ in der Frage und „Nie“ in der Antwort" in found[0].message
    assert (found[0].line, found[0].col) == (6, 15)


def test_double_negation_in_one_sentence_and_against_the_scale():
    checklist = """\
        title: C
        type: checklist
        items:
          - Ich rufe niemanden an, den ich nicht kenne.
        results: [{min: 0, title: A, text: a}, {min: 1, title: B, text: b}]
        """
    found = hints(checklist)
    assert [h.name for h in found] == ["double-negation"]
    assert "„niemanden“ und „nicht“ in einem Satz" in found[0].message
    rated = """\
        title: S
        type: self-assessment
        scale: agree-4
        questions:
          - Ich melde mich regelmäßig bei Kundinnen.
          - Ich vergesse Geburtstage von Kunden.
          - Ich rufe frühere Kunden nicht an.
        results: [{min: "0%", title: A, text: a}, {min: "50%", title: B, text: b}]
        """
    found = hints(rated)
    assert [h.name for h in found] == ["double-negation"]
    assert found[0].line == 7
    assert "„nicht“ in der Aussage und „trifft nicht zu“ auf der Skala" in found[0].message


def test_double_negation_is_quiet_on_positive_wording_and_negated_scenarios():
    text = quiz(
        single(
            "Jan spricht nie über Preise. Welcher Weg ist das?",  # the scenario, not the question
            ["Nicht Akquise", "Netzwerken"],
            1,
        )
    )
    assert names(text) == []
    rated = """\
        title: S
        type: self-assessment
        scale: agree-4
        questions:
          - Ich melde mich regelmäßig bei Kundinnen.
          - Ich melde mich ohne Anlass.
        results: [{min: "0%", title: A, text: a}, {min: "50%", title: B, text: b}]
        """
    assert names(rated) == []


# -- two-things ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("Ich höre zu und stelle Fragen.", "de", ("und", "höre", "stelle")),
        ("Ich gehe hin und rede mit Leuten.", "de", ("und", "gehe", "rede")),
        (
            "Ich halte fest, worüber wir geredet haben und was ich zugesagt habe.",
            "de",
            ("und", "haben", "zugesagt"),
        ),
        ("Ich kenne meine Kunden sowie rufe sie an.", "de", ("sowie", "kenne", "rufe")),
        ("I listen and ask questions.", "en", ("and", "listen", "ask")),
        ("I keep in touch with clients and call them monthly.", "en", ("and", "keep", "call")),
    ],
)
def test_two_things_finds_a_conjunction_between_two_verbs(text, lang, expected):
    assert joined_activities(text, lang) == expected


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Ich gebe Tipps und Kontakte weiter.", "de"),
        ("Ich frage Kundinnen und Kunden, wie es ihnen geht.", "de"),
        ("Ich habe neue und alte Kontakte notiert.", "de"),
        ("Ich kann in zwei Sätzen sagen, was ich anbiete und für wen.", "de"),
        ("Schnell und gründlich arbeite ich.", "de"),
        ("I give tips and contacts to others.", "en"),
        ("Je parle et j'écoute.", "fr"),  # only German and English are judged
    ],
)
def test_two_things_is_quiet_on_joined_nouns_and_adjectives(text, lang):
    assert joined_activities(text, lang) is None


def test_two_things_on_checklist_items_and_statements_only():
    checklist = """\
        title: C
        type: checklist
        items:
          - Ich höre zu und stelle Fragen.
          - text: Ich gehe hin und rede mit Leuten.
            silence: two-things
        results: [{min: 0, title: A, text: a}, {min: 1, title: B, text: b}]
        """
    found = hints(checklist)
    assert [(h.name, h.line, h.col) for h in found] == [("two-things", 4, 5)]
    assert "„und“ verbindet hier zwei Tätigkeiten (höre … stelle)" in found[0].message
    assert "an die Aussage" in str(found[0])
    # a quiz question may well ask about two things ("Wer fragt und wer gibt?")
    text = quiz(single("Wer fragt hier und wer gibt?", ["Lena", "Tom", "Mia"], 0))
    assert names(text) == []


# -- reverse-position ---------------------------------------------------------------------------


def rated(reverse_at: list[int], dims: list[str] | None = None) -> str:
    lines = ["title: S", "type: self-assessment", "scale: agree-4"]
    if dims:
        lines.append("dimensions:")
        lines += [f"  {d}: Bereich {d}" for d in dict.fromkeys(dims)]
    lines.append("questions:")
    for n in range(len(dims) if dims else 9):
        lines.append(f"  - text: Ich tue Ding {n + 1} regelmäßig.")
        if dims:
            lines.append(f"    dimension: {dims[n]}")
        if n + 1 in reverse_at:
            lines.append("    reverse: true")
    lines.append('results: [{min: "0%", title: A, text: a}, {min: "50%", title: B, text: b}]')
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize(
    ("reverse_at", "dims", "pattern"),
    [
        ([3, 6, 9], list("aaabbbccc"), "jeweils die letzte ihres Bereichs"),
        ([1, 4], list("aaabbbccc"), "jeweils die 1. ihres Bereichs"),
        ([8, 9], None, "alle am Ende"),
        ([2, 5, 8], None, "jede 3. Aussage"),
    ],
)
def test_reverse_position_hits_a_predictable_place(reverse_at, dims, pattern):
    found = hints(rated(reverse_at, dims))
    assert [h.name for h in found] == ["reverse-position"], found
    assert pattern in found[0].message


@pytest.mark.parametrize(
    ("reverse_at", "dims"),
    [([2, 6, 7], list("aaabbbccc")), ([2, 3, 7], None), ([4], None)],
)
def test_reverse_position_is_quiet_when_reverse_statements_are_spread(reverse_at, dims):
    assert names(rated(reverse_at, dims)) == []


# -- single-statement ---------------------------------------------------------------------------


def test_single_statement_dimension():
    found = hints(rated([2], list("aaab")))
    assert [(h.name, h.line) for h in found] == [("single-statement", 6)]  # the key `b:`
    assert "Der Bereich „Bereich b“ hat nur eine Aussage (Aussage 4)" in found[0].message
    assert names(rated([2], list("aabb"))) == []


# -- bands --------------------------------------------------------------------------------------


def checklist(count: int, bands: str) -> str:
    items = "".join(f"  - Aussage {n + 1} trifft zu.\n" for n in range(count))
    return f"title: C\ntype: checklist\nitems:\n{items}results: {bands}\n"


def test_band_shares_count_every_pattern_of_possible_points():
    check = loaded(checklist(2, "[{min: 0, title: A, text: a}, {min: 2, title: B, text: b}]"))
    # patterns: 0, 1, 1, 2 points
    shares = band_shares(check.model, check.model.results, check.model.items, "de")
    assert shares == [Fraction(3, 4), Fraction(1, 4)]


def test_band_unreached_when_hardly_any_pattern_gets_there():
    bands = '[{min: "0%", title: A, text: a}, {min: "50%", title: B, text: b},'
    found = hints(checklist(8, bands + ' {min: "100%", title: C, text: c}]'))
    assert [h.name for h in found] == ["band-unreached"]
    assert "Das Band „C“ erreicht 0,4\u00a0% der realistischen Antwortmuster" in found[0].message
    line = checklist(8, bands + ' {min: "100%", title: C, text: c}]').splitlines()[11]
    assert (found[0].line, found[0].col) == (12, line.index('"100%"') + 1)  # the band's min


def test_band_unreached_when_no_score_falls_into_it():
    text = checklist(
        6,
        "[{min: 0, title: A, text: a}, {min: 2.5, title: B, text: b}, {min: 3, title: C, text: c}]",
    )
    found = hints(text)
    assert [h.name for h in found] == ["band-unreached"]
    assert "erreicht keines der" in found[0].message


def test_band_catch_all_when_nearly_every_pattern_lands_in_it():
    found = hints(checklist(10, "[{min: 0, title: A, text: a}, {min: 9, title: B, text: b}]"))
    assert [h.name for h in found] == ["band-catch-all"]  # 11 of 1024 patterns reach B
    assert "Im Band „A“ landen 99\u00a0% der realistischen Antwortmuster" in found[0].message


def test_bands_of_a_dimension_and_silence_on_the_band():
    text = """\
        title: S
        type: self-assessment
        scale: agree-4
        dimensions:
          geben:
            label: Geben
            results:
              - {min: "0%", title: Wenig, text: a}
              - {min: "50%", title: Viel, text: b}
              - {min: "100%", title: Alles, text: c, silence: [band-unreached]}
        questions:
          - {text: Ich gebe Tipps weiter., dimension: geben}
          - {text: Ich empfehle andere., dimension: geben}
          - {text: Ich verschenke Kontakte., dimension: geben}
          - {text: Ich höre gut zu., dimension: geben}
        results: [{min: "0%", title: A, text: a}, {min: "50%", title: B, text: b}]
        """
    assert names(text) == []
    found = hints(text.replace(", silence: [band-unreached]", ""))
    assert [(h.name, h.line) for h in found] == [("band-unreached", 10)]


def test_realistic_bands_are_quiet():
    text = checklist(
        9, "[{min: 0, title: A, text: a}, {min: 4, title: B, text: b}, {min: 7, title: C, text: c}]"
    )
    assert names(text) == []


# -- wording, the key, the commands -------------------------------------------------------------


def test_english_wording():
    text = quiz(*(long(n) for n in range(3)))
    found = hints(text, "en")
    assert str(found[0]) == (
        "quizzes/t.yml:3:1: hint (longest-correct): In 3 of 3 questions the right answer is the"
        " longest (questions 1, 2 and 3). Why: Someone who knows nothing and always picks the"
        " longest answer is mostly right; the quiz then measures test-wiseness instead of"
        " knowledge. Make wrong answers as precise, or the right one shorter. On purpose? Then"
        " write silence: [longest-correct] on the questions it should not count (or on the"
        " check)."
    )


def test_silence_names_a_known_hint():
    problems = Problems()
    text = quiz(single("F?", ["a", "b"], 0, "silence: [longest-answer]"))
    assert load_text(text.encode(), "quizzes/t.yml", problems) is None
    assert [str(p) for p in problems] == [
        "quizzes/t.yml:5:14: 'silence': 'longest-answer' is not the name of a hint:"
        " did you mean 'longest-correct'?"
    ]


WEAK_QUIZ = quiz(*(long(n) for n in range(3)))


def test_check_prints_hints_and_strict_fails(tmp_path: Path):
    course = tiny_course(tmp_path / "kurs", extra={"quizzes/schwach.yml": WEAK_QUIZ})
    result = run(["check"], course)
    assert result.returncode == 0, result.stderr
    assert "quizzes/schwach.yml:3:1: Hinweis (longest-correct)" in result.stderr
    assert "quizzes/pflege.yaml:5:3: Hinweis (single-statement)" in result.stderr
    assert "no problems; 3 hint(s) above." in result.stdout
    strict = run(["check", "--strict"], course)
    assert strict.returncode == 1
    assert "3 hint(s), and --strict treats them as errors." in strict.stderr


def test_build_warns_and_strict_build_stops_before_writing(tmp_path: Path):
    course = tiny_course(tmp_path / "kurs", extra={"quizzes/schwach.yml": WEAK_QUIZ})
    built = run(["build"], course)
    assert built.returncode == 0, built.stderr
    output = built.stdout + built.stderr
    assert "WARNING - quizzes/schwach.yml:3:1: Hinweis (longest-correct)" in output
    write(course, {"content/neu.md": "# Neu\n"})
    strict = run(["build", "--strict"], course)
    assert strict.returncode == 1
    assert "quizzes/schwach.yml:3:1: Hinweis (longest-correct)" in strict.stderr
    assert not (course / "site" / "neu").exists(), "the old site stays as it was"
    plain = run(["build", "--strict", "--site-dir", "other"], course, tool="mkdocs")
    assert plain.returncode == 1 and "Hinweis (longest-correct)" in plain.stderr


def test_a_rebuild_of_unchanged_checks_reads_the_tags_from_the_cache(tmp_path):
    """HanTa's model costs 0.6 s and 50 MB: `kursbau check` keeps how it tagged each text,
    and a second run of the same course says the same hints without loading it; a damaged
    cache file is read as none."""
    root = tiny_course(
        tmp_path / "kurs",
        extra={
            "quizzes/zwei.yml": (
                "title: Zwei Dinge\ntype: checklist\nitems:\n  - Ich höre zu und stelle Fragen.\n"
                "  - Ich notiere Namen.\n  - Ich melde mich.\n"
                "results: [{min: 0, title: A, text: a}, {min: 2, title: B, text: b}]\n"
            )
        },
    )
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    code = (
        "import sys; from generator.cli import main; code = main(['check']);"
        " print('HanTa loaded:', 'HanTa' in sys.modules); sys.exit(code)"
    )

    def check() -> str:
        run = subprocess.run(
            [sys.executable, "-c", code], cwd=root, env=env, capture_output=True, text=True
        )
        return run.stdout + run.stderr

    first, second = check(), check()
    assert "quizzes/zwei.yml:4:5: Hinweis (two-things)" in first
    assert "HanTa loaded: True" in first and "HanTa loaded: False" in second
    assert first.replace("True", "False") == second
    # the check cache knows these hints too: without it, the (damaged) tag file is read as none
    for kept in (tmp_path / "cache" / "kursbau").glob("checks-*.json"):
        kept.unlink()
    (tmp_path / "cache" / "kursbau" / "hanta-tags.json").write_text('{"hanta": "', "utf-8")
    assert check() == first
