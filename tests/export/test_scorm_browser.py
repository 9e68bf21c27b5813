"""The package inside a learning platform: scorm-again's real SCORM 1.2 and 2004 runtimes on a
test page on 127.0.0.1, the unpacked package in its frame, Chromium answering the checks.

What the platform reads back must equal `generator.export.report` over `generator.core.scoring`
(FORMAT 1.1, "In a learning platform"); a self-assessment reports only that it was done; after a
relaunch with the stored suspend_data (a new browser context: empty localStorage) the quiz
answers and results are back. Every test fails on a console error or a request off 127.0.0.1.
"""

from __future__ import annotations

import shutil

import pytest
from conftest import export
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.export.report import exact_earned, report, reported
from generator.export.suspend import check_layout, state_of
from generator.mkdocs_adapter import build as engine
from kursbau_testing import ROOT, tiny_course, write


def answers_for(data: dict) -> dict:
    """What the participant does in a check, by a fixed rule that mixes right and wrong
    answers (as in the page contract: option or step index, a list for multiple choice, true
    for a ticked item)."""
    out = {}
    for i, q in enumerate(data["questions"]):
        n = len(q.get("options") or q.get("steps") or [])
        if q["kind"] == "check" and i % 2 == 0:
            out[q["id"]] = True
        elif q["kind"] in ("scale", "single"):
            out[q["id"]] = (i + 1) % n
        elif q["kind"] == "multiple":
            out[q["id"]] = [j for j in range(n) if (i + j) % 2 == 0]
    return out


@pytest.fixture(scope="module")
def sample_course():
    problems, course = engine.check(ROOT / "mkdocs.yml")
    assert not problems
    return course


@pytest.fixture(scope="module")
def sample_answers(sample_course) -> dict[str, dict]:
    return {c: answers_for(data) for c, data in sample_course.data.items()}


@pytest.fixture(scope="module")
def sample_packages(tmp_path_factory, platform) -> dict[str, str]:
    out = tmp_path_factory.mktemp("packages")
    starts = {}
    for version in ("1.2", "2004"):
        package = export(ROOT, out / f"kurs-{version}.zip", "--version", version)
        starts[version] = platform.add_package(package, f"kurs-{version}")
    per_check = export(ROOT, out / "per-check", "--per-check")
    starts["1.2:mythen"] = platform.add_package(per_check / "mythen.zip", "mythen-1.2")
    return starts


def answer(frame, data: dict, answers: dict) -> None:
    """Answer one check as a participant would, and submit it."""
    root = frame.locator(f'[data-assessment="{data["id"]}"]')
    for q in data["questions"]:
        value = answers.get(q["id"])
        if value is None or value is False:
            continue
        field = root.locator(f'[name="{q["name"]}"]')
        if q["kind"] == "check":
            field.check()
        elif q["kind"] == "multiple":
            for index in value:
                root.locator(f'[name="{q["name"]}"][value="{index}"]').check()
        elif q["kind"] == "reflection":
            field.fill(value)
        else:
            root.locator(f'[name="{q["name"]}"][value="{value}"]').check()
    root.locator('[data-action="submit"]').click()
    confirm = root.locator('[data-action="confirm-submit"]')
    if confirm.is_visible():
        confirm.click()
    root.locator("[data-result][data-score]").wait_for(state="attached")


def open_check(platform, page, check_id: str):
    frame = platform.site(page)
    # Leaving a page while the theme's search worker still loads its files makes Chromium log
    # an error for the aborted load; a participant reading the page never sees it.
    page.wait_for_load_state("networkidle")
    frame.goto(frame.url.rsplit("/", 1)[0].replace("/checks", "") + f"/checks/{check_id}.html")
    frame = platform.site(page)
    frame.wait_for_selector(f'[data-assessment="{check_id}"][data-kb-ready]', state="attached")
    return frame


def expected(course, answered: dict[str, dict], only: list[str] | None = None):
    from generator.core.rules import lms_of

    checks = []
    for check_id, data in course.data.items():
        lms = lms_of(course.checks[check_id].model)
        if lms == "none" or (only and check_id not in only):
            continue
        checks.append(reported(data, lms, answered.get(check_id)))
    return report(checks)


