"""Kursbau benchmark: build time and memory against plain MkDocs and mkdocs-quiz on two
workloads (explicit and default nav), a site without checks, validation, serve latency,
handouts, page weight, scoring time in Chromium and Lighthouse, in one run.

    .venv/bin/python bench/run.py            # the full run (about 35 minutes on 2 cores)
    .venv/bin/python bench/run.py --quick    # N = 100 only, fewer repetitions (a smoke run)
    .venv/bin/python bench/run.py --profile 1000 --workload default   # cProfile of one build

Synthetic courses are written to a temporary folder (bench/synth.py). Every timing is the median
of several runs made in this same run, with the baselines interleaved (kursbau, plain,
mkdocs-quiz, …, then backwards) so that all see the same machine. Results go to
bench/results/<time>.json and a Markdown table is printed (and written next to the JSON).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
BIN = ROOT / ".venv" / "bin"
RESULTS = BENCH / "results"
sys.path[:0] = [str(BENCH), str(ROOT)]

import browser  # noqa: E402
import serve  # noqa: E402
import synth  # noqa: E402

ENV = os.environ | {"NO_MKDOCS_2_WARNING": "1", "PYTHONWARNINGS": "ignore"}

TARGETS = {
    "build_ratio": 1.10,  # explicit nav: kursbau ≤ 1.10 × plain mkdocs at N = 500 and 1000
    "growth": 2.2,  # explicit nav: N = 1000 ≤ 2.2 × N = 500
    "rss_ratio": 1.15,  # explicit nav: peak memory ≤ 1.15 × plain mkdocs at N = 1000
    "default_vs_quiz_cpu": 0.8,  # default nav: CPU ≤ 0.8 × mkdocs-quiz at N = 1000
    "default_growth": 2.1,  # default nav: CPU at N = 1000 ≤ 2.1 × N = 500
    "nocheck_cpu": 1.02,  # no check: CPU ≤ 1.02 × plain mkdocs at N = 1000
    "nocheck_rss_mb": 3,  # … and ≤ 3 MB more memory
    "serve_s": 3.0,  # an edit of a lesson or a check shown within 3 s at N = 1000
    "handouts_cold_s": 2.5,  # the sample's PDFs, cold
    "quiz_ratio": 0.70,  # kursbau ≤ 0.7 × mkdocs-quiz on a quiz-only course
    "check_page_gzip": 12 * 1024,  # JS + CSS on a page with a check
    "plain_page_bytes": 0,  # … and on a page without
    "score_ms": 5.0,  # 500 questions in Chromium
    "lighthouse": 100,
}
WORKLOADS = {
    # name: (course writer, flavours); each flavour's course is built by its own command
    "explicit": (synth.write_course, ("kursbau", "plain", "mkdocs-quiz")),
    "default": (synth.write_default_course, ("kursbau", "plain", "mkdocs-quiz")),
}


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# -- running a command, measured -------------------------------------------------------------


def compile_bytecode() -> None:
    """Compile Kursbau's modules, as pip does for a package it installs. MkDocs and the other
    plugins come compiled from pip; Kursbau is installed editable, and where
    PYTHONDONTWRITEBYTECODE is set (as on this project's CI machine) every build would compile
    its modules again (0.1 s of CPU), which measures the setup, not Kursbau."""
    command = [str(BIN / "python"), "-m", "compileall", "-q", str(ROOT / "generator")]
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)


def measured(cmd: list[str], cwd: Path) -> dict:
    """Wall time, CPU time and peak memory (max RSS) of one child process."""
    with tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=ENV, stdout=subprocess.DEVNULL, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode != 0:
            err.seek(0)
            text = err.read().decode("utf-8", "replace")[-3000:]
            raise RuntimeError(f"{' '.join(cmd)} failed ({proc.returncode}):\n{text}")
    return {
        "wall_s": round(wall, 3),
        "cpu_s": round(usage.ru_utime + usage.ru_stime, 3),
        "rss_mb": round(usage.ru_maxrss / 1024, 1),  # Linux: KiB
    }


def kursbau_build(course: Path, out: Path) -> list[str]:
    cfg = str(course / "mkdocs.yml")
    return [str(BIN / "kursbau"), "build", "-f", cfg, "--site-dir", str(out)]


def mkdocs_build(course: Path, out: Path) -> list[str]:
    return [str(BIN / "mkdocs"), "build", "-q", "-f", str(course / "mkdocs.yml"), "-d", str(out)]


def summary(runs: list[dict]) -> dict:
    return {
        "runs": runs,
        "wall_s": round(statistics.median(r["wall_s"] for r in runs), 3),
        "cpu_s": round(statistics.median(r["cpu_s"] for r in runs), 3),
        "min_wall_s": min(r["wall_s"] for r in runs),
        "max_wall_s": max(r["wall_s"] for r in runs),
        "min_cpu_s": min(r["cpu_s"] for r in runs),
        "rss_mb": round(statistics.median(r["rss_mb"] for r in runs), 1),
    }


def compare(pair: dict[str, tuple[Path, callable]], reps: int, work: Path, inspect=None) -> dict:
    """Build each course `reps` times, in the given order and then backwards, and so on;
    medians per course. `inspect(name, site)` looks at each first build before it goes."""
    names = list(pair)
    runs: dict[str, list] = {name: [] for name in names}
    pages: dict[str, int] = {}
    seen: dict[str, dict] = {}
    for rep in range(reps):
        order = names if rep % 2 == 0 else names[::-1]
        for name in order:
            course, command = pair[name]
            out = work / "site"
            shutil.rmtree(out, ignore_errors=True)
            runs[name].append(measured(command(course, out), course))
            pages[name] = sum(1 for _ in out.rglob("*.html"))
            if inspect and name not in seen:
                seen[name] = inspect(name, out)
            shutil.rmtree(out, ignore_errors=True)
    result = {name: summary(runs[name]) | {"html_pages": pages[name]} for name in names}
    for name, found in seen.items():
        if found:
            result[name] |= found
    return result


def nav_sizes(name: str, site: Path) -> dict | None:
    """Links in the navigation of every check page and every lesson page of a Kursbau site."""
    if not name.startswith("kursbau"):
        return None
    checks, lessons = [], []
    for page in site.rglob("*.html"):
        rel = page.relative_to(site).as_posix()
        if rel.startswith("teil-"):
            lessons.append(synth.nav_links(page.read_text("utf-8")))
        elif rel.startswith("checks/") and rel != "checks/index.html":
            checks.append(synth.nav_links(page.read_text("utf-8")))
    return {
        "nav_links": {
            "check_median": statistics.median(checks),
            "check_max": max(checks),
            "lesson_median": statistics.median(lessons),
            "lesson_max": max(lessons),
        }
    }


def ratio(a: float, b: float) -> float:
    return round(a / b, 3) if b else float("nan")


# -- the parts ---------------------------------------------------------------------------------


def bench_workload(workload: str, sizes: list[int], reps: int, work: Path) -> dict:
    """All sizes and flavours of a workload in one interleaved series (k100 p100 q100 k500 …,
    then backwards), so that a slower spell of the machine hits every size and every build
    alike: ratios and the growth from 500 to 1000 come from the same minutes."""
    write, flavours = WORKLOADS[workload]
    entries = {}
    for n in sizes:
        for flavour in flavours:
            course = write(work / workload / f"n{n}" / flavour, n, flavour)
            command = kursbau_build if flavour == "kursbau" else mkdocs_build
            entries[f"{flavour}/{n}"] = (course.root, command)
    log(f"{workload} nav: N = {sizes}, {' vs '.join(flavours)}, {reps} interleaved runs each")
    measured_all = compare(entries, reps, work, inspect=nav_sizes)
    results: dict = {}
    for n in sizes:
        r = {flavour: measured_all[f"{flavour}/{n}"] for flavour in flavours}
        for other in flavours[1:]:
            k, o = r["kursbau"], r[other]
            r[f"vs_{other}"] = {
                "wall": ratio(k["wall_s"], o["wall_s"]),
                "cpu": ratio(k["cpu_s"], o["cpu_s"]),
                "rss": ratio(k["rss_mb"], o["rss_mb"]),
                # per pair of neighbouring runs, and of the fastest runs: what is left when the
                # machine's other work is least in the way
                "cpu_paired": round(
                    statistics.median(
                        a["cpu_s"] / b["cpu_s"] for a, b in zip(k["runs"], o["runs"], strict=True)
                    ),
                    3,
                ),
                "cpu_min": ratio(k["min_cpu_s"], o["min_cpu_s"]),
            }
        results[str(n)] = r
        log(
            f"  N = {n}: "
            + ", ".join(f"{f} {r[f]['cpu_s']} s CPU / {r[f]['rss_mb']} MB" for f in flavours)
        )
    if "500" in results and "1000" in results:
        big, small = results["1000"], results["500"]
        results["growth"] = {
            f"{flavour}_cpu": ratio(big[flavour]["cpu_s"], small[flavour]["cpu_s"])
            for flavour in flavours
        } | {
            f"{flavour}_wall": ratio(big[flavour]["wall_s"], small[flavour]["wall_s"])
            for flavour in flavours
        }
    return results


def bench_nocheck(sizes: list[int], reps: int, work: Path) -> dict:
    """The default-nav lessons without a single check, with and without the plugin; and the CPU
    time inside the plugin's handlers, measured in the build's own process (bench/hooks.py)."""
    entries = {}
    for n in sizes:
        for flavour in ("kursbau", "plain"):
            course = synth.write_default_course(
                work / "nocheck" / f"n{n}" / flavour, n, flavour, checks=False
            )
            command = kursbau_build if flavour == "kursbau" else mkdocs_build
            entries[f"{flavour}/{n}"] = (course.root, command)
    log(f"no check: N = {sizes}, kursbau vs plain mkdocs, {reps} interleaved runs each")
    measured_all = compare(entries, reps, work)
    results: dict = {}
    for n in sizes:
        k, p = measured_all[f"kursbau/{n}"], measured_all[f"plain/{n}"]
        root = work / "nocheck" / f"n{n}" / "kursbau"
        inside = []
        for _ in range(3):
            cmd = [str(BIN / "python"), str(BENCH / "hooks.py"), "-f", str(root / "mkdocs.yml")]
            out = subprocess.run(cmd + ["--json"], env=ENV, capture_output=True, text=True)
            inside.append(json.loads(out.stdout.strip().splitlines()[-1]))
        plugin_s = statistics.median(h["plugin_s"] for h in inside)
        build_s = statistics.median(h["build_cpu_s"] for h in inside)
        results[str(n)] = {
            "kursbau": k,
            "plain": p,
            "cpu_ratio": ratio(k["cpu_s"], p["cpu_s"]),
            "cpu_paired": round(
                statistics.median(
                    a["cpu_s"] / b["cpu_s"] for a, b in zip(k["runs"], p["runs"], strict=True)
                ),
                3,
            ),
            "rss_more_mb": round(k["rss_mb"] - p["rss_mb"], 1),
            "hooks": {
                "plugin_s": round(plugin_s, 3),
                "build_cpu_s": round(build_s, 3),
                "share": round(plugin_s / build_s, 4),
                "events": inside[0]["events"],
            },
        }
        log(
            f"  N = {n}: kursbau {k['cpu_s']} s, plain {p['cpu_s']} s CPU;"
            f" inside the plugin {plugin_s:.3f} s of {build_s:.2f} s"
        )
    return results


def bench_serve(n: int, edits: int, work: Path) -> dict:
    log(f"serve: N = {n}, {edits} edits of a lesson and of a check, 2 of a title")
    return serve.measure(n, edits, 2, work / "serve")


def bench_quiz(n: int, reps: int, work: Path) -> dict:
    log(f"quiz-only course: N = {n}, kursbau vs mkdocs-quiz, {reps} runs each")
    k = synth.write_course(work / f"quiz{n}" / "kursbau", n, "kursbau", quiz_only=True)
    q = synth.write_course(work / f"quiz{n}" / "mkdocs-quiz", n, "mkdocs-quiz", quiz_only=True)
    r = compare(
        {"kursbau": (k.root, kursbau_build), "mkdocs-quiz": (q.root, mkdocs_build)}, reps, work
    )
    r["lessons"] = n
    r["questions"] = n * 5
    r["ratio_wall"] = ratio(r["kursbau"]["wall_s"], r["mkdocs-quiz"]["wall_s"])
    r["ratio_cpu"] = ratio(r["kursbau"]["cpu_s"], r["mkdocs-quiz"]["cpu_s"])
    log(f"  kursbau {r['kursbau']['wall_s']} s, mkdocs-quiz {r['mkdocs-quiz']['wall_s']} s")
    return r


def bench_check(sizes: list[int], reps: int, work: Path) -> dict:
    log(f"kursbau check: N = {sizes}, {reps} runs each")
    results = {}
    for n in sizes:
        course = work / "explicit" / f"n{n}" / "kursbau"
        if not course.is_dir():
            synth.write_course(course, n, "kursbau")
        cmd = [str(BIN / "kursbau"), "check", "-f", str(course / "mkdocs.yml")]
        results[str(n)] = summary([measured(cmd, course) for _ in range(reps)])
    if len(sizes) > 1:
        lo, hi = str(min(sizes)), str(max(sizes))
        slope = (results[hi]["wall_s"] - results[lo]["wall_s"]) / (int(hi) - int(lo))
        results["per_check_ms"] = round(slope * 1000, 3)  # one YAML file and its lesson
    n = max(sizes)
    results["per_check_ms_at_max"] = round(results[str(n)]["wall_s"] / n * 1000, 3)
    return results


def bench_handouts(reps: int) -> dict:
    script = BENCH / "handouts.py"
    if not script.is_file():
        return {"status": "n/a", "why": "bench/handouts.py is not there"}
    log("handouts: bench/handouts.py (cold and cached)")
    cmd = [str(BIN / "python"), str(script), "--repeat", str(reps), "--json", "--per-pdf"]
    proc = subprocess.run(cmd, cwd=ROOT, env=ENV, capture_output=True, text=True)
    if proc.returncode != 0:
        return {"status": "n/a", "why": (proc.stderr or proc.stdout)[-1500:]}
    for line in reversed(proc.stdout.strip().splitlines()):
        try:
            return {"status": "ok"} | json.loads(line)
        except json.JSONDecodeError:
            continue
    return {"status": "n/a", "why": f"no JSON in its output: {proc.stdout[-500:]}"}


SAMPLE_LESSON = "lektionen/1-netzwerken-akquise-empfehlung.html"
SAMPLE_CHECK = "checks/mythen.html"
SAMPLE_PLAIN_PAGE = "impressum.html"


def _without_plugin(mkdocs_yml: str, name: str) -> str:
    """mkdocs.yml text with the plugin entry `- name` (and its options) removed."""
    lines = mkdocs_yml.splitlines(keepends=True)
    out, skip_indent = [], None
    for line in lines:
        stripped = line.lstrip(" ")
        indent = len(line) - len(stripped)
        if skip_indent is not None:
            if stripped.strip() and indent <= skip_indent:
                skip_indent = None
            else:
                continue
        if re.match(rf"-\s+{re.escape(name)}\s*(:|$)", stripped.rstrip("\n")):
            skip_indent = indent
            continue
        out.append(line)
    return "".join(out)


def build_samples(work: Path) -> tuple[Path, Path]:
    """The sample course built by kursbau, and the same mkdocs.yml without the plugin by MkDocs."""
    log("sample site: kursbau build and plain mkdocs build")
    kursbau_site = work / "sample-kursbau"
    measured([str(BIN / "kursbau"), "build", "--site-dir", str(kursbau_site)], ROOT)
    plain_src = work / "sample-plain-src"
    shutil.rmtree(plain_src, ignore_errors=True)
    plain_src.mkdir(parents=True)
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    (plain_src / "mkdocs.yml").write_text(_without_plugin(text, "kursbau"), encoding="utf-8")
    for folder in ("content", "overrides"):
        if (ROOT / folder).is_dir():
            shutil.copytree(ROOT / folder, plain_src / folder)
    plain_site = work / "sample-plain"
    measured(mkdocs_build(plain_src, plain_site), plain_src)
    return kursbau_site, plain_site


def bench_bytes(kursbau_site: Path, plain_site: Path) -> dict:
    log("page weight: JS and CSS added to a page with and without a check")
    return {
        "with_check": browser.added_bytes(kursbau_site, plain_site, SAMPLE_LESSON),
        "without_check": browser.added_bytes(kursbau_site, plain_site, SAMPLE_PLAIN_PAGE),
    }


def bench_scoring(questions: int, reps: int) -> dict:
    log(f"scoring: Kursbau.score on a {questions}-question self-assessment in Chromium")
    data = synth.self_assessment_data(questions)
    rng = random.Random(3)
    answers = {q["id"]: rng.randrange(len(q["steps"])) for q in data["questions"]}
    return browser.scoring_time(data, answers, reps=reps)


def bench_lighthouse(site: Path, runs: int, work: Path) -> dict:
    log(f"Lighthouse: lesson page and check page of the sample site, {runs} run(s) each")
    out = {}
    with browser.serve(site) as base:
        for name, page in (("lesson", SAMPLE_LESSON), ("check", SAMPLE_CHECK)):
            out[name] = browser.lighthouse_median(base + page, work, runs) | {"page": page}
    return out


# -- the machine -------------------------------------------------------------------------------


def machine() -> dict:
    cpu = "unknown"
    with open("/proc/cpuinfo", encoding="utf-8") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo", encoding="utf-8") as f:
        mem_kb = int(next(line for line in f if line.startswith("MemTotal")).split()[1])

    def ver(package: str) -> str | None:
        try:
            return version(package)
        except PackageNotFoundError:
            return None

    def out(cmd: list[str]) -> str | None:
        try:
            return subprocess.run(cmd, capture_output=True, text=True, timeout=60).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            return None

    return {
        "date": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "memory_gb": round(mem_kb / 1024 / 1024, 1),
        "load_before": os.getloadavg(),
        "os": platform.platform(),
        "python": platform.python_version(),
        "versions": {
            p: ver(p)
            for p in ("mkdocs", "mkdocs-material", "mkdocs-quiz", "markdown", "pyyaml", "pydantic")
        }
        | {
            "kursbau": out(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"]),
            "chromium": out([browser.CHROMIUM, "--version"]),
            "node": out(["node", "--version"]),
            "lighthouse": out([str(browser.LIGHTHOUSE), "--version"]),
            "playwright": ver("playwright"),
        },
    }


# -- report ------------------------------------------------------------------------------------


def verdicts(r: dict) -> list[tuple[str, str, str]]:
    """(target, measured, met|missed) for each target of issues 7 and 14."""
    rows = []
    t = TARGETS
    explicit = r.get("explicit", {})
    for n in ("500", "1000"):
        if n in explicit:
            v = explicit[n]["vs_plain"]["wall"]
            rows.append(
                (
                    f"explicit nav: ≤ 1.10 × plain mkdocs at N = {n}",
                    f"{v:.2f} ×",
                    _ok(v <= t["build_ratio"]),
                )
            )
    if "growth" in explicit:
        v = explicit["growth"]["kursbau_wall"]
        rows.append(("explicit nav: N = 1000 ≤ 2.2 × N = 500", f"{v:.2f} ×", _ok(v <= t["growth"])))
    if "1000" in explicit:
        b = explicit["1000"]
        v = b["vs_plain"]["rss"]
        shown = f"{v:.2f} × ({b['kursbau']['rss_mb']:.0f} / {b['plain']['rss_mb']:.0f} MB)"
        rows.append(
            (
                "explicit nav: peak memory ≤ 1.15 × plain at N = 1000",
                shown,
                _ok(v <= t["rss_ratio"]),
            )
        )
    default = r.get("default", {})
    if "1000" in default:
        v = default["1000"]["vs_mkdocs-quiz"]["cpu"]
        rows.append(
            (
                "default nav: CPU ≤ 0.8 × mkdocs-quiz at N = 1000",
                f"{v:.2f} ×",
                _ok(v <= t["default_vs_quiz_cpu"]),
            )
        )
    if "growth" in default:
        v = default["growth"]["kursbau_cpu"]
        rows.append(
            (
                "default nav: CPU N = 1000 ≤ 2.1 × N = 500",
                f"{v:.2f} ×",
                _ok(v <= t["default_growth"]),
            )
        )
    for n, b in default.items():
        if n.isdigit() and "nav_links" in b["kursbau"]:
            nav = b["kursbau"]["nav_links"]
            shown = f"{nav['check_max']} (lesson page {nav['lesson_max']})"
            ok = (
                nav["check_max"] <= nav["lesson_max"] + 21
            )  # one level of ≤ 20 checks and the overview
            rows.append(
                (
                    f"default nav: nav links of a check page ~ a lesson page's, N = {n}",
                    shown,
                    _ok(ok),
                )
            )
    nocheck = r.get("nocheck", {})
    if "1000" in nocheck:
        b = nocheck["1000"]
        v, h = b["cpu_ratio"], b["hooks"]
        shown = f"{v:.3f} × (inside the plugin: {h['plugin_s']:.2f} s = {100 * h['share']:.1f} %)"
        rows.append(
            ("no check: CPU ≤ 1.02 × plain mkdocs at N = 1000", shown, _ok(v <= t["nocheck_cpu"]))
        )
        v = b["rss_more_mb"]
        rows.append(
            (
                "no check: ≤ 3 MB more memory at N = 1000",
                f"{v:+.1f} MB",
                _ok(v <= t["nocheck_rss_mb"]),
            )
        )
    if "serve" in r and "lesson" in r["serve"]:
        sv = r["serve"]
        for kind in ("lesson", "check"):
            v = sv[kind]["median_s"]
            rows.append(
                (
                    f"serve, N = {sv['lessons']}: a {kind} edit shown within 3 s",
                    f"{v:.2f} s",
                    _ok(v <= t["serve_s"]),
                )
            )
    h = r.get("handouts", {})
    if h.get("status") == "ok":
        v = h["cold_s"]
        rows.append(
            (
                "handouts: the sample's PDFs cold ≤ 2.5 s",
                f"{v:.2f} s",
                _ok(v <= t["handouts_cold_s"]),
            )
        )
    if "quiz" in r:
        v = r["quiz"]["ratio_wall"]
        rows.append(("quiz-only ≤ 0.7 × mkdocs-quiz", f"{v:.2f} ×", _ok(v <= 0.7)))
    if "bytes" in r:
        v = r["bytes"]["with_check"]["total"]["gzip"]
        rows.append(
            ("JS + CSS ≤ 12 KB gz, page with a check", f"{v / 1024:.1f} KB", _ok(v <= 12288))
        )
        v = r["bytes"]["without_check"]["total"]["raw"]
        rows.append(("JS + CSS = 0 bytes, page without a check", f"{v} bytes", _ok(v == 0)))
    if "scoring" in r:
        v = r["scoring"]["median_ms"]
        rows.append(("scoring 500 questions < 5 ms", f"{v:.2f} ms", _ok(v < 5)))
    for name, lh in r.get("lighthouse", {}).items():
        if "scores" in lh:
            s = lh["scores"]
            shown = " / ".join(str(s[c]) for c in browser.CATEGORIES)
            ok = all(s[c] == 100 for c in browser.CATEGORIES)
            rows.append((f"Lighthouse 100/100/100, {name} page", shown, _ok(ok)))
        else:
            rows.append((f"Lighthouse 100/100/100, {name} page", "error", "n/a"))
    return rows


def _ok(flag: bool) -> str:
    return "met" if flag else "missed"


def workload_table(name: str, results: dict) -> list[str]:
    flavours = WORKLOADS[name][1]
    head = " | ".join(f"{f} CPU / wall / RSS" for f in flavours)
    lines = [
        "",
        f"| {name} nav (median) | {head} | CPU ratio vs plain | CPU ratio vs mkdocs-quiz"
        " | RSS ratio vs plain | nav links: check page / lesson page (max) |",
        "| --- " * (len(flavours) + 5) + "|",
    ]
    for n, b in results.items():
        if not n.isdigit():
            continue
        cells = " | ".join(
            f"{b[f]['cpu_s']:.2f} s / {b[f]['wall_s']:.2f} s / {b[f]['rss_mb']:.0f} MB"
            for f in flavours
        )
        nav = b["kursbau"].get("nav_links")
        links = f"{nav['check_max']} / {nav['lesson_max']}" if nav else ""
        lines.append(
            f"| N = {n} ({b['kursbau']['html_pages']} / {b['plain']['html_pages']} pages)"
            f" | {cells} | {b['vs_plain']['cpu']:.2f} × | {b['vs_mkdocs-quiz']['cpu']:.2f} ×"
            f" | {b['vs_plain']['rss']:.2f} × | {links} |"
        )
    if "growth" in results:
        g = results["growth"]
        cells = " | ".join(
            f"{g[f + '_cpu']:.2f} × CPU, {g[f + '_wall']:.2f} × wall" for f in flavours
        )
        lines.append(f"| growth 500 → 1000 | {cells} | | | | |")
    return lines


def markdown(r: dict) -> str:
    m = r["machine"]
    lines = [
        f"Kursbau benchmark, {m['date']} ({'quick' if r['quick'] else 'full'} run)",
        "",
        f"Machine: {m['nproc']} cores, {m['cpu']}, {m['memory_gb']} GB; Python {m['python']};"
        f" load before {tuple(round(x, 2) for x in m['load_before'])}",
    ]
    for name in WORKLOADS:
        if name in r:
            lines += workload_table(name, r[name])
    if "nocheck" in r:
        lines += [
            "",
            "| no check (median) | kursbau CPU / RSS | plain CPU / RSS | CPU ratio (paired) | RSS more"
            " | inside the plugin (in-process) |",
            "| --- | --- | --- | --- | --- | --- |",
        ]
        for n, b in r["nocheck"].items():
            k, p, h = b["kursbau"], b["plain"], b["hooks"]
            lines.append(
                f"| N = {n} | {k['cpu_s']:.2f} s / {k['rss_mb']:.0f} MB"
                f" | {p['cpu_s']:.2f} s / {p['rss_mb']:.0f} MB"
                f" | {b['cpu_ratio']:.3f} × ({b['cpu_paired']:.3f} ×) | {b['rss_more_mb']:+.1f} MB"
                f" | {h['plugin_s']:.3f} s of {h['build_cpu_s']:.2f} s ({100 * h['share']:.1f} %) |"
            )
    if "serve" in r and "lesson" in r["serve"]:
        sv = r["serve"]
        lines += ["", f"`kursbau serve`, N = {sv['lessons']}: first build {sv['first_build_s']} s"]
        for kind in ("lesson", "check", "title"):
            if kind in sv:
                lines.append(
                    f"- {kind} edit shown after {sv[kind]['median_s']:.2f} s"
                    f" (median; runs {sv[kind]['runs_s']})"
                )
    if "quiz" in r:
        q = r["quiz"]
        lines += [
            "",
            "| quiz-only course (median) | kursbau | mkdocs-quiz | ratio | kursbau RSS | mkdocs-quiz RSS |",
            "| --- | --- | --- | --- | --- | --- |",
            f"| N = {q['lessons']}, {q['questions']} questions | {q['kursbau']['wall_s']:.2f} s"
            f" | {q['mkdocs-quiz']['wall_s']:.2f} s | {q['ratio_wall']:.2f} ×"
            f" | {q['kursbau']['rss_mb']:.0f} MB | {q['mkdocs-quiz']['rss_mb']:.0f} MB |",
        ]
    if "check" in r:
        c = r["check"]
        shown = ", ".join(f"N = {n}: {v['wall_s']:.2f} s" for n, v in c.items() if n.isdigit())
        per = c.get("per_check_ms")
        lines += [
            "",
            f"`kursbau check`: {shown}; marginal cost per check file (with its lesson):"
            f" {per if per is not None else 'n/a'} ms",
        ]
    h = r.get("handouts")
    if h and h.get("status") == "ok":
        lines.append(
            f"Handouts (sample course, {h.get('pdfs')} PDFs, {h.get('pages')} pages):"
            f" cold {h.get('cold_s')} s, cached {h.get('cached_s')} s"
            f" (loading the course {h.get('load_s')} s)"
        )
        if "per_pdf" in h:
            alone = h["per_pdf"]
            shown = ", ".join(f"{k} {v:.2f} s" for k, v in alone["seconds"].items())
            lines.append(
                f"Each PDF alone: {shown}; floor on {alone['workers']} processes"
                f" {alone['floor_s']:.2f} s (longest {alone['longest_s']:.2f} s,"
                f" sum {alone['sum_s']:.2f} s)"
            )
    elif h:
        lines.append(f"Handouts: n/a ({str(h.get('why', ''))[:200]})")
    if "bytes" in r:
        lines += [
            "",
            "| page of the sample site | JS added (raw / gz) | CSS added (raw / gz) | total gz | inline check data (raw / gz) |",
            "| --- | --- | --- | --- | --- |",
        ]
        for name, b in r["bytes"].items():
            lines.append(
                f"| {b['page']} ({name.replace('_', ' ')}) | {b['js']['raw']} / {b['js']['gzip']}"
                f" | {b['css']['raw']} / {b['css']['gzip']} | {b['total']['gzip']}"
                f" | {b['data']['raw']} / {b['data']['gzip']} |"
            )
        rep = r["bytes"]["without_check"]["replaces_external"]
        if rep["external"]:
            lines.append(
                f"\nOn every page, {', '.join(rep['external'])} (loaded by the theme's offline"
                f" plugin from another origin) is replaced by a local copy:"
                f" {rep['local']['raw']} bytes, {rep['local']['gzip']} gz."
            )
    if "scoring" in r:
        s = r["scoring"]
        lines.append(
            f"\nScoring {s['questions']} questions with `Kursbau.score` in Chromium: median"
            f" {s['median_ms']} ms (p95 {s['p95_ms']} ms, mean of a batch {s['batch_mean_ms']} ms,"
            f" {s['reps']} runs)"
        )
    if "lighthouse" in r:
        lines += ["", "| Lighthouse (desktop) | performance | accessibility | best practices |"]
        lines.append("| --- | --- | --- | --- |")
        for name, lh in r["lighthouse"].items():
            if "scores" not in lh:
                lines.append(f"| {name} | error | | |")
                continue
            s = lh["scores"]
            lines.append(
                f"| {name}: {lh['page']} | {s['performance']} | {s['accessibility']}"
                f" | {s['best-practices']} |"
            )
            for audit, info in lh["failing"].items():
                lines.append(f"| ↳ {audit} ({info['category']}) | score {info['score']} | | |")
    lines += ["", "| target | measured | |", "| --- | --- | --- |"]
    lines += [f"| {t} | {v} | {ok} |" for t, v, ok in verdicts(r)]
    return "\n".join(lines) + "\n"


# -- profile -----------------------------------------------------------------------------------


def profile(n: int, workload: str, work: Path) -> Path:
    """cProfile of `kursbau build` at N; writes the top functions (and Kursbau's own) to a file."""
    course = WORKLOADS[workload][0](work / f"n{n}" / "kursbau", n, "kursbau")
    stats = work / f"kursbau-{n}.prof"
    out = work / "site"
    cmd = [str(BIN / "python"), "-m", "cProfile", "-o", str(stats), str(BIN / "kursbau")]
    cmd += kursbau_build(course.root, out)[1:]
    log(f"profiling kursbau build at N = {n} ({workload} nav)")
    measured(cmd, course.root)
    import io
    import pstats

    text = io.StringIO()
    ps = pstats.Stats(str(stats), stream=text)
    ps.sort_stats("cumulative").print_stats(35)
    text.write("\n--- Kursbau's own code (generator/) ---\n")
    ps.sort_stats("cumulative").print_stats(r"generator/", 30)
    RESULTS.mkdir(exist_ok=True)
    target = RESULTS / f"profile-{workload}-{n}.txt"
    target.write_text(text.getvalue().replace(str(ROOT) + "/", ""), encoding="utf-8")
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="N = 100 only, fewer repetitions")
    parser.add_argument("--reps", type=int, help="runs of each build (default 5, quick 2)")
    parser.add_argument(
        "--sizes", type=int, nargs="+", help="course sizes N (default 100 500 1000, quick 100)"
    )
    parser.add_argument("--edits", type=int, help="serve: edits of each kind (default 5)")
    parser.add_argument("--profile", type=int, metavar="N", help="only profile kursbau build at N")
    parser.add_argument("--workload", choices=list(WORKLOADS), default="explicit")
    parser.add_argument("--skip", nargs="*", default=[], help="parts to leave out", choices=PARTS)
    parser.add_argument("--only", nargs="*", default=[], help="parts to run", choices=PARTS)
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args(argv)
    compile_bytecode()
    work = Path(tempfile.mkdtemp(prefix="kursbau-bench-"))
    try:
        if args.profile:
            print(profile(args.profile, args.workload, work))
            return 0
        return run(args, work)
    finally:
        if args.keep:
            log(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


PARTS = (
    "explicit",
    "default",
    "nocheck",
    "serve",
    "quiz",
    "check",
    "handouts",
    "bytes",
    "scoring",
    "lighthouse",
)


def run(args, work: Path) -> int:
    quick = args.quick
    reps = args.reps or (2 if quick else 5)
    sizes = args.sizes or ([100] if quick else [100, 500, 1000])
    started = time.perf_counter()
    r: dict = {"quick": quick, "reps": reps, "sizes": sizes, "machine": machine()}
    r["targets"] = TARGETS
    todo = [p for p in (args.only or PARTS) if p not in args.skip]
    for workload in WORKLOADS:
        if workload in todo:
            r[workload] = bench_workload(workload, sizes, reps, work)
    if "nocheck" in todo:
        r["nocheck"] = bench_nocheck(sizes[-1:], reps + 2, work)
    if "serve" in todo:
        edits = args.edits or (2 if quick else 5)
        r["serve"] = bench_serve(100 if quick and not args.sizes else max(sizes), edits, work)
    if "quiz" in todo:
        r["quiz"] = bench_quiz(100 if quick else 500, 2 if quick else 3, work)
    if "check" in todo:
        r["check"] = bench_check([20, 100] if quick else [100, 500, 1000], 2 if quick else 3, work)
    if "handouts" in todo:
        r["handouts"] = bench_handouts(1 if quick else 3)
    if {"bytes", "lighthouse"} & set(todo):
        kursbau_site, plain_site = build_samples(work)
        if "bytes" in todo:
            r["bytes"] = bench_bytes(kursbau_site, plain_site)
        if "lighthouse" in todo:
            r["lighthouse"] = bench_lighthouse(kursbau_site, 1 if quick else 3, work)
    if "scoring" in todo:
        r["scoring"] = bench_scoring(500, 50 if quick else 200)
    r["seconds"] = round(time.perf_counter() - started, 1)
    r["machine"]["load_after"] = os.getloadavg()
    RESULTS.mkdir(exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S") + ("-quick" if quick else "")
    (RESULTS / f"{stamp}.json").write_text(json.dumps(r, indent=1, default=str), encoding="utf-8")
    table = markdown(r)
    (RESULTS / f"{stamp}.md").write_text(table, encoding="utf-8")
    print(table)
    log(f"done in {r['seconds']} s; results in {RESULTS / (stamp + '.json')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
