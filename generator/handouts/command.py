"""`kursbau handout`: the PDF handouts of a checked course on their own, with a progress bar and
a summary (the command line itself, reading mkdocs.yml, is `generator.cli`).

Exit codes as for every command: 0 fine, 1 the PDFs could not be written.
"""

from __future__ import annotations

import sys

from ..core.outputs import shown_path
from ..core.project import Course
from . import build_handouts
from .options import HandoutSetup
from .progress import ProgressBar

EXIT_OK, EXIT_PROBLEMS = 0, 1


def _say(message: str) -> None:
    print(f"kursbau: {message}", file=sys.stderr)


def make(course: Course, setup: HandoutSetup) -> int:
    """Lay out the handouts of `course` as `setup` says and tell where they are."""
    try:
        report = build_handouts(
            course,
            setup.out_dir,
            project_root=course.settings.root,
            options=setup.options,
            trainer_dir=setup.trainer_dir,
            progress=ProgressBar(label="PDF"),
        )
    except OSError as err:
        where = f" {err.filename}" if err.filename else ""
        _say(f"the handouts could not be made:{where} {err.strerror or err}")
        return EXIT_PROBLEMS
    except Exception as err:  # noqa: BLE001 - a layout failure must not end in a traceback
        _say(f"the handouts could not be laid out ({type(err).__name__}: {err})")
        return EXIT_PROBLEMS
    for warning in report.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    made = len(report.built)
    print(
        f"Handouts: {len(report.files)} PDFs ({made} laid out, {len(report.files) - made}"
        f" unchanged) in {report.seconds:.1f} s."
    )
    print(f"  workbook and worksheets: {shown_path(setup.out_dir)}/")
    trainer = [h.path for h in report.handouts if h.kind == "trainer"]
    if trainer:
        print(f"  trainer edition, keep it off the site: {shown_path(trainer[0])}")
    return EXIT_OK
