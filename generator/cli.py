"""The `kursbau` command: new, check, build, serve, handout, export, room, schema.

Exit codes: 0 fine, 1 problems in the course (printed as path:line:col: message), 2 usage.

Each command imports what it needs when it runs (the engine, the models, the PDF layout, the room's
server), not this module: `kursbau --help` and `kursbau new` answer at once.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import shlex
import shutil
import sys
from pathlib import Path

from .core.outputs import shown_path

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2
STARTER = Path(__file__).resolve().parent / "starter"


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if not getattr(args, "run", None):
        parser.print_help()
        return EXIT_USAGE
    try:
        return args.run(args)
    except KeyboardInterrupt:
        return 130
    except Exception as err:  # a bug of ours: say so in one line, keep the traceback for debugging
        if os.environ.get("KURSBAU_DEBUG"):
            raise
        return _fail(
            f"unexpected error ({type(err).__name__}: {err}); nothing was changed in site/."
            " Run again with KURSBAU_DEBUG=1 for details and report it."
        )


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kursbau",
        description="Markdown lessons and YAML self-checks to a training site and workbooks.",
    )
    sub = parser.add_subparsers(metavar="COMMAND")

    p = sub.add_parser("new", help="create a starter course in DIR")
    p.add_argument("dir", type=Path)
    p.set_defaults(run=cmd_new)

    p = sub.add_parser("check", help="validate checks and lessons without building")
    _config_arg(p)
    p.add_argument("--strict", action="store_true", help="treat authoring hints as errors")
    p.set_defaults(run=cmd_check)

    p = sub.add_parser("build", help="build the site into site/ (swapped in only on success)")
    _config_arg(p)
    p.add_argument("--site-dir", type=Path, help="where to put the site (default: site/)")
    p.add_argument(
        "--strict",
        action="store_true",
        help="treat MkDocs warnings and authoring hints as errors",
    )
    p.add_argument("--zip", action="store_true", help="also pack the site as site.zip")
    p.set_defaults(run=cmd_build)

    p = sub.add_parser("serve", help="preview with live reload (also when a YAML file changes)")
    _config_arg(p)
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.set_defaults(run=cmd_serve)

    p = sub.add_parser("handout", help="write PDF workbooks to site/handouts/")
    _config_arg(p)
    p.add_argument("--out", type=Path, help="folder for the PDFs (default: site/handouts)")
    p.set_defaults(run=cmd_handout)

    from .export.command import add_export_parser

    add_export_parser(sub, _config_arg)

    p = sub.add_parser("room", help="serve the course in a workshop, with the group picture")
    _config_arg(p)
    from .room.command import add_arguments as room_arguments

    room_arguments(p)
    p.set_defaults(run=cmd_room)

    p = sub.add_parser("schema", help="write the JSON Schema of check files (for editors)")
    p.add_argument("path", nargs="?", type=Path, default=Path("kursbau.schema.json"))
    p.set_defaults(run=cmd_schema)
    return parser


def _config_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "-f", "--config-file", type=Path, default=Path("mkdocs.yml"), help="default: mkdocs.yml"
    )


def _fail(message: str, code: int = EXIT_PROBLEMS) -> int:
    print(f"kursbau: {message}", file=sys.stderr)
    return code


def _notify(notices) -> None:
    """What the author should know but need not fix, once per run."""
    for notice in notices:
        print(f"kursbau: note: {notice}", file=sys.stderr)


def _report(problems) -> int:
    for problem in problems:
        print(problem, file=sys.stderr)
    print(f"{len(problems)} problem(s); nothing was written.", file=sys.stderr)
    return EXIT_PROBLEMS


def in_course(command):
    """A command that runs in a course folder, through the engine: it starts only when the config
    file is there, gets the engine's build module, and a failed build ends in the problems (or
    the one line) the engine gives, never a traceback.

    The engine (MkDocs, the theme, the plugins) is imported here, not at the top of the module:
    `kursbau new`, `schema` and `--help` answer without loading it."""

    @functools.wraps(command)
    def run(args) -> int:
        if not args.config_file.is_file():
            return _fail(f"{args.config_file} not found: run this in a course folder", EXIT_USAGE)
        from .mkdocs_adapter import build as engine

        try:
            return command(args, engine)
        except engine.BuildFailed as err:
            return _report(err.problems) if err.problems else _fail(str(err))

    return run


@in_course
def cmd_check(args, engine) -> int:
    problems, course, notices = engine.validate(args.config_file)
    if problems:
        return _report(problems)
    _notify(notices)
    from .core.hint import course_hints

    hints = course_hints(course)
    for hint in hints:
        print(hint, file=sys.stderr)
    lessons = sum(1 for lesson in course.lessons.values())
    if hints and args.strict:
        print(f"{len(hints)} hint(s), and --strict treats them as errors.", file=sys.stderr)
        return EXIT_PROBLEMS
    found = f"; {len(hints)} hint(s) above" if hints else ""
    print(f"OK: {len(course.data)} checks, {lessons} pages, no problems{found}.")
    return EXIT_OK


@in_course
def cmd_build(args, engine) -> int:
    try:
        summary = engine.build(args.config_file, site_dir=args.site_dir, strict=args.strict)
    except engine.BuildFailed as err:
        if err.problems or isinstance(err, engine.OutputRefused):
            raise
        return _fail(f"build failed, site/ left as it was: {err}")
    _notify(summary.notices)
    print(f"{summary.said()} in {summary.seconds:.1f} s.")
    if args.zip:
        archive = shutil.make_archive(str(summary.site_dir), "zip", summary.site_dir)
        print(f"Packed {shown_path(Path(archive))} (open index.html from the unpacked folder).")
    return EXIT_OK


@in_course
def cmd_serve(args, engine) -> int:
    engine.serve(args.config_file, host=args.host, port=args.port)
    return EXIT_OK


@in_course
def cmd_handout(args, engine) -> int:
    try:
        from .handouts.command import make
        from .mkdocs_adapter.handouts import handouts_of
    except ImportError as err:
        return _fail(
            f"PDF handouts need the 'pdf' extra: pip install 'kursbau[pdf]' ({err})", EXIT_USAGE
        )
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError) as err:
        return _fail(
            f"PDF handouts need WeasyPrint: pip install 'kursbau[pdf]' ({err})", EXIT_USAGE
        )
    course, setup = handouts_of(args.config_file, args.out)
    return make(course, setup)


def cmd_room(args) -> int:
    from .room.command import run

    return run(args, _fail, _report)


def cmd_schema(args) -> int:
    from .core.schema import schema_text

    args.path.write_text(schema_text(), encoding="utf-8")
    print(f"Wrote {args.path}")
    return EXIT_OK


def cmd_new(args) -> int:
    target: Path = args.dir
    if target.exists() and any(target.iterdir()):
        return _fail(f"{target} exists and is not empty: choose a new folder", EXIT_USAGE)
    from .core.project import slug
    from .core.schema import schema_text

    name = target.resolve().name
    course = slug(name)
    for source in sorted(STARTER.rglob("*")):
        if source.is_dir() or "__pycache__" in source.parts:
            continue
        dest = target / source.relative_to(STARTER)
        dest.parent.mkdir(parents=True, exist_ok=True)
        text = source.read_text(encoding="utf-8")
        if source.suffix in (".yml", ".yaml"):
            # a YAML string as JSON writes it (valid YAML): quotes or colons in the name stay text
            text = text.replace('"{{name}}"', json.dumps(name, ensure_ascii=False))
            text = text.replace('"{{course}}"', json.dumps(course))
        dest.write_text(text.replace("{{course}}", course).replace("{{name}}", name), "utf-8")
    (target / "kursbau.schema.json").write_text(schema_text(), encoding="utf-8")
    print(
        f"Created a starter course in {target}.\nNext: cd {shlex.quote(str(target))}"
        " && kursbau serve"
    )
    return EXIT_OK
