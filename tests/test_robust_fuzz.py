"""Fuzzing the loader and the scoring with generated check files.

Valid checks of every type are generated as a trainer writes them, with band minimums and pass
marks drawn from the scores that generated answers reach (and their neighbours one hundredth
away), so that boundaries are hit from both sides. Each file goes through the real loader,
compiler and scoring (`score(compile_check(load_text(yaml)))`), and every field of the result must
equal what `Oracle` computes from the file alone, by the rules of FORMAT.md, with its own
arithmetic. Broken files (mutations of valid ones, mangled YAML text) load or come back as clean
problems (path:line:col: message): never an exception.

The examples are pinned (the same on every run, as CI needs them): 300 of them, or
`KURSBAU_FUZZ_EXAMPLES`; with `KURSBAU_FUZZ_EXPLORE=1` they are fresh ones on every run.
"""

from __future__ import annotations

import copy
import math
import os
from collections import Counter
from decimal import ROUND_HALF_UP, Decimal, localcontext
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
    max_examples=int(os.environ.get("KURSBAU_FUZZ_EXAMPLES", "300")),
    derandomize=os.environ.get("KURSBAU_FUZZ_EXPLORE") != "1",  # pinned: the same every run
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# ---------------------------------------------------------------- texts and numbers

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


def number(hundredths: int):
    """A number with two decimals as an author might write it: 2, 0.5, "0.5" or "2"."""
    d = Decimal(hundredths) / 100
    text = format(d.normalize(), "f")
    return st.sampled_from([text, float(text)] + ([int(d)] if d == int(d) else []))


def points():
    """Hundredths of a point: mostly above zero (a zero now and then)."""
    return st.one_of(st.just(0), st.integers(1, 1000), st.integers(1, 1000), st.integers(1, 1000))


# ---------------------------------------------------------------- the oracle (FORMAT.md)

NAMED_SCALES = {"agree-4": 4, "agree-5": 5, "frequency-5": 5, "yes-no": 2}  # steps 0, 1, …


def exact(value) -> Fraction:
    """A number of the file as written (2, 0.5, "0.5") as an exact fraction."""
    return Fraction(str(value))


def shown(value: Fraction) -> str:
    """As `data-score` shows it: at most four decimals, half up, no trailing zeros."""
    with localcontext() as context:
        context.prec = 80
        quotient = Decimal(value.numerator) / Decimal(value.denominator)
        text = format(quotient.quantize(Decimal("0.0001"), ROUND_HALF_UP).normalize(), "f")
    return "0" if text in ("-0", "0.0000") else text


def entries(doc: dict) -> list:
    return doc["items"] if doc["type"] == "checklist" else doc["questions"]


def entry_key(entry, index: int) -> str:
    return (entry.get("id") if isinstance(entry, dict) else None) or f"q{index + 1}"


def is_reflection(entry) -> bool:
    return isinstance(entry, dict) and entry.get("type") == "reflection"


def threshold(value) -> tuple[Fraction, bool]:
    """A band `min` or `pass`: (value, is a percentage)."""
    if isinstance(value, str) and value.strip().endswith("%"):
        return exact(value.strip()[:-1].strip()), True
    return exact(value), False


