"""Worked examples of the scoring rules, decided exactly (the browser script is tested against
the same reference in tests/browser)."""

from __future__ import annotations

from generator.core.scoring import score
from kursbau_testing import compile_yaml


def test_point_items_of_0_7_and_0_1_reach_a_band_at_0_8():
    data = compile_yaml(
        """
        title: T
        type: checklist
        items:
          - {text: a, points: 0.7}
          - {text: b, points: 0.1}
          - {text: c, points: 0.2}
        results:
          - {min: 0, title: unten, text: x}
          - {min: 0.8, title: oben, text: y}
        """
    )
    result = score(data, {"q1": True, "q2": True})
    assert (result["score"], result["max"], result["band"]) == ("0.8", "1", 1)
    assert score(data, {"q1": True})["band"] == 0


def test_57_of_100_points_reach_57_percent():
    items = "\n".join(f"  - {{text: s{i}, points: 1}}" for i in range(100))
    data = compile_yaml(
        f"title: T\ntype: checklist\nitems:\n{items}\nresults:\n"
        '  - {min: "0%", title: a, text: x}\n  - {min: "57%", title: b, text: y}\n'
    )
    answers = {f"q{i + 1}": i < 57 for i in range(100)}
    result = score(data, answers)
    assert (result["score"], result["percent"], result["band"]) == ("57", 57, 1)
    answers["q57"] = False
    assert score(data, answers)["band"] == 0


def test_percentage_is_shown_rounded_down_below_a_band():
    data = compile_yaml(
        """
        title: T
        type: checklist
        items:
          - {text: a, points: 74.5}
          - {text: b, points: 25.5}
        results:
          - {min: "0%", title: a, text: x}
          - {min: "75%", title: b, text: y}
        """
    )
    result = score(data, {"q1": True})
    assert (result["percent"], result["band"]) == (74, 0)


def test_weights_and_reverse_statements_on_a_named_scale():
    data = compile_yaml(
        """
        title: T
        type: self-assessment
        scale: agree-4
        dimensions:
          pflege: Kontaktpflege
          geben:
            label: Geben
            results:
              - {min: "0%", title: wenig, text: x}
              - {min: "60%", title: viel, text: y}
        questions:
          - {text: a, dimension: pflege, weight: 2}
          - {text: b, dimension: geben, reverse: true}
        results:
          - {min: "0%", title: schläft, text: x}
          - {min: "50%", title: lebt, text: y}
        """
    )
    assert [s["label"] for s in data["questions"][0]["steps"]][0] == "trifft nicht zu"
    # "trifft eher zu" (2 points) weighted 2 = 4 of 6; "trifft eher nicht zu" reversed = 3 - 1 = 2.
    result = score(data, {"q1": 2, "q2": 1})
    assert (result["score"], result["max"], result["percent"], result["band"]) == ("6", "9", 66, 1)
    assert result["dimensions"]["pflege"] == {"score": "4", "max": "6", "percent": 66, "band": None}
    assert result["dimensions"]["geben"] == {"score": "2", "max": "3", "percent": 66, "band": 1}
    assert result["unanswered"] == 0
    assert score(data, {"q1": 2})["unanswered"] == 1


def test_every_statement_after_a_reflection_counts_and_adds_to_its_dimension():
    data = compile_yaml(
        """
        title: T
        type: self-assessment
        scale: agree-4
        dimensions: {pflege: Kontaktpflege}
        questions:
          - {text: Notiz, type: reflection}
          - {text: a, dimension: pflege}
          - {text: b, dimension: pflege}
          - {text: c}
        results:
          - {min: 0, title: a, text: x}
        """
    )
    # "trifft zu" (3) and "trifft eher zu" (2) in one dimension, the last statement open
    result = score(data, {"q1": "frei", "q2": 3, "q3": 2})
    assert (result["score"], result["max"], result["unanswered"]) == ("5", "9", 1)
    assert result["dimensions"]["pflege"] == {"score": "5", "max": "6", "percent": 83, "band": None}
    assert result["questions"]["q2"] == {"earned": "3", "max": "3", "answered": True}
    assert score(data, {})["unanswered"] == 3


def test_custom_scale_in_display_order_with_reverse():
    data = compile_yaml(
        """
        title: T
        type: self-assessment
        scale: [{label: oft, points: 2}, {label: nie, points: 0}, {label: selten, points: 1}]
        questions:
          - {text: a, reverse: true}
        results: [{min: 0, title: a, text: b}]
        """
    )
    assert score(data, {"q1": 0})["score"] == "0"  # "oft", reversed: 2 + 0 - 2
    assert score(data, {"q1": 1})["score"] == "2"  # "nie", reversed


