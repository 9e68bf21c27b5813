"""The participant's path through the sample course (issue 12), as a participant acts: keyboard
alone, a phone, dark mode, print, a slow network, two tabs. The sample site is built once per
session (conftest.py: `sample_site`) and served on 127.0.0.1; wording is read from the course's
files.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

from kbhelp import result, root, stored
from pypdf import PdfReader

from kursbau_testing import ROOT

PHONE = {"viewport": {"width": 375, "height": 740}, "is_mobile": True, "has_touch": True}


def url(site: Path, md: str) -> str:
    stem = md.removesuffix(".md")
    return f"{stem}.html" if (site / f"{stem}.html").is_file() else f"{stem}/"


def lesson_with(course, check_id: str) -> str:
    return next(p for p, lesson in course.lessons.items() if check_id in dict(lesson.embeds))


def open_page(page, base, path, check_id=None):
    page.goto(f"{base}/{path}")
    selector = f'[data-assessment="{check_id}"]' if check_id else "[data-assessment]"
    page.wait_for_selector(f"{selector}[data-kb-ready]", state="attached")


def focused(page) -> dict:
    return page.evaluate(
        """() => { const e = document.activeElement, r = e.getBoundingClientRect();
           const header = document.querySelector('.md-header').getBoundingClientRect().bottom;
           const top = document.elementFromPoint(r.left + r.width / 2, r.top + Math.min(r.height, 20) / 2);
           return {tag: e.tagName, name: e.name || null, action: e.getAttribute('data-action'),
                   text: e.textContent.trim().slice(0, 80), top: r.top, bottom: r.bottom,
                   header, height: innerHeight, onTop: !!top && (top === e || e.contains(top))}; }"""
    )


def answer(page, data: dict, pick) -> dict:
    """Click an answer for every choice question: pick(question) → option index or indices."""
    given = {}
    for q in data["questions"]:
        if q["kind"] not in ("single", "multiple", "scale"):
            continue
        chosen = pick(q)
        box = root(page, data["id"]).locator(f'[data-kb-q="{q["id"]}"]')
        for i in chosen if isinstance(chosen, list) else [chosen]:
            box.locator("input").nth(i).click()
        given[q["id"]] = chosen
    return given


def right(q):
    picks = [i for i, o in enumerate(q["options"]) if o["correct"]]
    return picks if q["kind"] == "multiple" else picks[0]


def wrong(q):
    picks = [i for i, o in enumerate(q["options"]) if not o["correct"]][:1]
    return picks if q["kind"] == "multiple" else picks[0]


# ---------------------------------------------------------------- keyboard alone


def test_enter_never_submits_and_a_half_done_quiz_asks_first(
    page, sample_base, sample_site, sample_course
):
    """Major 1: in "mythen", Tab to question 1, Space, Enter. Nothing is evaluated, no solution
    shows; "Auswerten" with six questions open asks first, inside the check."""
    data = sample_course.data["mythen"]
    open_page(page, sample_base, url(sample_site, "checks/mythen.md"), "mythen")
    page.keyboard.press("Tab")
    assert focused(page)["text"].startswith("Zum Inhalt")  # the skip link comes first
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert focused(page)["name"] == f"mythen/{data['questions'][0]['id']}"
    page.keyboard.press("Space")
    page.keyboard.press("Enter")
    assert result(page, "mythen")["text"] == ""
    assert root(page, "mythen").locator(".kb-expl:visible").count() == 0
    assert not stored(page, "mythen", "netzwerken-statt-kaltakquise")["submitted"]
    page.locator('[data-assessment="mythen"] [data-action="submit"]').focus()
    page.keyboard.press("Enter")
    ask = root(page, "mythen").locator("[data-incomplete]")
    open_count = len(data["questions"]) - 1
    assert ask.get_attribute("role") == "alert"
    assert f"Noch {open_count} Fragen sind offen" in ask.inner_text()
    assert result(page, "mythen")["text"] == ""
    assert focused(page)["action"] == "to-open"
    page.keyboard.press("Enter")
    assert focused(page)["name"] == f"mythen/{data['questions'][1]['id']}"
    # evaluating anyway is one more step away, and counts the open ones as wrong
    page.locator('[data-assessment="mythen"] [data-action="confirm-submit"]').focus()
    page.keyboard.press("Enter")
    assert result(page, "mythen")["max"] == data["max"]


def test_arrow_keys_do_not_mark_an_immediate_quiz(page, sample_base, sample_site, sample_course):
    """Minor: in "einordnen" (immediate feedback) arrow keys move through the options without
    answering them; Space answers, and the marked answer is final."""
    data = sample_course.data["einordnen"]
    first = data["questions"][0]
    open_page(page, sample_base, url(sample_site, "checks/einordnen.md"), "einordnen")
    box = root(page, "einordnen").locator(f'[data-kb-q="{first["id"]}"]')
    box.locator("input").first.focus()
    page.keyboard.press("Space")  # the first option, answered with Space: marked
    assert box.locator(".kb-fb").inner_text() != ""
    assert box.locator("input").first.is_disabled()
    second = root(page, "einordnen").locator(f'[data-kb-q="{data["questions"][1]["id"]}"]')
    second.locator("input").first.focus()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    assert second.locator("input").nth(2).is_checked()
    assert second.locator(".kb-fb").inner_text() == ""  # moved through, not answered
    assert not second.locator("input").first.is_disabled()
    page.keyboard.press("Space")  # now it is the answer
    assert second.locator(".kb-fb").inner_text().startswith(("\u2713", "\u2717"))
    assert second.locator("input").nth(0).is_disabled()


# ---------------------------------------------------------------- a phone


def test_a_result_on_a_phone_lands_below_the_sticky_header(
    browser, sample_base, sample_site, sample_course
):
    """Major 2: after "Auswerten" the focus is on the result's heading, fully visible below
    the sticky header; the next Tab stays visible too; "Zurücksetzen" can be undone."""
    data = sample_course.data["mythen"]
    context = browser.new_context(**PHONE)
    page = context.new_page()
    open_page(page, sample_base, url(sample_site, lesson_with(sample_course, "mythen")), "mythen")
    answer(page, data, wrong)
    root(page, "mythen").locator('[data-action="submit"]').tap()
    f = focused(page)
    assert f["tag"] in ("H2", "H3") and f["text"] == "Dein Ergebnis"
    assert f["top"] >= f["header"] and f["bottom"] <= f["height"] and f["onTop"], f
    for _ in range(3):
        page.keyboard.press("Tab")
        f = focused(page)
        assert f["top"] >= f["header"] - 1 and f["onTop"], f  # never under the header
    # one clear next step: the next lesson, right under the result
    following = root(page, "mythen").locator("[data-kb-next] a")
    assert following.is_visible()
    next_lesson = page.locator(".md-footer__link--next .md-ellipsis").inner_text().strip()
    assert following.inner_text() == next_lesson
    # "Zurücksetzen" deletes at once and offers to undo it
    root(page, "mythen").locator('[data-action="reset"]').tap()
    assert result(page, "mythen")["text"] == ""
    root(page, "mythen").locator('[data-action="undo"]').tap()
    assert result(page, "mythen")["score"] is not None
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    context.close()


def test_solutions_show_once_and_the_page_stays_short_on_a_phone(
    browser, sample_base, sample_site, sample_course
):
    """Minor: each explanation shows once, in place (not again at the bottom); the missed right
    option of a partly right answer is pointed out where it is; the attempt is read-only."""
    data = sample_course.data["mythen"]
    context = browser.new_context(**PHONE)
    page = context.new_page()
    open_page(page, sample_base, url(sample_site, "checks/mythen.md"), "mythen")
    before = page.evaluate("document.documentElement.scrollHeight")
    partly = next(q for q in data["questions"] if q["kind"] == "multiple")
    answer(page, data, lambda q: right(q)[:1] if q is partly else right(q))
    root(page, "mythen").locator('[data-action="submit"]').tap()
    after = page.evaluate("document.documentElement.scrollHeight")
    assert after < before * 1.6, (before, after)  # the old page grew to 2.4 times its height
    for q in data["questions"]:
        if q.get("explanation"):
            words = re.sub(r"<[^>]+>", "", q["explanation"]).split()[:4]
            assert page.get_by_text(" ".join(words)).count() == 1
    box = root(page, "mythen").locator(f'[data-kb-q="{partly["id"]}"]')
    missed = [i for i, o in enumerate(partly["options"]) if o["correct"]][1]
    assert "nicht gewählt" in box.locator(".kb-o").nth(missed).inner_text()
    assert "\u25d0 Teilweise richtig" in box.locator(".kb-fb").inner_text()
    box.locator("label").nth(missed).tap(force=True)  # too late: the answer is read-only
    assert not box.locator("input").nth(missed).is_checked()
    context.close()


# ---------------------------------------------------------------- the overview


def test_the_overview_shows_score_and_pass_or_fail(
    browser, sample_base, sample_site, sample_course
):
    """Minor: the overview shows each check's score and whether it passed; a failed quiz gets
    no tick; on a phone it fits the screen."""
    context = browser.new_context(**PHONE)
    page = context.new_page()
    data = sample_course.data["einordnen"]
    open_page(page, sample_base, url(sample_site, "checks/einordnen.md"), "einordnen")
    answer(page, data, wrong)
    root(page, "einordnen").locator('[data-action="submit"]').click()
    page.goto(f"{sample_base}/{url(sample_site, 'checks/index.md')}")
    page.wait_for_selector("[data-kb-overview][data-kb-ready]", state="attached")
    row = page.locator('tr[data-kb-id="einordnen"]')
    assert row.locator("[data-kb-state]").inner_text() == "\u2717 Noch nicht bestanden"
    assert row.locator("[data-kb-score]").inner_text() == f"0 von {data['max']} Punkten (0\u00a0%)"
    assert "\u2713" not in row.inner_text()
    kind = row.locator(".kb-kind").inner_text()
    assert f"{len(data['questions'])} Fragen" in kind and "Minute" in kind
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    context.close()


def test_lesson_tables_fit_a_phone(browser, sample_base, sample_site, sample_course):
    """Minor: no lesson table hides a column on a phone behind a sideways scroll."""
    context = browser.new_context(**PHONE)
    page = context.new_page()
    with_tables = [
        url(sample_site, md)
        for md, lesson in sample_course.lessons.items()
        if not lesson.trainer and "\n|" in (ROOT / "content" / md).read_text("utf-8")
    ]
    assert with_tables, "the sample course has a table"
    for page_url in with_tables:
        page.goto(f"{sample_base}/{page_url}")
        page.wait_for_load_state("load")
        widths = page.evaluate(
            "[...document.querySelectorAll('article table')].map(t => t.closest('.md-typeset__scrollwrap') || t)"
            ".map(w => [w.scrollWidth,"
            " w.clientWidth])"
        )
        assert widths and all(scroll <= client for scroll, client in widths), (page_url, widths)
    context.close()


# ---------------------------------------------------------------- dark mode and print


def test_dark_mode_prints_a_light_worksheet_without_screen_sentences(
    browser, sample_base, sample_site
):
    """Minor: in dark mode unticked boxes print white, not as black squares; Ctrl+P prints
    no sentence meant for the screen ("gespeichert", progress, time)."""
    context = browser.new_context(color_scheme="dark")
    page = context.new_page()
    open_page(page, sample_base, url(sample_site, "checks/mythen.md"), "mythen")
    page.emulate_media(media="print", color_scheme="dark")
    boxes = page.evaluate(
        "[...document.querySelectorAll('[data-assessment] input')].map(i =>"
        " getComputedStyle(i).backgroundColor)"
    )
    assert boxes and set(boxes) == {"rgb(255, 255, 255)"}
    text = root(page, "mythen").inner_text()
    for screen_only in (".kb-meta", ".kb-progress", ".kb-small", '[data-action="submit"]'):
        words = root(page, "mythen").locator(screen_only).text_content().strip()
        assert words and words not in text, screen_only  # "etwa 4 Minuten", "0 von 7 …"
    context.close()


def test_print_result_has_the_title_and_no_empty_pages(
    page, sample_base, sample_site, sample_course
):
    """Minor: "Ergebnis drucken" prints the check's title and the date, and no empty page."""
    data = sample_course.data["kontaktpflege"]
    open_page(page, sample_base, url(sample_site, "checks/kontaktpflege.md"), "kontaktpflege")
    answer(page, data, lambda q: 1)
    root(page, "kontaktpflege").locator('[data-action="submit"]').click()
    page.evaluate("window.print = () => {}")  # the dialog itself is the browser's
    root(page, "kontaktpflege").locator('[data-action="print"]').click()
    pdf = PdfReader(io.BytesIO(page.pdf(format="A4")))
    texts = [p.extract_text() for p in pdf.pages]
    assert data["title"] in texts[0] and "Gedruckt am" in texts[0]
    assert all(t.strip() for t in texts), [len(t) for t in texts]
    assert len(texts) <= 3


