"""Authoring hints: questions and bands that work against the author's intent.

A hint is not an error: the check is valid and builds. It points at something that makes a check
weaker than its author wants — a quiz a guesser passes by picking the longest answer, a band nobody
ever sees, a statement that asks two things at once. `kursbau check` prints hints, the build logs
them as warnings, and `--strict` turns them into errors, like MkDocs' own warnings.

Every hint has a name. `silence: [name]` on the question, item, statement or band it is about (or on
the whole check) says "this is on purpose" and turns it off there. The rules, their names and why
each matters are in the README ("Authoring hints"); this module only depends on the models, so any
engine (the CLI, the MkDocs plugin) can ask for them and print them.

What counts as a *realistic answer pattern* for the band rules: every complete set of answers in
which each scored question earns each of the point values it can earn equally often — a box ticked
or not, each step of a scale, a quiz question right or wrong (or each partial score), independently
of the other questions. A band that fewer than 1 in 100 of these patterns reach is reported as out
of reach, a band in which more than 95 in 100 land as catching nearly everyone.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from fractions import Fraction
from functools import lru_cache

from ..i18n import Words
from . import markdown
from . import models as m
from .hint import Hint
from .rules import is_action_plan, is_reflection
from .scales import scale_steps
from .usercache import read_json, user_cache_dir, write_json

RARE = Fraction(1, 100)  # a band fewer patterns reach than this is out of reach
CATCH_ALL = Fraction(95, 100)  # a band more patterns land in than this tells nobody apart
MIN_QUESTIONS = 3  # "most questions" is judged from this many single-choice questions on
MAX_SCORES = 100_000  # larger checks are not judged by the band rules (too many scores to count)


# What each hint says, per language: message (with {placeholders}) and why it matters.
TEXTS: Words[dict[str, dict[str, str]]] = Words(
    {
        "de": {
            "longest-correct": {
                "msg": "In {hits} von {total} Fragen ist die richtige Antwort die längste (Fragen {which}).",
                "why": "Wer nichts weiß und immer die längste Antwort nimmt, liegt meistens richtig;"
                " dann misst das Quiz Testerfahrung statt Wissen. Mach falsche Antworten genauso"
                " genau oder die richtige knapper.",
            },
            "same-position": {
                "msg": "In {hits} von {total} Fragen steht die richtige Antwort an Stelle {letter}"
                " (Fragen {which}).",
                "why": "Wer immer „{letter}“ ankreuzt, hat die meisten Fragen richtig. Verteile die"
                " richtigen Antworten auf verschiedene Stellen.",
            },
            "all-or-none": {
                "msg": "Die Antwort „{text}“ verweist auf die anderen Antworten.",
                "why": "„Alle genannten“ und „keine der genannten“ lassen sich mit Teilwissen lösen:"
                " Wer zwei Antworten als richtig erkennt, kennt die Lösung, ohne die dritte zu"
                " verstehen. Formuliere eine eigenständige Antwort.",
            },
            "double-negation": {
                "msg": "Hier treffen zwei Verneinungen aufeinander: {where}.",
                "why": "Eine doppelte Verneinung muss man erst im Kopf auflösen; wer sich dabei"
                " verheddert, antwortet falsch, obwohl er es weiß. Formuliere die Aussage positiv.",
            },
            "two-things": {
                "msg": "„{word}“ verbindet hier zwei Tätigkeiten ({first} … {second}).",
                "why": "Wer nur eines davon tut, kann weder ehrlich abhaken noch ehrlich ablehnen."
                " Eine Aussage, eine Sache: Teile sie in zwei Aussagen.",
            },
            "reverse-position": {
                "msg": "Die umgekehrt gezählten Aussagen {which} stehen alle an derselben Stelle"
                " ({pattern}).",
                "why": "Umgekehrte Aussagen sollen mechanisches Ankreuzen auffallen lassen; stehen sie"
                " immer an derselben Stelle, merkt man das Muster und sie verlieren ihren Zweck."
                " Verteile sie unregelmäßig.",
            },
            "band-unreached": {
                "msg": "Das Band „{title}“ erreicht {share} der realistischen Antwortmuster.",
                "why": "Ein Band, das fast niemand sieht, hilft niemandem; meist passt die Schwelle"
                " nicht mehr zur Zahl der Fragen. Kursbau zählt jede mögliche Punktzahl jeder Frage"
                " gleich oft (siehe README, „Authoring hints“).",
            },
            "band-catch-all": {
                "msg": "Im Band „{title}“ landen {share} der realistischen Antwortmuster.",
                "why": "Ein Band, in dem fast alle landen, unterscheidet niemanden; die Rückmeldung ist"
                " dann für alle dieselbe. Verschiebe die Schwellen.",
            },
            "single-statement": {
                "msg": "Der Bereich „{label}“ hat nur eine Aussage (Aussage {which}).",
                "why": "Ein Teilwert aus einer einzigen Aussage springt mit jedem Kreuz zwischen 0 und"
                " 100 % und misst diese Aussage, nicht den Bereich. Gib jedem Bereich mindestens"
                " drei Aussagen oder nimm die Aussage in einen anderen Bereich.",
            },
        },
        "en": {
            "longest-correct": {
                "msg": "In {hits} of {total} questions the right answer is the longest (questions"
                " {which}).",
                "why": "Someone who knows nothing and always picks the longest answer is mostly right;"
                " the quiz then measures test-wiseness instead of knowledge. Make wrong answers as"
                " precise, or the right one shorter.",
            },
            "same-position": {
                "msg": "In {hits} of {total} questions the right answer is at position {letter}"
                " (questions {which}).",
                "why": "Someone who always ticks “{letter}” gets most questions right. Spread the right"
                " answers over different positions.",
            },
            "all-or-none": {
                "msg": "The option “{text}” refers to the other options.",
                "why": "“All of the above” and “none of the above” can be solved with partial"
                " knowledge: whoever spots two right options knows the answer without understanding"
                " the third. Write an option that stands on its own.",
            },
            "double-negation": {
                "msg": "Two negations meet here: {where}.",
                "why": "A double negative has to be untangled first; whoever gets tangled answers"
                " wrongly while knowing better. Say it positively.",
            },
            "two-things": {
                "msg": "“{word}” joins two activities here ({first} … {second}).",
                "why": "Someone who does only one of them can neither honestly tick nor honestly"
                " leave it. One statement, one thing: split it in two.",
            },
            "reverse-position": {
                "msg": "The reverse statements {which} all sit at the same position ({pattern}).",
                "why": "Reverse statements are there to catch mechanical answering; always in the same"
                " place, the pattern shows and they lose their purpose. Spread them irregularly.",
            },
            "band-unreached": {
                "msg": "The band “{title}” is reached by {share} of realistic answer patterns.",
                "why": "A band almost nobody sees helps nobody; usually its threshold no longer fits"
                " the number of questions. Kursbau counts every possible score of every question"
                " equally often (see the README, “Authoring hints”).",
            },
            "band-catch-all": {
                "msg": "{share} of realistic answer patterns land in the band “{title}”.",
                "why": "A band almost everyone lands in tells nobody apart; the feedback is the same"
                " for all. Move the thresholds.",
            },
            "single-statement": {
                "msg": "The area “{label}” has a single statement (statement {which}).",
                "why": "A sub-score from one statement jumps between 0 and 100 % with every tick and"
                " measures that statement, not the area. Give each area at least three statements"
                " or move the statement to another area.",
            },
        },
    }
)


def find_hints(checks, lang: str = "de") -> list[Hint]:
    """Every hint of the given checks (objects with `path`, `model` and `doc`, such as
    `loader.LoadedCheck`), sorted by file and line. `lang` chooses German or English words."""
    lang = "de" if lang == "de" else "en"
    found: list[Hint] = []
    for check in checks:
        found.extend(_Judge(check, lang).run())
    return sorted(set(found))


_ON = {
    "longest-correct": "questions",
    "same-position": "questions",
    "band-unreached": "band",
    "band-catch-all": "band",
    "reverse-position": "statement",
    "single-statement": "statement",
}


class _Judge:
    """The hints of one check."""

    def __init__(self, check, lang: str):
        self.check = check
        self.model: m.AnyAssessment = check.model
        self.doc = check.doc
        self.lang = lang
        self.key = m.entries_key(self.model)
        self.entries = m.entries(self.model)
        self.hints: list[Hint] = []

    def run(self) -> list[Hint]:
        if isinstance(self.model, m.Quiz):
            self.longest_correct_and_same_position()
            self.all_or_none()
        self.double_negation()
        if not isinstance(self.model, m.Quiz):
            self.two_things()
        if isinstance(self.model, m.SelfAssessment):
            self.reverse_position()
            self.single_statement()
        if not is_action_plan(self.model):
            self.bands()
        return self.hints

    # -- reporting ------------------------------------------------------------------------------

    def silenced(self, name: str, *owners) -> bool:
        return any(name in (getattr(o, "silence", None) or ()) for o in (self.model, *owners))

    def add(self, name: str, path: tuple, *, key: bool = False, **values) -> None:
        text = TEXTS[self.lang][name]
        line, col = self.doc.position(path, key=key)
        on = _ON.get(name) or ("question" if isinstance(self.model, m.Quiz) else "statement")
        self.hints.append(
            Hint(
                self.check.path,
                line,
                col,
                name,
                text["msg"].format(**values),
                text["why"].format(**values),
                self.lang,
                on,
            )
        )

    def text_path(self, i: int, entry) -> tuple:
        return (self.key, i) if isinstance(entry, str) else (self.key, i, "text")

    # -- quiz patterns --------------------------------------------------------------------------

    def longest_correct_and_same_position(self) -> None:
        singles = [
            (i, q)
            for i, q in enumerate(self.entries)
            if isinstance(q, m.SingleChoice) and len(q.options) >= 2
        ]
        for name, judge in (("longest-correct", _longest), ("same-position", _position)):
            counted = [(i, q) for i, q in singles if not self.silenced(name, q)]
            if len(counted) < MIN_QUESTIONS:
                continue
            marks = {i: judge(q) for i, q in counted}
            if name == "longest-correct":
                hits = [i for i, longest in marks.items() if longest]
                extra = {}
            else:
                position, count = Counter(marks.values()).most_common(1)[0]
                hits = [i for i, p in marks.items() if p == position]
                extra = {"letter": "abcdefghijklmnopqrstuvwxyz"[position % 26]}
            if len(hits) * 2 > len(counted):
                self.add(
                    name,
                    (self.key,),
                    key=True,
                    hits=len(hits),
                    total=len(counted),
                    which=_join([i + 1 for i in hits], self.lang),
                    **extra,
                )

    def all_or_none(self) -> None:
        for i, q in enumerate(self.entries):
            if is_reflection(q) or self.silenced("all-or-none", q):
                continue
            for j, option in enumerate(q.options):
                text = option if isinstance(option, str) else option.text
                if ALL_OR_NONE.search(_plain(text)):
                    where = (self.key, i, "options", j)
                    self.add(
                        "all-or-none",
                        where if isinstance(option, str) else where + ("text",),
                        text=_plain(text),
                    )

    # -- wording --------------------------------------------------------------------------------

    def double_negation(self) -> None:
        negative_scale = isinstance(self.model, m.SelfAssessment) and any(
            _negations(label) for label, _p in scale_steps(self.model.scale, self.lang)
        )
        for i, entry in enumerate(self.entries):
            if is_reflection(entry) or self.silenced("double-negation", _owner(entry)):
                continue
            text = _plain(entry if isinstance(entry, str) else entry.text)
            within = _double_in_one_sentence(text, self.lang)
            own = _negations(_asking(text) if isinstance(entry, m._Choice) else text)
            if within:
                self.add("double-negation", self.text_path(i, entry), where=within)
            elif negative_scale and own:
                self.add(
                    "double-negation", self.text_path(i, entry), where=self._scale_clash(own[0])
                )
            if not isinstance(entry, m._Choice):
                continue
            for j, option in enumerate(entry.options):
                option_text = _plain(option if isinstance(option, str) else option.text)
                words = _negations(option_text)
                path = (self.key, i, "options", j)
                path = path if isinstance(option, str) else path + ("text",)
                if own and words:
                    self.add("double-negation", path, where=self._stem_clash(own[0], words[0]))
                elif _double_in_one_sentence(option_text, self.lang):
                    where = _double_in_one_sentence(option_text, self.lang)
                    self.add("double-negation", path, where=where)

    def _scale_clash(self, word: str) -> str:
        negative = next(
            label for label, _p in scale_steps(self.model.scale, self.lang) if _negations(label)
        )
        if self.lang == "de":
            return f"„{word}“ in der Aussage und „{negative}“ auf der Skala"
        return f"“{word}” in the statement and “{negative}” on the scale"

    def _stem_clash(self, stem: str, option: str) -> str:
        if self.lang == "de":
            return f"„{stem}“ in der Frage und „{option}“ in der Antwort"
        return f"“{stem}” in the question and “{option}” in the option"

    def two_things(self) -> None:
        for i, entry in enumerate(self.entries):
            if is_reflection(entry) or self.silenced("two-things", _owner(entry)):
                continue
            text = _plain(entry if isinstance(entry, str) else entry.text)
            found = joined_activities(text, self.lang)
            if found:
                word, first, second = found
                self.add(
                    "two-things", self.text_path(i, entry), word=word, first=first, second=second
                )

    # -- self-assessments -----------------------------------------------------------------------

    def reverse_position(self) -> None:
        statements = [
            (i, e) for i, e in enumerate(self.entries) if not is_reflection(e)
        ]  # the numbers printed are positions among all entries
        reverse = [
            (i, e)
            for i, e in statements
            if isinstance(e, m.Statement) and e.reverse and not self.silenced("reverse-position", e)
        ]
        if len(reverse) < 2:
            return
        pattern = _reverse_pattern(statements, reverse, self.lang)
        if pattern:
            first = reverse[0][0]
            self.add(
                "reverse-position",
                (self.key, first, "reverse"),
                which=_join([i + 1 for i, _e in reverse], self.lang),
                pattern=pattern,
            )

    def single_statement(self) -> None:
        for name, dim in (self.model.dimensions or {}).items():
            members = [
                (i, e)
                for i, e in enumerate(self.entries)
                if not is_reflection(e) and getattr(e, "dimension", None) == name
            ]
            if len(members) != 1 or self.silenced("single-statement", members[0][1]):
                continue
            label = dim if isinstance(dim, str) else dim.label
            self.add(
                "single-statement",
                ("dimensions", name),
                key=True,
                label=label,
                which=members[0][0] + 1,
            )

    # -- bands ----------------------------------------------------------------------------------

    def bands(self) -> None:
        scored = [e for e in self.entries if not is_reflection(e)]
        lists = [(("results",), self.model.results, scored)]
        for name, dim in (self.model.dimensions or {}).items():
            if isinstance(dim, m.DimensionSpec) and dim.results:
                members = [e for e in scored if getattr(e, "dimension", None) == name]
                lists.append((("dimensions", name, "results"), dim.results, members))
        for path, bands, members in lists:
            if not bands:
                continue
            shares = band_shares(self.model, bands, members, self.lang)
            if shares is None:
                continue
            for k, (band, share) in enumerate(zip(bands, shares, strict=True)):
                if self.silenced("band-unreached", band) and self.silenced("band-catch-all", band):
                    continue
                where = path + (k, "min")
                if share < RARE and not self.silenced("band-unreached", band):
                    self.add(
                        "band-unreached", where, title=band.title, share=_share(share, self.lang)
                    )
                elif share > CATCH_ALL and not self.silenced("band-catch-all", band):
                    self.add(
                        "band-catch-all", where, title=band.title, share=_share(share, self.lang)
                    )


# -- the rules' building blocks (public where tests and docs use them) ---------------------------


def _plain(text) -> str:
    """Text without Markdown markup, as a reader sees it."""
    rendered = markdown.inline(str(text))
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", rendered)).split())


def _owner(entry):
    return None if isinstance(entry, str) else entry


def _options(q) -> list[m.Option]:
    return [m.Option(text=o) if isinstance(o, str) else o for o in q.options]


def _longest(q) -> bool:
    """Whether the correct option of a single-choice question is longer than every other."""
    options = _options(q)
    lengths = [len(_plain(o.text)) for o in options]
    right = next(k for k, o in enumerate(options) if o.correct)
    return all(lengths[right] > n for k, n in enumerate(lengths) if k != right)


def _position(q) -> int:
    return next(k for k, o in enumerate(_options(q)) if o.correct)


ALL_OR_NONE = re.compile(
    r"\b(?:alle|keine)\s+(?:der\s+|dieser\s+)?(?:oben\s+|vorher\s+|zuvor\s+)?"
    r"(?:genannten|anderen|obigen|vorigen)\b"
    r"|\b(?:alle|keine)\s+(?:antworten|aussagen|optionen|antwort|aussage|option)\s+"
    r"(?:sind|ist|stimmen|stimmt)\s+(?:richtig|korrekt|falsch)"
    r"|\b(?:all|none|neither|both)\s+of\s+(?:the\s+)?(?:above|these|them|others|the\s+others)\b"
    r"|\ball\s+(?:the\s+)?above\b",
    re.I,
)

NEGATIONS = {
    # German
    "nicht",
    "kein",
    "keine",
    "keinen",
    "keinem",
    "keiner",
    "keines",
    "nie",
    "niemals",
    "niemand",
    "niemanden",
    "niemandem",
    "nichts",
    "weder",
    "nirgends",
    "nirgendwo",
    # English
    "not",
    "no",
    "never",
    "none",
    "nobody",
    "nothing",
    "neither",
    "nor",
    "nowhere",
    "cannot",
}


def _negations(text: str) -> list[str]:
    """The negating words of a text, in order ("ohne"/"without" and prefixes like "un-" are
    not counted: they rarely trip a reader)."""
    return [
        w
        for w in re.findall(r"\w+(?:'\w+)?", text)
        if w.lower() in NEGATIONS or w.lower().endswith("n't")
    ]


def _asking(stem: str) -> str:
    """The sentences of a question stem that ask (end with "?"); the whole stem without one. A
    negation in a scenario or a quoted claim is not what the options answer."""
    asking = [s for s in re.findall(r"[^.!?]*\?", stem)]
    return " ".join(asking) if asking else stem


def _double_in_one_sentence(text: str, lang: str) -> str | None:
    for sentence in re.split(r"[.!?;:]+", text):
        words = _negations(sentence)
        if len(words) >= 2:
            if lang == "de":
                return f"„{words[0]}“ und „{words[1]}“ in einem Satz"
            return f"“{words[0]}” and “{words[1]}” in one sentence"
    return None


def _join(numbers: list[int], lang: str) -> str:
    items = [str(n) for n in numbers]
    if len(items) == 1:
        return items[0]
    last = " und " if lang == "de" else " and "
    return ", ".join(items[:-1]) + last + items[-1]


def _share(share: Fraction, lang: str) -> str:
    percent = share * 100
    if share == 0:
        return "keines" if lang == "de" else "none"
    if percent < 1:
        text = f"{float(percent):.1f}".rstrip("0").rstrip(".") or "0"
        text = text if text != "0" else "<0.1"
    else:
        text = f"{float(percent):.0f}"
    if lang == "de":
        return text.replace(".", ",") + "\u00a0%"
    return text + "%"


def _reverse_pattern(statements, reverse, lang: str) -> str | None:
    """How the reverse statements line up, or None when they do not: all at the same position
    within their areas, all at the start or end of the list, or at a fixed distance."""
    de = lang == "de"
    groups: dict = {}
    for i, e in statements:
        groups.setdefault(getattr(e, "dimension", None), []).append(i)
    if len({getattr(e, "dimension", None) for _i, e in reverse}) >= 2:
        from_start = {groups[getattr(e, "dimension", None)].index(i) for i, e in reverse}
        from_end = {
            len(groups[getattr(e, "dimension", None)])
            - 1
            - groups[getattr(e, "dimension", None)].index(i)
            for i, e in reverse
        }
        if from_end == {0}:
            return "jeweils die letzte ihres Bereichs" if de else "each the last of its area"
        if len(from_start) == 1:
            n = from_start.pop() + 1
            return f"jeweils die {n}. ihres Bereichs" if de else f"each number {n} of its area"
    order = [i for i, _e in statements]
    places = [order.index(i) for i, _e in reverse]
    if places == list(range(len(order) - len(places), len(order))):
        return "alle am Ende" if de else "all at the end"
    if places == list(range(len(places))):
        return "alle am Anfang" if de else "all at the start"
    gaps = {b - a for a, b in zip(places, places[1:], strict=False)}
    if len(places) >= 3 and len(gaps) == 1:
        n = gaps.pop()
        return f"jede {n}. Aussage" if de else f"every {n}th statement"
    return None


# -- two things at once: a conjunction between two verbs ----------------------------------------

CONJUNCTIONS = {"de": ("und", "sowie"), "en": ("and",)}
# a new clause after the conjunction ("… und was ich zugesagt habe", "… and who I called")
CLAUSE_OPENERS = {
    "de": {"PWS", "PWAV", "PWAT", "KOUS", "PRELS", "PRELAT"},
    "en": {"DTQ", "AVQ", "PNQ", "CJS", "CJT"},
}
BOUNDARY = set(",;:–—()[]!?.")
MODELS = {"de": "morphmodel_ger.pgz", "en": "morphmodel_en.pgz"}


@lru_cache(maxsize=2)
def _tagger(lang: str):
    """HanTa, the Hanover Tagger (PyPI), with its German or English model; loaded on first use."""
    from HanTa import HanoverTagger

    return HanoverTagger.HanoverTagger(MODELS[lang])


class _TagCache:
    """How HanTa tags each text, kept in the user's cache (`hanta-tags.json`): loading a model
    takes 0.6 s and 50 MB, and a rebuild of unchanged checks then never loads it. Tagging is
    a function of the words and the model alone; the file counts only for the HanTa version
    that wrote it."""

    LIMIT = 50_000  # texts kept; the oldest go first

    def __init__(self):
        self.loaded = False
        self.version = ""
        self.known: dict[str, list[str]] = {}
        self.added = False

    def tags(self, tokens: list[str], lang: str) -> list[str]:
        self._load()
        key = lang + "\0" + "\0".join(tokens)
        tags = self.known.get(key)
        if not (isinstance(tags, list) and len(tags) == len(tokens)):
            tags = [tag for _word, _lemma, tag in _tagger(lang).tag_sent(tokens, taglevel=1)]
            self.known[key] = tags
            self.added = True
        return tags

    def save(self) -> None:
        if self.added:
            kept = dict(list(self.known.items())[-self.LIMIT :])
            write_json(_tag_file(), {"hanta": self.version, "tags": kept})
            self.added = False

    def _load(self) -> None:
        if self.loaded:
            return
        self.loaded = True
        self.version = _hanta_version()
        data = read_json(_tag_file())
        tags = data.get("tags") if isinstance(data, dict) else None
        if isinstance(tags, dict) and data.get("hanta") == self.version:
            self.known = tags


def save_tags() -> None:
    """Keep what HanTa tagged in this run for the next (see `_TagCache`)."""
    _TAGS.save()


def _tag_file():
    folder = user_cache_dir()
    return folder / "hanta-tags.json" if folder else None


def _hanta_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("HanTa")
    except PackageNotFoundError:
        return ""


_TAGS = _TagCache()


def _tokens(text: str) -> list[str]:
    return re.findall(r"\w+(?:[-']\w+)*|[^\w\s]", text)


def joined_activities(text: str, lang: str) -> tuple[str, str, str] | None:
    """(conjunction, verb before, verb after) when "und"/"sowie" ("and") joins two verbs: a
    verb stands before the conjunction in the same sentence, and after it either a verb within
    two words ("… und frage nach") or a new clause with a verb ("… und was ich zugesagt habe").
    Verbs are what HanTa tags as one. Only German and English texts are judged."""
    if lang not in CONJUNCTIONS:
        return None
    tokens = _tokens(text)
    lowered = [t.lower() for t in tokens]
    if not any(w in CONJUNCTIONS[lang] for w in lowered) and not (
        lang == "en" and "as well as" in " ".join(lowered)
    ):
        return None
    tags = _TAGS.tags(tokens, lang)
    start = 0
    for k, word in enumerate(lowered):
        if word in (".", "!", "?"):
            start = k + 1
            continue
        is_conjunction = word in CONJUNCTIONS[lang] or (
            lang == "en" and lowered[k : k + 3] == ["as", "well", "as"]
        )
        if not is_conjunction:
            continue
        before = [(tokens[j], tags[j]) for j in range(start, k) if tags[j].startswith("V")]
        after = []
        for j in range(k + (3 if word == "as" else 1), len(tokens)):
            if tokens[j] in BOUNDARY:
                break
            after.append((j, tokens[j], tags[j]))
        if not before or not after:
            continue
        near = [(t, tag) for _j, t, tag in after[:2] if tag.startswith("V")]
        clause = after[0][2] in CLAUSE_OPENERS[lang] and any(
            tag.startswith("V") for _j, _t, tag in after
        )
        if near or clause:
            second = near[0][0] if near else next(t for _j, t, tag in after if tag.startswith("V"))
            shown = "as well as" if word == "as" else tokens[k]
            return shown, before[-1][0], second
    return None


# -- band reach ---------------------------------------------------------------------------------


def point_values(model, entry, lang: str) -> list[Fraction]:
    """The distinct points one scored question can earn."""
    if isinstance(entry, str):
        entry = (
            m.Statement(text=entry)
            if isinstance(model, m.SelfAssessment)
            else m.ChecklistItem(text=entry)
        )
    if isinstance(entry, m.Statement):
        weight = Fraction(entry.weight)
        return sorted({weight * Fraction(p) for _label, p in scale_steps(model.scale, lang)})
    points = Fraction(entry.points)
    if isinstance(entry, m.MultipleChoice) and entry.partial:
        correct = sum(1 for o in _options(entry) if o.correct) or 1
        return sorted({points * Fraction(k, correct) for k in range(correct + 1)})
    return sorted({Fraction(0), points})


def score_counts(values: list[list[Fraction]]) -> dict[Fraction, int] | None:
    """How many answer patterns give each score, each question earning each of its values
    once; None when the check has more than MAX_SCORES possible scores."""
    counts: dict[Fraction, int] = {Fraction(0): 1}
    for options in values:
        step: dict[Fraction, int] = {}
        for total, n in counts.items():
            for v in options:
                step[total + v] = step.get(total + v, 0) + n
        counts = step
        if len(counts) > MAX_SCORES:
            return None
    return counts


def band_shares(model, bands, members, lang: str) -> list[Fraction] | None:
    """The share of realistic answer patterns that land in each band (decided like the
    scoring: the last band whose `min` the score reaches)."""
    values = [point_values(model, e, lang) for e in members]
    maximum = sum((max(v) for v in values), Fraction(0))
    if maximum <= 0:
        return None
    counts = score_counts(values)
    if counts is None:
        return None
    total = sum(counts.values())
    shares = [0] * len(bands)
    for score, n in counts.items():
        shown = None
        for k, band in enumerate(bands):
            threshold = Fraction(band.min.value)
            if band.min.percent:
                threshold = threshold * maximum / 100
            if score >= threshold:
                shown = k
        if shown is not None:
            shares[shown] += n
    return [Fraction(s, total) for s in shares]