def assert_reported(cmi: dict, version: str, want) -> None:
    if version == "1.2":
        core = cmi["core"]
        assert core["lesson_status"] == want.lesson_status
        if want.score is not None:
            assert (core["score"]["raw"], core["score"]["min"], core["score"]["max"]) == (
                want.score_text(),
                "0",
                "100",
            )
        else:
            assert core["score"]["raw"] == ""
    else:
        assert cmi["completion_status"] == want.completion
        assert cmi["success_status"] == want.success
        if want.score is not None:
            assert cmi["score"]["scaled"] == want.scaled_text()
            assert cmi["score"]["raw"] == want.score_text()
        else:
            assert cmi["score"]["scaled"] == ""


def layouts(course, only: list[str] | None = None) -> list[dict]:
    from generator.core.rules import lms_of

    return [
        check_layout(data, lms_of(course.checks[c].model))
        for c, data in course.data.items()
        if lms_of(course.checks[c].model) != "none" and (not only or c in only)
    ]


@pytest.mark.parametrize("version", ["1.2", "2004"])
def test_every_sample_check_reports_what_the_scoring_reference_says(
    sample_answers, platform, sample_packages, sample_course, watched, version
):
    page = watched
    platform.launch(page, version, sample_packages[version])
    cmi = platform.cmi(page)
    assert_reported(cmi, version, expected(sample_course, {}))
    answered: dict[str, dict] = {}
    for check_id in ("mythen", "kontaktpflege", "einordnen", "bereit"):
        frame = open_check(platform, page, check_id)
        answer(frame, sample_course.data[check_id], sample_answers[check_id])
        answered[check_id] = sample_answers[check_id]
        cmi = platform.cmi(page)
        assert_reported(cmi, version, expected(sample_course, answered))
    want = expected(sample_course, answered)
    assert want.completion == "completed" and want.score is not None
    # The self-assessment: done, and nothing else of it in the platform.
    state = state_of(layouts(sample_course), cmi["suspend_data"])
    assert state["kontaktpflege"] == {"answers": {}, "marked": [], "sub": False, "done": True}
    assert state["mythen"]["answers"] == sample_answers["mythen"]
    assert len(cmi["suspend_data"]) <= 4096
    assert not cmi.get("interactions"), "no answers as interactions either"
    # one session for the platform, however many pages were opened
    calls = page.evaluate("calls")
    first = "LMSInitialize" if version == "1.2" else "Initialize"
    assert calls == [first]


@pytest.mark.parametrize("version", ["1.2", "2004"])
def test_relaunch_brings_back_quiz_answers_and_results(
    sample_answers, platform, sample_packages, sample_course, browser, watch, version
):
    context = watch.context(browser.new_context())
    page = watch.page(context.new_page())
    platform.launch(page, version, sample_packages[version])
    frame = open_check(platform, page, "mythen")
    answer(frame, sample_course.data["mythen"], sample_answers["mythen"])
    shown = frame.locator('[data-assessment="mythen"] [data-result]')
    before = {k: shown.get_attribute(k) for k in ("data-score", "data-max", "data-passed")}
    assert before["data-score"] is not None
    frame = open_check(platform, page, "kontaktpflege")
    answer(frame, sample_course.data["kontaktpflege"], sample_answers["kontaktpflege"])
    first = platform.cmi(page)
    stored = first["suspend_data"]
    context.close()  # the participant leaves; the platform keeps suspend_data

    context = watch.context(browser.new_context())  # another device: nothing in localStorage
    page = watch.page(context.new_page())
    platform.launch(page, version, sample_packages[version], {"suspend_data": stored})
    frame = open_check(platform, page, "mythen")
    kept = frame.evaluate("Object.keys(localStorage).filter(k => k.startsWith('kursbau'))")
    assert kept == [], "the answers come from the platform, not from this browser"
    root = frame.locator('[data-assessment="mythen"]')
    for q in sample_course.data["mythen"]["questions"]:
        value = sample_answers["mythen"].get(q["id"])
        chosen = value if isinstance(value, list) else [value]
        for index in range(len(q["options"])):
            box = root.locator(f'[name="{q["name"]}"][value="{index}"]')
            assert box.is_checked() == (index in chosen), (q["id"], index)
    shown = root.locator("[data-result]")
    assert {k: shown.get_attribute(k) for k in before} == before
    # what the platform reads from this session is what it read from the first one
    answered = {c: sample_answers[c] for c in ("mythen", "kontaktpflege")}
    assert_reported(platform.cmi(page), version, expected(sample_course, answered))
    assert platform.cmi(page)["suspend_data"] == stored
    # the self-assessment: done, its answers stayed on the first device
    frame = open_check(platform, page, "kontaktpflege")
    checked = frame.locator('[data-assessment="kontaktpflege"] input:checked')
    assert checked.count() == 0
    context.close()


