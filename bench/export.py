"""Benchmarks of the platform exports (issue 13): package size and export time, suspend_data worst
cases, and proof that the normal site carries none of the package's code.

    .venv/bin/python bench/export.py            # everything (about 3 minutes on 2 cores)
    .venv/bin/python bench/export.py --quick    # N = 100 instead of 500, 1 run each

Times are medians of interleaved runs of `kursbau export scorm` and, as the baseline measured in
the same series, `kursbau build` of the same course (the export builds the site too). Results go
to bench/results/export-<time>.json and .md.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import shutil
import statistics
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import run as bench_run  # noqa: E402  (the shared helpers of bench/run.py: measured, log …)
import synth  # noqa: E402

from generator.core.compile import compile_check  # noqa: E402
from generator.core.loader import load_text  # noqa: E402
from generator.core.problems import Problems  # noqa: E402
from generator.export.suspend import LIMITS, check_layout, worst_case  # noqa: E402

BIN = ROOT / ".venv" / "bin"
BRIDGE = ROOT / "generator" / "assets" / "scorm" / "kursbau-scorm.js"
log = bench_run.log


def export_cmd(course: Path, out: Path, *extra: str) -> list[str]:
    cfg = str(course / "mkdocs.yml")
    return [str(BIN / "kursbau"), "export", "scorm", "-f", cfg, "--out", str(out), *extra]


def series(course: Path, work: Path, reps: int, label: str) -> dict:
    """Export (1.2) and build, interleaved, `reps` times each; the package's size."""
    exports, builds = [], []
    package = work / f"{label}.zip"
    for i in range(reps):
        log(f"{label}: export {i + 1}/{reps}")
        exports.append(bench_run.measured(export_cmd(course, package), course))
        log(f"{label}: build {i + 1}/{reps}")
        site = work / f"{label}-site"
        builds.append(bench_run.measured(bench_run.kursbau_build(course, site), course))
        shutil.rmtree(site, ignore_errors=True)
    with zipfile.ZipFile(package) as archive:
        files = len(archive.namelist())
        unpacked = sum(info.file_size for info in archive.infolist())
    export_s = statistics.median(r["wall_s"] for r in exports)
    build_s = statistics.median(r["wall_s"] for r in builds)
    return {
        "export": bench_run.summary(exports),
        "build": bench_run.summary(builds),
        "ratio": round(export_s / build_s, 3),
        "package_bytes": package.stat().st_size,
        "unpacked_bytes": unpacked,
        "files": files,
    }


