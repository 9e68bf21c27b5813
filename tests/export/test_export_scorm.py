"""`kursbau export scorm`: packages of the sample course (1.2, 2004, per check) with manifests
that ADL's schemas accept, every file listed, nothing written on problems, clear one-line errors."""

from __future__ import annotations

import posixpath
import re
import shutil
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import pytest
from scorm_support import manifest_errors, quiz_yaml
from selectolax.lexbor import LexborHTMLParser

from generator.export.manifest import manifest
from generator.export.suspend import worst_case
from kursbau_testing import ROOT, run, tiny_course, write

SAMPLE_REPORTED = {"bereit", "einordnen", "kontaktpflege", "mythen"}  # all but the action plan


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> Path:
    """A copy of the sample course (exports write into its dist/)."""
    root = tmp_path_factory.mktemp("sample")
    for name in ("mkdocs.yml", "content", "quizzes"):
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, root / name)
        else:
            shutil.copy(src, root / name)
    return root


@pytest.fixture(scope="module")
def packages(sample: Path) -> dict[str, Path]:
    """The sample exported in every flavour, once."""
    made = {}
    for version in ("1.2", "2004"):
        result = run(["export", "scorm", "--version", version], sample)
        assert result.returncode == 0, result.stderr
        tag = "scorm12" if version == "1.2" else "scorm2004"
        made[version] = sample / "dist" / f"netzwerken-statt-kaltakquise-{tag}.zip"
        result = run(["export", "scorm", "--version", version, "--per-check"], sample)
        assert result.returncode == 0, result.stderr
        assert "aktionsplan: lms: none" in result.stdout
        folder = sample / "dist" / f"netzwerken-statt-kaltakquise-{tag}"
        for zip_path in folder.glob("*.zip"):
            made[f"{version}:{zip_path.stem}"] = zip_path
    return made


def read_manifest(package: Path) -> tuple[str, list[str]]:
    with zipfile.ZipFile(package) as archive:
        return archive.read("imsmanifest.xml").decode("utf-8"), archive.namelist()


def listed_files(text: str) -> list[str]:
    root = ElementTree.fromstring(text)
    return [el.get("href") for el in root.iter() if el.tag.endswith("}file")]


def test_sample_exports_in_every_flavour_and_every_manifest_validates(packages):
    per_check = {k.split(":", 1)[1] for k in packages if ":" in k}
    assert per_check == SAMPLE_REPORTED
    for key, package in packages.items():
        version = key.split(":")[0]
        text, names = read_manifest(package)
        assert names[0] == "imsmanifest.xml", "the manifest comes first, at the root"
        assert manifest_errors(version, text) == [], key
        assert sorted(listed_files(text)) == sorted(n for n in names if n != "imsmanifest.xml")
        assert f"<schemaversion>{'1.2' if version == '1.2' else '2004 4th Edition'}<" in text


def test_manifest_names_the_course_its_language_and_a_stable_identifier(packages, sample):
    text, _ = read_manifest(packages["1.2"])
    root = ElementTree.fromstring(text)
    assert root.get("identifier") == "kursbau-netzwerken-statt-kaltakquise"
    cp = "{http://www.imsproject.org/xsd/imscp_rootv1p1p2}"
    titles = [el.text for el in root.iter(f"{cp}title")]
    assert titles == ["Netzwerken statt Kaltakquise"] * 2
    assert 'xml:lang="de"' in text and ">de</imsmd:language>" in text
    text, _ = read_manifest(packages["2004:mythen"])
    root = ElementTree.fromstring(text)
    assert root.get("identifier") == "kursbau-netzwerken-statt-kaltakquise-mythen"
    assert "Vertriebsmythen im Faktencheck" in text
    # the same course gives the same package, byte for byte
    again = sample / "again.zip"
    assert run(["export", "scorm", "--out", str(again)], sample).returncode == 0
    assert again.read_bytes() == packages["1.2"].read_bytes()


def test_package_starts_at_the_start_page_and_links_the_bridge_into_every_page(packages):
    with zipfile.ZipFile(packages["1.2"]) as archive:
        names = archive.namelist()
        start = archive.read("kursbau-scorm.html").decode()
        assert re.search(r'<iframe[^>]+data-kb-start="index.html"', start)
        pages = [n for n in names if n.endswith(".html") and n != "kursbau-scorm.html"]
        assert "checks/mythen.html" in pages, "plain file URLs: a platform serves files"
        for page in pages:
            html = archive.read(page).decode()
            depth = page.count("/")
            base = "../" * depth + "assets/kursbau/scorm"
            bridge = (
                f'<script src="{base}/course.js"></script><script src="{base}/kursbau-scorm.js">'
            )
            assert bridge in html, page
            assert html.index(bridge) < html.index("</head>")
        assert "handouts/teilnehmer.pdf" not in names
    with zipfile.ZipFile(packages["2004:bereit"]) as archive:
        assert 'data-kb-start="checks/bereit.html"' in archive.read("kursbau-scorm.html").decode()


def policy_of(html: str) -> dict[str, list[str]]:
    """The Content-Security-Policy of a page, by directive, when it is the first element of
    <head> after <meta charset> (where it holds before anything loads); else {}."""
    head = LexborHTMLParser(html).head
    first = [node for node in head.iter() if node.tag != "-text"][:2]
    if not first or first[0].attributes.get("charset") is None:
        first = [None, *first]
    meta = first[1] if len(first) > 1 else None
    if meta is None or (meta.attributes.get("http-equiv") or "").lower() != (
        "content-security-policy"
    ):
        return {}
    parts = [p.split() for p in meta.attributes["content"].split(";") if p.strip()]
    return {p[0]: p[1:] for p in parts}


