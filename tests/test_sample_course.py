"""The sample course "Netzwerken statt Kaltakquise" (issue 4, "Done when"), without a browser.

Builds the real course at the repository root once and checks what a new user judges the product
by: a strict build without warnings, every check reachable from the navigation and from its
lesson, the trainer guide and trainer notes kept off the site, five lessons with a takeaway and a
reflection, the course in its own words (seed overlap), Impressum and Datenschutz with
placeholders, and a trainer guide whose solutions match the checks.
"""

from __future__ import annotations

import html
import json
import posixpath
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from generator.mkdocs_adapter.build import check
from kursbau_testing import ROOT, require_module, require_shared, run

CONTENT = ROOT / "content"
QUIZZES = ROOT / "quizzes"
LESSONS = sorted((CONTENT / "lektionen").glob("*.md"))
GUIDE = CONTENT / "trainer" / "leitfaden.md"
# a sentence only the trainer guide has
GUIDE_SENTENCE = "Kürze in dieser Reihenfolge, bis du wieder im Plan bist"
EMBED = re.compile(r"^\s*<!--\s*check:\s*(\S+?)\s*-->\s*$", re.M)


def check_ids() -> list[str]:
    """Ids of the checks in quizzes/, read from the file system (not from the generator)."""
    files = [*QUIZZES.rglob("*.yml"), *QUIZZES.rglob("*.yaml")]
    return sorted(f.relative_to(QUIZZES).with_suffix("").as_posix() for f in files)


def load_check(check_id: str) -> dict:
    for suffix in (".yml", ".yaml"):
        path = QUIZZES / f"{check_id}{suffix}"
        if path.is_file():
            return yaml.safe_load(path.read_text(encoding="utf-8"))
    raise FileNotFoundError(check_id)


def words(text: str) -> str:
    """Text as lower-case words joined by one space: robust against markup, escapes, wrapping."""
    return " ".join(re.findall(r"\w+", text.lower()))


def page_file(site: Path, url: str) -> Path:
    """The built file behind a site-relative URL (`x.html` or `x/`)."""
    url = url.split("#")[0]
    return site / (url + "index.html" if url.endswith("/") or not url else url)


class NavLinks(HTMLParser):
    """The links of Material's primary navigation, leaving out the page's table of contents."""

    def __init__(self):
        super().__init__()
        self.navs: list[str] = []
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "nav":
            self.navs.append(attrs.get("class") or "")
        elif tag == "a" and attrs.get("href"):
            inside = any("md-nav--primary" in c for c in self.navs)
            toc = any("md-nav--secondary" in c for c in self.navs)
            if inside and not toc:
                self.links.append(attrs["href"])

    def handle_endtag(self, tag):
        if tag == "nav" and self.navs:
            self.navs.pop()


