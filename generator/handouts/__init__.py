"""PDF handouts of a course: participant workbook, trainer edition and one worksheet per check.

    from generator.handouts import Options, build_handouts
    report = build_handouts(course, site_dir / "handouts", project_root=root, options=options,
                            trainer_dir=root / "handouts-trainer")

The HTML of every handout is made first (cheap); a PDF is laid out by WeasyPrint (expensive) only
when the hash of its HTML, the stylesheet, the images it uses and the renderer's version is not in
the cache yet. The cache lives outside the site (`.cache/kursbau/handouts/` in the project), since
a site build starts from an empty folder.

The trainer edition holds answers, trainer notes and trainer-only pages, which must never be
published with the site, so it goes to its own folder (`trainer_dir`).
"""

from __future__ import annotations

import filecmp
import hashlib
import json
import os
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..core.outputs import process_running
from ..core.project import Course
from . import pdf
from .render import (
    CONTENT_END,
    PARTICIPANT,
    STYLESHEET,
    TRAINER,
    WORKSHEET,
    Document,
    HandoutRenderer,
    Options,
    notes_lines_left,
)

__all__ = [
    "Options",
    "Handout",
    "HandoutReport",
    "build_handouts",
    "plan_handouts",
    "PARTICIPANT",
    "TRAINER",
    "WORKSHEET",
]

# Bump when a change outside the HTML and the stylesheet changes what a PDF looks like.
RENDER_VERSION = "3"
CACHE_DIR = Path(".cache") / "kursbau" / "handouts"

Progress = Callable[[int, int, str], None]


@dataclass
class Handout:
    path: Path
    kind: str  # participant | trainer | worksheet
    check_id: str | None
    built: bool  # laid out in this run; False when it came from the cache
    key: str


@dataclass
class HandoutReport:
    handouts: list[Handout]
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def files(self) -> list[Path]:
        return [h.path for h in self.handouts]

    @property
    def built(self) -> list[Path]:
        return [h.path for h in self.handouts if h.built]

    @property
    def reused(self) -> list[Path]:
        return [h.path for h in self.handouts if not h.built]


def plan_handouts(
    course: Course,
    options: Options,
    *,
    trainer: bool = True,
    participant_pages: dict[str, int] | None = None,
) -> list[Document]:
    """The HTML of every handout, largest first: trainer edition, workbook, worksheets.

    The trainer edition's page references need the participant edition laid out first
    (`participant_pages`, anchor → page); without them it is planned without references."""
    renderer = HandoutRenderer(course, options)
    docs = []
    if trainer:
        docs.append(renderer.workbook_document(TRAINER, participant_pages))
    docs.append(renderer.workbook_document(PARTICIPANT))
    docs.extend(renderer.worksheet_document(check_id) for check_id in sorted(course.data))
    return docs