def test_the_request_watch_sees_a_request_off_127_0_0_1(platform, browser):
    """The watch the platform tests rely on is no rubber stamp (the request is aborted before it
    leaves the machine)."""
    from conftest import Watch

    seen = Watch()
    context = seen.context(browser.new_context())
    page = context.new_page()
    page.route("http://192.0.2.1/**", lambda route: route.abort())
    page.goto(f"{platform.base}/platform.html")
    pixel = "http://192.0.2.1/pixel.png"
    # the context's own "request" event, which the watch heard first (it listened first)
    with context.expect_event("request", lambda request: request.url == pixel):
        page.evaluate(f"new Image().src = 'data:,'; new Image().src = '{pixel}'")
    context.close()
    assert seen.foreign == ["http://192.0.2.1/pixel.png"]
    assert seen.local > 0


def test_per_check_package_reports_that_check_alone(
    sample_answers, platform, sample_packages, sample_course, watched
):
    page = watched
    platform.launch(page, "1.2", sample_packages["1.2:mythen"])
    frame = platform.site(page)
    frame.wait_for_selector('[data-assessment="mythen"][data-kb-ready]', state="attached")
    assert platform.cmi(page)["core"]["lesson_status"] == "incomplete"
    answer(frame, sample_course.data["mythen"], sample_answers["mythen"])
    want = expected(sample_course, {"mythen": sample_answers["mythen"]}, only=["mythen"])
    assert want.completion == "completed"
    assert_reported(platform.cmi(page), "1.2", want)


def test_without_a_platform_the_package_behaves_like_the_website(
    sample_answers, platform, sample_packages, sample_course, watched
):
    page = watched
    page.goto(f"{platform.base}/{sample_packages['1.2']}")
    page.wait_for_function(
        "() => document.querySelector('iframe').contentWindow.location.href.endsWith('index.html')"
    )
    frame = page.frames[1]
    page.wait_for_load_state("networkidle")
    frame.goto(frame.url.replace("index.html", "checks/mythen.html"))
    frame = page.frames[1]
    frame.wait_for_selector('[data-assessment="mythen"][data-kb-ready]', state="attached")
    answer(frame, sample_course.data["mythen"], sample_answers["mythen"])
    stored = frame.evaluate("localStorage.getItem('kursbau:netzwerken-statt-kaltakquise:mythen')")
    assert stored and '"submitted":true' in stored


# -- generated courses and answers ------------------------------------------------------------


@st.composite
def generated(draw):
    """A quiz and a checklist or self-assessment with `lms` set at random, and answers."""
    questions, answers = [], {}
    for i in range(draw(st.integers(1, 4))):
        n = draw(st.integers(2, 5))
        kind = draw(st.sampled_from(["single", "multiple"]))
        correct = (
            [draw(st.integers(0, n - 1))]
            if kind == "single"
            else sorted(draw(st.sets(st.integers(0, n - 1), min_size=1, max_size=n)))
        )
        points = draw(st.sampled_from(["1", "0.5", "2", "1.25", "3"]))
        options = "".join(
            f"      - {{text: Antwort {j + 1}, correct: {'true' if j in correct else 'false'}}}\n"
            for j in range(n)
        )
        extra = ""
        if kind == "multiple":
            extra = f"    type: multiple\n    partial: {draw(st.sampled_from(['true', 'false']))}\n"
        questions.append(
            f"  - text: Frage {i + 1}\n{extra}    points: {points}\n    options:\n{options}"
        )
        if draw(st.booleans()):
            answers[f"q{i + 1}"] = (
                draw(st.integers(0, n - 1))
                if kind == "single"
                else sorted(draw(st.sets(st.integers(0, n - 1), min_size=1, max_size=n)))
            )
    pass_line = draw(st.sampled_from(["", 'pass: "50%"\n', 'pass: "100%"\n', "pass: 1\n"]))
    quiz = f"title: Quiz\ntype: quiz\n{pass_line}questions:\n{''.join(questions)}"
    other_lms = draw(st.sampled_from(["score", "completion"]))
    if draw(st.booleans()):
        items = draw(st.lists(st.sampled_from(["1", "2", "0.7", "0.1"]), min_size=1, max_size=4))
        other = "title: Liste\ntype: checklist\nlms: {}\nitems:\n{}results:\n  - {{min: 0, title: A, text: B}}\n".format(
            other_lms,
            "".join(f"  - {{text: Punkt {k + 1}, points: {p}}}\n" for k, p in enumerate(items)),
        )
        other_answers = {f"q{k + 1}": True for k in range(len(items)) if draw(st.booleans())}
    else:
        count = draw(st.integers(1, 3))
        other = 'title: Selbst\ntype: self-assessment\nscale: agree-4\nlms: {}\nquestions:\n{}results:\n  - {{min: "0%", title: A, text: B}}\n'.format(
            other_lms, "".join(f"  - {{text: Aussage {k + 1}, weight: 2}}\n" for k in range(count))
        )
        other_answers = {f"q{k + 1}": draw(st.integers(0, 3)) for k in range(count)}
    submit_other = draw(st.booleans())
    version = draw(st.sampled_from(["1.2", "2004"]))
    return quiz, answers, other, other_answers, submit_other, version


