"""Sources are never written: where a build may put its output, decided before anything happens.

A build replaces its output folder as a whole (a new site is swapped in, the old one deleted), and
the handouts write PDFs and tidy up old ones. So an output folder that is, contains or lies inside
what an author wrote (the lessons, the checks, a theme override) or the project folder itself would
destroy the sources. Each output folder is checked against every source folder by its real path
(symlinks resolved), before the first file is touched:

    problem = output_problem(target, sources)        # None, or the reason in plain words

`Sources` lists the folders of one project; `leftovers(target)` names what an interrupted build
left next to its output (removed on the next run); `site_permissions(folder)` gives a fresh output
folder the modes every other new folder gets (a temporary folder is created private).
"""

from __future__ import annotations

import errno
import os
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from .sources import project_path


@dataclass(frozen=True)
class Sources:
    """The folders an author writes in: none may be touched by a build."""

    root: Path  # the folder of mkdocs.yml
    folders: dict[str, Path] = field(default_factory=dict)  # what → folder (lessons, checks, …)


def real(path: Path) -> Path:
    """The absolute path with every symlink of its existing part resolved."""
    return Path(os.path.realpath(Path(path).expanduser()))


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def output_problem(target: Path, sources: Sources, *, replaced: bool = True) -> str | None:
    """Why `target` may not be an output folder, or None when it may.

    `replaced`: the build replaces the folder as a whole (a site). Then an existing folder that
    holds files but no built site is refused as well, since its files would be deleted."""
    out = real(target)
    root = real(sources.root)
    if out == root:
        return f"it is the course folder itself ({root}): the build would replace your sources"
    if _inside(root, out):
        return f"it contains the course folder ({root}): the build would delete your sources"
    for what, folder in sources.folders.items():
        folder = real(folder)
        if out == folder:
            return f"it is the folder of your {what} ({project_path(folder, root)}/): they would be lost"
        if _inside(out, folder):
            return (
                f"it lies inside the folder of your {what} ({project_path(folder, root)}/): the output"
                " would be mixed into your sources"
            )
        if _inside(folder, out):
            return (
                f"it contains the folder of your {what} ({project_path(folder, root)}/): they would be"
                " deleted"
            )
    if not replaced:
        return None  # files are written into it, none removed but its own: the writer reports
    if out.exists() and not out.is_dir():
        return f"{out} is a file, not a folder"
    if out.is_dir() and not _is_site_or_empty(out):
        return (
            f"{out} holds files but no built site (no index.html): the build would delete them;"
            " choose a new or empty folder"
        )
    return None


def _is_site_or_empty(folder: Path) -> bool:
    try:
        names = {p.name for p in folder.iterdir()}
    except OSError:
        return True  # unreadable: the build itself reports it
    names = {n for n in names if not n.startswith(".")}
    return not names or bool(names & {"index.html", "404.html", "sitemap.xml"})


# ---------------------------------------------------------------- temporary folders of a build


def shown_path(path: Path) -> str:
    """A path as a command shows it to the person who ran it: relative to the current folder
    when it lies inside it, else in full (a chain of `../` is harder to read than the path)."""
    try:
        relative = os.path.relpath(path)
    except ValueError:  # another drive (Windows)
        return str(path)
    return str(path) if relative.split(os.sep, 1)[0] == os.pardir else relative


def staging_prefix(target: Path) -> str:
    """Prefix of the folder a build writes into before it is swapped in (with the process id,
    so that a later run knows whether its builder still runs)."""
    return f".{target.name}.new-{os.getpid()}-"


def old_prefix(target: Path) -> str:
    return f".{target.name}.old-{os.getpid()}-"


def leftovers(target: Path) -> list[Path]:
    """Temporary folders next to `target` left by a build that was killed (its process is gone)."""
    pattern = re.compile(rf"^\.{re.escape(target.name)}\.(?:new|old)-(?:(\d+)-)?")
    found = []
    try:
        entries = list(target.parent.iterdir())
    except OSError:
        return found
    for entry in entries:
        match = pattern.match(entry.name)
        if not match or not entry.is_dir() or entry.is_symlink():
            continue
        pid = int(match.group(1)) if match.group(1) else None
        if pid is None or not process_running(pid):
            found.append(entry)
    return sorted(found)


def process_running(pid: int) -> bool:
    """Whether the process that named a temporary file or folder still runs (then it is no
    leftover yet); when unsure, it runs."""
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # PermissionError: another user's process
        return True
    return True


def swap_in(staging: Path, target: Path) -> None:
    """Replace `target` by `staging` with two renames, so a reader never sees half a site."""
    old = None
    if target.exists():
        old = Path(tempfile.mkdtemp(prefix=old_prefix(target), dir=target.parent))
        old.rmdir()
        target.rename(old)
    staging.rename(target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def remove_leftovers(target: Path) -> None:
    for folder in leftovers(target):
        shutil.rmtree(folder, ignore_errors=True)


def site_permissions(folder: Path) -> None:
    """Give a folder made by `tempfile.mkdtemp` (mode 0700) the mode of any new folder, so a web
    server running as another user may read the site."""
    mask = os.umask(0)
    os.umask(mask)
    os.chmod(folder, 0o777 & ~mask)


# ---------------------------------------------------------------- file-system errors in one line

_ADVICE = {
    errno.ENOSPC: "the disk is full: free some space, or build onto another disk with --site-dir",
    errno.EDQUOT: "your disk quota is used up: free some space, or build onto another disk",
    errno.EROFS: "the disk is read-only: build into a folder you can write, with --site-dir",
    errno.EACCES: "permission denied: allow yourself to read and write there (or use --site-dir)",
    errno.EPERM: "not permitted: allow yourself to read and write there (or use --site-dir)",
    errno.ELOOP: "a symbolic link here points back at itself (a loop): remove or fix the link",
    errno.ENOENT: "it does not exist (a link to a moved or deleted file?)",
    errno.ENOTDIR: "a part of this path is a file, not a folder",
    errno.EISDIR: "this is a folder where a file is expected",
    errno.ENAMETOOLONG: "the path is too long: use shorter folder or file names",
    errno.EMFILE: "too many open files: close other programs and run again",
    errno.EIO: "the disk reported a read or write error: check the disk",
}


_WRITING = {errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EFBIG}


def describe(err: OSError, *, shown: dict[str, str] | None = None) -> str:
    """An OSError as one line: the path, what went wrong and what to do. `shown` replaces path
    prefixes (a build's temporary folder by the folder it stands for)."""
    path = err.filename
    if getattr(err, "filename2", None) and err.errno in _WRITING:
        path = err.filename2  # a copy failed at its destination
    text = "" if path is None else os.fsdecode(path) if isinstance(path, bytes) else str(path)
    for prefix, replacement in (shown or {}).items():
        if text == prefix or text.startswith(prefix + os.sep):
            text = replacement + text[len(prefix) :]
    advice = _ADVICE.get(err.errno) or (err.strerror or str(err))
    return f"{text}: {advice}" if text else advice
