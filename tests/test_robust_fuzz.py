"""Fuzzing the loader: generated check documents, valid ones and broken mutations of them, go
through `load_text`. Either a check comes back and its exact scores stay within 0..max for any
answers, or clean problems (path:line:col: message) come back: never an exception."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from generator.core.compile import compile_check
from generator.core.loader import load_text
from generator.core.problems import Problems
from generator.core.scoring import score

PATH = "quizzes/fuzz.yml"
FUZZ = settings(
    max_examples=300,
    deadline=None,
    derandomize=True,  # the same examples on every run: CI stays reproducible
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# ---------------------------------------------------------------- valid documents

words = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Co", "Cn", "Zl", "Zp")),
    min_size=1,
    max_size=24,
).filter(lambda s: s.strip())
texts = st.one_of(
    words,
    st.sampled_from(
        [
            "Ich weiß, was ich für wen anbiete.",
            "Text: mit Doppelpunkt",
            "</script><script>alert(1)</script>",
            "**fett** und `code` und [Link](https://example.org)",
            "yes",
            "No",
            "Null",
            "42",
            "0.7",
            "- kein Listeneintrag",
            "# keine Überschrift",
            'Anführungszeichen " und \\ Backslash',
        ]
    ),
)
keys = st.from_regex(r"\A[a-z][a-z0-9-]{0,8}\Z", fullmatch=True)
hundredths = st.integers(min_value=0, max_value=1000)  # a number with two decimals, ×100


def number(value: int):
    """A number with two decimals as an author might write it: 2, 0.5, "0.5" or "2"."""
    d = Decimal(value) / 100
    text = format(d.normalize(), "f")
    return st.sampled_from([text, float(text)] + ([int(d)] if d == int(d) else []))


@st.composite
def bands(draw, maximum: Decimal):
    """Ascending bands from 0, none above the maximum: points or percentages."""
    if draw(st.booleans()) or maximum < Decimal("0.01"):
        steps = sorted(draw(st.sets(st.integers(1, 100), max_size=3)))
        mins = ["0%", *(draw(st.sampled_from([f"{v}%", f"{v} %"])) for v in steps)]
    else:
        steps = sorted(draw(st.sets(st.integers(1, int(maximum * 100)), max_size=3)))
        mins = [0, *(draw(number(v)) for v in steps)]
    return [{"min": m, "title": draw(texts), "text": draw(texts)} for m in mins]


def _max_of(entries, per_entry) -> Decimal:
    return sum((per_entry(e) for e in entries), Decimal(0))


@st.composite
def checklist(draw):
    dims = draw(st.lists(keys, max_size=3, unique=True))
    items = []
    for i in range(draw(st.integers(1, 6))):
        kind = draw(st.sampled_from(["plain", "entry", "entry", "reflection"]))
        if kind == "plain":
            items.append(draw(texts))
        elif kind == "reflection":
            items.append({"type": "reflection", "text": draw(texts), "id": f"r-{i}"})
        else:
            points = draw(hundredths)
            item = {"text": draw(texts), "points": draw(number(points))}
            if dims and draw(st.booleans()):
                item["dimension"] = draw(st.sampled_from(dims))
            if draw(st.booleans()):
                item["tip"] = draw(texts)
            items.append(item)
    scored = [e for e in items if not (isinstance(e, dict) and e.get("type") == "reflection")]
    if not scored:
        items.append(draw(texts))
    if not any(isinstance(e, str) or Decimal(str(e["points"])) > 0 for e in scored):
        items.append({"text": draw(texts), "points": 1})
    used = {e["dimension"] for e in items if isinstance(e, dict) and "dimension" in e}
    doc = {"title": draw(texts), "type": "checklist", "items": items}
    if used:
        doc["dimensions"] = {d: draw(texts) for d in dims if d in used}
    maximum = _max_of(
        items,
        lambda e: (
            Decimal(1)
            if isinstance(e, str)
            else (Decimal(0) if e.get("type") == "reflection" else Decimal(str(e["points"])))
        ),
    )
    doc["results"] = draw(bands(maximum))
    return doc


SCALES = {"agree-4": 3, "agree-5": 4, "frequency-5": 4, "yes-no": 1}


@st.composite
def self_assessment(draw):
    if draw(st.booleans()):
        scale = draw(st.sampled_from(sorted(SCALES)))
        top = Decimal(SCALES[scale])
    else:
        points = draw(st.lists(hundredths, min_size=2, max_size=5, unique=True))
        if max(points) == 0:
            points.append(100)
        scale = [{"label": draw(texts), "points": draw(number(p))} for p in points]
        top = Decimal(max(points)) / 100
    questions, weights = [], Decimal(0)
    for _ in range(draw(st.integers(1, 5))):
        if draw(st.booleans()):
            questions.append(draw(texts))
            weights += 1
        else:
            weight = draw(st.integers(1, 500))
            questions.append(
                {
                    "text": draw(texts),
                    "weight": draw(number(weight)),
                    "reverse": draw(st.booleans()),
                }
            )
            weights += Decimal(weight) / 100
    return {
        "title": draw(texts),
        "type": "self-assessment",
        "scale": scale,
        "questions": questions,
        "results": draw(bands(weights * top)),
    }


@st.composite
def quiz(draw):
    questions, maximum = [], Decimal(0)
    for i in range(draw(st.integers(1, 5))):
        kind = draw(st.sampled_from(["single", "multiple", "reflection"]))
        if kind == "reflection":
            questions.append(
                {"text": draw(texts), "type": "reflection", "lines": draw(st.integers(1, 40))}
            )
            continue
        count = draw(st.integers(2, 5))
        if kind == "single":
            right = {draw(st.integers(0, count - 1))}
        else:
            right = draw(st.sets(st.integers(0, count - 1), min_size=1))
        options = []
        for o in range(count):
            if o not in right and draw(st.booleans()):
                options.append(draw(texts))
            else:
                option = {"text": draw(texts)}
                if o in right:
                    option["correct"] = True
                if draw(st.booleans()):
                    option["feedback"] = draw(texts)
                options.append(option)
        points = draw(st.integers(0, 500))
        question = {
            "id": f"f{i}",
            "text": draw(texts),
            "points": draw(number(points)),
            "options": options,
        }
        if kind == "multiple":
            question["type"] = "multiple"
            question["partial"] = draw(st.booleans())
        questions.append(question)
        maximum += Decimal(points) / 100
    scored = [q for q in questions if q.get("type") != "reflection"]
    if scored and maximum == 0:
        scored[0]["points"] = 1  # a check needs points to earn (unless it is an action plan)
        maximum = Decimal(1)
    doc = {"title": draw(texts), "type": "quiz", "questions": questions}
    if maximum > 0:
        if draw(st.booleans()):
            doc["results"] = draw(bands(maximum))
        if draw(st.booleans()):
            doc["pass"] = f"{draw(st.integers(0, 100))}%"
        doc["feedback"] = draw(st.sampled_from(["on-submit", "immediate"]))
    return doc


documents = st.one_of(checklist(), self_assessment(), quiz())


def dump(doc, flow: bool) -> bytes:
    return yaml.safe_dump(
        doc, allow_unicode=True, sort_keys=False, default_flow_style=None if flow else False
    ).encode("utf-8")


# ---------------------------------------------------------------- mutations

scalars = st.one_of(
    st.sampled_from(
        [
            None,
            True,
            False,
            "yes",
            "no",
            "on",
            "off",
            "~",
            "",
            " ",
            "-1",
            "1e3",
            "0.125",
            "50%",
            "150%",
            "nan",
            "inf",
            "0x10",
            "[",
            "{",
            "&a",
            "*a",
            "!!str",
            "<<",
            "null",
            "Null",
            "\t",
            "a: b",
            "- x",
            "#",
            "%",
            "@",
            "`",
            "\u2028",
            "\ufeff",
            "x" * 300,
        ]
    ),
    st.integers(-(10**6), 10**6),
    st.floats(allow_nan=False, allow_infinity=False),
    words,
)
junk = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(words, inner, max_size=3)),
    max_leaves=6,
)


def _containers(value, path=()):
    yield path, value
    if isinstance(value, dict):
        for key, inner in value.items():
            yield from _containers(inner, path + (key,))
    elif isinstance(value, list):
        for i, inner in enumerate(value):
            yield from _containers(inner, path + (i,))


def _set(doc, path, value):
    if not path:
        return value
    target = doc
    for segment in path[:-1]:
        target = target[segment]
    target[path[-1]] = value
    return doc


@st.composite
def mutated(draw):
    import copy

    doc = copy.deepcopy(draw(documents))
    for _ in range(draw(st.integers(1, 3))):
        places = list(_containers(doc))
        path, value = draw(st.sampled_from(places))
        action = draw(st.sampled_from(["replace", "drop", "rename", "add", "duplicate", "wrap"]))
        if action == "replace":
            doc = _set(doc, path, draw(junk))
        elif action == "drop" and isinstance(value, dict) and value:
            del value[draw(st.sampled_from(sorted(value, key=str)))]
        elif action == "drop" and isinstance(value, list) and value:
            del value[draw(st.integers(0, len(value) - 1))]
        elif action == "rename" and isinstance(value, dict) and value:
            old = draw(st.sampled_from(sorted(value, key=str)))
            new = draw(
                st.sampled_from([str(old)[:-1], str(old) + "s", str(old).upper(), "id", "type"])
            )
            value[new] = value.pop(old)
        elif action == "add" and isinstance(value, dict):
            value[
                draw(st.one_of(words, st.sampled_from(["type", "id", "points", "results", "pass"])))
            ] = draw(junk)
        elif action == "duplicate" and isinstance(value, list) and value:
            value.append(copy.deepcopy(draw(st.sampled_from(value))))
        elif action == "wrap":
            doc = _set(doc, path, [value])
    return doc


# ---------------------------------------------------------------- the properties


def _answers(draw, data):
    answers = {}
    for q in data["questions"]:
        kind = q["kind"]
        if draw(st.integers(0, 5)) == 0:
            continue  # unanswered
        if draw(st.integers(0, 9)) == 0:
            answers[q["id"]] = draw(junk)  # not a valid answer at all: counts as unanswered
        elif kind == "check":
            answers[q["id"]] = draw(st.booleans())
        elif kind == "scale":
            answers[q["id"]] = draw(st.integers(-1, len(q["steps"])))
        elif kind == "single":
            answers[q["id"]] = draw(st.integers(-1, len(q["options"])))
        elif kind == "multiple":
            answers[q["id"]] = draw(st.lists(st.integers(-1, len(q["options"])), max_size=6))
        else:
            answers[q["id"]] = draw(texts)
    return answers


def _assert_scores_in_range(data, result):
    total, maximum = Fraction(result["score"]), Fraction(result["max"])
    assert maximum == Fraction(data["max"])
    assert 0 <= total <= maximum
    assert 0 <= result["percent"] <= 100
    if data["bands"]:
        assert result["band"] is not None and 0 <= result["band"] < len(data["bands"])
    assert result["passed"] in ((None,) if data["pass"] is None else (True, False))
    for dim in data["dimensions"]:
        got = result["dimensions"][dim["key"]]
        assert 0 <= Fraction(got["score"]) <= Fraction(got["max"]) == Fraction(dim["max"])
    for earned in result["questions"].values():
        assert 0 <= Fraction(earned["earned"]) <= Fraction(earned["max"])


def _check(raw: bytes, draw) -> bool:
    problems = Problems()
    loaded = load_text(raw, PATH, problems)
    event("rejected with problems" if loaded is None else "accepted and scored")
    if loaded is None:
        assert problems, "rejected without saying why"
        lines = raw.count(b"\n") + 2
        for problem in problems:
            assert problem.path == PATH
            assert 1 <= problem.line <= lines and problem.col >= 1, str(problem)
            assert problem.message.strip() and "Traceback" not in problem.message
        return False
    assert not problems
    model, _doc = loaded
    data = compile_check(model, "fuzz", course="fuzz", lang=draw(st.sampled_from(["de", "en"])))
    for _ in range(3):
        _assert_scores_in_range(data, score(data, _answers(draw, data)))
    return True


@FUZZ
@given(st.data(), documents, st.booleans())
def test_generated_valid_checks_load_and_score_within_range(data, doc, flow):
    assert _check(dump(doc, flow), data.draw), "a valid document was rejected"


@FUZZ
@given(st.data(), mutated(), st.booleans())
def test_mutated_checks_load_or_report_cleanly(data, doc, flow):
    _check(dump(doc, flow), data.draw)


@FUZZ
@given(st.data(), documents)
def test_mangled_yaml_text_loads_or_reports_cleanly(data, doc):
    raw = bytearray(dump(doc, data.draw(st.booleans())))
    for _ in range(data.draw(st.integers(1, 4))):
        at = data.draw(st.integers(0, len(raw)))
        action = data.draw(st.sampled_from(["insert", "delete", "truncate", "byte"]))
        if action == "insert":
            piece = data.draw(
                st.sampled_from(list(":-[]{}&*!|>'\"#%@`,?\t\n ") + ["  ", "\n- ", ": "])
            )
            raw[at:at] = piece.encode()
        elif action == "delete":
            del raw[at : at + data.draw(st.integers(1, 5))]
        elif action == "truncate":
            del raw[at:]
        else:
            raw[at:at] = bytes([data.draw(st.integers(0, 255))])
    _check(bytes(raw), data.draw)


def test_the_generator_makes_every_kind_of_check():
    """The strategies above are only worth something if they reach every type and entry kind."""
    seen = set()

    @settings(max_examples=60, deadline=None, derandomize=True)
    @given(documents)
    def collect(doc):
        seen.add(doc["type"])
        for entry in doc.get("items", doc.get("questions", [])):
            seen.add(entry.get("type", "entry") if isinstance(entry, dict) else "plain")

    collect()
    assert {"checklist", "self-assessment", "quiz", "reflection", "multiple", "plain"} <= seen