@settings(
    max_examples=6,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(case=generated())
def test_generated_checks_report_what_the_scoring_reference_says(
    platform, watched, tmp_path_factory, case
):
    quiz, answers, other, other_answers, submit_other, version = case
    page = watched
    root = tmp_path_factory.mktemp("gen")
    course_dir = tiny_course(root / "kurs")
    shutil.rmtree(course_dir / "quizzes")
    (course_dir / "content" / "lektion.md").write_text("# Lektion\n", encoding="utf-8")
    write(course_dir, {"quizzes/quiz.yml": quiz, "quizzes/other.yml": other})
    package = export(course_dir, root / "p.zip", "--version", version)
    start = platform.add_package(package, f"gen-{root.name}")
    problems, course = engine.check(course_dir / "mkdocs.yml")
    assert not problems
    platform.launch(page, version, start)
    frame = open_check(platform, page, "quiz")
    answer(frame, course.data["quiz"], answers)
    answered = {"quiz": answers}
    assert_reported(platform.cmi(page), version, expected(course, answered))
    if submit_other:
        frame = open_check(platform, page, "other")
        answer(frame, course.data["other"], other_answers)
        answered["other"] = other_answers
    cmi = platform.cmi(page)
    want = expected(course, answered)
    assert_reported(cmi, version, want)
    state = state_of(layouts(course), cmi["suspend_data"])
    assert state["quiz"]["earned"] == exact_earned(course.data["quiz"], answers)


def test_navigation_and_search_work_inside_the_platform_frame(platform, sample_packages, watched):
    page = watched
    platform.launch(page, "2004", sample_packages["2004"])
    frame = platform.site(page)
    frame.locator("input.md-search__input").click()
    page.keyboard.type("Bestandskunden")
    hit = frame.locator(".md-search-result__item a").first
    hit.wait_for()
    assert "lektionen/3-bestandskunden.html" in hit.get_attribute("href")
    hit.click()
    page.wait_for_function(
        "() => !document.getElementById('sco').contentDocument.querySelector('iframe')"
        ".contentWindow.location.href.endsWith('index.html')"
    )
    frame = platform.site(page)
    assert frame.locator("article h1").count() == 1
    assert page.evaluate("calls") == ["Initialize"], "one session, however many pages"


def test_data_of_an_earlier_course_version_leaves_the_status_until_a_submit(
    sample_answers, platform, sample_packages, sample_course, watched
):
    page = watched
    earlier = {"suspend_data": "k1ZZZZZZ3f", "core": {"lesson_status": "passed"}}
    platform.launch(page, "1.2", sample_packages["1.2"], earlier)
    frame = open_check(platform, page, "mythen")
    assert frame.locator('[data-assessment="mythen"] input:checked').count() == 0
    assert platform.cmi(page)["core"]["lesson_status"] == "passed"
    answer(frame, sample_course.data["mythen"], sample_answers["mythen"])
    answered = {"mythen": sample_answers["mythen"]}
    assert_reported(platform.cmi(page), "1.2", expected(sample_course, answered))
    stored = platform.cmi(page)["suspend_data"]
    assert state_of(layouts(sample_course), stored)["mythen"]["answers"] == answered["mythen"]
