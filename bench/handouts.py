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
    from generator.mkdocs_adapter import build as engine
    from generator.mkdocs_adapter.handouts import handout_options

    checked = engine.check_project(config_file)
    if checked.problems:
        raise SystemExit(checked.problems.report())
    return checked.course, handout_options(checked.config)


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


def per_pdf(config_file: Path = ROOT / "mkdocs.yml", workers: int = 2) -> dict:
    """Each PDF laid out alone, one after the other in this process (after a warm-up): the
    longest is the floor of a cold run however many processes share the work, and the sum
    divided by the workers the other one."""
    from generator.handouts import plan_handouts
    from generator.handouts.pdf import PdfJob, allowed_roots, write_pdf

    course, options = _course(Path(config_file))
    root = course.settings.root
    seconds = {}
    with tempfile.TemporaryDirectory(prefix="kursbau-bench-") as tmp:
        docs = plan_handouts(course, options)
        for doc in [docs[-1], *docs]:  # the first one again: fonts and caches warm
            job = PdfJob(doc.html, f"{tmp}/{doc.name}", allowed_roots(root), root.as_uri() + "/")
            started = time.perf_counter()
            write_pdf(job)
            seconds[doc.name] = round(time.perf_counter() - started, 3)
    longest = max(seconds.values())
    total = sum(seconds.values())
    return {
        "seconds": seconds,
        "longest_s": longest,
        "sum_s": round(total, 3),
        "floor_s": round(max(longest, total / workers), 3),
        "workers": workers,
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
    parser.add_argument(
        "--per-pdf", action="store_true", help="also time each PDF alone (the floor of a run)"
    )
    args = parser.parse_args(argv)
    result = measure(args.config_file, args.repeat, args.workers)
    if args.per_pdf:
        result["per_pdf"] = per_pdf(args.config_file, args.workers or 2)
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
        if "per_pdf" in result:
            alone = result["per_pdf"]
            for name, seconds in alone["seconds"].items():
                print(f"  alone: {name:<28} {seconds:7.3f} s")
            print(
                f"  floor on {alone['workers']} processes: {alone['floor_s']:.3f} s"
                f" (longest {alone['longest_s']:.3f} s, sum {alone['sum_s']:.3f} s)"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
