"""Synthetic training courses for the benchmark, generated deterministically.

One course is written in up to three flavours with the same pages and the same questions:

- ``kursbau``: lessons embed checks (``<!-- check: id -->``) that live in ``quizzes/*.yml``;
- ``plain``: the same mkdocs.yml without the kursbau plugin; every check is replaced by
  equivalent static Markdown, in the lesson and on its own page under ``checks/``;
- ``mkdocs-quiz``: the questions in mkdocs-quiz's ``<quiz>`` syntax (quiz-only courses as they
  are, other check types as close as mkdocs-quiz allows: see ``mkdocs_quiz_markdown``).

Lessons hold ~600 words of German text built from word lists and sentence templates with a seeded
random generator, so every run (and every flavour) sees byte-identical content. Two workloads:

- explicit nav (`write_course`): nested in mkdocs.yml (part → module → lessons and their checks,
  ten lessons per module), as a large course would be organised by hand;
- default nav (`write_default_course`): no `nav:` at all, as a new user starts; MkDocs builds the
  nav from the folders, and nothing places the checks.

Both have `navigation.prune` on.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import yaml

FLAVOURS = ("kursbau", "plain", "mkdocs-quiz")
KINDS = ("checklist", "self-assessment", "quiz", "plan")
LESSONS_PER_MODULE = 10
MODULES_PER_PART = 10

# -- words and sentence templates ------------------------------------------------------------

PEOPLE = [
    "Mira",
    "Jonas",
    "die Inhaberin einer Physiotherapiepraxis",
    "ein Steuerberater aus dem Nachbarort",
    "deine beste Kundin",
    "die Leiterin des Unternehmerstammtischs",
    "ein Grafikdesigner",
    "eine Tischlermeisterin",
    "dein Gegenüber",
    "eine frühere Kollegin",
    "der Geschäftsführer eines Familienbetriebs",
    "eine Hebamme mit eigener Praxis",
]
THINGS = [
    "Kontakte",
    "Empfehlungen",
    "Gespräche",
    "Angebote",
    "Beziehungen",
    "Visitenkarten",
    "Rückmeldungen",
    "Anfragen",
    "Aufträge",
    "Termine",
    "Nachrichten",
    "Ideen",
    "Beispiele",
    "Fragen",
    "Tipps",
    "Einladungen",
]
VERBS = [
    "pflegt",
    "sammelt",
    "sortiert",
    "plant",
    "bewertet",
    "teilt",
    "vermittelt",
    "sucht",
    "beantwortet",
    "vergisst",
    "notiert",
    "verschenkt",
]
INFINITIVES = [
    "pflegen",
    "sammeln",
    "verschenken",
    "vorbereiten",
    "weitergeben",
    "nachfassen",
    "aufschreiben",
    "ansprechen",
    "einordnen",
    "verabreden",
]
ADVERBS = [
    "regelmäßig",
    "ohne Hintergedanken",
    "mit einem klaren Ziel",
    "eher nebenbei",
    "jede Woche",
    "zu selten",
    "mit viel Geduld",
    "überraschend oft",
    "ganz bewusst",
    "ohne großen Aufwand",
]
ADJECTIVES = [
    "wichtig",
    "unterschätzt",
    "einfach",
    "mühsam",
    "lohnend",
    "ehrlich",
    "riskant",
    "selbstverständlich",
    "wertvoll",
    "überflüssig",
]
PLACES = [
    "beim Unternehmerfrühstück",
    "auf der Messe",
    "im Sportverein",
    "nach dem Workshop",
    "am Telefon",
    "in der Mittagspause",
    "auf einer Geburtstagsfeier",
    "beim Elternabend",
    "im Coworking-Space",
    "auf LinkedIn",
]
TIMES = [
    "am Montagmorgen",
    "nach dem ersten Termin",
    "in den ersten drei Monaten",
    "vor dem Urlaub",
    "am Ende des Quartals",
    "bei der nächsten Gelegenheit",
    "noch in dieser Woche",
]
TOPICS = [
    "Netzwerken ohne Verkaufsdruck",
    "Empfehlungen gezielt erbitten",
    "Kontakte pflegen mit System",
    "Das eigene Profil schärfen",
    "Bestandskunden wiederentdecken",
    "Gespräche auf Veranstaltungen",
    "Geben und Nehmen im Gleichgewicht",
    "Nachfassen ohne aufdringlich zu sein",
    "Die ersten zwei Sätze",
    "Vertrauen langsam aufbauen",
    "Ein Netzwerk für schwierige Zeiten",
    "Online und offline verbinden",
]
HEADINGS = [
    "Worum es geht",
    "Ein Beispiel aus der Praxis",
    "Typische Stolpersteine",
    "So gehst du vor",
    "Was du heute schon tun kannst",
    "Warum das wirkt",
    "Häufige Fragen",
    "Zum Weiterdenken",
]
SENTENCES = [
    "{P} {V} {T} {A}.",
    "Wer {T} {I} will, braucht vor allem Zeit und ein wenig Mut.",
    "{T} sind {J}, wenn du sie {A} im Blick behältst.",
    "{O} erzählt dir {P} von einem Problem, und du weißt genau, wer helfen kann.",
    "Viele halten {T} für {J}, dabei entscheiden sie oft über den nächsten Auftrag.",
    "Schreib dir {Z} drei Namen auf und überlege, wem du {A} etwas Gutes tun kannst.",
    "Es lohnt sich, {T} {I}, bevor du sie wirklich brauchst.",
    "{O} zeigt sich schnell, ob die Chemie stimmt.",
    "Frag dich ehrlich: Welche {T} hast du in den letzten Wochen {A} gepflegt?",
    "Niemand erwartet, dass du {Z} alles richtig machst.",
    "{P} {V} {T} lieber {A} als unter Druck.",
    "Das klingt {J}, ist aber vor allem eine Frage der Gewohnheit.",
    "Gute {T} entstehen selten auf Knopfdruck, sondern {O}.",
    "Wenn du {T} {I} möchtest, fang mit den Menschen an, die dich schon kennen.",
    "Halte fest, was du {O} gehört hast, damit du später daran anknüpfen kannst.",
    "Am Ende zählt nicht die Menge, sondern ob man dich im richtigen Moment empfiehlt.",
]
LIST_ITEMS = [
    "Notiere nach jedem Gespräch einen Satz, den du dir merken willst.",
    "Melde dich {Z} bei drei Menschen, ohne etwas zu wollen.",
    "Bereite zwei Sätze vor, die sagen, wofür man dich holt.",
    "Leite einen Tipp weiter, der jemand anderem Arbeit spart.",
    "Frag zufriedene Kundinnen und Kunden direkt nach einer Empfehlung.",
    "Plane {Z} eine Stunde nur für die Kontaktpflege ein.",
    "Bedanke dich für jede Empfehlung, auch wenn kein Auftrag daraus wird.",
    "Sortiere deine {T} nach Nähe, nicht nach Umsatz.",
]


def _fill(rng: random.Random, template: str) -> str:
    text = template
    for slot, words in (
        ("{P}", PEOPLE),
        ("{T}", THINGS),
        ("{V}", VERBS),
        ("{I}", INFINITIVES),
        ("{A}", ADVERBS),
        ("{J}", ADJECTIVES),
        ("{O}", PLACES),
        ("{Z}", TIMES),
    ):
        while slot in text:
            text = text.replace(slot, rng.choice(words), 1)
    return text[0].upper() + text[1:]


def sentence(rng: random.Random) -> str:
    return _fill(rng, rng.choice(SENTENCES))


def paragraph(rng: random.Random, sentences: int) -> str:
    return " ".join(sentence(rng) for _ in range(sentences))


def words(text: str) -> int:
    return len(text.split())


def lesson_body(rng: random.Random, number: int, target_words: int = 560) -> tuple[str, str]:
    """(title, Markdown) of one lesson with headings, paragraphs, a list and an example."""
    title = f"{number} · {rng.choice(TOPICS)}"
    parts = [f"# {title}", "", paragraph(rng, 4), ""]
    headings = rng.sample(HEADINGS, len(HEADINGS))
    section = 0
    while words("\n".join(parts)) < target_words:
        parts += [f"## {headings[section % len(headings)]}", ""]
        parts += [paragraph(rng, rng.randint(3, 5)), ""]
        if section == 1:
            parts += [f"- {_fill(rng, item)}" for item in rng.sample(LIST_ITEMS, 4)] + [""]
        elif section == 2:
            parts += [f"**Beispiel:** {paragraph(rng, 3)}", ""]
        else:
            parts += [paragraph(rng, rng.randint(2, 4)), ""]
        section += 1
    return title, "\n".join(parts)


# -- checks: one neutral description, three spellings ----------------------------------------


def _short(rng: random.Random) -> str:
    return sentence(rng).rstrip(".?")


def make_check(rng: random.Random, kind: str, title: str) -> dict:
    """A check as the YAML of FORMAT.md describes it (a plain dict, dumped as is)."""
    if kind == "checklist":
        items: list = []
        for i in range(7):
            if i % 3 == 0:
                items.append(_short(rng) + ".")
                continue
            item = {"text": _short(rng) + ".", "dimension": "geben" if i % 2 else "profil"}
            if i % 3 == 1:
                item["points"] = 2
            if i % 2:
                item["tip"] = f"{sentence(rng)} *{_short(rng)}.*"
            items.append(item)
        return {
            "title": title,
            "type": "checklist",
            "intro": paragraph(rng, 2),
            "dimensions": {"geben": "Geben und Nehmen", "profil": "Klares Profil"},
            "items": items,
            "results": [
                {"min": 0, "title": "Noch am Anfang", "text": paragraph(rng, 2)},
                {"min": 4, "title": "Auf gutem Weg", "text": paragraph(rng, 2)},
                {"min": 8, "title": "Sehr gut aufgestellt", "text": paragraph(rng, 2)},
            ],
        }
    if kind == "self-assessment":
        questions: list = []
        for i in range(8):
            q = {"text": _short(rng) + ".", "dimension": "pflege" if i % 2 else "geben"}
            if i % 4 == 3:
                q["reverse"] = True
                q["tip"] = sentence(rng)
            if i == 0:
                q["weight"] = 2
            questions.append(q)
        return {
            "title": title,
            "type": "self-assessment",
            "intro": paragraph(rng, 2),
            "scale": "agree-4" if rng.random() < 0.5 else "frequency-5",
            "dimensions": {
                "pflege": "Kontaktpflege",
                "geben": {
                    "label": "Geben und Nehmen",
                    "results": [
                        {"min": "0%", "title": "Mehr geben", "text": sentence(rng)},
                        {"min": "60%", "title": "Du gibst gern", "text": sentence(rng)},
                    ],
                },
            },
            "questions": questions,
            "results": [
                {"min": "0%", "title": "Dein Netzwerk schläft", "text": paragraph(rng, 2)},
                {"min": "50%", "title": "Dein Netzwerk lebt", "text": paragraph(rng, 2)},
                {"min": "80%", "title": "Dein Netzwerk trägt", "text": paragraph(rng, 2)},
            ],
        }
    if kind == "plan":
        return {
            "title": title,
            "type": "quiz",
            "intro": paragraph(rng, 2),
            "questions": [
                {"type": "reflection", "text": _short(rng) + "?", "lines": 3 + i} for i in range(3)
            ],
        }
    return make_quiz(rng, title, reflections=True)


def make_quiz(rng: random.Random, title: str, *, reflections: bool, questions: int = 5) -> dict:
    """A quiz: single and multiple choice (the multiple ones with partial credit and 2 points),
    feedback per option, explanations, a pass mark; with `reflections` one free-text question."""
    qs: list = []
    for i in range(questions):
        correct = rng.randrange(3)
        if i % 3 == 2:
            qs.append(
                {
                    "text": _short(rng) + "?",
                    "type": "multiple",
                    "partial": True,
                    "points": 2,
                    "options": [
                        {"text": _short(rng), "correct": j != correct, "feedback": sentence(rng)}
                        for j in range(4)
                    ],
                    "explanation": paragraph(rng, 2),
                }
            )
            continue
        qs.append(
            {
                "text": _short(rng) + "?",
                "options": [
                    {"text": _short(rng), "correct": j == correct, "feedback": sentence(rng)}
                    for j in range(3)
                ],
                "explanation": paragraph(rng, 2),
            }
        )
    if reflections:
        qs.append({"type": "reflection", "text": _short(rng) + "?", "lines": 4})
    return {
        "title": title,
        "type": "quiz",
        "intro": paragraph(rng, 2),
        "pass": "60%",
        "feedback": "immediate" if rng.random() < 0.3 else "on-submit",
        "questions": qs,
    }


def check_yaml(check: dict) -> str:
    return yaml.safe_dump(check, allow_unicode=True, sort_keys=False, width=100)


def _text(value) -> str:
    return value if isinstance(value, str) else value["text"]


def check_markdown(check: dict, level: int) -> str:
    """The same check as static Markdown: what an author without Kursbau would write."""
    h = "#" * level
    out = [f"{h} {check['title']}", "", check.get("intro", ""), ""]
    kind = check["type"]
    if kind == "checklist":
        for item in check["items"]:
            out.append(f"- ☐ {_text(item)}")
            if isinstance(item, dict) and item.get("tip"):
                out.append(f"    - *Tipp:* {item['tip']}")
        out.append("")
    else:
        scale = check.get("scale")
        for n, q in enumerate(check["questions"], start=1):
            out += [f"**{n}. {_text(q)}**", ""]
            if kind == "self-assessment":
                steps = "trifft nicht zu · trifft eher nicht zu · trifft eher zu · trifft voll zu"
                if scale == "frequency-5":
                    steps = "nie · selten · manchmal · oft · immer"
                out += [f"☐ {steps.replace(' · ', ' ☐ ')}", ""]
            elif q.get("type") == "reflection":
                out += ["_______________________________________" for _ in range(q["lines"])]
                out.append("")
            else:
                for opt in q["options"]:
                    mark = "☑" if opt.get("correct") else "☐"
                    out.append(f"- {mark} {opt['text']}  ")
                    out.append(f"    *{opt['feedback']}*")
                out += ["", f'??? note "Erklärung"\n    {q["explanation"]}', ""]
    if check.get("results"):
        out += [f"{h}# Auswertung", "", "| ab | Ergebnis | Bedeutung |", "| --- | --- | --- |"]
        for band in check["results"]:
            out.append(f"| {band['min']} | {band['title']} | {band['text']} |")
        out.append("")
    return "\n".join(out)


# -- courses ---------------------------------------------------------------------------------

MKDOCS_YML = """\
site_name: Synthetischer Kurs {n}
docs_dir: content
theme:
  name: material
  language: de
  font: false
  features:
    - navigation.prune
    - navigation.footer
