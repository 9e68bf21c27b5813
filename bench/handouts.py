"""Benchmark: the PDF handouts of a course, laid out cold and taken from the cache.

    .venv/bin/python bench/handouts.py [-f mkdocs.yml] [--repeat 3] [--json]

Cold: an empty cache and an empty output folder, so every PDF is laid out (participant workbook,
trainer edition, one worksheet per check). Cached: the same again with the cache kept, the usual
case of a rebuild without changes. Loading and validating the course is timed apart. Medians of
`--repeat` runs; `measure()` returns the same numbers for bench/run.py.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _course(config_file: Path):
    from generator.handouts.options import options_from_mkdocs
    from generator.mkdocs_adapter import build as engine

    problems, course = engine.check(config_file)
    if problems:
        raise SystemExit(problems.report())
    return course, options_from_mkdocs(engine.load(config_file))


def measure(config_file: Path = ROOT / "mkdocs.yml", repeat: int = 3, workers=None) -> dict:
    """Median seconds: load (validate the course), cold (lay out every PDF), cached (none)."""
    from generator.handouts import build_handouts

    loads, colds, cacheds = [], [], []
    pages = files = 0
    for _ in range(repeat):
        started = time.perf_counter()
        course, options = _course(Path(config_file))
        loads.append(time.perf_counter() - started)
        with tempfile.TemporaryDirectory(prefix="kursbau-bench-") as tmp:
            out = Path(tmp)

            def run(course=course, options=options, out=out):
                started = time.perf_counter()
                report = build_handouts(
                    course,
                    out / "site",
                    project_root=course.settings.root,
                    options=options,
                    trainer_dir=out / "trainer",
                    cache_dir=out / "cache",
                    workers=workers,
                )
                return time.perf_counter() - started, report

            seconds, report = run()
            assert len(report.built) == len(report.files), "cold run must lay out every PDF"
            colds.append(seconds)
            seconds, again = run()
            assert not again.built, "cached run must lay out nothing"
            cacheds.append(seconds)
            files = len(report.files)
            pages = sum(_pages(p) for p in report.files)
    return {
        "pdfs": files,
        "pages": pages,
        "repeat": repeat,
        "load_s": round(statistics.median(loads), 3),
        "cold_s": round(statistics.median(colds), 3),
        "cached_s": round(statistics.median(cacheds), 3),
    }


def _pages(path: Path) -> int:
    try:
        from pypdf import PdfReader
    except ImportError:
        return 0
    return len(PdfReader(str(path)).pages)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-f", "--config-file", type=Path, default=ROOT / "mkdocs.yml")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--workers", type=int, help="parallel layout processes (default: cores)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args(argv)
    result = measure(args.config_file, args.repeat, args.workers)
    if args.json:
        print(json.dumps(result))
    else:
        print(
            f"handouts of {args.config_file}: {result['pdfs']} PDFs, {result['pages']} pages,"
            f" median of {result['repeat']}\n"
            f"  load and validate course  {result['load_s']:7.3f} s\n"
            f"  cold (all PDFs laid out)  {result['cold_s']:7.3f} s\n"
            f"  cached (nothing to do)    {result['cached_s']:7.3f} s"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
