"""Lessons for the site and for paper: text only one of them shows, and room to write on paper.

In a lesson, lines between `<!-- web -->` and `<!-- /web -->` appear only on the site; lines
between `<!-- paper -->` and `<!-- /paper -->` only in the printed handouts; `<!-- lines: 4 -->`
asks for four ruled lines on paper and shows nothing on the site. Each marker stands on a line
of its own, outside code fences, like a check's embed line. MkDocs without Kursbau, GitHub and
editors read the markers as HTML comments: the lesson still reads well there, with both versions.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from .problems import Problems

MEDIA = ("web", "paper")
BLOCK = re.compile(r"^\s*<!--\s*(/?)\s*(web|paper)\s*-->\s*$")
LINES = re.compile(r"^\s*<!--\s*lines\s*:\s*(.*?)\s*-->\s*$")
MAX_LINES = 40


def _marks(text: str):
    """(line number, line, fenced) of every line, split at LF as Markdown splits them (a text
    ending in LF ends in an empty line), see `project.fenced_lines`."""
    from .project import fenced_lines

    return fenced_lines(text)


def for_medium(text: str, medium: str) -> str:
    """The lesson as `medium` ("web" or "paper") shows it: the other medium's blocks and every
    block marker become empty lines, so line numbers stay those of the file."""
    out: list[str] = []
    inside: str | None = None
    for _number, line, fenced in _marks(text):
        match = None if fenced else BLOCK.match(line)
        if match:
            inside = None if match.group(1) else match.group(2)
            out.append("")
        elif inside is not None and inside != medium:
            out.append("")
        else:
            out.append(line)
    return "\n".join(out)


def write_lines(text: str, render: Callable[[int], str]) -> str:
    """Each `<!-- lines: N -->` line replaced by `render(N)` (for paper), set off by blank lines
    so that Markdown keeps the HTML as a block."""
    out = []
    for _number, line, fenced in _marks(text):
        match = None if fenced else LINES.match(line)
        count = _count(match.group(1)) if match else None
        out.append(f"\n{render(count)}\n" if count else line)
    return "\n".join(out)


def _count(value: str) -> int | None:
    return int(value) if value.isdigit() and 1 <= int(value) <= MAX_LINES else None


def check_media(text: str, path: str, problems: Problems) -> None:
    """Problems with the markers of one lesson: blocks not closed, closed twice, nested, and
    line counts that are not a whole number from 1 to 40."""
    if "<!--" not in text:  # both markers are HTML comments: most lessons have none
        return
    opened: tuple[str, int] | None = None
    nested: list[str] = []  # blocks opened inside another (reported once, their end ignored)
    for number, line, fenced in _marks(text):
        if fenced:
            continue
        col = len(line) - len(line.lstrip()) + 1
        lines = LINES.match(line)
        if lines and _count(lines.group(1)) is None:
            problems.add(
                path,
                number,
                col,
                f"'{lines.group(1)}' is not a number of lines: write a whole number from 1 to"
                f" {MAX_LINES}, for example <!-- lines: 4 -->",
            )
        match = BLOCK.match(line)
        if not match:
            continue
        closing, medium = bool(match.group(1)), match.group(2)
        if closing and nested and nested[-1] == medium:
            nested.pop()
        elif not closing and opened:
            nested.append(medium)
            problems.add(
                path,
                number,
                col,
                f"a {medium} block cannot start inside the {opened[0]} block opened on line"
                f" {opened[1]}: close that one first with <!-- /{opened[0]} -->",
            )
        elif not closing:
            opened = (medium, number)
        elif opened is None:
            problems.add(
                path,
                number,
                col,
                f"<!-- /{medium} --> closes a block that was never opened: remove it, or put"
                f" <!-- {medium} --> on a line above the text it belongs to",
            )
        elif opened[0] != medium:
            problems.add(
                path,
                number,
                col,
                f"this closes a {medium} block, but the block opened on line {opened[1]} is"
                f" {opened[0]}: write <!-- /{opened[0]} -->",
            )
            opened = None
        else:
            opened = None
    if opened:
        problems.add(
            path,
            opened[1],
            1,
            f"the {opened[0]} block opened here is never closed: add <!-- /{opened[0]} --> on a"
            " line after its last line",
        )
