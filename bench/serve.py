"""Benchmark: how soon `kursbau serve` shows an edit, on a synthetic course.

    .venv/bin/python bench/serve.py [-n 1000] [--edits 5] [--json]

A default-nav course (bench/synth.py) is served on a port of 127.0.0.1 the system picks (the
address is read from what the server prints). Then, one after
the other: edits of one lesson's text, edits of one check file (its intro), and edits of a
lesson's title (which changes the nav of other pages: every page whose HTML links to the lesson
is rebuilt). For each edit the clock runs from writing the file to the first response of the
edited page that contains the new words; the server holds requests while it rebuilds, so that is
when a browser that reloads (MkDocs' live reload tells it at once) would show the change (the
page is asked every 20 ms: the resolution of the measurement). The next edit follows once the
server has printed that it rebuilt. Medians per kind of edit.
"""

from __future__ import annotations

import argparse
import json
import os
import queue
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

import yaml

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
BIN = ROOT / ".venv" / "bin"
sys.path[:0] = [str(BENCH), str(ROOT)]

import synth  # noqa: E402

ENV = os.environ | {"NO_MKDOCS_2_WARNING": "1", "PYTHONWARNINGS": "ignore", "PYTHONUNBUFFERED": "1"}


class Output:
    """What the server prints, line by line as it comes (a thread keeps the pipe empty)."""

    def __init__(self, stream):
        self.lines: queue.Queue[str | None] = queue.Queue()
        self.seen: list[str] = []

        def read() -> None:
            for line in stream:
                self.lines.put(line)
            self.lines.put(None)

        threading.Thread(target=read, daemon=True).start()

    def wait_for(self, pattern: str, limit: float) -> re.Match:
        """The next line matching `pattern`; `limit` only ends a wait for a line never printed."""
        deadline = time.perf_counter() + limit
        while True:
            try:
                line = self.lines.get(timeout=max(0.0, deadline - time.perf_counter()))
            except queue.Empty:
                raise TimeoutError(f"no {pattern!r} in {limit} s:\n{''.join(self.seen)}") from None
            if line is None:
                raise RuntimeError(f"the server ended:\n{''.join(self.seen)}")
            self.seen.append(line)
            if found := re.search(pattern, line):
                return found


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
    cmd = [str(BIN / "kursbau"), "serve", "-f", str(course.config), "--port", "0"]
    started = time.perf_counter()
    server = subprocess.Popen(
        cmd, cwd=course.root, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    out = Output(server.stdout)
    result: dict = {"lessons": n, "edits": edits}
    try:
        base = out.wait_for(r"Serving the course at (http://\S+)", 900).group(1)  # once built
        result["first_build_s"] = round(time.perf_counter() - started, 2)
        lesson_url = base + synth.lesson_path(i).replace(".md", ".html")  # offline: .html URLs
        check_url = base + f"checks/{synth.check_id(i)}.html"
        times: dict[str, list[float]] = {"lesson": [], "check": [], "title": []}
        for k in range(edits):
            text = lesson.read_text("utf-8")
            words = f"Neu geschrieben, Fassung {k}"
            lesson.write_text(text.replace("\n## ", f"\n{words}.\n\n## ", 1), "utf-8")
            times["lesson"].append(wait_for(lesson_url, words + ".", 600))
            out.wait_for("Rebuilt the", 600)
            data = yaml.safe_load(check.read_text("utf-8"))
            words = f"Neue Einleitung, Fassung {k}"
            data["intro"] = f"{words}. {data['intro']}"
            check.write_text(synth.check_yaml(data), "utf-8")
            times["check"].append(wait_for(check_url, words + ".", 600))
            out.wait_for("Rebuilt the", 600)
        for k in range(title_edits):
            text = lesson.read_text("utf-8")
            title = text.splitlines()[0]
            words = f"Neuer Titel {k}"
            lesson.write_text(text.replace(title, f"# {words}", 1), "utf-8")
            times["title"].append(wait_for(lesson_url, f"<title>{words}", 900))
            out.wait_for("Rebuilt the", 900)
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
