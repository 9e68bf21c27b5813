"""`kursbau export scorm|moodle|gift`: the command-line side of the exports."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..core.outputs import shown_path
from . import ExportFailed

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


def add_export_parser(sub, config_arg) -> None:
    p = sub.add_parser("export", help="packages and question files for learning platforms")
    kinds = p.add_subparsers(metavar="FORMAT")

    s = kinds.add_parser("scorm", help="a SCORM package of the course (default: SCORM 1.2)")
    config_arg(s)
    s.add_argument("--version", choices=["1.2", "2004"], default="1.2", help="SCORM version")
    s.add_argument("--per-check", action="store_true", help="one package per check, in a folder")
    s.add_argument("--out", type=Path, help="the zip (or folder with --per-check); default dist/")
    s.set_defaults(run=run_scorm)

    m = kinds.add_parser("moodle", help="the quiz questions as Moodle XML")
    config_arg(m)
    m.add_argument("--out", type=Path, required=True, help="the .xml file to write")
    m.set_defaults(run=run_questions, fmt="moodle")

    g = kinds.add_parser("gift", help="the quiz questions in GIFT format")
    config_arg(g)
    g.add_argument("--out", type=Path, required=True, help="the .txt file to write")
    g.set_defaults(run=run_questions, fmt="gift")

    p.set_defaults(run=lambda _args: _usage(p))


def _usage(parser: argparse.ArgumentParser) -> int:
    parser.print_help(sys.stderr)
    return EXIT_USAGE


def _fail(err: ExportFailed) -> int:
    if err.problems:
        for problem in err.problems:
            print(problem, file=sys.stderr)
        print(f"{len(err.problems)} problem(s); nothing was written.", file=sys.stderr)
    else:
        print(f"kursbau: {err}", file=sys.stderr)
    return EXIT_PROBLEMS


def _missing_config(args) -> int | None:
    if not args.config_file.is_file():
        print(
            f"kursbau: {args.config_file} not found: run this in a course folder", file=sys.stderr
        )
        return EXIT_USAGE
    return None


def run_scorm(args) -> int:
    if (code := _missing_config(args)) is not None:
        return code
    from .scorm import export_scorm

    try:
        summary = export_scorm(
            args.config_file, version=args.version, per_check=args.per_check, out=args.out
        )
    except ExportFailed as err:
        return _fail(err)
    for check_id in summary.skipped:
        print(f"{check_id}: lms: none, so it reports nothing: no package written for it")
    for package in summary.packages:
        what = f"check {package.check}" if package.check else "the course"
        print(
            f"Wrote {shown_path(package.path)}: SCORM {args.version}, {what}, {package.files} files,"
            f" {package.bytes / 1e6:.1f} MB; suspend_data at most {package.suspend_worst}"
            " characters."
        )
    print(f"Done in {summary.seconds:.1f} s.")
    return EXIT_OK


def run_questions(args) -> int:
    if (code := _missing_config(args)) is not None:
        return code
    from .questions import export_questions

    try:
        summary = export_questions(args.config_file, args.fmt, args.out)
    except ExportFailed as err:
        return _fail(err)
    for note in summary.notes:
        print(note, file=sys.stderr)
    print(
        f"Wrote {shown_path(summary.path)}: {summary.questions} questions from {summary.quizzes}"
        f" quizzes ({'Moodle XML' if args.fmt == 'moodle' else 'GIFT'})."
    )
    return EXIT_OK
