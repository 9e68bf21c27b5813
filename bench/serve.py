"""Benchmark: how soon `kursbau serve` shows an edit, on a synthetic course.

    .venv/bin/python bench/serve.py [-n 1000] [--edits 5] [--json]

A default-nav course (bench/synth.py) is served on a free port of 127.0.0.1. Then, one after
the other: edits of one lesson's text, edits of one check file (its intro), and edits of a
lesson's title (which changes the nav of other pages: every page whose HTML links to the lesson
is rebuilt). For each edit the clock runs from writing the file to the first response of the
edited page that contains the new words; the server holds requests while it rebuilds, so that is
when a browser that reloads (MkDocs' live reload tells it at once) would show the change.
Medians per kind of edit.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import yaml

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
BIN = ROOT / ".venv" / "bin"
sys.path[:0] = [str(BENCH), str(ROOT)]

import synth  # noqa: E402

ENV = os.environ | {"NO_MKDOCS_2_WARNING": "1", "PYTHONWARNINGS": "ignore"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=600) as response:
        return response.read().decode("utf-8")


def wait_for(url: str, words: str, limit: float) -> float:
    """Seconds until `url` shows `words` (polling every 20 ms), from now."""
    started = time.perf_counter()
    while time.perf_counter() - started < limit:
        try:
            if words in fetch(url):
                return time.perf_counter() - started
        except OSError:
            pass
        time.sleep(0.02)
    raise TimeoutError(f"{url} did not show {words!r} within {limit} s")


def measure(n: int = 1000, edits: int = 5, title_edits: int = 2, work: Path | None = None) -> dict:
    work = work or Path(tempfile.mkdtemp(prefix="kursbau-serve-"))
    course = synth.write_default_course(work / f"serve{n}", n, "kursbau")
    i = n // 2
    lesson = course.root / "content" / synth.lesson_path(i)
    check = course.root / "quizzes" / f"{synth.check_id(i)}.yml"
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    lesson_url = base + synth.lesson_path(i).replace(".md", ".html")  # offline: .html URLs
    check_url = base + f"checks/{synth.check_id(i)}.html"
    cmd = [str(BIN / "kursbau"), "serve", "-f", str(course.config), "--port", str(port)]
    started = time.perf_counter()
    server = subprocess.Popen(cmd, cwd=course.root, env=ENV, stdout=subprocess.DEVNULL)
    result: dict = {"lessons": n, "edits": edits}
    try:
        wait_for(check_url, "data-assessment", 900)
        result["first_build_s"] = round(time.perf_counter() - started, 2)
        times: dict[str, list[float]] = {"lesson": [], "check": [], "title": []}
        for k in range(edits):
            text = lesson.read_text("utf-8")
            words = f"Neu geschrieben, Fassung {k} {port}"
            lesson.write_text(text.replace("\n## ", f"\n{words}.\n\n## ", 1), "utf-8")
            times["lesson"].append(wait_for(lesson_url, words, 600))
            time.sleep(0.3)
            data = yaml.safe_load(check.read_text("utf-8"))
            words = f"Neue Einleitung, Fassung {k} {port}"
            data["intro"] = f"{words}. {data['intro']}"
            check.write_text(synth.check_yaml(data), "utf-8")
            times["check"].append(wait_for(check_url, words, 600))
            time.sleep(0.3)
        for k in range(title_edits):
            text = lesson.read_text("utf-8")
            title = text.splitlines()[0]
            words = f"Neuer Titel {k} {port}"
            lesson.write_text(text.replace(title, f"# {words}", 1), "utf-8")
            times["title"].append(wait_for(lesson_url, f"<title>{words}", 900))
            time.sleep(0.3)
    finally:
        server.terminate()
        server.wait(timeout=30)
    for kind, values in times.items():
        if values:
            result[kind] = {
                "median_s": round(statistics.median(values), 3),
                "runs_s": [round(v, 3) for v in values],
            }
    return result


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=1000, help="lessons (default 1000)")
    parser.add_argument("--edits", type=int, default=5)
    parser.add_argument("--title-edits", type=int, default=2)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="kursbau-serve-") as tmp:
        result = measure(args.n, args.edits, args.title_edits, Path(tmp))
    if args.json:
        print(json.dumps(result))
        return 0
    print(f"kursbau serve, {args.n} lessons: first build {result['first_build_s']} s")
    for kind in ("lesson", "check", "title"):
        if kind in result:
            r = result[kind]
            print(f"  {kind:<7} edit shown after {r['median_s']:.2f} s (median; {r['runs_s']})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
