"""The HTML passes html-validate 9 (npm dev tool, installed by `scripts/setup test`):

- strictly, Kursbau's own HTML: every sample check as generator.render writes it (with and without
  its title heading, and with hostile author text) and the overview (tests/htmlvalidate/strict.cjs);
- whole pages of the built sample site, with the theme's known exceptions listed and explained in
  tests/htmlvalidate/pages.cjs.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from generator.core.compile import compile_check
from generator.core.loader import load_text
from generator.core.problems import Problems
from generator.render import render_check, render_overview
from kursbau_testing import ROOT, run

HTML_VALIDATE = ROOT / "node_modules" / ".bin" / "html-validate"
CONFIGS = Path(__file__).resolve().parent / "htmlvalidate"
DOCUMENT = """<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<title>Kursbau</title>
</head>
<body>
<main>
<h1>Kursbau</h1>
{body}
</main>
</body>
</html>
"""
HOSTILE = """\
title: "Titel </script> <b>\\"fett\\"</b> & 'so' \\\\"
type: quiz
intro: "Intro <img src=x onerror=alert(1)> </div></form>"
questions:
  - text: "Frage </label> & <input>"
    options:
      - {text: "A </span>", correct: true, feedback: "<p>Feedback</p>"}
      - "B \\" ' <"
    explanation: "Erklärung </fieldset>"
  - {text: "Notiz </textarea>", type: reflection}
results:
  - {min: 0, title: "</h2>", text: "<script>x</script>"}
"""


def validate(paths: list[Path], config: str, *extra: str) -> list[str]:
    assert HTML_VALIDATE.exists(), "html-validate is missing: run scripts/setup test (npm ci)"
    report = paths[0].parent / f"report-{config}.json"
    done = subprocess.run(
        [str(HTML_VALIDATE), "-c", str(CONFIGS / config), f"--formatter=json={report}", *extra]
        + [str(p) for p in paths],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert report.exists(), done.stdout + done.stderr
    found = [
        f"{Path(f['filePath']).name}:{m['line']}:{m['column']}: {m['ruleId']}: {m['message']}"
        for f in json.loads(report.read_text("utf-8"))
        for m in f["messages"]
    ]
    assert (done.returncode == 0) == (found == []), done.stdout + done.stderr
    return found


def sample_checks() -> list[dict]:
    found = []
    for file in sorted((ROOT / "quizzes").glob("*.yml")):
        problems = Problems()
        loaded = load_text(file.read_bytes(), f"quizzes/{file.name}", problems)
        assert loaded, problems.report()
        found.append(compile_check(loaded[0], file.stem, course="netzwerken", lang="de"))
    problems = Problems()
    loaded = load_text(HOSTILE.encode(), "quizzes/hostile.yml", problems)
    assert loaded, problems.report()
    found.append(compile_check(loaded[0], "hostile", course="netzwerken", lang="en"))
    return found


def test_kursbau_html_is_strictly_valid(tmp_path: Path):
    checks = sample_checks()
    plans, scored = [], []
    for data in checks:
        lang = "en" if data["id"] == "hostile" else "de"
        for heading in (None, 2):
            file = tmp_path / f"{data['id']}-{heading or 'page'}.html"
            file.write_text(
                DOCUMENT.format(lang=lang, body=render_check(data, lang=lang, heading=heading)),
                encoding="utf-8",
            )
            (plans if data["actionPlan"] else scored).append(file)
    overview = tmp_path / "overview.html"
    entries = [
        {
            "id": d["id"],
            "title": d["title"],
            "url": f"{d['id']}.html",
            "type": d["type"],
            "actionPlan": d["actionPlan"],
            "hash": d["hash"],
        }
        for d in checks
    ]
    overview.write_text(
        DOCUMENT.format(lang="de", body=render_overview(entries, lang="de", course="netzwerken")),
        encoding="utf-8",
    )
    # all three types, a quiz with a multiple-choice question, an action plan, the overview
    assert {d["type"] for d in checks} == {"checklist", "self-assessment", "quiz"} and plans
    assert validate([*scored, overview], "strict.cjs") == []
    assert validate(plans, "strict.cjs", "--rule=wcag/h32:off") == []


@pytest.fixture(scope="module")
def sample_pages(tmp_path_factory) -> list[Path]:
    target = tmp_path_factory.mktemp("validate") / "site"
    built = run(["build", "--site-dir", str(target)], ROOT)
    assert built.returncode == 0, built.stdout + built.stderr
    return sorted(target.rglob("*.html"))


def test_whole_pages_are_valid_with_the_themes_known_exceptions(sample_pages: list[Path]):
    assert len(sample_pages) >= 10
    assert validate(sample_pages, "pages.cjs") == []


def test_every_page_exception_is_explained():
    config = (CONFIGS / "pages.cjs").read_text("utf-8").splitlines()
    for number, line in enumerate(config):
        if '": "off"' in line or "shared:" in line:
            assert config[number - 1].strip().startswith("//"), f"pages.cjs:{number + 1}"


def test_the_strict_configuration_does_catch_mistakes(tmp_path: Path):
    """A positive control: a broken fragment (a duplicate id, a button without a type) is reported."""
    broken = tmp_path / "broken.html"
    body = '<div id="a"></div><div id="a"></div><form><input type="text"><button>Go</button></form>'
    broken.write_text(DOCUMENT.format(lang="de", body=body), encoding="utf-8")
    rules = {line.split(": ")[1] for line in validate([broken], "strict.cjs")}
    assert {"no-dup-id", "no-implicit-button-type"} <= rules