class Oracle:
    """What FORMAT.md says a check file scores, computed from the file itself."""

    def __init__(self, doc: dict):
        self.doc = doc
        self.steps: list[Fraction] = []
        if doc["type"] == "self-assessment":
            scale = doc["scale"]
            if isinstance(scale, str):
                self.steps = [Fraction(i) for i in range(NAMED_SCALES[scale])]
            else:
                self.steps = [exact(step["points"]) for step in scale]

    def question(self, entry, answer) -> tuple[Fraction, Fraction, bool]:
        """(earned, most, answered) of one scored entry."""
        kind = self.doc["type"]
        fields = entry if isinstance(entry, dict) else {}
        if kind == "checklist":  # an unticked item is a "no": always answered
            most = exact(fields.get("points", 1))
            return (most if answer is True else Fraction(0)), most, True
        if kind == "self-assessment":
            weight = exact(fields.get("weight", 1))
            top, bottom = max(self.steps), min(self.steps)
            if not self._index(answer, len(self.steps)):
                return Fraction(0), weight * top, False
            p = self.steps[answer]
            return weight * (top + bottom - p if fields.get("reverse") else p), weight * top, True
        most = exact(fields.get("points", 1))
        correct = {
            i for i, o in enumerate(fields["options"]) if isinstance(o, dict) and o.get("correct")
        }
        if fields.get("type", "single") == "single":
            if not self._index(answer, len(fields["options"])):
                return Fraction(0), most, False
            return (most if answer in correct else Fraction(0)), most, True
        if not isinstance(answer, list):
            return Fraction(0), most, False
        chosen = {a for a in answer if self._index(a, len(fields["options"]))}
        if not chosen:
            return Fraction(0), most, False
        if fields.get("partial"):
            right, wrong = len(chosen & correct), len(chosen - correct)
            return most * max(Fraction(0), Fraction(right - wrong, len(correct))), most, True
        return (most if chosen == correct else Fraction(0)), most, True

    @staticmethod
    def _index(answer, count: int) -> bool:
        return type(answer) is int and 0 <= answer < count

    def totals(self, answers: dict) -> dict:
        """Exact score and maximum of the check and of each dimension, per question too."""
        total, most_total, unanswered = Fraction(0), Fraction(0), 0
        dims = {key: [Fraction(0), Fraction(0)] for key in self.doc.get("dimensions", {})}
        questions = {}
        for i, entry in enumerate(entries(self.doc)):
            if is_reflection(entry):
                continue
            key = entry_key(entry, i)
            earned, most, answered = self.question(entry, answers.get(key))
            total += earned
            most_total += most
            unanswered += not answered
            dimension = entry.get("dimension") if isinstance(entry, dict) else None
            if dimension:
                dims.setdefault(dimension, [Fraction(0), Fraction(0)])
                dims[dimension][0] += earned
                dims[dimension][1] += most
            questions[key] = (earned, most, answered)
        return {
            "score": total,
            "max": most_total,
            "unanswered": unanswered,
            "dims": dims,
            "questions": questions,
        }

    def result(self, answers: dict) -> dict:
        """The result as `generator.core.scoring.score` reports it."""
        t = self.totals(answers)
        passed = None
        if "pass" in self.doc:
            passed = self.reaches(threshold(self.doc["pass"]), t["score"], t["max"])
        return {
            "score": shown(t["score"]),
            "max": shown(t["max"]),
            "percent": self.percent(t["score"], t["max"]),
            "band": self.band(self.doc.get("results"), t["score"], t["max"]),
            "passed": passed,
            "unanswered": t["unanswered"],
            "dimensions": {
                key: {
                    "score": shown(earned),
                    "max": shown(most),
                    "percent": self.percent(earned, most),
                    "band": self.band(self.dimension_bands(key), earned, most),
                }
                for key, (earned, most) in t["dims"].items()
            },
            "questions": {
                key: {"earned": shown(e), "max": shown(m), "answered": a}
                for key, (e, m, a) in t["questions"].items()
            },
        }

    def dimension_bands(self, key: str):
        spec = self.doc["dimensions"][key]
        return spec.get("results") if isinstance(spec, dict) else None

    @staticmethod
    def percent(earned: Fraction, most: Fraction) -> int:
        return math.floor(earned * 100 / most) if most > 0 else 0

    @staticmethod
    def reaches(mark: tuple[Fraction, bool], earned: Fraction, most: Fraction) -> bool:
        value, percent = mark
        if percent:  # of the maximum; nothing is a percentage of nothing: 0 %
            return (earned * 100 / most if most > 0 else 0) >= value
        return earned >= value

    def band(self, bands, earned: Fraction, most: Fraction) -> int | None:
        if not bands:
            return None
        reached = [
            i for i, b in enumerate(bands) if self.reaches(threshold(b["min"]), earned, most)
        ]
        return reached[-1] if reached else None

    def on_boundary(self, answers: dict) -> bool:
        """Whether the score lies exactly on a band minimum or the pass mark."""
        t = self.totals(answers)
        marks = [b["min"] for b in self.doc.get("results") or []]
        marks += [self.doc["pass"]] if "pass" in self.doc else []
        for mark in marks:
            value, percent = threshold(mark)
            at = t["score"] * 100 / t["max"] if percent else t["score"]
            if value > 0 and at == value:
                return True
        return False


# ---------------------------------------------------------------- valid checks


def dimensions_of(draw) -> list[str]:
    return draw(st.lists(keys, max_size=3, unique=True))


def with_dimension(draw, entry: dict, dims: list[str]) -> dict:
    if dims and draw(st.booleans()):
        entry["dimension"] = draw(st.sampled_from(dims))
    return entry


def reflection(draw, i: int) -> dict:
    entry = {"type": "reflection", "text": draw(texts), "id": f"r-{i}"}
    if draw(st.booleans()):
        entry["lines"] = draw(st.integers(1, 40))
    return entry


