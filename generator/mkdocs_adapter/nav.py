"""Where Kursbau's pages go in MkDocs' navigation, and the pages that leave it for the footer.

Material renders the navigation into every page: a nav level that grows with the course makes
every page of it grow too, and the build quadratic. So the checks that `nav:` does not list go
into an automatic section at the end, in course order (FORMAT 1.1), shaped like the course
itself: a small course gets one short list; a big one gets the sections of the lessons that
embed the checks, mirrored, so that a check page renders about the navigation of its lesson.
No level holds more than `LEVEL_LIMIT` entries; longer runs are split into numbered groups.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable
from math import ceil
from pathlib import Path

from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page
from mkdocs.utils import normalize_url

from ..core import pages
from ..core.problems import Problems
from ..core.project import Course

LEVEL_LIMIT = 20  # entries of one level of the automatic section before it is grouped


def nav_paths(nav: Navigation) -> list[str]:
    """Source paths of the pages in the navigation, in order."""
    return [page.file.src_uri for page in nav.pages]


def place_checks(
    nav: Navigation,
    files: Files,
    course: Course,
    order: dict[str, str | None],
    footer: Iterable[str] = (),
) -> Navigation:
    """The navigation with the unlisted checks (and the overview) in a section at the end, and
    without the `footer` pages; previous/next links follow the new order, and footer pages are
    in no chain. `order` is the course order: check id → path of its first embed (or None)."""
    footer = set(footer)
    items = _without(nav.items, footer) if footer else list(nav.items)
    listed = {page.file.src_uri for page in _pages_in(items)}
    section = _check_section(files, course, order, listed)
    if section is None and not footer:
        return nav
    if section is not None:
        items.append(section)
    _link(items, None)
    ordered = _pages_in(items)
    chain = zip([None, *ordered[:-1]], ordered, [*ordered[1:], None], strict=True)
    for before, page, after in chain:
        page.previous_page, page.next_page = before, after
    for rel in footer:
        file = files.get_file_from_path(rel)
        if file is not None and file.page is not None:
            file.page.parent = None
            file.page.previous_page = file.page.next_page = None
    return Navigation(items, ordered)


def _check_section(
    files: Files, course: Course, order: dict[str, str | None], listed: set[str]
) -> Section | None:
    ui = pages.UI[course.settings.lang]
    entries: list[Page] = []
    overview = files.get_file_from_path(pages.OVERVIEW)
    if overview is not None and pages.OVERVIEW not in listed and overview.page is not None:
        entries.append(overview.page)
    placed: list[tuple[tuple[Section, ...], Page]] = []
    number: dict[int, int] = {}  # id(page) → position in course order, to name groups
    for position, (check_id, where) in enumerate(order.items(), start=1):
        file = files.get_file_from_path(pages.check_page_uri(check_id))
        if file is None or file.src_uri in listed or file.page is None:
            continue
        number[id(file.page)] = position
        placed.append((_sections_of(files, where), file.page))
    if not entries and not placed:
        return None

    def group_title(members: list) -> str:
        first, last = _first_page(members[0]), _last_page(members[-1])
        return f"{ui['section']} {number[id(first)]}–{number[id(last)]}"

    if len(placed) <= LEVEL_LIMIT:
        children = [page for _, page in placed]  # a small course: one list in course order
    else:
        children = _mirror(placed, group_title)
        if len(children) == 1 and isinstance(children[0], Section):
            children = children[0].children  # all in one part of the course: no extra level
    return Section(ui["section"], [*entries, *_bounded(children, group_title)])


def _sections_of(files: Files, where: str | None) -> tuple[Section, ...]:
    """The nav sections around the page of a check's first embed, outermost first."""
    file = files.get_file_from_path(where) if where else None
    if file is None or file.page is None:
        return ()
    found = []
    parent = file.page.parent
    while parent is not None:
        found.append(parent)
        parent = parent.parent
    return tuple(reversed(found))