def build_handouts(
    course: Course,
    out_dir: Path,
    *,
    project_root: Path,
    options: Options,
    trainer_dir: Path | None = None,
    cache_dir: Path | None = None,
    progress: Progress | None = None,
    workers: int | None = None,
    trainer: bool = True,
) -> HandoutReport:
    """Write the handouts of `course`; returns what was written and what was laid out anew.

    `out_dir` gets the participant workbook and `checks/<id>.pdf`; `trainer_dir` (default:
    `out_dir`) the trainer edition. `progress(done, total, name)` is called as PDFs are laid out.
    """
    started = time.perf_counter()
    out_dir = Path(out_dir)
    trainer_dir = Path(trainer_dir) if trainer_dir else out_dir
    root = Path(project_root).resolve()
    cache = _Cache(Path(cache_dir) if cache_dir else root / CACHE_DIR, course)
    stylesheet = STYLESHEET.read_bytes()
    engine = pdf.engine_version()
    warnings: list[str] = []

    def job_for(doc: Document, target: Path, key: str) -> pdf.PdfJob:
        where = cache.path(key) if cache.enabled else target
        return pdf.PdfJob(doc.html, str(where), pdf.allowed_roots(root), root.as_uri() + "/")

    # A first layout of the participant edition tells two things: on which page each lesson
    # is (the trainer edition refers to them) and how much of its last page is left (it
    # becomes room for notes). Both are cached with the PDF; the final edition differs from the
    # first only in its notes, so the page numbers hold.
    written: set[str] = set()
    renderer = HandoutRenderer(course, options)
    first = renderer.workbook_document(PARTICIPANT)
    key = document_key(first, stylesheet, engine)
    layout = cache.layout(key)
    if layout is None:
        result = pdf.write_pdf(job_for(first, out_dir / first.name, key))
        warnings.extend(f"{first.name}: {w}" for w in result.warnings)
        layout = {"pages": result.anchors, "end": result.tops.get(CONTENT_END, 277.0)}
        cache.remember_layout(key, layout)
        written.add(key)
    fill = notes_lines_left(layout["end"]) if options.notes_pages > 0 else 0
    participant = renderer.workbook_document(PARTICIPANT, notes_fill=fill)
    docs = [participant]
    if trainer:
        docs.insert(0, renderer.workbook_document(TRAINER, layout["pages"]))
    docs.extend(renderer.worksheet_document(check_id) for check_id in sorted(course.data))

    handouts: list[Handout] = []
    pending: list[tuple[Document, Path, str]] = []
    for doc in docs:
        target = (trainer_dir if doc.kind == TRAINER else out_dir) / doc.name
        key = document_key(doc, stylesheet, engine)
        if key in written:
            handouts.append(Handout(target, doc.kind, doc.check_id, True, key))
        elif cache.has(key):
            handouts.append(Handout(target, doc.kind, doc.check_id, False, key))
        else:
            pending.append((doc, target, key))
            handouts.append(Handout(target, doc.kind, doc.check_id, True, key))

    jobs = [job_for(doc, target, key) for doc, target, key in pending]
    names = {job.target: doc.name for job, (doc, _t, _k) in zip(jobs, pending, strict=True)}
    if progress and written:  # the participant edition, laid out first (see above)
        progress(0, len(jobs) + 1, "")
        progress(1, len(jobs) + 1, first.name)
        progress = _shifted(progress, 1)
    for result in _run(jobs, progress, names, workers):
        warnings.extend(f"{names[result.target]}: {w}" for w in result.warnings)

    for handout in handouts:
        if cache.enabled:
            if handout.built:
                cache.seal(handout.key)
            _place(cache.path(handout.key), handout.path)
        cache.remember(handout)
    _remove_stale(out_dir / "checks", {h.path for h in handouts})
    cache.save()
    return HandoutReport(handouts, warnings, time.perf_counter() - started)


def document_key(doc: Document, stylesheet: bytes, engine: str) -> str:
    """What a PDF depends on: its HTML, the stylesheet, the files it shows, the renderer."""
    digest = hashlib.sha256()
    for part in (RENDER_VERSION.encode(), engine.encode(), stylesheet, doc.html.encode()):
        digest.update(len(part).to_bytes(8, "big"))
        digest.update(part)
    for file in doc.files:
        digest.update(str(file).encode())
        try:
            digest.update(hashlib.sha256(file.read_bytes()).digest())
        except OSError:
            digest.update(b"missing")
    return digest.hexdigest()[:32]


def _run(jobs, progress: Progress | None, names: dict[str, str], workers: int | None):
    """Lay out the PDFs, in parallel processes when there are several and cores to spare."""
    total = len(jobs)
    if not total:
        return
    if progress:
        progress(0, total, "")
    count = workers if workers is not None else min(_usable_cpus(), 4)
    count = max(1, min(count, total))
    if count == 1:
        for done, job in enumerate(jobs, start=1):
            result = pdf.write_pdf(job)
            if progress:
                progress(done, total, names[job.target])
            yield result
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed

    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else None
    context = multiprocessing.get_context(method)
    with ProcessPoolExecutor(
        max_workers=count,
        mp_context=context,
        initializer=_die_with_parent,
        initargs=(os.getpid(),),
    ) as pool:
        futures = {pool.submit(pdf.write_pdf, job): job for job in jobs}
        for done, future in enumerate(as_completed(futures), start=1):
            result = future.result()
            if progress:
                progress(done, total, names[futures[future].target])
            yield result


def _die_with_parent(parent: int) -> None:
    """A PDF worker ends when the build that started it ends, also when that was killed
    (SIGKILL leaves no chance to tidy up): on Linux the kernel sends the signal, elsewhere a
    thread watches for the parent to go."""
    import signal
    import threading

    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        pr_set_pdeathsig = 1
        armed = libc.prctl(pr_set_pdeathsig, signal.SIGKILL, 0, 0, 0) == 0
    except (OSError, AttributeError):
        armed = False
    if os.getppid() != parent:  # the parent died before the signal was armed
        os._exit(1)
    if armed:
        return

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()


def _shifted(progress: Progress, before: int) -> Progress:
    """Progress of the remaining PDFs, counted after `before` that are done already."""

    def report(done: int, total: int, name: str) -> None:
        if done:
            progress(done + before, total + before, name)

    return report


