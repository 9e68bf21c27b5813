"""Where Kursbau puts its pages in the navigation: checks in course order (FORMAT 1.1), nav
levels that stay small at any course size, footer pages out of the "Weiter" chain, and a site
that asks for none of it keeping its navigation. Counts, never times."""

from __future__ import annotations

import re
import sys
from pathlib import Path

from kursbau_testing import ROOT, run, write

sys.path.insert(0, str(ROOT / "bench"))
import synth  # noqa: E402

YML = """\
site_name: Navkurs
docs_dir: content
theme:
  name: material
  language: de
  font: false
  features: [navigation.prune, navigation.footer]
plugins:
  - search
  - kursbau:
      course: navkurs
{options}{nav}"""


def check_yaml(title: str) -> str:
    return f"title: {title}\ntype: checklist\nitems: [Eins, Zwei]\nresults:\n  - {{min: 0, title: Gut, text: Ja.}}\n"


def primary_nav(html: str) -> list[str]:
    """Titles in the primary navigation, in order (the page's own headings left out)."""
    nav = html[html.index("md-nav--primary") :]
    nav = re.sub(r'<nav class="md-nav md-nav--secondary".*?</nav>', "", nav, flags=re.S)
    return re.findall(r'<span class="md-ellipsis">\s*([^<]+?)\s*</span>', nav)


def footer_chain(html: str) -> tuple[str | None, str | None]:
    """The titles the "Zurück" and "Weiter" links of a page point at."""

    def title(kind: str) -> str | None:
        found = re.search(rf'md-footer__link--{kind}" aria-label="[^:"]+: ([^"]+)"', html)
        return found.group(1) if found else None

    return title("prev"), title("next")