plugins:
  - search:
      lang: de
  - offline
{plugin}markdown_extensions:
  - admonition
  - attr_list
  - md_in_html
  - pymdownx.details
  - pymdownx.superfences
  - toc:
      permalink: true
nav:
{nav}"""


@dataclass
class Course:
    root: Path
    flavour: str
    lessons: int
    checks: int

    @property
    def config(self) -> Path:
        return self.root / "mkdocs.yml"


def _where(i: int) -> tuple[int, int]:
    """(part, module), both from 1, of lesson `i` (from 0)."""
    module = i // LESSONS_PER_MODULE
    return module // MODULES_PER_PART + 1, module + 1


def lesson_path(i: int) -> str:
    part, module = _where(i)
    return f"teil-{part:02d}/modul-{module:03d}/lektion-{i + 1:04d}.md"


def check_id(i: int) -> str:
    part, module = _where(i)
    return f"modul-{module:03d}/lektion-{i + 1:04d}"


def kind_of(i: int, quiz_only: bool) -> str:
    return "quiz" if quiz_only else KINDS[i % len(KINDS)]


def write_course(
    root: Path, n: int, flavour: str, *, quiz_only: bool = False, seed: int = 7
) -> Course:
    """Write a course of `n` lessons (one check each) in `flavour` into `root` (made empty)."""
    if flavour not in FLAVOURS:
        raise ValueError(f"unknown flavour {flavour!r}")
    rng = random.Random(seed)
    content = root / "content"
    content.mkdir(parents=True, exist_ok=True)
    (content / "index.md").write_text(
        f"# Synthetischer Kurs\n\n{paragraph(rng, 5)}\n\n{paragraph(rng, 4)}\n", "utf-8"
    )
    nav_parts: dict[int, dict[int, list[str]]] = {}
    for i in range(n):
        title, body = lesson_body(rng, i + 1)
        kind = kind_of(i, quiz_only)
        check_title = f"Selbstcheck {i + 1}: {rng.choice(TOPICS)}"
        if quiz_only:
            check = make_quiz(rng, check_title, reflections=False)
        else:
            check = make_check(rng, kind, check_title)
        cid = check_id(i)
        if flavour == "kursbau":
            embed = f"<!-- check: {cid} -->"
            target = root / "quizzes" / f"{cid}.yml"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(check_yaml(check), "utf-8")
        elif flavour == "plain":
            embed = check_markdown(check, 2)
            _write(content / "checks" / f"{cid}.md", check_markdown(check, 1))
        else:  # mkdocs-quiz: quizzes as they are, other checks as close as it allows
            embed = mkdocs_quiz_markdown(check)
            _write(content / "checks" / f"{cid}.md", embed.replace("## ", "# ", 1))
        # The check sits before the lesson's last section, as trainers tend to place it.
        head, sep, tail = body.rpartition("\n## ")
        _write(content / lesson_path(i), f"{head}\n\n{embed}\n{sep}{tail}")
        part, module = _where(i)
        nav_parts.setdefault(part, {}).setdefault(module, []).extend(
            [lesson_path(i), f"checks/{cid}.md"]
        )
    if flavour != "kursbau":
        rows = "\n".join(
            f"| [Selbstcheck {i + 1}]({check_id(i)}.md) | {kind_of(i, quiz_only)} |"
            for i in range(n)
        )
        _write(
            content / "checks" / "index.md",
            f"# Selbstchecks\n\n| Selbstcheck | Art |\n| --- | --- |\n{rows}\n",
        )
    nav = ["  - Start: index.md"]
    for part, modules in nav_parts.items():
        nav.append(f"  - Teil {part}:")
        for module, paths in modules.items():
            nav.append(f"      - Modul {module}:")
            nav += [f"          - {p}" for p in paths]
    nav.append("  - Selbstchecks: checks/index.md")
    plugin = {
        "kursbau": "  - kursbau:\n      course: synth\n",
        "plain": "",
        "mkdocs-quiz": "  - mkdocs_quiz\n",
    }[flavour]
    (root / "mkdocs.yml").write_text(
        MKDOCS_YML.format(n=n, plugin=plugin, nav="\n".join(nav) + "\n"), "utf-8"
    )
    return Course(root, flavour, n, n)


# -- the default-nav workload: what a new user gets with the defaults ------------------------

# The explicit workload's mkdocs.yml without its `nav:` key (and with its own site name).
DEFAULT_YML = MKDOCS_YML.replace("Synthetischer Kurs", "Kurs mit Standard-Navigation").removesuffix(
    "nav:\n{nav}"
)


def write_default_course(
    root: Path, n: int, flavour: str, *, checks: bool = True, seed: int = 31
) -> Course:
    """A course of `n` lessons as a new user would set it up: no `nav:` in mkdocs.yml (MkDocs
    builds the nav from the folders: part → module of ten lessons → lessons), each lesson
    embedding one check of every type in turn, nothing listed for the checks.

    Flavours, on the same lessons: `kursbau` (YAML checks, embedded; Kursbau adds each check's
    own page and the overview), `plain` (the check as static Markdown inside its lesson, no
    pages added: the lessons alone) and `mkdocs-quiz` (the check in mkdocs-quiz's `<quiz>`
    syntax inside its lesson, see `mkdocs_quiz_markdown`). With `checks=False` every flavour is
    the bare lessons; `kursbau` then still lists the plugin: the site without a single check.
    Its own seeded generator, so it does not shift when the explicit-nav workload changes."""
    if flavour not in FLAVOURS:
        raise ValueError(f"unknown flavour {flavour!r}")
    rng = random.Random(seed)
    content = root / "content"
    content.mkdir(parents=True, exist_ok=True)
    _write(content / "index.md", f"# Kurs\n\n{paragraph(rng, 5)}\n\n{paragraph(rng, 4)}\n")
    for i in range(n):
        _title, body = lesson_body(rng, i + 1)
        check = make_check(rng, KINDS[i % len(KINDS)], f"Selbstcheck {i + 1}: {rng.choice(TOPICS)}")
        cid = check_id(i)
        if not checks:
            embed = ""
        elif flavour == "kursbau":
            embed = f"<!-- check: {cid} -->\n"
            _write(root / "quizzes" / f"{cid}.yml", check_yaml(check))
        elif flavour == "plain":
            embed = check_markdown(check, 2) + "\n"
        else:
            embed = mkdocs_quiz_markdown(check) + "\n"
        head, sep, tail = body.rpartition("\n## ")
        _write(content / lesson_path(i), f"{head}\n\n{embed}{sep}{tail}")
    plugin = {"kursbau": "  - kursbau:\n      course: synth\n", "plain": ""}.get(flavour)
    if plugin is None:
        plugin = "  - mkdocs_quiz\n" if checks else ""
    (root / "mkdocs.yml").write_text(DEFAULT_YML.format(n=n, plugin=plugin), "utf-8")
    return Course(root, flavour, n, n if checks else 0)


def mkdocs_quiz_markdown(check: dict) -> str:
    """Any check in mkdocs-quiz's syntax, as close as it allows: quiz questions as they are; a
    checklist as one question whose options are its items (all right); each statement of a
    self-assessment as a question with the scale's steps as options (the top step right);
    reflections, which mkdocs-quiz cannot ask, as text with lines to write on."""
    out = [f"## {check['title']}", "", check.get("intro", ""), "", "<!-- mkdocs-quiz intro -->", ""]
    kind = check["type"]
    if kind == "checklist":
        out += ["<quiz>", "Was trifft heute schon auf dich zu?"]
        out += [f"- [x] {_text(item)}" for item in check["items"]]
        out += ["", "Jeder Haken ist ein Punkt.", "</quiz>", ""]
    elif kind == "self-assessment":
        steps = ["trifft nicht zu", "trifft eher nicht zu", "trifft eher zu", "trifft voll zu"]
        if check.get("scale") == "frequency-5":
            steps = ["nie", "selten", "manchmal", "oft", "immer"]
        for q in check["questions"]:
            out += ["<quiz>", _text(q)]
            out += [f"- [{'x' if s == steps[-1] else ' '}] {s}" for s in steps]
            out += ["", q.get("tip", "Schätze dich ehrlich ein."), "</quiz>", ""]
    else:
        for q in check["questions"]:
            if q.get("type") == "reflection":
                out += [f"**{_text(q)}**", "", *("_" * 40 for _ in range(q["lines"])), ""]
                continue
            out += ["<quiz>", _text(q)]
            for opt in q["options"]:
                out.append(f"- [{'x' if opt.get('correct') else ' '}] {opt['text']}")
                out.append(f"> {opt['feedback']}")
            out += ["", q["explanation"], "</quiz>", ""]
    out += ["<!-- mkdocs-quiz results -->", ""]
    return "\n".join(out)


class _PrimaryNav(HTMLParser):
    """Counts the links of Material's primary navigation (`nav.md-nav--primary`), leaving out
    the page's own table of contents, which Material nests there for small screens."""

    def __init__(self) -> None:
        super().__init__()
        self.navs: list[str] = []  # classes of the open <nav> elements
        self.links = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "nav":
            self.navs.append(attrs.get("class") or "")
        elif tag == "a" and attrs.get("href") is not None:
            inside = any("md-nav--primary" in c for c in self.navs)
            if inside and not any("md-nav--secondary" in c for c in self.navs):
                self.links += 1

    def handle_endtag(self, tag):
        if tag == "nav" and self.navs:
            self.navs.pop()


