"""From a folder or a USB stick: the sample course packed with `kursbau build --zip`, unpacked
and opened as file:// in Chromium. Search finds a word from a lesson (through Kursbau's own
worker shim), a check is taken, and after a reload the answers are still there. No request
goes to the network."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from offline_csp_support import Recorder, take_checks

from kursbau_testing import ROOT, run


@pytest.fixture(scope="module")
def stick(tmp_path_factory) -> Path:
    """The sample course's site.zip, unpacked where a participant would: some other folder."""
    build = tmp_path_factory.mktemp("zip-build")
    built = run(["build", "--zip", "--site-dir", str(build / "site")], ROOT)
    assert built.returncode == 0, built.stdout + built.stderr
    assert "Packed" in built.stdout
    folder = tmp_path_factory.mktemp("usb-stick") / "Kurs"
    with zipfile.ZipFile(build / "site.zip") as archive:
        archive.extractall(folder)
    return folder


def test_search_works_from_the_folder(page, stick: Path):
    recorder = Recorder(page)
    page.goto((stick / "index.html").as_uri())
    assert page.evaluate("window.Worker === window.IFrameWorker")  # our shim took over
    page.locator("input.md-search__input").click()
    page.keyboard.type("Bestandskunden")
    page.wait_for_selector(".md-search-result__item")
    hits = page.locator(".md-search-result__item a").evaluate_all("as => as.map(a => a.href)")
    assert any("lektionen/3-bestandskunden.html" in href for href in hits), hits
    page.locator(".md-search-result__item a").first.click()
    page.wait_for_load_state("load")
    assert page.url.startswith("file://")
    assert recorder.errors == []
    assert recorder.foreign("file") == []
    print(f"\nfile:// search: {len(recorder.requests)} requests, none off the machine")


def test_a_check_taken_from_the_folder_survives_a_reload(page, stick: Path):
    recorder = Recorder(page)
    url = (stick / "checks" / "bereit.html").as_uri()
    page.goto(url)
    assert take_checks(page) == ["bereit"]
    root = page.locator('[data-assessment="bereit"]')
    ticked = root.locator('input[type="checkbox"]').evaluate_all("bs => bs.map(b => b.checked)")
    score = root.locator("[data-result]").get_attribute("data-score")
    assert any(ticked) and score is not None

    page.reload()
    page.wait_for_selector('[data-assessment="bereit"][data-kb-ready]', state="attached")
    assert root.locator('input[type="checkbox"]').evaluate_all("bs => bs.map(b => b.checked)") == (
        ticked
    )
    assert root.locator("[data-result]").get_attribute("data-score") == score

    # a reflection (the action plan) is kept as well
    page.goto((stick / "checks" / "aktionsplan.html").as_uri())
    assert take_checks(page) == ["aktionsplan"]
    texts = page.locator('[data-assessment="aktionsplan"] textarea')
    first = texts.first.input_value()
    page.reload()
    page.wait_for_selector('[data-assessment="aktionsplan"][data-kb-ready]', state="attached")
    assert texts.first.input_value() == first == "Meine Antwort 1"
    assert recorder.errors == []
    assert recorder.foreign("file") == []
    print(f"\nfile:// checks: {len(recorder.requests)} requests, none off the machine")