@st.composite
def checklist(draw):
    dims = dimensions_of(draw)
    items = []
    for i in range(draw(st.integers(1, 8))):
        kind = draw(st.sampled_from(["plain", "entry", "entry", "reflection"]))
        if kind == "plain":
            items.append(draw(texts))
        elif kind == "reflection":
            items.append(reflection(draw, i))
        else:
            item = with_dimension(
                draw, {"text": draw(texts), "points": draw(number(draw(points())))}, dims
            )
            if draw(st.booleans()):
                item["tip"] = draw(texts)
            items.append(item)
    return {"title": draw(texts), "type": "checklist", "items": items}


@st.composite
def self_assessment(draw):
    dims = dimensions_of(draw)
    if draw(st.booleans()):
        scale = draw(st.sampled_from(sorted(NAMED_SCALES)))
    else:
        values = draw(st.lists(st.integers(0, 1000), min_size=2, max_size=5, unique=True))
        scale = [{"label": draw(texts), "points": draw(number(p))} for p in values]
    questions = []
    for i in range(draw(st.integers(1, 8))):
        kind = draw(st.sampled_from(["plain", "entry", "entry", "reflection"]))
        if kind == "plain":
            questions.append(draw(texts))
        elif kind == "reflection":
            questions.append(reflection(draw, i))
        else:
            statement = {"text": draw(texts), "weight": draw(number(draw(st.integers(1, 500))))}
            if draw(st.booleans()):
                statement["reverse"] = draw(st.booleans())
            questions.append(with_dimension(draw, statement, dims))
    return {"title": draw(texts), "type": "self-assessment", "scale": scale, "questions": questions}


@st.composite
def quiz(draw):
    dims = dimensions_of(draw)
    questions = []
    for i in range(draw(st.integers(1, 8))):
        kind = draw(st.sampled_from(["single", "multiple", "multiple", "reflection"]))
        if kind == "reflection":
            questions.append(reflection(draw, i))
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
                continue
            option = {"text": draw(texts)} | ({"correct": True} if o in right else {})
            if draw(st.booleans()):
                option["feedback"] = draw(texts)
            options.append(option)
        question = {"id": f"f{i}", "text": draw(texts), "options": options}
        if draw(st.integers(0, 3)):
            question["points"] = draw(number(draw(points())))
        if kind == "multiple":
            question["type"] = "multiple"
            if draw(st.integers(0, 2)):
                question["partial"] = draw(st.booleans())
        questions.append(with_dimension(draw, question, dims))
    doc = {"title": draw(texts), "type": "quiz", "questions": questions}
    doc["feedback"] = draw(st.sampled_from(["on-submit", "immediate"]))
    return doc


def is_action_plan(doc: dict) -> bool:
    return all(is_reflection(e) for e in entries(doc))


def make_scorable(doc: dict) -> dict:
    """A check with scored entries needs points to earn: one worth a point is added (a check of
    reflections only is an action plan, without a score)."""
    if is_action_plan(doc) or Oracle(doc).totals({})["max"] > 0:
        return doc
    if doc["type"] == "quiz":
        entries(doc).append({"text": "Extra", "options": [{"text": "ja", "correct": True}, "nein"]})
    else:  # zero points only happen in a checklist (scales and weights are never all zero)
        entries(doc).append("Extra")
    return doc


def answer(draw, doc: dict, entry):
    """One answer as the browser stores it, now and then one that is not valid at all."""
    if is_reflection(entry):
        return draw(texts)
    if draw(st.integers(0, 9)) == 0:  # stored by something else: never scores
        past = len(Oracle(doc).steps) if doc["type"] == "self-assessment" else 0
        if doc["type"] == "quiz":
            past = len(entry["options"])  # one past the last option: never a choice
        junk = [None, "1", 1.5, [], [-1], ["0"], {"x": 1}, 99, past, [past]]
        return draw(st.sampled_from(junk))
    if doc["type"] == "checklist":
        return draw(st.booleans())
    if doc["type"] == "self-assessment":
        return draw(st.integers(0, len(Oracle(doc).steps) - 1))
    if entry.get("type") == "multiple":
        return sorted(draw(st.sets(st.integers(0, len(entry["options"]) - 1))))
    return draw(st.integers(0, len(entry["options"]) - 1))


@st.composite
def answers_for(draw, doc: dict) -> dict:
    """Answers to some entries (the others unanswered)."""
    answers = {}
    for i, entry in enumerate(entries(doc)):
        if draw(st.integers(0, 5)):
            answers[entry_key(entry, i)] = answer(draw, doc, entry)
    return answers


