"""`kursbau handout [-f mkdocs.yml] [--out DIR]`: the PDF handouts on their own.

Exit codes as for every command: 0 fine, 1 problems in the course (printed as
path:line:col: message) or the PDFs could not be written, 2 usage.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


def _say(message: str) -> None:
    print(f"kursbau: {message}", file=sys.stderr)


def _shown(path: Path) -> str:
    try:
        return os.path.relpath(path)
    except ValueError:
        return str(path)


def _refused(config, out: Path, trainer_dir: Path) -> str | None:
    """Sources are never written: neither folder may be, contain or lie in the sources."""
    from ..core.outputs import output_problem
    from ..mkdocs_adapter.outputs import sources_of

    plugin = config.plugins["kursbau"]
    sources = sources_of(config, plugin.config.quizzes)
    for what, folder in (("--out", out), ("trainer_dir", trainer_dir)):
        why = output_problem(folder, sources, replaced=False)
        if why:
            return f"{what} {folder}: {why}. Nothing was written; choose another folder"
    return None


def run(args) -> int:
    config_file = Path(args.config_file)
    if not config_file.is_file():
        _say(f"{config_file} not found: run this in a course folder")
        return EXIT_USAGE
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError) as err:
        _say(f"PDF handouts need WeasyPrint: pip install 'kursbau[pdf]' ({err})")
        return EXIT_USAGE
    from ..mkdocs_adapter import build as engine
    from . import build_handouts
    from .options import options_from_mkdocs, site_handouts_dir, trainer_dir_of
    from .progress import ProgressBar

    try:
        problems, course = engine.check(config_file)
        config = engine.load(config_file) if not problems else None
    except engine.BuildFailed as err:
        _say(str(err))
        return EXIT_PROBLEMS
    if problems:
        for problem in problems:
            print(problem, file=sys.stderr)
        print(f"{len(problems)} problem(s); nothing was written.", file=sys.stderr)
        return EXIT_PROBLEMS

    out = Path(args.out) if getattr(args, "out", None) else site_handouts_dir(config)
    trainer_dir = trainer_dir_of(config)
    refused = _refused(config, out, trainer_dir)
    if refused:
        _say(refused)
        return EXIT_PROBLEMS
    try:
        report = build_handouts(
            course,
            out,
            project_root=course.settings.root,
            options=options_from_mkdocs(config),
            trainer_dir=trainer_dir,
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
    print(f"  workbook and worksheets: {_shown(out)}/")
    trainer = [h.path for h in report.handouts if h.kind == "trainer"]
    if trainer:
        print(f"  trainer edition, keep it off the site: {_shown(trainer[0])}")
    return EXIT_OK
