"""Text for one medium in lessons (issue 16): web-only and paper-only blocks, ruled lines, and
the problems a trainer gets for markers that do not fit together, at the line they are on."""

from __future__ import annotations

from pathlib import Path

from generator.core.media import check_media, for_medium, write_lines
from generator.core.problems import Problems
from kursbau_testing import run, tiny_course, write

LESSON = """\
# Titel
<!-- web -->
Web eins.
<!-- /web -->
Für beide.
<!-- paper -->
Papier eins.
<!-- /paper -->
```md
<!-- paper -->
im Code bleibt alles
<!-- /paper -->
```
<!-- lines: 2 -->
"""


def test_each_medium_keeps_its_own_blocks_and_the_line_numbers():
    web = for_medium(LESSON, "web")
    paper = for_medium(LESSON, "paper")
    assert "Web eins." in web and "Papier eins." not in web
    assert "Papier eins." in paper and "Web eins." not in paper
    assert "Für beide." in web and "Für beide." in paper
    assert "im Code bleibt alles" in web and "<!-- paper -->" in web  # fences are left alone
    assert web.count("\n") == paper.count("\n") == LESSON.count("\n")
    assert web.splitlines()[4] == paper.splitlines()[4] == "Für beide."


def test_ruled_lines_on_paper():
    out = write_lines(LESSON, lambda n: f"<LINES {n}>")
    assert "\n<LINES 2>\n" in out and "<!-- lines: 2 -->" not in out


def problems_of(text: str) -> list[str]:
    problems = Problems()
    check_media(text, "content/x.md", problems)
    return [str(p) for p in problems]


def test_markers_that_do_not_fit_together_are_problems_at_their_line():
    assert problems_of(LESSON) == []
    assert problems_of("a\n<!-- web -->\nb\n") == [
        "content/x.md:2:1: the web block opened here is never closed: add <!-- /web --> on a"
        " line after its last line"
    ]
    assert problems_of("<!-- /paper -->\n") == [
        "content/x.md:1:1: <!-- /paper --> closes a block that was never opened: remove it, or"
        " put <!-- paper --> on a line above the text it belongs to"
    ]
    assert problems_of("<!-- web -->\n<!-- paper -->\n<!-- /paper -->\n<!-- /web -->\n") == [
        "content/x.md:2:1: a paper block cannot start inside the web block opened on line 1:"
        " close that one first with <!-- /web -->"
    ]
    assert problems_of("<!-- web -->\n<!-- /paper -->\n") == [
        "content/x.md:2:1: this closes a paper block, but the block opened on line 1 is web:"
        " write <!-- /web -->"
    ]
    assert problems_of("  <!-- lines: viele -->\n") == [
        "content/x.md:1:3: 'viele' is not a number of lines: write a whole number from 1 to 40,"
        " for example <!-- lines: 4 -->"
    ]


def test_the_build_reports_them_and_keeps_paper_text_off_the_site(tmp_path: Path):
    course = tiny_course(tmp_path / "kurs")
    write(course, {"content/medien.md": "# M\n\n<!-- paper -->\nNur im Heft.\n<!-- /paper -->\n"})
    assert run(["build"], course).returncode == 0
    page = (course / "site" / "medien" / "index.html").read_text("utf-8")
    assert "Nur im Heft." not in page
    index = (course / "site" / "search" / "search_index.json").read_text("utf-8")
    assert "Nur im Heft" not in index
    write(course, {"content/medien.md": "# M\n\n<!-- paper -->\nNur im Heft.\n"})
    broken = run(["check"], course)
    assert broken.returncode == 1
    assert "content/medien.md:3:1: the paper block opened here is never closed" in broken.stderr