# ---------------------------------------------------------------- a slow network


def test_a_slow_script_neither_flashes_nor_jumps(page, sample_base, sample_site, sample_course):
    """Minor: while kursbau.js is still on its way, no "braucht JavaScript" shows and nothing
    moves when it arrives."""
    waiting = []
    page.route("**/kursbau.js", lambda route: waiting.append(route))
    lesson = url(sample_site, lesson_with(sample_course, "mythen"))
    page.goto(f"{sample_base}/{lesson}", wait_until="commit")
    page.wait_for_selector(".md-footer", state="attached")  # the page is there, the script not
    marker = "document.querySelector('.md-footer').getBoundingClientRect().top + scrollY"
    assert page.locator(".kb-nojs").count() == 0 or not page.locator(".kb-nojs").is_visible()
    before = page.evaluate(marker)
    assert waiting, "kursbau.js was not requested"
    waiting[0].continue_()
    page.wait_for_selector('[data-assessment="mythen"][data-kb-ready]', state="attached")
    assert abs(page.evaluate(marker) - before) < 2
    assert not page.get_by_text("braucht JavaScript").is_visible()


# ---------------------------------------------------------------- two tabs


def test_two_tabs_of_one_course_never_overwrite_each_other(
    browser, sample_base, sample_site, sample_course
):
    """Minor: answers given in two tabs of the same check both stay, and each tab shows the
    other's answers."""
    data = sample_course.data["kontaktpflege"]
    first, second = data["questions"][0], data["questions"][1]
    context = browser.new_context()
    one, two = context.new_page(), context.new_page()
    path = url(sample_site, "checks/kontaktpflege.md")
    for tab in (one, two):
        open_page(tab, sample_base, path, "kontaktpflege")
    root(one, "kontaktpflege").locator(f'[data-kb-q="{first["id"]}"] input').nth(2).check()
    root(two, "kontaktpflege").locator(f'[data-kb-q="{second["id"]}"] input').nth(1).check()
    two.wait_for_function(
        f'document.querySelector(\'[data-kb-q="{first["id"]}"] input[value="2"]\').checked'
    )
    one.wait_for_function(
        f'document.querySelector(\'[data-kb-q="{second["id"]}"] input[value="1"]\').checked'
    )
    saved = stored(one, "kontaktpflege", "netzwerken-statt-kaltakquise")["answers"]
    assert saved == {first["id"]: 2, second["id"]: 1}
    assert "2 von 9 beantwortet" in root(one, "kontaktpflege").inner_text()
    context.close()


# ---------------------------------------------------------------- words


def test_one_word_for_a_check_and_a_german_footer(sample_site):
    """Minor: "Selbstcheck" throughout (never "Selbstkontrolle"); no English footer line."""
    pages = [p.read_text(encoding="utf-8") for p in sample_site.rglob("*.html")]
    assert not any("Selbstkontrolle" in p for p in pages)
    assert not any("Made with" in p for p in pages)