@st.composite
def near_best(draw, doc: dict) -> dict:
    """The best answers with up to half of them (at least one, where there is just one) changed
    or left out: scores spread below the maximum instead of piling up at zero."""
    answers = best_answers(doc)
    scored = [i for i, e in enumerate(entries(doc)) if not is_reflection(e)]
    if not scored:
        return answers
    changed = draw(st.sets(st.sampled_from(scored), max_size=max(1, len(scored) // 2)))
    for i in changed:
        key, entry = entry_key(entries(doc)[i], i), entries(doc)[i]
        if draw(st.integers(0, 3)):
            answers[key] = answer(draw, doc, entry)
        else:
            del answers[key]
    return answers


def best_answers(doc: dict) -> dict:
    """Every point earned: all ticked, the top step (the bottom one when reversed), all right."""
    oracle, answers = Oracle(doc), {}
    for i, entry in enumerate(entries(doc)):
        key = entry_key(entry, i)
        if is_reflection(entry):
            continue
        if doc["type"] == "checklist":
            answers[key] = True
        elif doc["type"] == "self-assessment":
            reverse = isinstance(entry, dict) and entry.get("reverse")
            wanted = (min if reverse else max)(oracle.steps)
            answers[key] = oracle.steps.index(wanted)
        else:
            right = [
                j
                for j, o in enumerate(entry["options"])
                if isinstance(o, dict) and o.get("correct")
            ]
            answers[key] = right if entry.get("type") == "multiple" else right[0]
    return answers


def marks_near(reached: list[Fraction], most: Fraction, percent: bool) -> tuple[list, list]:
    """Thresholds in hundredths (of points or percent): those a score reaches exactly, and those
    just below and just above one; none at 0 (the first band) and none above the maximum."""
    if percent and most == 0:
        return [], []
    limit = Fraction(100) if percent else most
    at, near = set(), set()
    for earned in reached:
        value = (earned * 100 / most if percent else earned) * 100
        low, high = math.floor(value), math.ceil(value)
        if low == high:
            at.add(low)
        near |= {low - 1, low, high, high + 1} - {value}
    valid = lambda h: h > 0 and Fraction(h, 100) <= limit  # noqa: E731
    return sorted(filter(valid, at)), sorted(filter(valid, near))


def mark_near(draw, reached: list[Fraction], most: Fraction, percent: bool) -> int | None:
    at, near = marks_near(reached, most, percent)
    if at and (not near or draw(st.integers(0, 2))):
        return draw(st.sampled_from(at))
    return draw(st.sampled_from(near)) if near else None


def write_mark(draw, hundredths: int, percent: bool):
    if percent:
        text = format((Decimal(hundredths) / 100).normalize(), "f")
        return draw(st.sampled_from([f"{text}%", f"{text} %"]))
    return draw(number(hundredths))


def bands_near(draw, reached: list[Fraction], most: Fraction) -> list[dict]:
    percent = draw(st.booleans())
    picks = [mark_near(draw, reached, most, percent) for _ in range(draw(st.integers(1, 3)))]
    chosen = sorted({h for h in picks if h is not None})
    mins = [write_mark(draw, 0, percent) if draw(st.booleans()) else ("0%" if percent else 0)]
    mins += [write_mark(draw, h, percent) for h in chosen]
    return [{"min": m, "title": draw(texts), "text": draw(texts)} for m in mins]


@st.composite
def cases(draw):
    """(a valid check file, answer sets): bands and pass marks near what the answers reach."""
    doc = make_scorable(draw(st.one_of(checklist(), self_assessment(), quiz())))
    used = [e["dimension"] for e in entries(doc) if isinstance(e, dict) and "dimension" in e]
    if used:
        doc["dimensions"] = {key: draw(texts) for key in dict.fromkeys(used)}
    answer_sets = [best_answers(doc), draw(near_best(doc)), draw(near_best(doc))]
    answer_sets.append(draw(answers_for(doc)))
    oracle = Oracle(doc)
    totals = [oracle.totals(answers) for answers in answer_sets]
    most = totals[0]["max"]
    for key in doc.get("dimensions", {}):
        if draw(st.booleans()):
            reached = [t["dims"][key][0] for t in totals]
            doc["dimensions"][key] = {
                "label": doc["dimensions"][key],
                "results": bands_near(draw, reached, totals[0]["dims"][key][1]),
            }
    if is_action_plan(doc):
        return doc, answer_sets  # no score: no bands, no pass mark
    if doc["type"] != "quiz" or draw(st.booleans()):
        doc["results"] = bands_near(draw, [t["score"] for t in totals], most)
    if doc["type"] == "quiz" and draw(st.booleans()):
        percent = draw(st.booleans())
        mark = mark_near(draw, [t["score"] for t in totals], most, percent)
        doc["pass"] = write_mark(draw, mark or 0, percent)
    return doc, answer_sets


documents = cases().map(lambda case: case[0])


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


def load(raw: bytes):
    """(model, problems) of a file: the model is None when it has problems, which must then be
    clean ones, at a place inside the file."""
    problems = Problems()
    loaded = load_text(raw, PATH, problems)
    event("rejected with problems" if loaded is None else "accepted")
    if loaded is None:
        assert problems, "rejected without saying why"
        lines = raw.count(b"\n") + 2
        for problem in problems:
            assert problem.path == PATH
            assert 1 <= problem.line <= lines and problem.col >= 1, str(problem)
            assert problem.message.strip() and "Traceback" not in problem.message
        return None
    assert not problems
    return loaded[0]


@FUZZ
@given(cases(), st.booleans(), st.sampled_from(["de", "en"]))
def test_generated_checks_score_exactly_as_format_md_says(case, flow, lang):
    doc, answer_sets = case
    model = load(dump(doc, flow))
    assert model is not None, "a valid check file was rejected"
    data = compile_check(model, "fuzz", course="fuzz", lang=lang)
    oracle = Oracle(doc)
    for answers in answer_sets:
        event("on a boundary" if oracle.on_boundary(answers) else "between boundaries")
        assert score(data, answers) == oracle.result(answers), answers


def _in_range(data, result):
    """What holds for any check that loads, whatever the mutation made of it."""
    total, maximum = Fraction(result["score"]), Fraction(result["max"])
    assert maximum == Fraction(data["max"]) and 0 <= total <= maximum
    assert 0 <= result["percent"] <= 100
    if data["bands"]:
        assert result["band"] is not None and 0 <= result["band"] < len(data["bands"])
    for earned in result["questions"].values():
        assert 0 <= Fraction(earned["earned"]) <= Fraction(earned["max"])


@FUZZ
@given(mutated(), st.booleans(), st.data())
def test_mutated_checks_load_or_report_cleanly(doc, flow, data):
    model = load(dump(doc, flow))
    if model is not None:
        compiled = compile_check(model, "fuzz", course="fuzz", lang="de")
        answers = {q["id"]: data.draw(junk) for q in compiled["questions"]}
        _in_range(compiled, score(compiled, answers))
        _in_range(compiled, score(compiled, {}))


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
    load(bytes(raw))


def test_the_generator_reaches_every_kind_of_check_and_aims_at_boundaries():
    """The properties above are only worth something if the cases reach every type and entry
    kind, seldom score nothing, and often land exactly on a band minimum or pass mark (before
    thresholds were drawn from reached scores: 7 cases in 300, and 73 % scored 0)."""
    seen, counts = set(), Counter()

    @settings(max_examples=150, derandomize=True, deadline=None)
    @given(cases())
    def collect(case):
        doc, answer_sets = case
        seen.add(doc["type"])
        for spec in doc.get("dimensions", {}).values():
            seen.add("dimension bands" if isinstance(spec, dict) else "dimension")
        seen.update(key for key in ("pass", "results") if key in doc)
        if is_action_plan(doc):
            seen.add("action plan")
        for entry in entries(doc):
            seen.add(entry.get("type", "entry") if isinstance(entry, dict) else "plain")
        oracle = Oracle(doc)
        counts["cases"] += 1
        counts["cases on a boundary"] += any(oracle.on_boundary(a) for a in answer_sets)
        for answers in answer_sets:
            counts["answers"] += 1
            counts["scoring zero"] += oracle.totals(answers)["score"] == 0

    collect()
    assert {"checklist", "self-assessment", "quiz", "reflection", "multiple", "plain"} <= seen
    assert {"dimension", "dimension bands", "results", "pass", "action plan"} <= seen
    # Over seeds 0 to 7: 16 to 29 % of answers score 0, 28 to 55 % of cases land on a boundary.
    # The pinned examples are pinned only for one set of imported modules (Hypothesis also draws
    # constants it finds in them), so the run of the whole suite sees other cases than this file
    # alone: the bounds leave room for that, far from the 73 % and 2 % they replace.
    assert counts["scoring zero"] < counts["answers"] / 3, counts
    assert counts["cases on a boundary"] > 0.2 * counts["cases"], counts