def per_check(course: Path, work: Path) -> dict:
    out = work / "per-check"
    timing = bench_run.measured(export_cmd(course, out, "--per-check", "--version", "2004"), course)
    sizes = sorted(p.stat().st_size for p in out.glob("*.zip"))
    return {
        "wall_s": timing["wall_s"],
        "packages": len(sizes),
        "median_bytes": sizes[len(sizes) // 2],
    }


def layout_of(text: str, check_id: str, lms: str = "score") -> dict:
    problems = Problems()
    loaded = load_text(text.encode("utf-8"), f"quizzes/{check_id}.yml", problems)
    assert loaded, problems.report()
    return check_layout(compile_check(loaded[0], check_id, course="b", lang="de"), lms)


def worst_cases() -> dict:
    """suspend_data at most, for the sample course and for 20 quizzes × 30 questions."""
    from generator.core.rules import lms_of
    from generator.mkdocs_adapter import build as engine

    problems, course = engine.check(ROOT / "mkdocs.yml")
    assert not problems
    sample = [
        check_layout(data, lms_of(course.checks[c].model))
        for c, data in course.data.items()
        if lms_of(course.checks[c].model) != "none"
    ]
    rng = random.Random(13)
    synthetic = [
        layout_of(
            synth.check_yaml(synth.make_quiz(rng, f"Quiz {i}", reflections=False, questions=30)),
            f"q{i}",
        )
        for i in range(20)
    ]
    # the heaviest kind of quiz: every question multiple choice with 6 options, immediate feedback
    heavy_quiz = (
        "title: Schwer\ntype: quiz\nfeedback: immediate\npass: 50%\nquestions:\n"
        + "".join(
            f"  - text: Frage {q}\n    type: multiple\n    partial: true\n    options:\n"
            + "".join(
                f"      - {{text: A{o}, correct: {'true' if o < 3 else 'false'}}}\n"
                for o in range(6)
            )
            for q in range(30)
        )
    )
    heavy = [layout_of(heavy_quiz, f"h{i}") for i in range(20)]
    return {
        "sample": worst_case(sample),
        "quizzes_20x30_synthetic": worst_case(synthetic),
        "quizzes_20x30_multiple_6": worst_case(heavy),
        "limit_12": LIMITS["1.2"],
    }


def site_weight(work: Path) -> dict:
    """The normal sample site: which of its files carry the package's code (none may), and the
    JS/CSS a page gets, measured as bench/run.py measures page weight."""
    kursbau_site, plain_site = bench_run.build_samples(work)
    bridge = BRIDGE.read_bytes()
    marker = b"KursbauScormCourse"
    carrying = [
        p.relative_to(kursbau_site).as_posix()
        for p in kursbau_site.rglob("*")
        if p.is_file() and (marker in p.read_bytes() or p.name in ("kursbau-scorm.js", "course.js"))
    ]
    return {
        "files_with_package_code": carrying,
        "with_check": bench_run.browser.added_bytes(
            kursbau_site, plain_site, bench_run.SAMPLE_LESSON
        ),
        "without_check": bench_run.browser.added_bytes(
            kursbau_site, plain_site, bench_run.SAMPLE_PLAIN_PAGE
        ),
        "package_only": {
            "kursbau-scorm.js": [len(bridge), len(gzip.compress(bridge, 6))],
        },
    }


def markdown(r: dict) -> str:
    out = [f"Export benchmark of {r['time']} ({r['args']}), Kursbau {r['commit']}.", ""]
    out.append(
        "| course | export (median) | build (median) | export / build | package | unpacked | files |"
    )
    out.append("| --- | --- | --- | --- | --- | --- | --- |")
    for name, s in r["series"].items():
        out.append(
            f"| {name} | {s['export']['wall_s']:.2f} s | {s['build']['wall_s']:.2f} s | {s['ratio']:.2f} × |"
            f" {s['package_bytes'] / 1e6:.2f} MB | {s['unpacked_bytes'] / 1e6:.2f} MB | {s['files']} |"
        )
    p = r["per_check"]
    out.append("")
    out.append(
        f"Sample, `--per-check --version 2004`: {p['packages']} packages in {p['wall_s']:.2f} s,"
        f" {p['median_bytes'] / 1e6:.2f} MB each (median)."
    )
    w = r["worst"]
    out += [
        "",
        "| suspend_data worst case | characters | SCORM 1.2 limit |",
        "| --- | --- | --- |",
        f"| sample course (4 reported checks) | {w['sample']} | {w['limit_12']} |",
        f"| 20 quizzes × 30 questions (bench/synth.py quizzes) | {w['quizzes_20x30_synthetic']} | {w['limit_12']} |",
        f"| 20 quizzes × 30 multiple-choice questions with 6 options | {w['quizzes_20x30_multiple_6']} | {w['limit_12']} |",
    ]
    s = r["site"]
    wc, nc = s["with_check"]["total"], s["without_check"]["total"]
    names = sorted({i["what"] for i in s["with_check"]["total"]["items"]})
    out += [
        "",
        f"Normal sample site: files carrying package code: {len(s['files_with_package_code'])}."
        f" JS + CSS added to a lesson with a check: {wc['raw']} bytes ({wc['gzip']} gz:"
        f" {', '.join(names)}); to a page without a check: {nc['raw']} bytes.",
        f"Package only: kursbau-scorm.js {s['package_only']['kursbau-scorm.js'][0]} bytes"
        f" ({s['package_only']['kursbau-scorm.js'][1]} gz) plus course.js per package.",
    ]
    return "\n".join(out) + "\n"


def _commit() -> str:
    import subprocess

    out = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    )
    return out.stdout.strip() or "?"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="N = 100 and one run each")
    args = parser.parse_args(argv)
    reps = 1 if args.quick else 3
    n = 100 if args.quick else 500
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="kb-bench-export-") as tmp:
        work = Path(tmp)
        sample = work / "sample"
        sample.mkdir()
        for name in ("mkdocs.yml", "content", "quizzes"):
            src = ROOT / name
            (shutil.copytree if src.is_dir() else shutil.copy)(src, sample / name)
        big = synth.write_course(work / f"n{n}", n, "kursbau").root
        result = {
            "time": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
            "args": " ".join(argv or sys.argv[1:]) or "full",
            "commit": _commit(),
            "series": {
                "sample": series(sample, work, reps, "sample"),
                f"N = {n}": series(big, work, reps, f"n{n}"),
            },
            "per_check": per_check(sample, work),
            "worst": worst_cases(),
            "site": site_weight(work),
        }
    result["seconds"] = round(time.perf_counter() - started, 1)
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    (out / f"export-{stamp}.json").write_text(json.dumps(result, indent=2), encoding="utf-8")
    text = markdown(result)
    (out / f"export-{stamp}.md").write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
