"""`kursbau build` of the sample course: this checkout against a baseline checkout, interleaved.

    .venv/bin/python bench/sample_build.py --base /work/wt/base            # 9 runs each
    .venv/bin/python bench/sample_build.py --base ../kursbau-main --runs 15

Both builds run with this checkout's virtualenv; each side's own code comes first on PYTHONPATH
(the baseline needs nothing this one lacks). The sample course (mkdocs.yml, content/, quizzes/ of
this checkout) is copied twice, so each side has its own handouts cache, warmed by one unmeasured
build; the measured builds then alternate (new, base, base, new, …) so that a busy spell of the
machine hits both alike. Wall and CPU time per build (os.wait4), medians and the ratio new/base,
written to bench/results/sample-build-<time>.json.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
RESULTS = BENCH / "results"
PYTHON = ROOT / ".venv" / "bin" / "python"


def copy_course(source: Path, target: Path) -> Path:
    target.mkdir(parents=True)
    shutil.copy2(source / "mkdocs.yml", target / "mkdocs.yml")
    for folder in ("content", "quizzes"):
        shutil.copytree(source / folder, target / folder)
    return target


def build(code: Path, course: Path) -> dict:
    """One `kursbau build` of `course` with the code of checkout `code`: wall and CPU time."""
    env = os.environ | {"PYTHONPATH": str(code), "NO_MKDOCS_2_WARNING": "1"}
    site = course / "site"
    shutil.rmtree(site, ignore_errors=True)
    with tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        proc = subprocess.Popen(
            [str(PYTHON), "-m", "generator", "build"],
            cwd=course,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=err,
        )
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - started
        if os.waitstatus_to_exitcode(status) != 0:
            err.seek(0)
            raise SystemExit(f"build with {code} failed:\n{err.read().decode()[-3000:]}")
    return {"wall_s": round(wall, 3), "cpu_s": round(usage.ru_utime + usage.ru_stime, 3)}


def commit_of(code: Path) -> str:
    try:
        out = subprocess.run(
            ["git", "-C", str(code), "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            timeout=30,
        )
        return out.stdout.strip() or "?"
    except (OSError, subprocess.SubprocessError):
        return "?"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", type=Path, required=True, help="baseline checkout")
    parser.add_argument("--runs", type=int, default=9, help="measured builds per side")
    args = parser.parse_args()
    base = args.base.resolve()
    if not (base / "generator").is_dir():
        raise SystemExit(f"{base} is not a Kursbau checkout")
    sides = {"new": ROOT, "base": base}
    with tempfile.TemporaryDirectory(prefix="kb-bench-sample-") as work:
        courses = {name: copy_course(ROOT, Path(work) / name) for name in sides}
        for name, code in sides.items():  # warm-up: handouts cache, file-system cache
            build(code, courses[name])
        runs: dict[str, list[dict]] = {name: [] for name in sides}
        for rep in range(args.runs):
            order = list(sides) if rep % 2 == 0 else list(sides)[::-1]
            for name in order:
                runs[name].append(build(sides[name], courses[name]))
                print(f"  {name:4} {runs[name][-1]['wall_s']:6.2f} s", file=sys.stderr)
    medians = {
        name: {
            "wall_s": round(statistics.median(r["wall_s"] for r in rs), 3),
            "cpu_s": round(statistics.median(r["cpu_s"] for r in rs), 3),
            "min_wall_s": min(r["wall_s"] for r in rs),
        }
        for name, rs in runs.items()
    }
    ratio = round(medians["new"]["wall_s"] / medians["base"]["wall_s"], 3)
    cpu_ratio = round(medians["new"]["cpu_s"] / medians["base"]["cpu_s"], 3)
    fastest = round(medians["new"]["min_wall_s"] / medians["base"]["min_wall_s"], 3)
    result = {
        "when": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "new": {"code": str(ROOT), "commit": commit_of(ROOT), **medians["new"]},
        "base": {"code": str(base), "commit": commit_of(base), **medians["base"]},
        "ratio_wall": ratio,
        "ratio_cpu": cpu_ratio,
        "ratio_fastest": fastest,
        "runs": runs,
        "load_average": os.getloadavg(),
    }
    RESULTS.mkdir(exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    (RESULTS / f"sample-build-{stamp}.json").write_text(json.dumps(result, indent=1), "utf-8")
    print(
        f"kursbau build, sample course, median of {args.runs}:"
        f" new {medians['new']['wall_s']:.2f} s (CPU {medians['new']['cpu_s']:.2f} s),"
        f" base {medians['base']['wall_s']:.2f} s (CPU {medians['base']['cpu_s']:.2f} s);"
        f" ratio {ratio:.3f} wall, {cpu_ratio:.3f} CPU, {fastest:.3f} fastest runs"
        f" (load average {os.getloadavg()[0]:.1f})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
