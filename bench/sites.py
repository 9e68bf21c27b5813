"""Kursbau on existing sites: `kursbau build` on each fixture site of tests/sites/ (with its
checks) against the plain `mkdocs build` of the same site without the plugin, and the plugin on
the site without any check (the zero-check cost). `kursbau build` runs twice per round: as a
rebuild (with what Kursbau keeps in the user's cache from the build before: page scans, checks,
stylesheet URLs, tagger results) and as the first build of the project (an empty cache).

    .venv/bin/python bench/sites.py              # 7 interleaved runs per variant and site
    .venv/bin/python bench/sites.py --reps 3 --site uni-kurs
    .venv/bin/python bench/sites.py --pages 100  # each site grown by 100 pages of text
    .venv/bin/python bench/sites.py --pages 100 --instructions   # counted, not timed (valgrind)

With `--instructions`, each variant is built once under valgrind, which counts the instructions
it executes: identical work gives an identical count (to a few instructions), so the ratio is
exact where timed ratios on a shared virtual machine move by ±15 % from run to run. It counts
user space only (not the kernel's file reads and writes) and takes about 13 × a build.

The fixture sites have a handful of pages, where the few pages Kursbau adds (a check page, the
overview) are a large share of the site; `--pages` adds the same pages of plain text to every
variant, for the size of the sites they are modelled on.

Each site is copied to a temporary folder (a git repository, for git-revision-date) in three
forms; the builds of one site run interleaved (plain, zero, kursbau, then backwards, …) so that
all three see the same machine. Medians of CPU and wall time, ratios against plain from the same
run. Target: kursbau ≤ 1.10 × plain. Results go to bench/results/sites-<time>.json and .md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path[:0] = [str(BENCH), str(ROOT), str(ROOT / "tests")]

from fixture_sites import SITES, commit_all, copy_site  # noqa: E402
from run import (  # noqa: E402
    BIN,
    ENV,
    RESULTS,
    compare,
    compile_bytecode,
    kursbau_build,
    log,
    machine,
    measured,
    mkdocs_build,
    ratio,
)

TARGET = 1.10


PARAGRAPH = (
    "Ein Absatz Fließtext, wie er in einer Lektion steht: Begriffe, Beispiele und ein Verweis"
    " auf die [Startseite](../index.md), damit der Text nicht nur aus einem Satz besteht.\n\n"
)


def grow(root: Path, pages: int) -> None:
    """`pages` pages of plain text beside the site's home page (in its default language),
    committed like the rest of the site."""
    if not pages:
        return
    home = min((root / "docs").rglob("index.md"), key=lambda p: len(p.parts))
    for i in range(pages):
        page = home.parent / "mehr" / f"seite-{i:03d}.md"
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(f"# Seite {i}\n\n" + PARAGRAPH * 12, encoding="utf-8")
    commit_all(root, "more pages")


def with_cache(cache: Path, *, empty: bool):
    """`kursbau build` with its user cache in `cache`: emptied before each build (the first
    build of a project: no page scans, stylesheet URLs or tagger results kept) or kept (a
    rebuild, which finds what the build before kept)."""

    def command(course: Path, out: Path) -> list[str]:
        empty_it = f'rm -rf "{cache}" && ' if empty else ""
        script = f'{empty_it}XDG_CACHE_HOME="{cache}" exec "$0" "$@"'
        return ["sh", "-c", script, *kursbau_build(course, out)]

    return command


def instructions(command: list[str], cwd: Path, out: Path) -> int:
    """The instructions one build executes, counted by valgrind (callgrind, every process of
    the build): the same count for the same work, whatever else the machine runs, where CPU
    times on this virtual machine spread by ±30 % between identical runs. Hash randomisation is
    off so that identical work gives an identical count. Only user space is counted: the
    kernel's time for reading and writing files is not in it."""
    shutil.rmtree(out, ignore_errors=True)
    env = ENV | {"PYTHONHASHSEED": "0"}
    with tempfile.TemporaryDirectory(prefix="kursbau-count-") as folder:
        counter = [*VALGRIND, f"--callgrind-out-file={folder}/count.%p", *command]
        done = subprocess.run(counter, cwd=cwd, env=env, capture_output=True, text=True)
        if done.returncode != 0:
            raise RuntimeError(f"{' '.join(command)} failed:\n{done.stderr[-3000:]}")
        shutil.rmtree(out, ignore_errors=True)
        return counted(Path(folder))


def counted(folder: Path) -> int:
    """The sum of every part valgrind wrote: each program a build started, and each process
    it forked. A forked process starts with its parent's count (git-revision-date forks its
    workers after MkDocs and the plugins are loaded), so the parent writes its count out
    before each fork (`--dump-before=fork`) and every part is added once."""
    return sum(
        int(total)
        for part in folder.iterdir()
        for total in re.findall(r"^totals:\s*(\d+)", part.read_text(errors="replace"), re.M)
    )


VALGRIND = ["valgrind", "--tool=callgrind", "--trace-children=yes", "--dump-before=fork"]


