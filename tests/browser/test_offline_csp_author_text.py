"""Author text with `</script>`, quotes, backslashes and HTML in every field never breaks the page
or the inline check data, and nothing an author or a participant types is ever executed. The
course is built by the real CLI and served with the site's own Content-Security-Policy *and*
without one (a host without headers must be just as safe)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from offline_csp_support import VIOLATIONS_SCRIPT, Recorder, policy_of, serve, take_checks

from generator.core.compile import compile_check
from generator.core.loader import load_text
from generator.core.problems import Problems
from kursbau_testing import run, tiny_course, write


def evil(field: str) -> str:
    """A text that tries every way out of its context; executing any part sets __pwned."""
    return (
        f"{field} </script><script>window.__pwned='{field}-script'</script>"
        f" <img src=x onerror=\"window.__pwned='{field}-img'\"> \"dq\" 'sq' \\ back\\slash"
        f" </textarea></label></title></style><!-- ]]> {{{{ jinja }}}} ${{tpl}} &amp; &lt;b&gt;"
    )


def q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a valid YAML scalar


CHECK = f"""\
title: {q(evil("title"))}
type: quiz
intro: {q(evil("intro"))}
pass: 50%
dimensions:
  d1: {q(evil("dimension"))}
questions:
  - id: wahl
    text: {q(evil("question"))}
    dimension: d1
    options:
      - text: {q(evil("option"))}
        correct: true
        feedback: {q(evil("feedback"))}
      - {q(evil("plainoption"))}
    explanation: {q(evil("explanation"))}
  - id: notiz
    text: {q(evil("reflection"))}
    type: reflection
results:
  - {{min: 0%, title: {q(evil("band"))}, text: {q(evil("bandtext"))}}}
"""
SCALE = f"""\
title: Skala
type: self-assessment
scale:
  - {{label: {q(evil("low"))}, points: 0}}
  - {{label: {q(evil("high"))}, points: 1}}
questions:
  - text: {q(evil("statement"))}
    tip: {q(evil("tip"))}
results:
  - {{min: 0, title: a, text: b}}
"""
LIST = f"""\
title: Liste
type: checklist
items:
  - text: {q(evil("item"))}
    tip: {q(evil("itemtip"))}
results:
  - {{min: 0, title: a, text: b}}
"""
PAYLOAD = "<img src=x onerror=\"window.__pwned='participant'\"></textarea><script>window.__pwned='participant-script'</script>"


@pytest.fixture(scope="module")
def evil_site(tmp_path_factory) -> Path:
    course = tiny_course(tmp_path_factory.mktemp("evil") / "kurs")
    write(
        course,
        {
            "quizzes/boese.yml": CHECK,
            "quizzes/skala.yml": SCALE,
            "quizzes/liste.yml": LIST,
            "content/boese.md": "# Böse\n\n<!-- check: boese -->\n\n<!-- check: skala -->\n\n<!-- check: liste -->\n",
        },
    )
    built = run(["build"], course)
    assert built.returncode == 0, built.stdout + built.stderr
    return course / "site"


def expected_data(source: str, check_id: str) -> dict:
    problems = Problems()
    model, _ = load_text(source.encode(), f"quizzes/{check_id}.yml", problems)
    return compile_check(model, check_id, course="testkurs", lang="de")


@pytest.mark.parametrize("with_policy", [True, False], ids=["strict-host", "plain-host"])
def test_author_text_stays_text_everywhere(page, evil_site: Path, with_policy: bool):
    policy = policy_of(evil_site) if with_policy else None
    page.context.add_init_script(VIOLATIONS_SCRIPT)
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    recorder = Recorder(page)
    with serve(evil_site, policy) as base:
        for path in ("boese/", "checks/boese/", "checks/skala/", "checks/liste/", "checks/"):
            page.goto(f"{base}/{path}")
            page.wait_for_load_state("load")
            if path != "checks/":
                take_checks(page)
            assert page.evaluate("window.__pwned") is None, path
            # the inline data of every check on the page parses to exactly what was compiled
            for raw in page.eval_on_selector_all(
                "script[data-kb-data]", "els => els.map(e => e.textContent)"
            ):
                data = json.loads(raw)
                source = {"boese": CHECK, "skala": SCALE, "liste": LIST}[data["id"]]
                assert data == expected_data(source, data["id"])
            # nothing the author wrote became an element
            assert page.locator("img[src='x'], iframe, style:not(head style)").count() == 0
            assert (
                page.evaluate(
                    "[...document.scripts].filter(s => s.type !== 'application/json'"
                    " && s.textContent.includes('__pwned')).length"
                )
                == 0
            )
            assert page.locator("main textarea").count() == page.locator(".kb-refl").count()
            body = page.locator("main").inner_text()
            if path == "checks/":
                assert "title </script><script>window.__pwned='title-script'</script>" in body
            else:
                assert "</script><script>window.__pwned=" in body  # shown as text
                assert "\\ back\\slash" in body and '"dq"' in body
        # the page title, the nav and the search show the title as text too
        page.goto(f"{base}/checks/boese/")
        assert page.title().startswith("title </script><script>window.__pwned=")
        page.locator("input.md-search__input").click()
        page.keyboard.type("jinja")
        page.wait_for_selector(".md-search-result__item")
        assert page.evaluate("window.__pwned") is None
        violations = page.evaluate("window.__kbViolations")
    assert dialogs == []
    assert recorder.errors == []
    assert violations == []


def test_participant_text_is_never_executed(page, evil_site: Path):
    recorder = Recorder(page)
    with serve(evil_site) as base:  # no policy: the page itself must be safe
        page.goto(f"{base}/checks/boese/")
        page.wait_for_selector('[data-assessment="boese"][data-kb-ready]', state="attached")
        area = page.locator('[data-assessment="boese"] textarea')
        area.fill(PAYLOAD)
        area.blur()
        page.locator('[data-assessment="boese"] [data-action="submit"]').click()
        page.reload()
        page.wait_for_selector('[data-assessment="boese"][data-kb-ready]', state="attached")
        assert area.input_value() == PAYLOAD  # kept, and as the very text typed
        assert page.evaluate("window.__pwned") is None
        assert page.locator("img[src='x']").count() == 0
        # the overview shows progress without ever rendering the stored text
        page.goto(f"{base}/checks/")
        page.wait_for_load_state("load")
        assert page.evaluate("window.__pwned") is None
        page.goto("about:blank")  # no late request of the page may meet a stopped server
    assert recorder.errors == [] or all("favicon" in e for e in recorder.errors)
