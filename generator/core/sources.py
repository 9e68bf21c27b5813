"""What the author's folders hold, read safely: every file the site engine would read, with every
file-system surprise (a symlink loop, a dangling link, an unreadable folder) as a problem at its
path instead of a traceback, an endless walk or a silently missing page. And where each page lands
in the site, so that two pages that would share an address (also only on a case-insensitive disk:
Windows, macOS, FAT on a USB stick) are an error naming both files.

    files = walk(folder, root, problems)               # [SourceFile], sorted
    check_addresses(pages, problems)                   # pages: [(address, shown path, what)]
"""

from __future__ import annotations

import errno
import os
import posixpath
import stat
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .problems import Problems


@dataclass(frozen=True)
class SourceFile:
    rel: str  # relative to the walked folder, forward slashes
    path: Path  # as walked (symlinks not resolved), to read it
    shown: str  # relative to the project, as an author sees it in the folder


def project_path(path: Path, root: Path) -> str:
    """A path as the author sees it in a problem or notice: relative to the project folder,
    links not resolved (the path the author wrote). `outputs.shown_path` is the other view: a
    path relative to the folder a command was run in."""
    try:
        return Path(os.path.relpath(path, root)).as_posix()
    except ValueError:  # another drive (Windows)
        return path.as_posix()


def walk(
    folder: Path,
    root: Path,
    problems: Problems,
    *,
    skip: Callable[[str], bool] | None = None,
) -> list[SourceFile]:
    """Every file under `folder`, following symlinks as MkDocs does (os.walk with followlinks),
    but each folder once on any path: a link back to a folder that contains it is reported, not
    followed. `skip(rel)` leaves out files (and `rel + "/"` whole folders) the engine excludes."""
    base = Path(os.path.realpath(folder))
    found: list[SourceFile] = []
    # start from the real folder, shown relative to the project
    _walk_into(base, "", base, Path(os.path.abspath(root)), problems, skip, found, ())
    return sorted(found, key=lambda f: f.rel)


def _walk_into(
    directory: Path,
    rel: str,
    base: Path,
    root: Path,
    problems: Problems,
    skip,
    found: list[SourceFile],
    ancestors: tuple[tuple[int, int], ...],
) -> None:
    shown_dir = project_path(base / rel if rel else base, root)
    try:
        info = os.stat(directory)
        ancestors = (*ancestors, (info.st_dev, info.st_ino))
        with os.scandir(directory) as entries:
            entries = sorted(entries, key=lambda e: e.name)
    except OSError as err:
        problems.add(shown_dir, 1, 1, f"cannot read this folder: {why_unreadable(err)}")
        return
    for entry in entries:
        child_rel = f"{rel}/{entry.name}" if rel else entry.name
        path = base / child_rel
        shown = project_path(path, root)
        try:
            info = os.stat(entry.path)  # follows a link
        except OSError as err:
            problems.add(shown, 1, 1, _unreadable_entry(entry, err))
            continue
        if stat.S_ISDIR(info.st_mode):
            if skip and skip(child_rel + "/"):
                continue
            if (info.st_dev, info.st_ino) in ancestors:
                problems.add(
                    shown,
                    1,
                    1,
                    f"this link points to {_readlink(entry.path)}, a folder that contains it,"
                    " so the folder would repeat without end: remove the link",
                )
                continue
            _walk_into(Path(entry.path), child_rel, base, root, problems, skip, found, ancestors)
        elif stat.S_ISREG(info.st_mode):
            if skip and skip(child_rel):
                continue
            found.append(SourceFile(child_rel, path, shown))


def _unreadable_entry(entry: os.DirEntry, err: OSError) -> str:
    try:
        link = entry.is_symlink()
    except OSError:
        link = False
    if not link:
        return f"cannot read this: {why_unreadable(err)}"
    target = _readlink(entry.path)
    if err.errno == errno.ELOOP:
        return f"this is a link that points back at itself ({target}): remove or fix it"
    return (
        f"this is a link to {target}, which does not exist: copy the file here or remove the link"
    )


def is_link_safe(entry: os.DirEntry) -> bool:
    try:
        return entry.is_symlink()
    except OSError:
        return False


def _readlink(path: str) -> str:
    try:
        return os.readlink(path)
    except OSError:
        return "?"


def why_unreadable(err: OSError) -> str:
    """Why a file or folder cannot be read, in words an author can act on."""
    if isinstance(err, PermissionError):
        return "permission denied: allow yourself to read it (chmod) or move it out of the course"
    return (err.strerror or str(err)).lower()


# ---------------------------------------------------------------- addresses in the site


def page_address(src: str, *, directory_urls: bool) -> str:
    """Where a page made from `src` (a Markdown file's path in the site's sources) is written,
    by the rule of static site engines like MkDocs: `a/b.md` → `a/b/index.html` (or `a/b.html`
    without directory URLs), `a/index.md` and `a/README.md` → `a/index.html`."""
    parent, name = posixpath.split(src)
    stem = posixpath.splitext(name)[0]
    if stem in ("index", "README"):
        return posixpath.join(parent, "index.html")
    if directory_urls:
        return posixpath.join(parent, stem, "index.html")
    return posixpath.join(parent, stem + ".html")


@dataclass(frozen=True)
class Address:
    """Where a page lands, and how to name it in a problem: at its own file (`itself`, e.g.
    "this page") and at the other file (`named`, e.g. "the page content/a.md")."""

    address: str
    shown: str | None  # the file an author edits; None for a page without one
    itself: str
    named: str


def check_addresses(pages: list[Address], problems: Problems) -> None:
    """Two pages whose addresses are equal, or equal apart from upper and lower case (one file on
    Windows, macOS and USB sticks), are an error at each file, naming the other."""
    first: dict[str, Address] = {}
    for page in pages:
        key = page.address.casefold()
        other = first.setdefault(key, page)
        if other is page or other.shown == page.shown:
            continue
        same = (
            f"the same address ({page.address})"
            if other.address == page.address
            else f"addresses that differ only in upper and lower case ({other.address},"
            f" {page.address}), which are one file on Windows, macOS and USB sticks"
        )
        for this, that in ((page, other), (other, page)):
            if this.shown is None:
                continue
            where = f" ({that.shown})" if that.shown and that.shown not in that.named else ""
            problems.add(
                this.shown,
                1,
                1,
                f"{this.itself} and {that.named}{where} would have {same}: rename or move one"
                " of the two",
            )