def nav_links(html: str) -> int:
    """How many links the theme rendered into a page's navigation (the sidebar, which is also
    the drawer on small screens), without the page's own table of contents."""
    parser = _PrimaryNav()
    parser.feed(html)
    parser.close()
    return parser.links


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")


def self_assessment_data(questions: int, *, seed: int = 11) -> dict:
    """Check data (compiled, as the page carries it) of a self-assessment with `questions`
    statements in two dimensions, for the browser scoring benchmark."""
    from generator.core.compile import compile_check
    from generator.core.models import SelfAssessment

    rng = random.Random(seed)
    check = {
        "title": "Große Selbsteinschätzung",
        "type": "self-assessment",
        "scale": "agree-5",
        "dimensions": {
            "a": {
                "label": "Bereich A",
                "results": [
                    {"min": "0%", "title": "A niedrig", "text": "a"},
                    {"min": "50%", "title": "A hoch", "text": "b"},
                ],
            },
            "b": "Bereich B",
        },
        "questions": [
            {
                "text": f"Aussage {i + 1}: {_short(rng)}.",
                "dimension": "a" if i % 2 else "b",
                **({"reverse": True} if i % 5 == 0 else {}),
                **({"weight": "1.5"} if i % 7 == 0 else {}),
            }
            for i in range(questions)
        ],
        "results": [
            {"min": "0%", "title": "Niedrig", "text": "x"},
            {"min": "33.33%", "title": "Mittel", "text": "y"},
            {"min": "66.67%", "title": "Hoch", "text": "z"},
        ],
    }
    model = SelfAssessment.model_validate(check)
    return compile_check(model, "gross", course="bench", lang="de")


if __name__ == "__main__":  # pragma: no cover - manual use: write one course and show its size
    import sys

    out = Path(sys.argv[1])
    course = write_course(out, int(sys.argv[2]), sys.argv[3] if len(sys.argv) > 3 else "kursbau")
    lesson = (out / "content" / lesson_path(0)).read_text("utf-8")
    print(
        json.dumps({"root": str(out), "lessons": course.lessons, "words_lesson_1": words(lesson)})
    )