@pytest.fixture(scope="module")
def build(tmp_path_factory) -> tuple[Path, subprocess.CompletedProcess]:
    site = tmp_path_factory.mktemp("sample") / "site"
    result = run(["build", "--strict", "--site-dir", str(site)], ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    return site, result


@pytest.fixture(scope="module")
def site(build) -> Path:
    return build[0]


@pytest.fixture(scope="module")
def nav(site) -> list[str]:
    parser = NavLinks()
    parser.feed((site / "index.html").read_text(encoding="utf-8"))
    return parser.links


@pytest.fixture(scope="module")
def footer(site) -> list[str]:
    """The links of the start page's footer bar (below the "Zurück"/"Weiter" links)."""
    html = (site / "index.html").read_text(encoding="utf-8")
    bar = html[html.index('class="md-footer-meta') :]
    return re.findall(r'<a href="([^"]+)"', bar[: bar.index("</footer>")])


def test_the_course_path_runs_through_lessons_then_checks_in_course_order(site):
    """ "Weiter" from the start page leads through every lesson, then the overview and the
    checks in the order the lessons embed them; the legal pages are not on the way."""
    chain, url = [], "index.html"
    while url:
        html = page_file(site, url).read_text(encoding="utf-8")
        chain.append(url)
        found = re.search(r'<a href="([^"]+)" class="md-footer__link md-footer__link--next"', html)
        url = (
            posixpath.normpath(posixpath.join(posixpath.dirname(url), found.group(1)))
            if found
            else None
        )
    lessons = [f"lektionen/{p.stem}.html" for p in LESSONS]
    embedded = [EMBED.search(p.read_text(encoding="utf-8")).group(1) for p in LESSONS]
    assert chain == [
        "index.html",
        *lessons,
        "checks/index.html",
        *(f"checks/{check_id}.html" for check_id in embedded),
    ]


def built_lessons(site: Path) -> dict[str, str]:
    return {
        p.relative_to(site).as_posix(): p.read_text(encoding="utf-8")
        for p in sorted((site / "lektionen").rglob("*.html"))
    }


# ---------------------------------------------------------------- the build


def test_builds_strict_without_a_warning(build):
    site, result = build
    output = result.stdout + result.stderr
    assert "WARNING" not in output, output
    assert re.match(r"Built \d+ pages with 5 checks into ", result.stdout), output
    assert (site / "index.html").is_file()


def test_plain_mkdocs_build_strict_without_a_warning(tmp_path, monkeypatch):
    # Material's end-of-life banner is about the theme, not the course; it names this switch.
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    result = run(["build", "--strict", "--site-dir", str(tmp_path / "site")], ROOT, tool="mkdocs")
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "WARNING" not in output, output


def test_sample_has_the_five_checks_of_the_issue():
    assert check_ids() == ["aktionsplan", "bereit", "einordnen", "kontaktpflege", "mythen"]
    types = {i: load_check(i)["type"] for i in check_ids()}
    assert types == {
        "aktionsplan": "quiz",  # made only of reflections: an action plan
        "bereit": "checklist",
        "einordnen": "quiz",
        "kontaktpflege": "self-assessment",
        "mythen": "quiz",
    }
    plan = load_check("aktionsplan")["questions"]
    assert plan and all(q.get("type") == "reflection" for q in plan)


# ---------------------------------------------------------------- reachable


def test_every_check_is_in_the_navigation(site, nav):
    for check_id in check_ids():
        own = {f"checks/{check_id}.html", f"checks/{check_id}/"}
        assert own & set(nav), f"{check_id}: no nav link to its page in {nav}"
        target = page_file(site, next(iter(own & set(nav))))
        assert f'data-assessment="{check_id}"' in target.read_text(encoding="utf-8")
    assert {"checks/index.html", "checks/"} & set(nav), "the overview page is not in the nav"


def test_every_check_is_embedded_in_a_lesson_that_is_in_the_navigation(site, nav):
    lessons = built_lessons(site)
    assert len(lessons) >= 5
    for check_id in check_ids():
        holders = [p for p, text in lessons.items() if f'data-assessment="{check_id}"' in text]
        assert holders, f"{check_id}: no lesson under lektionen/ embeds it"
        for built in holders:
            assert built in nav or built.removesuffix("index.html") in nav, built
    # and the embeds are written in the Markdown of the lessons, once per check
    embedded = [m for p in LESSONS for m in EMBED.findall(p.read_text(encoding="utf-8"))]
    assert sorted(embedded) == check_ids()


def test_every_lesson_is_in_the_navigation(site, nav):
    for lesson in LESSONS:
        stem = lesson.relative_to(CONTENT).with_suffix("").as_posix()
        assert {f"{stem}.html", f"{stem}/"} & set(nav), stem


# ---------------------------------------------------------------- trainer material


def test_trainer_guide_is_marked_for_trainers():
    text = GUIDE.read_text(encoding="utf-8")
    match = re.match(r"---\n(.*?)\n---\n", text, re.S)
    assert match, "the trainer guide needs front matter"
    assert yaml.safe_load(match.group(1))["audience"] == "trainer"
    assert "90 Minuten" in text


def test_trainer_guide_is_not_in_the_site_or_the_search_index(site):
    files = [p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()]
    assert not [f for f in files if "trainer" in f.lower() or "leitfaden" in f.lower()]
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    for doc in index["docs"]:
        assert "leitfaden" not in doc["location"] and "trainer/" not in doc["location"], doc
        assert "Trainerleitfaden" not in doc["title"] + doc["text"], doc["location"]
    assert "leitfaden" not in (site / "sitemap.xml").read_text(encoding="utf-8")
    # a distinctive sentence of the guide appears nowhere on the site
    guide = words(GUIDE_SENTENCE)
    assert guide in words(GUIDE.read_text(encoding="utf-8"))
    assert guide not in site_words(site)


def test_no_handout_in_the_site_carries_the_trainer_guide_or_notes(site):
    """Workbooks built into site/ are the participants' edition: no guide, no trainer notes."""
    PdfReader = require_module("pypdf").PdfReader
    pdfs = sorted(site.rglob("*.pdf"))
    # mkdocs.yml enables handouts: the workbook and a worksheet for every check are in the site
    assert {p.relative_to(site).as_posix() for p in pdfs} == {
        "handouts/teilnehmer.pdf",
        *(f"handouts/checks/{check_id}.pdf" for check_id in check_ids()),
    }

    notes = [n for i in check_ids() for n in notes_of(load_check(i))]
    for pdf in pdfs:
        text = words(" ".join(p.extract_text() or "" for p in PdfReader(pdf).pages))
        assert "trainerleitfaden" not in text, pdf.name
        assert words(GUIDE_SENTENCE) not in text, pdf.name
        for note in notes:
            assert " ".join(words(note).split()[:5]) not in text, f"{pdf.name}: {note[:60]}"


def site_words(site: Path) -> str:
    """Words of every built page and of the search index (JSON decoded, entities unescaped)."""
    parts = [html.unescape(p.read_text(encoding="utf-8")) for p in site.rglob("*.html")]
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    parts += [html.unescape(d["title"] + "\n" + d["text"]) for d in index["docs"]]
    return words("\n".join(parts))


def notes_of(node) -> list[str]:
    if isinstance(node, dict):
        own = [node["notes"]] if isinstance(node.get("notes"), str) else []
        return own + [n for v in node.values() for n in notes_of(v)]
    if isinstance(node, list):
        return [n for v in node for n in notes_of(v)]
    return []


def test_trainer_notes_of_the_checks_stay_off_the_site(site):
    text = site_words(site)
    notes = [n for i in check_ids() for n in notes_of(load_check(i))]
    assert len(notes) >= 5
    for note in notes:
        start = " ".join(words(note).split()[:7])
        assert start not in text, f"trainer note on the site: {note[:60]}"


# ---------------------------------------------------------------- lessons


def sections(text: str) -> dict[str, str]:
    """Level-2 sections of a Markdown page: heading → body."""
    parts = re.split(r"^## +(.+?)\s*$", text, flags=re.M)
    return {parts[i]: parts[i + 1] for i in range(1, len(parts), 2)}


def test_at_least_five_lessons_each_with_a_takeaway_and_a_reflection():
    assert len(LESSONS) >= 5
    for lesson in LESSONS:
        text = lesson.read_text(encoding="utf-8")
        parts = sections(text)
        assert "Zum Mitnehmen" in parts, f"{lesson.name}: no 'Zum Mitnehmen' section"
        bullets = re.findall(r"^- \S", parts["Zum Mitnehmen"], re.M)
        assert 2 <= len(bullets) <= 6, f"{lesson.name}: 'Zum Mitnehmen' should be short"
        # near the end: at most two sections follow it
        assert list(parts)[-3:].count("Zum Mitnehmen") == 1, lesson.name
        # a reflection: a "Zum Nachdenken" question or an embedded action plan
        plans = {
            i
            for i in check_ids()
            if all(q.get("type") == "reflection" for q in load_check(i).get("questions", []))
            and load_check(i)["type"] == "quiz"
        }
        reflects = "Zum Nachdenken" in parts and "?" in parts["Zum Nachdenken"]
        assert reflects or set(EMBED.findall(text)) & plans, f"{lesson.name}: no reflection"


def test_start_page_says_what_who_how_long_and_where_answers_stay():
    text = (CONTENT / "index.md").read_text(encoding="utf-8")
    assert "## Für wen ist der Kurs?" in text
    assert "90 Minuten" in text
    assert "nur in diesem Browser auf diesem Gerät" in text
    for lesson in LESSONS:
        assert f"({lesson.relative_to(CONTENT).as_posix()})" in text, lesson.name


# ---------------------------------------------------------------- own words, legal pages


def test_seed_overlap_reports_no_shared_runs():
    seed_overlap = require_shared("tools/seed_overlap.py")
    result = subprocess.run(
        [sys.executable, str(seed_overlap), "content", "quizzes"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    lines = result.stdout.strip().splitlines()
    assert result.returncode == 0, result.stdout + result.stderr
    assert lines and lines[-1].startswith("0 runs of "), result.stdout


PLACEHOLDER = re.compile(r"\[[^\]\n]{3,}\](?!\()")  # [Angabe], not a [link](…)


@pytest.mark.parametrize(
    ("page", "must"),
    [
        ("impressum", ["[Name der Trainerin / des Trainers]", "[E-Mail-Adresse]"]),
        ("datenschutz", ["[Name der Trainerin / des Trainers]", "localStorage"]),
    ],
)
def test_impressum_and_datenschutz_exist_with_placeholders(site, nav, footer, page, must):
    source = CONTENT / f"{page}.md"
    text = source.read_text(encoding="utf-8")
    assert len(PLACEHOLDER.findall(text)) >= 2, f"{page}: no placeholders in [square brackets]"
    for needle in must:
        assert needle in text, f"{page}: {needle}"
    assert "Vorlage" in text  # says plainly that it is a template to fill in
    # legal pages sit in every page's footer, not in the nav and not in the "Weiter" chain
    assert not {f"{page}.html", f"{page}/"} & set(nav), f"{page} is in the navigation"
    assert {f"{page}.html", f"{page}/"} & set(footer), f"{page} is not linked in the footer"
    built = page_file(site, f"{page}.html" if f"{page}.html" in footer else f"{page}/")
    assert html.escape(must[0], quote=False) in built.read_text(encoding="utf-8")


# ---------------------------------------------------------------- the trainer guide's solutions


def test_trainer_guide_solutions_match_the_checks():
    text = GUIDE.read_text(encoding="utf-8")
    solutions = text.split("## Lösungen", 1)[1].split("\n## ", 1)[0]
    blocks = dict(re.findall(r"\*\*(\w+)\*\*\n\n(.*?)(?=\n\*\*|\Z)", solutions, re.S))
    assert set(blocks) == {"einordnen", "mythen"}

    # einordnen: "N. scene: way" names the correct option of question N
    quiz = load_check("einordnen")["questions"]
    named = re.findall(r"^(\d+)\. .*: (\w+)\s*$", blocks["einordnen"], re.M)
    assert len(named) == len(quiz) == 6
    for number, way in named:
        correct = [o["text"] for o in quiz[int(number) - 1]["options"] if o.get("correct")]
        assert correct == [way], f"einordnen {number}: guide says {way}, the check {correct}"

    # mythen: "(2. Antwort)", "(1., 3. und 5. Antwort)" give the positions of the right options
    quiz = load_check("mythen")["questions"]
    items = re.findall(r"^(\d+)\. (.*?)(?=^\d+\. |\Z)", blocks["mythen"], re.M | re.S)
    assert len(items) == len(quiz) == 7
    for number, body in items:
        said = [int(n) for n in re.findall(r"(\d+)\.", body.rsplit("(", 1)[1])]
        options = quiz[int(number) - 1]["options"]
        correct = [i + 1 for i, o in enumerate(options) if o.get("correct")]
        assert said == correct, f"mythen {number}: guide says {said}, the check {correct}"


def band_ranges(check_id: str) -> tuple[str, list[str], list[list[str]]]:
    """What the guide must say about a check, computed from its file: "N Punkte", the pass mark,
    and each band (also of a dimension) as "low–high: „title“" over the whole-number scores."""
    from fractions import Fraction

    from generator.core.scoring import score

    problems, course = check(ROOT / "mkdocs.yml")
    data = course.data[check_id]
    maximum = Fraction(data["max"])
    assert maximum.denominator == 1, f"{check_id}: paper needs whole points"

    def ranges(bands, top, band_of):
        found: dict[int, list[int]] = {}
        for points in range(int(top) + 1):
            found.setdefault(band_of(points), []).append(points)
        return [f"{min(v)}–{max(v)}: „{bands[b]['title']}“" for b, v in sorted(found.items())]

    def band_of(bands, top):
        def index(points):
            reached = [
                i
                for i, b in enumerate(bands)
                if Fraction(points) >= Fraction(b["min"]) * (top / 100 if b["percent"] else 1)
            ]
            return reached[-1]

        return index

    own = ranges(data["bands"], maximum, band_of(data["bands"], maximum))
    dims = [
        ranges(d["bands"], Fraction(d["max"]), band_of(d["bands"], Fraction(d["max"])))
        for d in data["dimensions"]
        if d["bands"]
    ]
    assert score(data, {})["max"] == data["max"]
    return f"{data['max']} Punkte", own, dims


def test_trainer_guide_states_the_same_bands_as_the_checks():
    table = GUIDE.read_text(encoding="utf-8").split("## Die Selbstchecks", 1)[1].split("\n## ")[0]
    rows = {
        cells[0]: cells[3]
        for line in table.splitlines()
        if line.startswith("| ")
        and len(cells := [c.strip() for c in line.strip("|").split("|")]) > 3
        and cells[0] not in ("Check", "---")
    }
    assert set(rows) == set(check_ids())
    for check_id in check_ids():
        checked = load_check(check_id)
        plan = checked.get("questions") or []
        if plan and all(q.get("type") == "reflection" for q in plan):
            assert "ohne Punkte" in rows[check_id]
            continue
        maximum, own, dims = band_ranges(check_id)
        said = rows[check_id]
        assert rows[check_id].startswith(maximum), (check_id, rows[check_id])
        for band in own + [b for d in dims for b in d]:
            low_high, title = band.split(": ", 1)
            assert re.search(re.escape(low_high) + r":? " + re.escape(title), said), (
                f"{check_id}: the guide does not say {band}"
            )
        if "pass" in checked:
            assert f"bestanden ab {checked['pass']} Punkten" in rows[check_id], check_id


def test_trainer_guide_timings_add_up_to_90_minutes_and_match_the_notes():
    text = GUIDE.read_text(encoding="utf-8")
    plan = re.split(r"^## Ablauf auf einen Blick \(90 Minuten\).*$", text, flags=re.M)[1]
    plan = plan.split("\n## ", 1)[0]
    rows = re.findall(r"^\| (\d):(\d\d) \| (\d+)[ \u00a0]min \| (.*)$", plan, re.M)
    assert len(rows) >= 6
    clock = 0
    for hours, minutes, length, _rest in rows:
        assert int(hours) * 60 + int(minutes) == clock, f"{hours}:{minutes} should start at {clock}"
        clock += int(length)
    assert clock == 90
    buffer = [int(length) for _h, _m, length, rest in rows if rest.startswith("Puffer")]
    assert buffer and buffer[0] >= 5, "the 90 minutes need a buffer of their own"
    # where a check's trainer notes give a time, the guide gives the same one
    for check_id in check_ids():
        notes = load_check(check_id).get("notes") or ""
        said = re.findall(r"(\d+) Minuten", notes)
        row = next((r[3] for r in rows if f"**{check_id}**" in r[3]), None)
        if not said or row is None:
            continue
        planned = re.findall(r"\*\*" + re.escape(check_id) + r"\*\*[^(|]*\((\d+) min\)", row)
        assert planned == said[:1], f"{check_id}: notes say {said} min, the guide {planned}"


# ---------------------------------------------------------------- issue 16: the workshop


def test_the_sample_triggers_no_authoring_hint():
    result = run(["check", "--strict"], ROOT)
    assert result.returncode == 0, result.stderr
    assert "Hinweis" not in result.stderr and "hint(s)" not in result.stdout


def guide_sections() -> dict[str, str]:
    text = GUIDE.read_text(encoding="utf-8")
    parts = re.split(r"^(##+) +(.+?)\s*$", text, flags=re.M)
    return {parts[i + 1]: parts[i + 2] for i in range(1, len(parts), 3)}


def test_the_trainer_guide_is_a_facilitation_plan():
    sections = guide_sections()
    names = " | ".join(sections)
    for needed in (
        "Ablauf auf einen Blick",
        "Vorbereitung und Material { .new-page }",
        "Papier und Geräte nebeneinander",
        "Wenn die Zeit knapp wird",
        "Schwierige Situationen",
        "Lösungen",
        "Raum ohne WLAN",
    ):
        assert needed in names, needed
    # the one-page plan breaks onto its own page on paper
    assert re.search(
        r"^## Ablauf auf einen Blick.*\{ \.new-page \}$", GUIDE.read_text("utf-8"), re.M
    )
    welcome = next(body for name, body in sections.items() if name.startswith("Begrüßung"))
    assert "Du-Angebot" in welcome and "duzen" in welcome
    # key messages for each input
    for lesson in ("Lektion 1", "Lektion 3", "Lektion 4", "Lektion 5"):
        body = next(b for n, b in sections.items() if n.startswith(lesson))
        assert "Kernbotschaft" in body, lesson
    difficult = sections["Schwierige Situationen"]
    for case in ("schweigt", "lehnt das Thema ab", "redet viel", "ohne Kundschaft"):
        assert case in difficult, case
    material = sections["Vorbereitung und Material { .new-page }"]
    assert "handouts/checks/" in material and "teilnehmer.pdf" in material
    cuts = re.findall(r"^\d+\. .*\((\d+) min\)", sections["Wenn die Zeit knapp wird"], re.M)
    assert len(cuts) >= 4 and sum(map(int, cuts)) >= 10
    assert "Nie kürzen" in sections["Wenn die Zeit knapp wird"]


def test_the_course_says_each_fixed_number_one_way():
    """The style rule (content/stil.md) fixes the numbers of the course; no text contradicts it."""
    rule = (CONTENT / "stil.md").read_text(encoding="utf-8")
    for fixed in (
        "20 wichtigste Kontakte",
        "alle sechs Wochen",
        "20 Minuten Kontaktpflege pro Woche",
        "innerhalb von zwei Werktagen",
    ):
        assert fixed in rule
    contradictions = re.compile(
        r"zehn wichtigsten|10 wichtigsten|zwanzig|alle drei Monate|mindestens alle drei"
        r"|Zehn-Minuten|zehn Minuten (?:am|pro|an jedem|jeden)|70 %, also",
        re.I,
    )
    for path in [*CONTENT.rglob("*.md"), *QUIZZES.rglob("*.yml")]:
        if path.name == "stil.md":
            continue
        found = contradictions.findall(path.read_text(encoding="utf-8"))
        assert not found, f"{path.relative_to(ROOT)}: {found}"


WEB_ONLY = re.compile(
    r"in diesem Browser|auf diesem Gerät|siehst (du )?sofort|„Auswerten“|Weiter zu Lektion"
    r"|\]\((\.\./)?checks/|\]\((\.\./)?(impressum|datenschutz)\.md\)",
    re.I,
)


def paper_sides(node) -> list[str]:
    """Every text of a check file as paper shows it ({web, paper} mappings: the paper side)."""
    if isinstance(node, dict):
        if set(node) <= {"web", "paper"} and node:
            return [str(node.get("paper", ""))]
        return [t for key, v in node.items() if key != "notes" for t in paper_sides(v)]
    if isinstance(node, list):
        return [t for v in node for t in paper_sides(v)]
    return [str(node)] if isinstance(node, str) else []


def test_no_web_only_sentence_reaches_paper():
    from generator.core.media import for_medium

    for path in [*CONTENT.rglob("*.md")]:
        if path.name in ("stil.md", "impressum.md", "datenschutz.md"):
            continue
        paper = for_medium(path.read_text(encoding="utf-8"), "paper")
        if path.parent.name == "trainer":
            continue  # written for the trainer, who also runs the site
        assert not WEB_ONLY.search(paper), f"{path.name}: {WEB_ONLY.search(paper).group(0)}"
    for check_id in check_ids():
        for text in paper_sides(load_check(check_id)):
            assert not WEB_ONLY.search(text), f"{check_id}: {text[:70]}"


def test_lessons_that_ask_for_writing_give_room_to_write():
    for lesson in LESSONS:
        parts = sections(lesson.read_text(encoding="utf-8"))
        reflection = parts.get("Zum Nachdenken")
        if reflection is None:
            continue
        assert re.search(r"^<!-- lines: \d+ -->$", reflection, re.M), lesson.name