def site_page(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text(encoding="utf-8")


# ---------------------------------------------------------------- course order, footer pages


def course_with_order(root: Path, *, options: str = "", nav: str = "") -> Path:
    """Lessons that embed checks in an order that is neither by title nor by id."""
    write(
        root,
        {
            "mkdocs.yml": YML.format(options=options, nav=nav),
            "content/index.md": "# Start\n",
            "content/a-eins.md": "# Eins\n\n<!-- check: zeta -->\n",
            "content/b-zwei.md": "# Zwei\n\n<!-- check: beta -->\n\n<!-- check: zeta -->\n",
            "content/c-drei.md": "# Drei\n\n<!-- check: alpha -->\n",
            "content/impressum.md": "# Impressum\n\nAngaben.\n",
            "content/datenschutz.md": "# Datenschutz\n\nAngaben.\n",
            "quizzes/zeta.yml": check_yaml("Aller Anfang"),
            "quizzes/beta.yml": check_yaml("Mitte"),
            "quizzes/alpha.yml": check_yaml("Zum Schluss"),
            "quizzes/ohne-lektion.yml": check_yaml("Außer der Reihe"),
            "quizzes/davor.yml": check_yaml("Davor"),
        },
    )
    return root


FOOTER = "      footer_pages: [impressum.md, datenschutz.md]\n"
NAV = """\
nav:
  - Start: index.md
  - Kurs: [a-eins.md, b-zwei.md, c-drei.md]
  - Impressum: impressum.md
  - Datenschutz: datenschutz.md
"""


def test_checks_follow_the_course_and_the_overview_lists_them_alike(tmp_path: Path):
    course = course_with_order(tmp_path / "kurs", nav=NAV)
    result = run(["build"], course)
    assert result.returncode == 0, result.stderr
    site = course / "site"
    names = primary_nav(site_page(site, "checks"))
    section = names[names.index("Selbstchecks") :]
    # first embed along the nav: zeta (Eins), beta (Zwei), alpha (Drei); then by id
    assert section == [
        "Selbstchecks",
        "Übersicht",
        "Aller Anfang",
        "Mitte",
        "Zum Schluss",
        "Davor",
        "Außer der Reihe",
    ]
    overview = site_page(site, "checks")
    content = overview[overview.index('class="md-content"') :]
    ids = ["zeta", "beta", "alpha", "davor", "ohne-lektion"]
    positions = [content.index(f'"{check_id}/"') for check_id in ids]
    assert positions == sorted(positions), "the overview lists the checks in course order"


def test_footer_pages_leave_the_nav_and_the_chain_and_are_linked_from_every_footer(
    tmp_path: Path,
):
    course = course_with_order(tmp_path / "kurs", options=FOOTER, nav=NAV)
    result = run(["build"], course)
    assert result.returncode == 0, result.stderr
    site = course / "site"
    last_lesson = site_page(site, "c-drei")
    assert footer_chain(last_lesson) == ("Zwei", "Übersicht")
    for url in ("", "c-drei", "checks", "checks/zeta", "impressum"):
        html = site_page(site, url) if url else (site / "index.html").read_text("utf-8")
        assert "Impressum" not in primary_nav(html) and "Datenschutz" not in primary_nav(html)
        legal = re.search(r'<nav class="md-copyright" aria-label="Rechtliches">(.*?)</nav>', html)
        assert legal, url
        up = "../" * (url.count("/") + 1 if url else 0)
        impressum = "./" if url == "impressum" else f"{up}impressum/"
        assert re.findall(r'href="([^"]+)"[^>]*>([^<]+)</a>', legal.group(1)) == [
            (impressum, "Impressum"),
            (f"{up}datenschutz/", "Datenschutz"),
        ]
        assert ('aria-current="page"' in legal.group(1)) == (url == "impressum")
    assert footer_chain(site_page(site, "impressum")) == (None, None)
    # the last check ends the chain, the legal pages do not follow it
    assert footer_chain(site_page(site, "checks/ohne-lektion"))[1] is None


def test_without_footer_pages_the_nav_keeps_the_sites_own_pages(tmp_path: Path):
    course = course_with_order(tmp_path / "kurs", nav=NAV)
    assert run(["build"], course).returncode == 0
    html = site_page(course / "site", "c-drei")
    assert primary_nav(html)[:7] == [
        "Start",
        "Kurs",
        "Eins",
        "Zwei",
        "Drei",
        "Impressum",
        "Datenschutz",
    ]
    assert 'aria-label="Rechtliches"' not in html
    assert footer_chain(html) == ("Zwei", "Impressum")


def test_an_unknown_footer_page_is_reported_in_mkdocs_yml(tmp_path: Path):
    options = "      footer_pages: [impressum.md, datenschuts.md]\n"
    course = course_with_order(tmp_path / "kurs", options=options, nav=NAV)
    result = run(["build"], course)
    assert result.returncode == 1
    line = (course / "mkdocs.yml").read_text("utf-8").splitlines().index(options.rstrip()) + 1
    col = options.index("datenschuts.md") + 1
    assert (
        f"mkdocs.yml:{line}:{col}: footer_pages: 'datenschuts.md' is not a page of the site:"
        " did you mean 'datenschutz.md'?"
    ) in result.stderr
    assert not (course / "site").exists()


# ---------------------------------------------------------------- nav size at any course size


def lessons_in_folders(root: Path, n: int) -> Path:
    """n short lessons in part/module folders (MkDocs' default nav nests them), each embedding
    its own check; nothing in mkdocs.yml places the checks."""
    files = {"mkdocs.yml": YML.format(options="", nav=""), "content/index.md": "# Start\n"}
    for i in range(n):
        path = synth.lesson_path(i)
        files[f"content/{path}"] = f"# Lektion {i + 1}\n\nText.\n\n<!-- check: c{i:04d} -->\n"
        files[f"quizzes/c{i:04d}.yml"] = check_yaml(f"Check {i + 1}")
    write(root, files)
    return root


def flat_lessons(root: Path, n: int) -> Path:
    """n lessons side by side at the top of the site, no sections at all."""
    files = {"mkdocs.yml": YML.format(options="", nav=""), "content/index.md": "# Start\n"}
    for i in range(n):
        files[f"content/l{i:04d}.md"] = f"# Lektion {i + 1}\n\n<!-- check: c{i:04d} -->\n"
        files[f"quizzes/c{i:04d}.yml"] = check_yaml(f"Check {i + 1}")
    write(root, files)
    return root


def nav_sizes(site: Path) -> tuple[int, int]:
    """The largest number of nav links on a lesson page and on a check page."""
    lessons, checks = 0, 0
    for page in site.rglob("index.html"):
        rel = page.relative_to(site).as_posix()
        count = synth.nav_links(page.read_text(encoding="utf-8"))
        if rel.startswith("checks/"):
            checks = max(checks, count)
        elif rel != "index.html":
            lessons = max(lessons, count)
    return lessons, checks


def test_a_check_page_renders_about_the_nav_of_a_lesson_page_at_any_size(tmp_path: Path):
    sizes = {}
    for n in (30, 130):  # one part of three modules; two parts of ten and three modules
        course = lessons_in_folders(tmp_path / f"n{n}", n)
        result = run(["build"], course)
        assert result.returncode == 0, result.stderr
        sizes[n] = nav_sizes(course / "site")
    for n, (lesson, check) in sizes.items():
        # the automatic section adds one level at most: the parts of the course (or groups)
        assert check <= lesson + 12, (n, sizes)
    # what a check page renders beyond a lesson page does not grow with the course (a flat
    # list of the checks would add 100 links from 30 to 130 lessons)
    extra = {n: check - lesson for n, (lesson, check) in sizes.items()}
    assert extra[130] <= extra[30] + 3 and sizes[130][1] <= 40, sizes
    big = primary_nav(site_page(tmp_path / "n130" / "site", "checks/c0129"))
    section = big[big.index("Selbstchecks") :]
    assert section[:4] == ["Selbstchecks", "Übersicht", "Teil 01", "Teil 02"]
    assert section[4:8] == ["Modul 011", "Modul 012", "Modul 013", "Check 121"]
    assert section[-1] == "Check 130" and "Check 1" not in section


def test_no_level_of_the_check_section_grows_with_a_flat_course(tmp_path: Path):
    course = flat_lessons(tmp_path / "flach", 45)
    result = run(["build"], course)
    assert result.returncode == 0, result.stderr
    site = course / "site"
    names = primary_nav(site_page(site, "checks/c0044"))
    section = names[names.index("Selbstchecks") :]
    assert section[:4] == ["Selbstchecks", "Übersicht", "Selbstchecks 1–15", "Selbstchecks 16–30"]
    assert section[4] == "Selbstchecks 31–45"
    assert section[5:] == [f"Check {i}" for i in range(31, 46)]
    lesson, check = nav_sizes(site)
    assert check <= lesson + 20, (lesson, check)  # one flat list would add 46 links


def test_small_courses_keep_one_list(tmp_path: Path):
    course = flat_lessons(tmp_path / "klein", 20)
    assert run(["build"], course).returncode == 0
    names = primary_nav(site_page(course / "site", "checks/c0000"))
    assert names[names.index("Selbstchecks") :] == ["Selbstchecks", "Übersicht"] + [
        f"Check {i}" for i in range(1, 21)
    ]