def count_site(name: str, work: Path, pages: int = 0) -> dict:
    """Instructions of each variant of one site, one build each (counts do not vary)."""
    plain = copy_site(name, work / name / "plain", plugin=False)
    zero = copy_site(name, work / name / "zero", checks=False)
    kursbau = copy_site(name, work / name / "kursbau")
    for root in (plain, zero, kursbau):
        grow(root, pages)
    out = work / name / "site"
    rebuild = with_cache(work / name / "cache", empty=False)
    measured(rebuild(kursbau, out), kursbau)  # the build before
    first = with_cache(work / name / "empty-cache", empty=True)
    counts = {
        "plain": instructions(mkdocs_build(plain, out), plain, out),
        "zero": instructions(mkdocs_build(zero, out), zero, out),
        "kursbau": instructions(rebuild(kursbau, out), kursbau, out),
        "first": instructions(first(kursbau, out), kursbau, out),
    }
    return {v: {"instructions": n, "ratio": ratio(n, counts["plain"])} for v, n in counts.items()}


def bench_site(name: str, reps: int, work: Path, pages: int = 0) -> dict:
    plain = copy_site(name, work / name / "plain", plugin=False)
    zero = copy_site(name, work / name / "zero", checks=False)
    kursbau = copy_site(name, work / name / "kursbau")
    for root in (plain, zero, kursbau):
        grow(root, pages)
    rebuild = with_cache(work / name / "cache", empty=False)
    measured(rebuild(kursbau, work / name / "warm-up"), kursbau)  # the build before
    result = compare(
        {
            "plain": (plain, mkdocs_build),
            "zero": (zero, mkdocs_build),
            "kursbau": (kursbau, rebuild),
            "first": (kursbau, with_cache(work / name / "empty-cache", empty=True)),
        },
        reps,
        work / name,
    )
    for variant in ("zero", "kursbau", "first"):
        result[variant]["cpu_ratio"] = ratio(result[variant]["cpu_s"], result["plain"]["cpu_s"])
        result[variant]["wall_ratio"] = ratio(result[variant]["wall_s"], result["plain"]["wall_s"])
    return result


def markdown(results: dict, reps: int, pages: int) -> str:
    grown = f", each grown by {pages} pages of text" if pages else ""
    lines = [
        f"Fixture sites{grown}, {reps} interleaved runs each, medians (CPU s / wall s); ratios against"
        " the plain build of the same site in the same run. Target: kursbau ≤ 1.10 × plain.",
        "",
        "| site | pages | plain | plugin, no check | ratio | kursbau build | ratio (CPU / wall)"
        " | first build (empty cache) | ratio (CPU / wall) |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for name, r in results.items():
        p, z, k, f = r["plain"], r["zero"], r["kursbau"], r["first"]
        lines.append(
            f"| {name} | {k['html_pages']} | {p['cpu_s']} / {p['wall_s']} |"
            f" {z['cpu_s']} / {z['wall_s']} | {z['cpu_ratio']} |"
            f" {k['cpu_s']} / {k['wall_s']} | {k['cpu_ratio']} / {k['wall_ratio']}"
            f" {'✓' if k['cpu_ratio'] <= TARGET else '✗'} |"
            f" {f['cpu_s']} / {f['wall_s']} | {f['cpu_ratio']} / {f['wall_ratio']}"
            f" {'✓' if f['cpu_ratio'] <= TARGET else '✗'} |"
        )
    return "\n".join(lines) + "\n"


def counted_markdown(results: dict, pages: int) -> str:
    grown = f", each grown by {pages} pages of text" if pages else ""
    lines = [
        f"Fixture sites{grown}: instructions executed (valgrind), in billions; ratios against"
        " the plain build of the same site. Target: kursbau ≤ 1.10 × plain.",
        "",
        "| site | plain | plugin, no check | ratio | kursbau build | ratio"
        " | first build (empty cache) | ratio |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for name, r in results.items():
        cells = [f"{r['plain']['instructions'] / 1e9:.3f}"]
        for variant in ("zero", "kursbau", "first"):
            mark = "" if variant == "zero" else (" ✓" if r[variant]["ratio"] <= TARGET else " ✗")
            cells += [f"{r[variant]['instructions'] / 1e9:.3f}", f"{r[variant]['ratio']}{mark}"]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reps", type=int, default=7)
    parser.add_argument("--site", action="append", choices=SITES, help="default: every site")
    parser.add_argument("--pages", type=int, default=0, help="pages of text added to each site")
    parser.add_argument(
        "--instructions",
        action="store_true",
        help="count the instructions of one build per variant (valgrind) instead of timing",
    )
    args = parser.parse_args(argv)
    if not (BIN / "kursbau").exists():
        print("run scripts/setup test first", file=sys.stderr)
        return 2
    if args.instructions and not shutil.which("valgrind"):
        print("valgrind is missing: run scripts/setup test first", file=sys.stderr)
        return 2
    compile_bytecode()
    results = {}
    with tempfile.TemporaryDirectory(prefix="kursbau-bench-sites-") as folder:
        for name in args.site or SITES:
            if args.instructions:
                log(f"{name}: instructions of plain, plugin without checks, kursbau (again, first)")
                results[name] = count_site(name, Path(folder), args.pages)
            else:
                log(f"{name}: {args.reps} × plain, plugin without checks, kursbau (again, first)")
                results[name] = bench_site(name, args.reps, Path(folder), args.pages)
    if args.instructions:
        table = counted_markdown(results, args.pages)
    else:
        table = markdown(results, args.reps, args.pages)
    print(table)
    RESULTS.mkdir(exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    data = {"reps": args.reps, "pages": args.pages, "machine": machine(), "sites": results}
    data["measure"] = "instructions" if args.instructions else "time"
    (RESULTS / f"sites-{stamp}.json").write_text(json.dumps(data, indent=2), encoding="utf-8")
    (RESULTS / f"sites-{stamp}.md").write_text(table, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