@pytest.mark.parametrize("key", ["1.2", "2004", "2004:mythen"])
def test_every_page_of_the_package_carries_the_policy_and_loads_only_package_files(packages, key):
    """The promise "no other origin" holds inside a platform too: each page, the start page
    included, has the policy first, and what it loads (the bridge too) is a file of the package
    that the policy allows as 'self'."""
    with zipfile.ZipFile(packages[key]) as archive:
        names = set(archive.namelist())
        pages = sorted(n for n in names if n.endswith(".html"))
        assert "kursbau-scorm.html" in pages
        for page in pages:
            parsed = LexborHTMLParser(archive.read(page).decode())
            policy = policy_of(parsed.html)
            assert policy.get("default-src") == ["'self'"], page
            assert "'unsafe-inline'" not in policy["script-src"], page
            assert "'unsafe-eval'" not in policy["script-src"], page
            assert not [s for d in policy.values() for s in d if "://" in s], page
            for node in parsed.css("script[src], link[rel~=stylesheet][href], iframe[src]"):
                url = node.attributes.get("src") or node.attributes["href"]
                assert "//" not in url and ":" not in url, (page, url)
                target = posixpath.normpath(posixpath.join(posixpath.dirname(page), url))
                assert target.split("#")[0].split("?")[0] in names, (page, url)
            if page == "kursbau-scorm.html":
                assert not parsed.css("style"), "inline styles are blocked by the policy"
                srcs = [n.attributes["src"] for n in parsed.css("script[src]")]
                assert srcs == [
                    "assets/kursbau/scorm/course.js",
                    "assets/kursbau/scorm/kursbau-scorm.js",
                ]


def test_the_normal_site_carries_none_of_it(sample: Path, tmp_path: Path):
    site = tmp_path / "site"
    assert run(["build", "--site-dir", str(site)], sample).returncode == 0
    assert not (site / "assets" / "kursbau" / "scorm").exists()
    assert not (site / "kursbau-scorm.html").exists()
    for page in site.rglob("*.html"):
        assert "scorm" not in page.read_text("utf-8").lower(), page


def test_a_course_with_problems_exports_nothing_and_prints_what_build_prints(tmp_path: Path):
    course = tiny_course(tmp_path / "kurs")
    write(course, {"quizzes/kaputt.yml": "title: X\ntype: quiz\nlms: scor\nquestions: []\n"})
    build = run(["build"], course)
    assert build.returncode == 1
    for args in (["scorm"], ["scorm", "--per-check"], ["moodle", "--out", "q.xml"]):
        export = run(["export", *args], course)
        assert export.returncode == 1
        assert export.stderr == build.stderr
        assert "quizzes/kaputt.yml:3:6: 'lms' cannot be 'scor'" in export.stderr
        assert "did you mean 'score'?" in export.stderr
    assert not (course / "dist").exists() and not (course / "q.xml").exists()


@pytest.mark.parametrize("where", ["under-a-file", "a-folder", "inside-site"])
def test_an_output_path_that_cannot_be_written_is_one_clear_line(course: Path, where: str):
    (course / "datei").write_text("x")
    (course / "ordner").mkdir()
    out = {
        "under-a-file": "datei/paket.zip",
        "a-folder": "ordner",
        "inside-site": "site/paket.zip",
    }[where]
    result = run(["export", "scorm", "--out", out], course)
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("kursbau: "), result.stderr
    assert "Traceback" not in result.stderr
    assert {
        "under-a-file": "datei is a file",
        "a-folder": "it is a folder",
        "inside-site": "inside",
    }[where] in lines[0].lower()
    assert list((course / "ordner").iterdir()) == []
    result = run(["export", "gift", "--out", "datei/q.txt"], course)
    assert result.returncode == 1 and len(result.stderr.strip().splitlines()) == 1


def test_a_course_whose_answers_cannot_fit_scorm_12_fails_and_names_the_biggest(tmp_path: Path):
    files = {f"quizzes/gross-{i:02}.yml": quiz_yaml(100, 12) for i in range(20)}
    files["quizzes/gross-00.yml"] = quiz_yaml(120, 12)
    course = tiny_course(tmp_path / "kurs", extra=files)
    result = run(["export", "scorm"], course)
    assert result.returncode == 1
    # the build before it may log authoring hints (warnings); the refusal is one line
    (line,) = [x for x in result.stderr.splitlines() if x.startswith("kursbau: ")]
    assert "more than SCORM 1.2 keeps (4096)" in line, line
    assert "quizzes/gross-00.yml" in line and "--version 2004" in line
    assert not (course / "dist").exists()
    result = run(["export", "scorm", "--version", "2004"], course)
    assert result.returncode == 0, result.stderr


def test_manifest_schema_check_is_not_a_rubber_stamp():
    """The validation used above rejects what a platform would reject."""
    good = manifest("1.2", ident="k", title="T", lang="de", start="a.html", files=["a.html"])
    assert manifest_errors("1.2", good) == []
    assert manifest_errors("1.2", good.replace("scormtype", "scormType"))
    assert manifest_errors("1.2", good.replace('identifier="k"', 'identifier="1 k"'))
    good = manifest("2004", ident="k", title="T", lang="de", start="a.html", files=["a.html"])
    assert manifest_errors("2004", good) == []
    assert manifest_errors("2004", good.replace("completionSetByContent", "completionByContent"))
    assert manifest_errors("2004", good.replace("schemaversion>", "schemaVersion>"))


def test_worst_case_grows_with_the_course():
    from generator.export.suspend import check_layout
    from kursbau_testing import compile_yaml

    small = check_layout(compile_yaml(quiz_yaml(3, 3, kind="single")), "score")
    big = check_layout(compile_yaml(quiz_yaml(30, 6)), "score")
    assert worst_case([small]) < worst_case([big]) < worst_case([big, big])