def _usable_cpus() -> int:
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _place(source: Path, target: Path) -> None:
    """Copy a cached PDF to where it belongs, unless an identical file is there already."""
    if target.is_file() and filecmp.cmp(source, target, shallow=False):
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.{os.getpid()}.part")
    shutil.copyfile(source, partial)
    partial.replace(target)


def _digest(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        for chunk in iter(lambda: file.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _remove_stale(folder: Path, current: set[Path]) -> None:
    """Worksheets of checks that no longer exist go (only PDFs, only in our checks folder)."""
    if not folder.is_dir():
        return
    for file in sorted(folder.rglob("*.pdf"), reverse=True):
        if file not in current:
            file.unlink(missing_ok=True)
    for sub in [*sorted((p for p in folder.rglob("*") if p.is_dir()), reverse=True), folder]:
        if not any(sub.iterdir()):
            sub.rmdir()


class _Cache:
    """PDFs by key, and which key each handout of each course had last (for tidying up)."""

    INDEX = "index.json"

    def __init__(self, folder: Path, course: Course):
        self.folder = folder
        self.prefix = f"{course.settings.course}:{course.settings.lang}:"
        self.enabled = True
        try:
            folder.mkdir(parents=True, exist_ok=True)
            self.index = json.loads((folder / self.INDEX).read_text("utf-8"))
            if not isinstance(self.index, dict):
                self.index = {}
        except FileNotFoundError:
            self.index = {}
        except (OSError, ValueError):
            self.index = {}
            self.enabled = os.access(folder, os.W_OK) if folder.is_dir() else False
        self.current: dict[str, str] = {}

    def path(self, key: str) -> Path:
        return self.folder / f"{key}.pdf"

    def has(self, key: str) -> bool:
        """A cached PDF counts only when it is whole: its digest, written after it, matches (a
        build killed or a disk filled while it was written leaves no or another digest)."""
        if not self.enabled:
            return False
        try:
            expected = self._seal_path(key).read_text("ascii").strip()
            return _digest(self.path(key)) == expected
        except (OSError, UnicodeDecodeError):
            return False

    def seal(self, key: str) -> None:
        """Record the digest of a PDF just laid out, atomically, after the PDF itself."""
        seal = self._seal_path(key)
        partial = seal.with_name(f".{seal.name}.{os.getpid()}.part")
        partial.write_text(_digest(self.path(key)) + "\n", "ascii")
        partial.replace(seal)

    def _seal_path(self, key: str) -> Path:
        return self.folder / f"{key}.sha256"

    def layout(self, key: str) -> dict | None:
        """What a first layout found ({"pages": anchor → page, "end": mm}), when cached."""
        if not self.enabled or not self.path(key).is_file():
            return None
        try:
            layout = json.loads(self.folder.joinpath(f"{key}.json").read_text("utf-8"))
        except (OSError, ValueError):
            return None
        if not isinstance(layout, dict) or not {"pages", "end"} <= set(layout):
            return None
        return layout

    def remember_layout(self, key: str, layout: dict) -> None:
        if self.enabled:
            partial = self.folder / f".{key}.json.{os.getpid()}.part"
            partial.write_text(json.dumps(layout, sort_keys=True), "utf-8")
            partial.replace(self.folder / f"{key}.json")
            self.current[f"{self.prefix}layout:"] = key  # kept until the content changes

    def remember(self, handout: Handout) -> None:
        self.current[f"{self.prefix}{handout.kind}:{handout.check_id or ''}"] = handout.key

    def save(self) -> None:
        if not self.enabled:
            return
        index = {k: v for k, v in self.index.items() if not k.startswith(self.prefix)}
        index.update(self.current)
        keep = set(index.values())
        for file in [
            *self.folder.glob("*.pdf"),
            *self.folder.glob("*.sha256"),
            *self.folder.glob("*.json"),
        ]:
            if file.name != self.INDEX and file.stem not in keep:
                file.unlink(missing_ok=True)
        for file in self.folder.glob(".*.part"):  # of workers that were killed while writing
            pid = file.name.rsplit(".", 2)[-2]
            if pid.isdigit() and not process_running(int(pid)):
                file.unlink(missing_ok=True)
        partial = self.folder / f".{self.INDEX}.{os.getpid()}.part"
        partial.write_text(json.dumps(index, indent=1, sort_keys=True), "utf-8")
        partial.replace(self.folder / self.INDEX)