def test_partial_credit_for_multiple_choice():
    data = compile_yaml(
        """
        title: T
        type: quiz
        pass: "50%"
        questions:
          - text: Was gehört dazu?
            type: multiple
            partial: true
            points: 2
            options:
              - {text: a, correct: true}
              - {text: b, correct: true}
              - {text: c, correct: true}
              - {text: d}
          - text: Ohne Teilpunkte
            type: multiple
            options: [{text: a, correct: true}, {text: b, correct: true}, c]
        """
    )
    # two right, one wrong of three correct: 2 × (2 − 1) / 3
    result = score(data, {"q1": [0, 1, 3]})
    assert (result["score"], result["max"], result["passed"]) == ("0.6667", "3", False)
    assert score(data, {"q1": [3]})["score"] == "0"  # never below zero
    assert score(data, {"q1": [0, 1, 2], "q2": [0]})["score"] == "2"  # all-or-nothing
    # all right ones and one wrong: not the set of right answers, so nothing
    assert score(data, {"q2": [0, 1, 2]})["questions"]["q2"]["earned"] == "0"
    assert score(data, {"q2": [2]})["questions"]["q2"]["earned"] == "0"
    assert score(data, {"q1": [0, 1, 2], "q2": [1, 0]})["passed"] is True
    # exactly the right set, in any order: the full points
    assert score(data, {"q2": [1, 0]})["questions"]["q2"]["earned"] == "1"
    # a choice that earns nothing is still an answer; an empty choice or none is not
    result = score(data, {"q1": [3], "q2": []})
    assert [result["questions"][q]["answered"] for q in ("q1", "q2")] == [True, False]
    assert (result["unanswered"], score(data, {"q2": [2]})["unanswered"]) == (1, 1)


def test_single_choice_points_and_unanswered_questions():
    data = compile_yaml(
        """
        title: T
        type: quiz
        pass: 2
        questions:
          - {text: a, points: 2, options: [{text: x, correct: true}, y]}
          - {text: b, options: [x, {text: y, correct: true}]}
          - {text: Notiz, type: reflection}
        results:
          - {min: 0, title: a, text: x}
          - {min: 2, title: b, text: y}
        """
    )
    result = score(data, {"q1": 0, "q3": "frei"})
    assert (result["score"], result["max"], result["band"], result["passed"]) == ("2", "3", 1, True)
    assert result["unanswered"] == 1
    assert "q3" not in result["questions"]
    # one past the last option, or a list holding it, is no choice: stored by something else
    for past in (2, [2]):
        result = score(data, {"q1": 0, "q2": past})
        assert (result["score"], result["unanswered"]) == ("2", 1)


def test_action_plan_has_no_score():
    data = compile_yaml(
        """
        title: Mein Plan
        type: checklist
        items:
          - text: Wen rufst du an?
            type: reflection
            lines: 3
        """
    )
    assert data["actionPlan"] is True
    result = score(data, {"q1": "Anna"})
    assert (result["score"], result["max"], result["band"], result["passed"]) == (
        "0",
        "0",
        None,
        None,
    )


def test_named_scale_labels_follow_the_site_language():
    source = """
        title: T
        type: self-assessment
        scale: frequency-5
        questions: [a]
        results: [{min: 0, title: a, text: b}]
    """
    labels = [s["label"] for s in compile_yaml(source, lang="en")["questions"][0]["steps"]]
    assert labels == ["never", "rarely", "sometimes", "often", "always"]


def test_stored_answers_survive_wording_changes_but_not_scoring_changes():
    base = "title: T\ntype: checklist\nitems:\n  - {text: %s, points: %s}\nresults: [{min: 0, title: a, text: b}]\n"
    first = compile_yaml(base % ("Alt", 1))["hash"]
    assert compile_yaml(base % ("Neu formuliert", 1))["hash"] == first
    assert compile_yaml(base % ("Alt", 2))["hash"] != first


def test_compile_applies_the_rules_once_and_scoring_only_adds_up():
    """Weights, reverse statements and partial credit are in the compiled values; the maximum of
    every question, dimension and check as well (issue 15: scoring lives once)."""
    quiz = compile_yaml(
        """
        title: T
        type: quiz
        questions:
          - text: drei richtige
            type: multiple
            partial: true
            points: 2
            options: [{text: a, correct: true}, {text: b, correct: true}, {text: c, correct: true}, d]
          - text: eine
            points: 1.5
            options: [{text: ja, correct: true}, nein]
        """
    )
    multiple, single = quiz["questions"]
    assert [o["value"] for o in multiple["options"]] == ["2/3", "2/3", "2/3", "-2/3"]
    assert [o["value"] for o in single["options"]] == ["1.5", "0"]
    assert (multiple["max"], single["max"], quiz["max"]) == ("2", "1.5", "3.5")
    # a+b+d: 2/3 + 2/3 − 2/3 = 2/3; all three right and the wrong one: 4/3
    assert score(quiz, {"q1": [0, 1, 3]})["questions"]["q1"]["earned"] == "0.6667"
    assert score(quiz, {"q1": [0, 1, 2, 3]})["score"] == "1.3333"
    assert score(quiz, {"q1": [3]})["score"] == "0"  # never below zero
    rated = compile_yaml(
        """
        title: T
        type: self-assessment
        scale: [{label: nie, points: 0}, {label: oft, points: 2}, {label: manchmal, points: 1.5}]
        dimensions: {d: D}
        questions:
          - {text: a, weight: 0.5, dimension: d}
          - {text: b, reverse: true, dimension: d}
        results: [{min: 0, title: x, text: y}]
        """
    )
    a, b = rated["questions"]
    assert [s["value"] for s in a["steps"]] == ["0", "1", "0.75"]
    assert [s["value"] for s in b["steps"]] == ["2", "0", "0.5"]
    assert (a["max"], b["max"], rated["dimensions"][0]["max"], rated["max"]) == ("1", "2", "3", "3")


def test_an_estimated_time_or_the_one_the_trainer_wrote():
    items = "\n".join(f"  - s{i}" for i in range(12))
    base = f"title: T\ntype: checklist\nitems:\n{items}\nresults: [{{min: 0, title: a, text: b}}]\n"
    assert compile_yaml(base)["minutes"] == 2  # 12 statements of 10 seconds
    assert compile_yaml(base + "minutes: 7\n")["minutes"] == 7