def _mirror(placed: list[tuple[tuple[Section, ...], Page]], title: Callable) -> list:
    """The check pages in the shape of the sections they are embedded in (course order kept:
    it follows the nav, so each section's checks come in one run)."""
    items: list = []
    groups: dict[int, list] = {}
    for path, page in placed:
        if not path:
            items.append(page)
            continue
        if id(path[0]) not in groups:
            groups[id(path[0])] = []
            items.append(path[0])
        groups[id(path[0])].append((path[1:], page))
    mirrored: list = []
    for item in items:
        if isinstance(item, Page):
            mirrored.append(item)
            continue
        children = _mirror(groups[id(item)], title)
        if len(children) == 1 and isinstance(children[0], Section):
            mirrored.append(children[0])  # a section that holds one section: skip a level
        else:
            mirrored.append(Section(item.title, _bounded(children, title)))
    return mirrored


def _bounded(items: list, title: Callable) -> list:
    """At most LEVEL_LIMIT entries: longer runs become groups of about equal size, named by the
    course positions of their first and last check (and groups of groups, if need be)."""
    while len(items) > LEVEL_LIMIT:
        size = ceil(len(items) / ceil(len(items) / LEVEL_LIMIT))
        items = [
            Section(title(items[i : i + size]), items[i : i + size])
            for i in range(0, len(items), size)
        ]
    return items


def _first_page(item) -> Page:
    return item if isinstance(item, Page) else _first_page(item.children[0])


def _last_page(item) -> Page:
    return item if isinstance(item, Page) else _last_page(item.children[-1])


def _without(items: list, footer: set[str]) -> list:
    """The nav items without the footer pages; sections left empty go too."""
    kept = []
    for item in items:
        if isinstance(item, Page) and item.file.src_uri in footer:
            continue
        if isinstance(item, Section):
            children = _without(item.children, footer)
            if not children:
                continue
            item.children = children
        kept.append(item)
    return kept


def _pages_in(items) -> list[Page]:
    found = []
    for item in items:
        if isinstance(item, Page):
            found.append(item)
        elif isinstance(item, Section):
            found.extend(_pages_in(item.children))
    return found


def _link(items, parent) -> None:
    for item in items:
        item.parent = parent
        if isinstance(item, Section):
            _link(item.children, item)


def footer_links(page: Page, targets: list[Page], label: str) -> str:
    """The footer pages as links relative to the page (file:// works), in Material's footer
    style; empty when there are none."""
    if not targets:
        return ""
    current = ' aria-current="page"'
    links = " · ".join(
        f'<a href="{normalize_url(target.url, page)}"{current if target.file is page.file else ""}>'
        f"{target.title}</a>"
        for target in targets
    )
    return f'<nav class="md-copyright" aria-label="{label}">{links}</nav>'


_FOOTER_META = '<div class="md-footer-meta__inner md-grid">'


def add_footer_links(html: str, links: str) -> str:
    """Puts the links first into the theme's footer bar (before `</body>` without one)."""
    if not links:
        return html
    at = html.find(_FOOTER_META)
    if at >= 0:
        at += len(_FOOTER_META)
        return html[:at] + links + html[at:]
    at = html.rfind("</body>")
    return html if at < 0 else html[:at] + links + html[at:]


def footer_problems(config, footer: list[str], course: Course, problems: Problems) -> None:
    """Each of `footer_pages` must be a page of the site."""
    if not footer:
        return
    config_file = Path(config.config_file_path or "mkdocs.yml")
    try:
        text = config_file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        text = ""
    start = max(text.find("footer_pages"), 0)
    public = sorted(path for path, lesson in course.lessons.items() if not lesson.trainer)
    for path in footer:
        lesson = course.lessons.get(path)
        if lesson is not None and not lesson.trainer:
            continue
        at = text.find(path, start)
        at = at if at >= 0 else start
        line = text.count("\n", 0, at) + 1
        col = at - (text.rfind("\n", 0, at) + 1) + 1
        if lesson is not None:
            message = (
                f"footer_pages: '{path}' is a trainer page (audience: trainer), which never"
                " reaches the site: remove it from footer_pages"
            )
        else:
            close = difflib.get_close_matches(path, public, n=1)
            hint = f"did you mean '{close[0]}'?" if close else "write its path inside docs_dir"
            message = f"footer_pages: '{path}' is not a page of the site: {hint}"
        problems.add(config_file.name, line, col, message)
