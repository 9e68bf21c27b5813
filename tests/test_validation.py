"""Every validation rule of FORMAT.md: the exact message a trainer reads, at the exact position."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.core.loader import load_checks, load_text
from generator.core.problems import Problems
from generator.core.rules import lms_of

VALID = "title: T\ntype: checklist\nitems: [a]\nresults: [{min: 0, title: a, text: b}]\n"

# (name, file content, expected problems as "line:col: message")
CASES = [
    (
        "unknown_type",
        "title: T\ntype: quizz\n",
        [
            "2:7: unknown type 'quizz': write checklist, self-assessment or quiz; did you mean 'quiz'?"
        ],
    ),
    (
        "unknown_type_german",  # half like "checklist": still worth a proposal
        "title: T\ntype: liste\n",
        [
            "2:7: unknown type 'liste': write checklist, self-assessment or quiz; did you mean 'checklist'?"
        ],
    ),
    (
        "type_as_list",
        "title: T\ntype: [quiz]\n",
        [
            "2:7: 'type' is one word, not a list or mapping: write type: checklist (or self-assessment, quiz)"
        ],
    ),
    (
        "file_of_one_sentence",
        "nur ein Satz\n",
        [
            "1:1: this file holds a single value; a check is a mapping of keys: start with 'title: …' and 'type: checklist' (or self-assessment, quiz)"
        ],
    ),
    (
        "unknown_type_unlike_any",
        "title: T\ntype: umfrage\n",
        ["2:7: unknown type 'umfrage': write checklist, self-assessment or quiz"],
    ),
    (
        "missing_type",
        "title: T\nitems: [a]\n",
        ["1:1: 'type' is missing: add type: checklist (or self-assessment, quiz)"],
    ),
    (
        "missing_type_below_a_comment",  # the top of the file, where a check starts
        "# Notiz für mich\n\ntitle: T\nitems: [a]\n",
        ["1:1: 'type' is missing: add type: checklist (or self-assessment, quiz)"],
    ),
    (
        "missing_title",
        "type: checklist\nitems: [a]\nresults: [{min: 0, title: a, text: b}]\n",
        ["1:1: 'title' is missing here: add title: Bist du bereit?"],
    ),
    (
        "unknown_key",
        "title: T\ntype: quiz\nquestions:\n  - text: Q\n    option: [a, b]\n",
        ["5:5: unknown key 'option': did you mean 'options'?"],
    ),
    (
        "moved_key",
        "title: T\ntype: checklist\nquestions: [a]\nresults: [{min: 0, title: a, text: b}]\n",
        ["3:1: unknown key 'questions': a checklist lists its statements under 'items:'"],
    ),
    (
        "duplicate_key",
        "title: T\ntype: checklist\nitems: [a]\nresults: [{min: 0, title: a, text: b}]\ntitle: U\n",
        [
            "5:1: key 'title' is written twice in this mapping (first on line 1); YAML would silently keep only the last one: remove one"
        ],
    ),
    (
        "correct_yes",
        "title: T\ntype: quiz\nquestions:\n  - text: Q\n    options:\n      - {text: a, correct: yes}\n      - b\n",
        [
            "6:28: 'correct' must be true or false (yes/no/on/off count as text): write correct: true"
        ],
    ),
    (
        "colon_entry",
        "title: T\ntype: checklist\nitems:\n  - Ich weiß: das passt\n  - b\nresults: [{min: 0, title: a, text: b}]\n",
        [
            "4:5: this entry was read as 'key: value' because its text contains ': '; put the whole text in quotes: - \"Ich weiß: das passt\""
        ],
    ),
    (
        "anchor_alias",
        "title: &t T\ntype: checklist\nitems: [*t]\nresults: [{min: 0, title: a, text: b}]\n",
        [
            "1:8: anchor &t is not allowed: write the value out where it is needed",
            "3:9: alias *t is not allowed: write the value out where it is needed",
        ],
    ),
    (
        "merge_key",
        "title: T\ntype: checklist\nitems: [a]\nresults: [{min: 0, title: a, text: b}]\n<<: {intro: x}\n",
        ["5:1: merge keys (<<) are not allowed: write the keys out"],
    ),
    (
        "empty",
        "",
        [
            "1:1: this file is empty: a check needs at least 'title:', 'type:' and its questions or items"
        ],
    ),
    (
        "only_comment",
        "# nothing here\n",
        [
            "1:1: this file is empty: a check needs at least 'title:', 'type:' and its questions or items"
        ],
    ),
    (
        "top_list",
        "- a\n- b\n",
        [
            "1:1: this file holds a list; a check is a mapping of keys: start with 'title: …' and 'type: checklist' (or self-assessment, quiz)"
        ],
    ),
    (
        "single_two_correct",
        "title: T\ntype: quiz\nquestions:\n  - text: Q\n    options:\n      - {text: a, correct: true}\n      - {text: b, correct: true}\n",
        [
            "6:7: 2 options are marked correct: a single-choice question has exactly one; for several right answers write 'type: multiple'"
        ],
    ),
    (
        "single_no_correct",
        "title: T\ntype: quiz\nquestions:\n  - text: Q\n    options: [a, b]\n",
        ["5:14: mark the right option with 'correct: true'"],
    ),
    (
        "multiple_no_correct",
        "title: T\ntype: quiz\nquestions:\n  - text: Q\n    type: multiple\n    options: [a, b]\n",
        ["6:14: mark at least one option with 'correct: true'"],
    ),
    (
        "one_option",
        "title: T\ntype: quiz\nquestions:\n  - text: Q\n    options:\n      - {text: a, correct: true}\n",
        ["6:7: a choice question needs at least two options"],
    ),
    (
        "partial_single",
        "title: T\ntype: quiz\nquestions:\n  - text: Q\n    partial: true\n    options: [{text: a, correct: true}, b]\n",
        ["5:5: unknown key 'partial': partial credit needs 'type: multiple' on this question"],
    ),
    (
        "unknown_dimension",
        "title: T\ntype: checklist\ndimensions:\n  geben: Geben\nitems:\n  - text: a\n    dimension: gebn\nresults: [{min: 0, title: a, text: b}]\n",
        ["7:16: unknown dimension 'gebn': did you mean 'geben'?"],
    ),
    (
        "unused_dimension",
        "title: T\ntype: checklist\ndimensions:\n  geben: Geben\n  profil: Profil\nitems:\n  - text: a\n    dimension: geben\nresults: [{min: 0, title: a, text: b}]\n",
        [
            "5:3: dimension 'profil' is not used by any entry: name it with 'dimension: profil' on an entry, or remove it"
        ],
    ),
    (
        "duplicate_id",
        "title: T\ntype: checklist\nitems:\n  - {id: a, text: x}\n  - {id: a, text: y}\nresults: [{min: 0, title: a, text: b}]\n",
        ["5:10: id 'a' is used twice (also by entry 1): ids of questions and items must be unique"],
    ),
    (
        "id_collides_with_position",
        "title: T\ntype: checklist\nitems:\n  - {id: q2, text: x}\n  - y\nresults: [{min: 0, title: a, text: b}]\n",
        ["5:5: id 'q2' is used twice (also by entry 1): ids of questions and items must be unique"],
    ),
    (
        "first_band_not_zero",
        "title: T\ntype: checklist\nitems: [a, b]\nresults:\n  - {min: 1, title: a, text: b}\n",
        [
            "5:11: the first band must start at 0 so that every score has a band: add a band below it or change this min"
        ],
    ),
    (
        "bands_not_ascending",
        "title: T\ntype: checklist\nitems: [a, b]\nresults:\n  - {min: 0, title: a, text: b}\n  - {min: 2, title: a, text: b}\n  - {min: 2, title: a, text: b}\n",
        ["7:11: bands must ascend: this min (2) is not above the one before (2)"],
    ),
    (
        "bands_mixed",
        'title: T\ntype: checklist\nitems: [a, b]\nresults:\n  - {min: 0, title: a, text: b}\n  - {min: "50%", title: a, text: b}\n',
        [
            "6:11: one list of bands uses one kind of 'min': all points (4) or all percentages (\"40%\"); the first band uses points"
        ],
    ),
    (
        "dimension_unknown_and_unlike_any",
        "title: T\ntype: checklist\ndimensions: {pflege: P, geben: G}\nitems:\n  - {text: a, dimension: xyz}\n  - {text: b, dimension: pflege}\n  - {text: c, dimension: geben}\nresults: [{min: 0, title: a, text: b}]\n",
        ["5:26: unknown dimension 'xyz': known are pflege, geben"],
    ),
    (
        "dimension_without_dimensions",
        "title: T\ntype: checklist\nitems:\n  - {text: a, dimension: xyz}\nresults: [{min: 0, title: a, text: b}]\n",
        ["4:26: unknown dimension 'xyz': declare it under 'dimensions:' first"],
    ),
    (
        "action_plan_reports_a_score",
        "title: T\ntype: quiz\nlms: score\nquestions:\n  - {type: reflection, text: Notiz}\n",
        [
            "3:6: 'lms: score' is not possible here: this check has only reflections (an action plan), it is never submitted and has no score; remove 'lms' (the default is none)"
        ],
    ),
    (
        "action_plan_reports_completion",
        "title: T\ntype: quiz\nlms: completion\nquestions:\n  - {type: reflection, text: Notiz}\n",
        [
            "3:6: 'lms: completion' is not possible here: this check has only reflections (an action plan), it is never submitted and has no score; remove 'lms' (the default is none)"
        ],
    ),
    (
        "bands_mixed_percent_first",
        'title: T\ntype: checklist\nitems: [a, b]\nresults:\n  - {min: "0%", title: a, text: b}\n  - {min: 1, title: a, text: b}\n',
        [
            "6:11: one list of bands uses one kind of 'min': all points (4) or all percentages (\"40%\"); the first band uses percentages"
        ],
    ),
    (
        "bands_second_equals_first",
        "title: T\ntype: checklist\nitems: [a, b]\nresults:\n  - {min: 0, title: a, text: b}\n  - {min: 0, title: a, text: b}\n",
        ["6:11: bands must ascend: this min (0) is not above the one before (0)"],
    ),
    (
        "bands_empty",
        "title: T\ntype: checklist\nitems: [a, b]\nresults: []\n",
        ["4:10: 'results' is empty: add at least one band"],
    ),
    (
        "band_above_max",
        "title: T\ntype: checklist\nitems: [a, b]\nresults:\n  - {min: 0, title: a, text: b}\n  - {min: 3, title: a, text: b}\n",
        [
            "6:11: this band (3) lies above the maximum (2 points), so it could never be reached: lower it"
        ],
    ),
    (
        "band_above_100",
        'title: T\ntype: checklist\nitems: [a, b]\nresults:\n  - {min: "0%", title: a, text: b}\n  - {min: "101%", title: a, text: b}\n',
        [
            "6:11: this band (101%) lies above the maximum (100%), so it could never be reached: lower it"
        ],
    ),
    (
        "pass_above_max",
        "title: T\ntype: quiz\npass: 2\nquestions:\n  - text: Q\n    options: [{text: a, correct: true}, b]\n",
        [
            "3:7: this pass mark (2) lies above the maximum (1 point), so it could never be reached: lower it"
        ],
    ),
    (
        "results_missing",
        "title: T\ntype: checklist\nitems: [a]\n",
        [
            "1:1: 'results' is missing: a checklist or self-assessment needs bands, for example results: [{min: 0, title: …, text: …}]"
        ],
    ),
    (
        "action_plan_results",
        "title: T\ntype: quiz\nquestions:\n  - text: Wen rufst du an?\n    type: reflection\nresults: [{min: 0, title: a, text: b}]\npass: 1\n",
        [
            "6:1: 'results' is not possible here: this check has only reflections (an action plan), so it has no score; remove it or add a scored question",
            "7:1: 'pass' is not possible here: this check has only reflections (an action plan), so it has no score; remove it or add a scored question",
        ],
    ),
    (
        "three_decimals",
        "title: T\ntype: checklist\nitems:\n  - {text: a, points: 0.125}\nresults: [{min: 0, title: a, text: b}]\n",
        ["4:23: 'points': 0.125 has more than two decimals: round it to two"],
    ),
    (
        "negative_points",
        "title: T\ntype: checklist\nitems:\n  - {text: a, points: -1}\nresults: [{min: 0, title: a, text: b}]\n",
        ["4:23: 'points': -1 is too small: it must be at least 0"],
    ),
    (
        "weight_zero",
        "title: T\ntype: self-assessment\nscale: yes-no\nquestions:\n  - {text: a, weight: 0}\nresults: [{min: 0, title: a, text: b}]\n",
        ["5:23: 'weight': 0 is too small: it must be greater than 0"],
    ),
    (
        "not_a_number",
        "title: T\ntype: checklist\nitems:\n  - {text: a, points: viel}\nresults: [{min: 0, title: a, text: b}]\n",
        ["4:23: 'points': 'viel' is not a number: write a number like 2 or 0.5"],
    ),
    (
        "scale_one_step",
        "title: T\ntype: self-assessment\nscale:\n  - {label: nie, points: 0}\nquestions: [a]\nresults: [{min: 0, title: a, text: b}]\n",
        ["4:3: a custom scale needs at least two steps"],
    ),
    (
        "scale_same_points",
        "title: T\ntype: self-assessment\nscale:\n  - {label: nie, points: 0}\n  - {label: oft, points: 0}\nquestions: [a]\nresults: [{min: 0, title: a, text: b}]\n",
        ["5:26: points 0 are used by step 1 already: each step needs its own points"],
    ),
    (
        "scale_missing",
        "title: T\ntype: self-assessment\nquestions: [a]\nresults: [{min: 0, title: a, text: b}]\n",
        [
            "1:1: 'scale' is missing: write scale: agree-4 (or agree-5, frequency-5, yes-no, or a list of {label, points})"
        ],
    ),
    (
        "scale_unknown",
        "title: T\ntype: self-assessment\nscale: agree-3\nquestions: [a]\nresults: [{min: 0, title: a, text: b}]\n",
        [
            "3:8: 'scale' cannot be 'agree-3': write one of 'agree-4', 'agree-5', 'frequency-5' or 'yes-no'; did you mean 'agree-5'?"
        ],
    ),
    (
        "syntax",
        "title: T\ntype: checklist\nitems:\n  - a\n - b\n",
        [
            "5:2: YAML syntax: expected <block end>, but found '<block sequence start>'; check the"
            " indentation: the entries of a list, and the keys of one entry, start in the same column"
        ],
    ),
    (
        "tabs",
        "title: T\ntype: checklist\nitems:\n\t- a\n",
        [
            "4:1: YAML syntax: found character '\\t' that cannot start any token; indent with spaces, not tabs"
        ],
    ),
    (
        "lines_range",
        "title: T\ntype: quiz\nquestions:\n  - {text: a, type: reflection, lines: 50}\n",
        ["4:40: 'lines': write a whole number from 1 to 40"],
    ),
    (
        "feedback_typo",
        "title: T\ntype: quiz\nfeedback: immediatly\nquestions:\n  - {text: Q, options: [{text: a, correct: true}, b]}\n",
        [
            "3:11: 'feedback' cannot be 'immediatly': write one of 'on-submit' or 'immediate'; did you mean 'immediate'?"
        ],
    ),
    (
        "reflection_points",
        "title: T\ntype: quiz\nquestions:\n  - {text: a, type: reflection, points: 2}\n",
        ["4:33: unknown key 'points': a reflection is never scored, so it has no points"],
    ),
    (
        "bad_question_type",
        "title: T\ntype: quiz\nquestions:\n  - {text: a, type: mulitple, options: [{text: a, correct: true}, b]}\n",
        [
            "4:21: 'type' cannot be 'mulitple': write single (the default), multiple or reflection; did you mean 'multiple'?"
        ],
    ),
    (
        "items_not_list",
        "title: T\ntype: checklist\nitems: a\nresults: [{min: 0, title: a, text: b}]\n",
        ["3:8: 'items' must be a list: put each entry on its own line starting with '- '"],
    ),
    (
        "empty_items",
        "title: T\ntype: checklist\nitems: []\nresults: [{min: 0, title: a, text: b}]\n",
        ["3:8: 'items' is empty: it needs at least one entry"],
    ),
    (
        "empty_title",
        "title:\ntype: checklist\nitems: [a]\nresults: [{min: 0, title: a, text: b}]\n",
        ["1:7: 'title': this text is empty: write something or remove it"],
    ),
    (
        "zero_max",
        "title: T\ntype: checklist\nitems:\n  - {text: a, points: 0}\nresults: [{min: 0, title: a, text: b}]\n",
        ["4:3: this check has no points to earn: give an entry points greater than 0"],
    ),
    (
        "bad_key_pattern",
        "title: T\ntype: checklist\nitems:\n  - {id: Erste Frage, text: a}\nresults: [{min: 0, title: a, text: b}]\n",
        [
            "4:10: 'id': 'Erste Frage' is not a valid key: use lower-case letters, digits, '-' and '_', for example 'erste-frage'"
        ],
    ),
    (
        "dimension_band_above",
        "title: T\ntype: checklist\ndimensions:\n  g: {label: G, results: [{min: 0, title: a, text: b}, {min: 2, title: c, text: d}]}\nitems:\n  - {text: a, dimension: g}\n  - b\nresults: [{min: 0, title: a, text: b}]\n",
        [
            "4:62: this band (2) lies above the maximum (1 point), so it could never be reached: lower it"
        ],
    ),
    # advice carried by the fields of models.py (models.Advice)
    (
        "self_assessment_items",
        "title: T\ntype: self-assessment\nscale: yes-no\nitems: [a]\nresults: [{min: 0, title: a, text: b}]\n",
        ["4:1: unknown key 'items': a self-assessment lists its statements under 'questions:'"],
    ),
    (
        "quiz_items",
        "title: T\ntype: quiz\nitems:\n  - text: Q\n    options: [{text: a, correct: true}, b]\n",
        ["3:1: unknown key 'items': a quiz lists its questions under 'questions:'"],
    ),
    (
        "checklist_scale",
        "title: T\ntype: checklist\nscale: yes-no\nitems: [a]\nresults: [{min: 0, title: a, text: b}]\n",
        ["3:1: unknown key 'scale': only a self-assessment has a scale"],
    ),
    (
        "quiz_scale",
        "title: T\ntype: quiz\nscale: yes-no\nquestions:\n  - text: Q\n    options: [{text: a, correct: true}, b]\n",
        ["3:1: unknown key 'scale': only a self-assessment has a scale"],
    ),
    (
        "self_assessment_pass",
        "title: T\ntype: self-assessment\nscale: yes-no\npass: 1\nquestions: [a]\nresults: [{min: 0, title: a, text: b}]\n",
        ["4:1: unknown key 'pass': 'pass' is for quizzes; a self-assessment uses 'results' bands"],
    ),
    (
        "checklist_feedback",
        "title: T\ntype: checklist\nfeedback: immediate\nitems: [a]\nresults: [{min: 0, title: a, text: b}]\n",
        ["3:1: unknown key 'feedback': 'feedback' is for quizzes"],
    ),
    (
        "self_assessment_feedback",
        "title: T\ntype: self-assessment\nscale: yes-no\nfeedback: immediate\nquestions: [a]\nresults: [{min: 0, title: a, text: b}]\n",
        ["4:1: unknown key 'feedback': 'feedback' is for quizzes"],
    ),
    (
        "reflection_dimension",
        "title: T\ntype: checklist\nitems:\n  - a\n  - {type: reflection, text: Warum, dimension: d}\nresults: [{min: 0, title: a, text: b}]\n",
        ["5:37: unknown key 'dimension': a reflection is never scored, so it has no dimension"],
    ),
    (
        "reflection_options",
        "title: T\ntype: quiz\nquestions:\n  - text: Q\n    type: reflection\n    options: [a, b]\n",
        [
            "6:5: unknown key 'options': a reflection is free text; remove 'type: reflection' for a choice"
        ],
    ),
    (
        "checklist_item_correct",
        "title: T\ntype: checklist\nitems:\n  - {text: a, correct: true}\nresults: [{min: 0, title: a, text: b}]\n",
        [
            "4:15: unknown key 'correct': checklist items are not right or wrong; use a quiz for that"
        ],
    ),
    (
        "missing_items",
        "title: T\ntype: checklist\nresults: [{min: 0, title: a, text: b}]\n",
        ["1:1: 'items' is missing here: add items: followed by lines '- Ich …'"],
    ),
    (
        "missing_questions",
        "title: T\ntype: quiz\n",
        ["1:1: 'questions' is missing here: add questions: followed by entries '- text: …'"],
    ),
    (
        "missing_min",
        "title: T\ntype: checklist\nitems: [a]\nresults: [{title: a, text: b}]\n",
        ["4:11: 'min' is missing here: add min: 0 (points) or min: \"0%\""],
    ),
    (
        "missing_scale_points",
        "title: T\ntype: self-assessment\nscale: [{label: nie}, {label: oft, points: 1}]\nquestions: [a]\nresults: [{min: 0, title: a, text: b}]\n",
        ["3:9: 'points' is missing here: add points: 1"],
    ),
    (
        "missing_label",
        "title: T\ntype: self-assessment\nscale: [{points: 0}, {label: oft, points: 1}]\nquestions: [a]\nresults: [{min: 0, title: a, text: b}]\n",
        ["3:9: 'label' is missing here: add label: …"],
    ),
    (
        "missing_text",
        "title: T\ntype: checklist\nitems:\n  - {points: 2}\nresults: [{min: 0, title: a, text: b}]\n",
        ["4:5: 'text' is missing here: add text: …"],
    ),
    (
        "item_type_unknown",
        "title: T\ntype: checklist\nitems:\n  - a\n  - {type: multiple, text: b}\nresults: [{min: 0, title: a, text: b}]\n",
        [
            "5:12: 'type: multiple' is not known here: a question is 'single' (default), 'multiple' or 'reflection'; an item or statement is 'reflection' or has no type"
        ],
    ),
    (
        "question_type_typo",
        "title: T\ntype: quiz\nquestions:\n  - text: Q\n    type: multiples\n    options: [{text: a, correct: true}, b]\n",
        [
            "5:11: 'type' cannot be 'multiples': write single (the default), multiple or reflection; did you mean 'multiple'?"
        ],
    ),
    (
        "feedback_typo",
        "title: T\ntype: quiz\nfeedback: imediate\nquestions:\n  - text: Q\n    options: [{text: a, correct: true}, b]\n",
        [
            "3:11: 'feedback' cannot be 'imediate': write one of 'on-submit' or 'immediate'; did you mean 'immediate'?"
        ],
    ),
    # a percentage can never exceed 100 %, whatever the points
    (
        "pass_above_100_percent",
        'title: T\ntype: quiz\npass: "150%"\nquestions:\n  - text: Q\n    options: [{text: a, correct: true}, b]\n',
        [
            "3:7: this pass mark (150%) lies above the maximum (100%), so it could never be reached: lower it"
        ],
    ),
    (
        "pass_at_100_percent",
        'title: T\ntype: quiz\npass: "100%"\nquestions:\n  - text: Q\n    options: [{text: a, correct: true}, b]\n',
        [],
    ),
    (
        "pass_above_100_percent_many_points",
        'title: T\ntype: quiz\npass: "100.5 %"\nquestions:\n  - text: Q\n    points: 500\n    options: [{text: a, correct: true}, b]\n',
        [
            "3:7: this pass mark (100.5%) lies above the maximum (100%), so it could never be reached: lower it"
        ],
    ),
    # a dimension whose entries are worth nothing: 0 % is all it can reach
    (
        "dimension_percent_band_without_points",
        "title: T\ntype: checklist\ndimensions:\n  g: {label: G, results: [{min: 0%, title: a, text: b}, {min: 50%, title: c, text: d}]}\nitems:\n  - {text: a, dimension: g, points: 0}\n  - b\nresults: [{min: 0, title: a, text: b}]\n",
        [
            "4:63: this band (50%) lies above the maximum (0 points), so it could never be reached: lower it"
        ],
    ),
    # self-assessments: bands against the scale's maximum; an action plan needs no scale
    (
        "self_assessment_band_above_max",
        "title: T\ntype: self-assessment\nscale: yes-no\nquestions: [a, b]\nresults: [{min: 0, title: a, text: b}, {min: 3, title: c, text: d}]\n",
        [
            "5:46: this band (3) lies above the maximum (2 points), so it could never be reached: lower it"
        ],
    ),
    (
        "self_assessment_action_plan_with_results",
        "title: T\ntype: self-assessment\nquestions:\n  - {type: reflection, text: Was nimmst du mit}\nresults: [{min: 0, title: a, text: b}]\n",
        [
            "5:1: 'results' is not possible here: this check has only reflections (an action plan), so it has no score; remove it or add a scored question"
        ],
    ),
    # every choice question is checked, also those after a reflection
    (
        "choice_after_reflection",
        "title: T\ntype: quiz\nquestions:\n  - {type: reflection, text: Notiz}\n  - {text: Q, options: [a, b]}\n",
        ["5:24: mark the right option with 'correct: true'"],
    ),
]


def problems_of(source: str | bytes) -> list[str]:
    problems = Problems()
    raw = source.encode("utf-8") if isinstance(source, str) else source
    load_text(raw, "q.yml", problems)
    return [str(p).removeprefix("q.yml:") for p in problems]


@pytest.mark.parametrize(("name", "source", "expected"), CASES, ids=[c[0] for c in CASES])
def test_rule_reports_exact_message_and_position(name, source, expected):
    assert problems_of(source) == expected


def test_all_problems_of_a_file_come_at_once():
    source = (
        "title: T\ntype: quiz\nfeedback: immediat\nquestions:\n"
        "  - text: Q\n    options:\n      - {text: a, correct: yes}\n      - b\n"
        "  - text: R\n    type: reflection\n    lines: 0\n"
        "title: U\n"
    )
    found = problems_of(source)
    assert [p.split(":")[0] for p in found] == ["3", "7", "11", "12"]


def test_non_utf8_is_reported_at_the_first_bad_byte():
    assert problems_of(b"title: T\ntype: checklist\nitems:\n  - caf\xe9\n") == [
        "4:8: this file is not UTF-8 text (byte 0xe9); save it as UTF-8 in your editor"
    ]


def test_numbers_as_strings_and_text_as_numbers_are_accepted():
    source = (
        "title: 2024\ntype: self-assessment\n"
        'scale:\n  - {label: No, points: "0"}\n  - {label: 1.0, points: 1}\n'
        'questions:\n  - {text: a, weight: "2"}\n'
        'results:\n  - {min: "0 %", title: a, text: b}\n  - {min: "40 %", title: c, text: d}\n'
    )
    assert problems_of(source) == []


def test_a_comma_in_flow_mapping_text_stays_part_of_the_text():
    # FORMAT.md writes {min: "60%", title: Du gibst gern, text: Erzähl anderen, wie du das machst.}
    from generator.core.compile import compile_check

    source = (
        "title: T\ntype: checklist\nitems: [a]\n"
        "results:\n  - {min: 0, title: Gut, text: Erzähl anderen, wie du das machst.}\n"
    )
    problems = Problems()
    model, _ = load_text(source.encode(), "q.yml", problems)
    assert compile_check(model, "x", course="c", lang="de")["bands"][0]["text"] == (
        "<p>Erzähl anderen, wie du das machst.</p>"
    )


def test_deep_nesting_and_huge_files_are_problems_not_crashes():
    deep = "title: T\ntype: checklist\nitems: " + "[" * 200 + "]" * 200 + "\n"
    assert problems_of(deep) == ["3:47: nesting is deeper than 40 levels"]
    huge = "title: T\ntype: checklist\nitems:\n" + "  - Ein Satz, der sich wiederholt.\n" * 40000
    assert problems_of(huge) == ["1:1: this file is larger than 1000 kB; split it up"]


@pytest.mark.parametrize(
    ("name", "suggestion"),
    [
        ("-modul.yml", "modul.yml"),
        ("modul-.yml", "modul.yml"),
        ("a/-b.yml", "a/b.yml"),
        ("a-/b.yml", "a/b.yml"),
        ("Übung 2.yml", "uebung-2.yml"),
        ("a_b.yml", "a-b.yml"),
    ],
)
def test_check_ids_start_and_end_with_a_letter_or_digit(tmp_path, name, suggestion):
    """An id is part of the page address and of stored answers: `-modul` or `a-/b` is refused
    with a name to rename the file to."""
    quizzes = tmp_path / "quizzes"
    (quizzes / name).parent.mkdir(parents=True, exist_ok=True)
    (quizzes / name).write_text(VALID, encoding="utf-8")
    problems = Problems()
    assert load_checks(quizzes, tmp_path, problems) == {}
    (problem,) = problems
    assert (problem.path, problem.line, problem.col) == (f"quizzes/{name}", 1, 1)
    assert problem.message.endswith(f"rename the file to {suggestion}"), problem.message


def test_valid_check_ids_in_folders(tmp_path):
    quizzes = tmp_path / "quizzes"
    for name in ("a.yml", "modul-1/teil-2.yaml", "1/x9.yml"):
        (quizzes / name).parent.mkdir(parents=True, exist_ok=True)
        (quizzes / name).write_text(VALID, encoding="utf-8")
    problems = Problems()
    assert sorted(load_checks(quizzes, tmp_path, problems)) == ["1/x9", "a", "modul-1/teil-2"]
    assert not problems


def _quizzes(tmp_path, files: dict[str, str]):
    for name, text in files.items():
        (tmp_path / "quizzes" / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "quizzes" / name).write_text(text, encoding="utf-8")
    return tmp_path / "quizzes"


def test_every_check_file_is_loaded_and_every_problem_reported_at_once(tmp_path):
    """A bad file name, an id used twice or a broken file stops nothing: the other checks load
    and every problem is reported, each at the file to edit; other files are not checks."""
    quizzes = _quizzes(
        tmp_path,
        {
            "-falsch.yml": VALID,
            "doppelt.yaml": VALID,
            "doppelt.yml": VALID,
            "kaputt.yml": "title: T\ntype: quizz\n",
            "modul/b.yml": VALID.replace("title: T", "title: Zweiter"),
            "notizen.md": "# keine Check-Datei\n",
            # valid for the model, not for the rules: no right option
            "regel.yml": "title: T\ntype: quiz\nquestions:\n  - {text: Q, options: [a, b]}\n",
            "z.yml": VALID,
        },
    )
    problems = Problems()
    checks = load_checks(quizzes, tmp_path, problems)
    assert sorted(checks) == ["doppelt", "modul/b", "z"]
    loaded = checks["modul/b"]
    assert (loaded.id, loaded.path, loaded.model.title) == (
        "modul/b",
        "quizzes/modul/b.yml",
        "Zweiter",
    )
    assert loaded.doc.position(("items", 0)) == (3, 9)
    assert checks["doppelt"].path == "quizzes/doppelt.yaml"  # the first in name order stays
    assert [f"{p.path}:{p.line}:{p.col}" for p in problems] == [
        "quizzes/-falsch.yml:1:1",
        "quizzes/doppelt.yml:1:1",
        "quizzes/kaputt.yml:2:7",
        "quizzes/regel.yml:4:24",
    ]
    assert list(problems)[1].message == (
        "check id 'doppelt' is also used by quizzes/doppelt.yaml: keep one of the two files"
    )


def test_an_unreadable_check_file_is_a_problem_not_a_traceback(tmp_path, monkeypatch):
    quizzes = _quizzes(tmp_path, {"a.yml": VALID, "b.yml": VALID})
    read_bytes = Path.read_bytes

    def refuse(path):
        if path.name == "a.yml":
            raise PermissionError(13, "Permission denied", str(path))
        return read_bytes(path)

    monkeypatch.setattr(Path, "read_bytes", refuse)  # root reads everything: the disk refuses
    problems = Problems()
    assert list(load_checks(quizzes, tmp_path, problems)) == ["b"]
    ((where, message),) = [(f"{p.path}:{p.line}:{p.col}", p.message) for p in problems]
    assert where == "quizzes/a.yml:1:1"
    assert message == (
        "cannot read this file: permission denied: allow yourself to read it (chmod) or move it"
        " out of the course"
    )


def _where_and_what(problems: Problems) -> list[str]:
    return [f"{p.path}:{p.line}:{p.col}: {p.message}" for p in problems]


def test_language_versions_of_a_check_are_kept_apart(tmp_path):
    """On a multilingual site `bereit.en.yml` is the English version of the check `bereit`; a
    suffix that is no language of the site is part of the name (and a dot is not allowed)."""
    quizzes = _quizzes(
        tmp_path,
        {
            "bereit.yml": VALID,
            "bereit.en.yml": VALID.replace("title: T", "title: Ready"),
            "modul/teil.en.yml": VALID,
            "x.de.en.yml": VALID,
            "y.fr.yml": VALID,
        },
    )
    problems = Problems()
    variants: dict = {}
    checks = load_checks(quizzes, tmp_path, problems, languages=("de", "en"), variants=variants)
    assert [(i, c.model.title) for i, c in checks.items()] == [("bereit", "T")]
    assert {lang: sorted(found) for lang, found in variants.items()} == {
        "en": ["bereit", "modul/teil"]
    }
    assert variants["en"]["bereit"].model.title == "Ready"
    # without a dict to put them in, language versions are left out, not taken for checks
    assert list(load_checks(quizzes, tmp_path, Problems(), languages=("de", "en"))) == ["bereit"]
    assert _where_and_what(problems) == [
        "quizzes/x.de.en.yml:1:1: 'x.de' is not a valid check id (lower-case letters, digits, '-'"
        " and '/'): rename the file to x-de.en.yml",
        "quizzes/y.fr.yml:1:1: 'y.fr' is not a valid check id (lower-case letters, digits, '-'"
        " and '/'): rename the file to y-fr.yml",
    ]


def test_check_files_ending_in_upper_case_are_named_to_rename(tmp_path):
    quizzes = _quizzes(tmp_path, {"bereit.YML": VALID, "quiz.Yaml": VALID, "liesmich.TXT": "x"})
    problems = Problems()
    assert load_checks(quizzes, tmp_path, problems) == {}
    assert _where_and_what(problems) == [
        "quizzes/bereit.YML:1:1: check files end in .yml or .yaml in lower case: rename this"
        " file to bereit.yml",
        "quizzes/quiz.Yaml:1:1: check files end in .yml or .yaml in lower case: rename this"
        " file to quiz.yaml",
    ]


def test_hidden_files_and_folders_are_not_checks(tmp_path):
    """Editors and version control keep their files in hidden folders (`.obsidian/`, `.git/`)."""
    quizzes = _quizzes(
        tmp_path,
        {
            ".obsidian/workspace.yml": "::: kein Check",
            "modul/.versteckt/b.yml": "::: kein Check",
            "modul/.c.yml": "::: kein Check",
            "d.yml": VALID,
        },
    )
    problems = Problems()
    assert list(load_checks(quizzes, tmp_path, problems)) == ["d"]
    assert not problems, problems.report()


def test_a_broken_link_among_the_checks_is_a_problem_and_the_rest_loads(tmp_path):
    quizzes = _quizzes(tmp_path, {"a.yml": VALID})
    (quizzes / "weg.yml").symlink_to(tmp_path / "gibt-es-nicht.yml")
    problems = Problems()
    assert list(load_checks(quizzes, tmp_path, problems)) == ["a"]
    assert [f"{p.path}:{p.line}:{p.col}" for p in problems] == ["quizzes/weg.yml:1:1"]


def test_a_file_name_with_nothing_usable_gets_a_name_proposed(tmp_path):
    quizzes = _quizzes(tmp_path, {"!!!.yml": VALID})
    problems = Problems()
    load_checks(quizzes, tmp_path, problems)
    assert [p.message.rsplit(": ", 1)[1] for p in problems] == ["rename the file to check.yml"]


@pytest.mark.parametrize("value", ["0", "2.5", "241", "ja", "[3]"])
def test_minutes_is_a_whole_number_from_1_to_240(value):
    source = f"title: T\ntype: checklist\nminutes: {value}\nitems: [a]\nresults: [{{min: 0, title: a, text: b}}]\n"
    found = problems_of(source)
    assert len(found) == 1 and found[0].startswith("3:10: "), found


@pytest.mark.parametrize(
    ("source", "learns"),
    [
        (
            "title: T\ntype: quiz\nquestions:\n  - {text: Q, options: [{text: a, correct: true}, b]}\n",
            "score",
        ),
        (VALID, "completion"),
        (
            "title: T\ntype: self-assessment\nscale: yes-no\nquestions: [a]\nresults: [{min: 0, title: a, text: b}]\n",
            "completion",
        ),
        (
            "title: T\ntype: checklist\nitems:\n  - {type: reflection, text: Was nimmst du mit}\n",
            "none",
        ),
        (VALID + "lms: score\n", "score"),
        (
            "title: T\ntype: quiz\nlms: none\nquestions:\n  - {text: Q, options: [{text: a, correct: true}, b]}\n",
            "none",
        ),
    ],
    ids=[
        "quiz",
        "checklist",
        "self-assessment",
        "action plan",
        "checklist lms score",
        "quiz lms none",
    ],
)
def test_what_a_learning_platform_learns_by_default_and_when_asked(source, learns):
    """FORMAT 1.1: a quiz reports its score, a checklist or self-assessment only that it was
    done, an action plan nothing; the `lms` key says otherwise."""
    problems = Problems()
    loaded = load_text(source.encode(), "q.yml", problems)
    assert loaded is not None, problems.report()
    assert lms_of(loaded[0]) == learns
