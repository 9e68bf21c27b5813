"""Page weight and Lighthouse (mobile) of the participant's pages, on their own (issue 12).

    .venv/bin/python bench/pageweight.py               # bytes, and Lighthouse mobile, 3 runs
    .venv/bin/python bench/pageweight.py --runs 1      # a quicker Lighthouse
    .venv/bin/python bench/pageweight.py --no-lighthouse

The sample course is built by `kursbau build` and, with the same mkdocs.yml minus the plugin,
by plain `mkdocs build` (bench/run.py's `build_samples`). For a lesson with a check, a check
page, the overview and a page without a check, every script and stylesheet that the Kursbau page
carries and the plain page does not is counted, raw and gzip -6 (bench/browser.py's
`added_bytes`); the budget is 12 KiB gzipped of JS + CSS on a page with a check, 0 on a page
without. Lighthouse 12 runs with its default mobile settings and throttling (no preset) against
Debian's Chromium on the lesson and the check page, served gzipped on 127.0.0.1; median of the
runs per category. Results print as a Markdown table and go to bench/results/pageweight-<time>.json.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path[:0] = [str(BENCH), str(BENCH.parent)]

import browser  # noqa: E402
import run  # noqa: E402

BUDGET = 12 * 1024  # bytes of JS + CSS, gzipped, on a page with a check
PAGES = {
    "lesson with a check": run.SAMPLE_LESSON,
    "check page": run.SAMPLE_CHECK,
    "overview": "checks/index.html",
    "page without a check": run.SAMPLE_PLAIN_PAGE,
}
LIGHTHOUSE_PAGES = ("lesson with a check", "check page")


def measure(work: Path, runs: int) -> dict:
    kursbau_site, plain_site = run.build_samples(work)
    out: dict = {"budget": BUDGET, "bytes": {}, "lighthouse": {}}
    for name, page in PAGES.items():
        baseline(plain_site, page)
        out["bytes"][name] = browser.added_bytes(kursbau_site, plain_site, page)
    if runs:
        with browser.serve(kursbau_site) as base:
            for name in LIGHTHOUSE_PAGES:
                run.log(f"Lighthouse mobile: {name}, {runs} run(s)")
                out["lighthouse"][name] = browser.lighthouse_median(
                    base + PAGES[name], work, runs, preset="mobile"
                )
    return out


def baseline(plain_site: Path, page: str) -> None:
    """A page only Kursbau makes (a check page, the overview) is compared with a plain page at
    the same folder depth: same theme files, same relative links."""
    target = plain_site / page
    if target.is_file():
        return
    depth = page.count("/")
    same_depth = next(
        p
        for p in sorted(plain_site.rglob("*.html"))
        if p.relative_to(plain_site).as_posix().count("/") == depth
    )
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(same_depth, target)


def table(r: dict) -> str:
    lines = [
        "| page | JS added (raw / gz) | CSS added (raw / gz) | JS + CSS gz | budget |",
        "| --- | --- | --- | --- | --- |",
    ]
    for name, b in r["bytes"].items():
        total = b["total"]["gzip"]
        limit = 0 if name == "page without a check" else r["budget"]
        verdict = "met" if total <= limit else "MISSED"
        lines.append(
            f"| {name}: {b['page']} | {b['js']['raw']} / {b['js']['gzip']} | "
            f"{b['css']['raw']} / {b['css']['gzip']} | {total} | ≤ {limit}: {verdict} |"
        )
    if r["lighthouse"]:
        lines += [
            "",
            "| Lighthouse 12, mobile (median) | performance | accessibility | best practices |"
            " runs |",
            "| --- | --- | --- | --- | --- |",
        ]
        for name, lh in r["lighthouse"].items():
            if "error" in lh:
                lines.append(f"| {name} | error: {lh['error'][:80]} | | | |")
                continue
            s = lh["scores"]
            runs = ", ".join(
                "/".join(str(x[k]) for k in browser.CATEGORIES) for x in lh["all_scores"]
            )
            lines.append(
                f"| {name}: {lh['url'].split('/', 3)[-1]} | {s['performance']} | "
                f"{s['accessibility']} | {s['best-practices']} | {runs} |"
            )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="Lighthouse runs per page")
    parser.add_argument("--no-lighthouse", action="store_true")
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="kursbau-pageweight-"))
    try:
        r = measure(work, 0 if args.no_lighthouse else args.runs)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    run.RESULTS.mkdir(exist_ok=True)
    path = run.RESULTS / f"pageweight-{time.strftime('%Y%m%d-%H%M%S')}.json"
    path.write_text(json.dumps(r, indent=1, default=str), encoding="utf-8")
    print(table(r))
    failing = {
        name: lh.get("failing")
        for name, lh in r["lighthouse"].items()
        if "scores" in lh and lh["scores"]["accessibility"] != 100
    }
    if failing:
        print(json.dumps(failing, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
