"""Load bench of `kursbau room`: a workshop of simulated participants sharing at once, on loopback.

    .venv/bin/python bench/room.py                      # 300 participants within 10 s
    .venv/bin/python bench/room.py --participants 20 --seconds 1 --quick   # a smoke run

The sample course is built (or `--site DIR` is served) by a real `kursbau room` in a subprocess
with its own SQLite file. Every participant is its own client address on loopback (127.1.x.y:
the room's rate limit counts per address, as per phone in a room) and opens its own connection,
as a phone on Wi-Fi would. The trainer has told the room to take the same check (the one with the
most scored questions, the heaviest picture) and share: the shares start at seeded random times
spread over the window (and, in a second round, all within one second). A projector view waits on
the picture (long polling) throughout, as in the room.

Measured, each round with a baseline in the same run:
- share latency (send → acknowledgement received), p50 / p95 / max; the baseline is the same
  number of plain GETs of a small static file of the room from the same addresses and schedule;
- acknowledged shares against stored shares (read from the SQLite file after the round);
- the projector's refresh cost at 300 shares: the time to compute the picture (in-process, on the
  rows of the file, median of 50) and the round trip of a summary request after a change (median
  of 20), and the size of the picture sent.

Results go to bench/results/room-<time>.json and a Markdown table is printed. Bounded: a fixed
count, each request times out after 30 s, the room stops by itself.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import random
import re
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
RESULTS = BENCH / "results"
sys.path[:0] = [str(ROOT)]

from generator.room.shares import share_body  # noqa: E402

ENV = os.environ | {"NO_MKDOCS_2_WARNING": "1", "PYTHONUNBUFFERED": "1", "PYTHONPATH": str(ROOT)}
TIMEOUT = 30.0


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# -- the room ------------------------------------------------------------------------------------


class RoomProcess:
    def __init__(self, site: Path, db: Path):
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "generator", "room", "--site", str(site), "--db", str(db),
             "--port", "0", "--stop-after", "900"],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=ENV, cwd=db.parent,
        )  # fmt: skip
        text = ""
        for line in self.proc.stdout:
            text += line
            if "Stop with Ctrl+C" in line:
                break
        else:
            raise RuntimeError(f"the room did not start:\n{text}")
        self.port = int(re.search(r"http://127\.0\.0\.1:(\d+)/", text).group(1))
        self.token = re.search(r"#t=([A-Za-z0-9_-]+)", text).group(1)
        self.origin = f"http://127.0.0.1:{self.port}"

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()


async def request(
    port: int, method: str, path: str, headers: dict, body: bytes = b"", source="127.0.0.1"
) -> tuple[int, bytes, float]:
    """One HTTP/1.1 request on its own connection: (status, body, seconds)."""
    started = time.perf_counter()
    reader, writer = await asyncio.wait_for(
        asyncio.open_connection("127.0.0.1", port, local_addr=(source, 0)), TIMEOUT
    )
    try:
        head = [f"{method} {path} HTTP/1.1", f"Host: 127.0.0.1:{port}", "Connection: close"]
        head += [f"{k}: {v}" for k, v in headers.items()]
        if body:
            head.append(f"Content-Length: {len(body)}")
        writer.write(("\r\n".join(head) + "\r\n\r\n").encode() + body)
        await writer.drain()
        raw = await asyncio.wait_for(reader.read(), TIMEOUT)
    finally:
        writer.close()
    seconds = time.perf_counter() - started
    status = int(raw.split(b" ", 2)[1])
    return status, raw.split(b"\r\n\r\n", 1)[-1], seconds


def address(i: int) -> str:
    return f"127.1.{i // 250}.{i % 250 + 1}"


# -- one round -----------------------------------------------------------------------------------


async def round_of_shares(room: RoomProcess, bodies: list[bytes], window: float, seed: int) -> dict:
    rng = random.Random(seed)
    starts = sorted(rng.uniform(0, window) for _ in bodies)
    headers = {"Content-Type": "application/json", "Origin": room.origin}
    began = time.perf_counter()
    updates = 0
    stop = asyncio.Event()

    async def projector() -> None:
        nonlocal updates
        version = ""
        auth = {"Authorization": f"Bearer {room.token}"}
        while not stop.is_set():
            path = "/_room/api/summary" + (f"?after={version}" if version else "")
            task = asyncio.ensure_future(request(room.port, "GET", path, auth))
            done, _ = await asyncio.wait(
                {task, asyncio.ensure_future(stop.wait())}, return_when="FIRST_COMPLETED"
            )
            if task not in done:
                task.cancel()
                return
            status, body, _ = task.result()
            if status == 200:
                version = json.loads(body)["version"]
                updates += 1

    async def participant(i: int, body: bytes) -> tuple[int, float]:
        await asyncio.sleep(max(0.0, starts[i] - (time.perf_counter() - began)))
        try:
            status, _, seconds = await request(
                room.port, "POST", "/_room/api/share", headers, body, address(i)
            )
        except (OSError, asyncio.TimeoutError):
            return 0, TIMEOUT
        return status, seconds

    watcher = asyncio.ensure_future(projector())
    results = await asyncio.gather(*(participant(i, b) for i, b in enumerate(bodies)))
    elapsed = time.perf_counter() - began
    stop.set()
    await watcher
    return {
        "sent": len(bodies),
        "acknowledged": sum(1 for s, _ in results if s == 201),
        "statuses": sorted({s for s, _ in results}),
        "latency_ms": spread([t for s, t in results if s == 201]),
        "elapsed_s": round(elapsed, 3),
        "projector_updates": updates,
    }


async def round_of_gets(room: RoomProcess, count: int, window: float, seed: int) -> dict:
    """The baseline: the same schedule, plain GETs of a small static file of the room."""
    rng = random.Random(seed)
    starts = sorted(rng.uniform(0, window) for _ in range(count))
    began = time.perf_counter()

    async def one(i: int) -> tuple[int, float]:
        await asyncio.sleep(max(0.0, starts[i] - (time.perf_counter() - began)))
        status, _, seconds = await request(
            room.port, "GET", "/_room/projector.css", {}, b"", address(i)
        )
        return status, seconds

    results = await asyncio.gather(*(one(i) for i in range(count)))
    return {
        "latency_ms": spread([t for s, t in results if s == 200]),
        "ok": sum(1 for s, _ in results if s == 200),
    }


def spread(seconds: list[float]) -> dict:
    if not seconds:
        return {}
    ms = sorted(s * 1000 for s in seconds)
    return {
        "p50": round(statistics.median(ms), 1),
        "p95": round(ms[min(len(ms) - 1, int(len(ms) * 0.95))], 1),
        "max": round(ms[-1], 1),
    }


def stored(db: Path) -> int:
    with sqlite3.connect(db) as con:
        return con.execute("SELECT COUNT(*) FROM shares").fetchone()[0]


# -- the picture's cost --------------------------------------------------------------------------


def picture_cost(site: Path, db: Path, room: RoomProcess, check_id: str, data: dict) -> dict:
    from generator.room.aggregate import summarize, summary, tallies
    from generator.room.course import load_site
    from generator.room.shares import Result
    from generator.room.storage import Store

    course = load_site(site)
    store = Store(db)
    rows = [(r.check_id, r.version, Result.from_json(r.result)) for r in store.rows()]
    store.close()

    def median_ms(work) -> float:
        times = []
        for _ in range(50):
            started = time.perf_counter()
            work()
            times.append(time.perf_counter() - started)
        return round(statistics.median(times) * 1000, 3)

    counted = tallies(course, rows)
    refresh_ms = median_ms(lambda: json.dumps(summary(course, counted)))
    from_scratch_ms = median_ms(lambda: summarize(course, rows))
    shares_in_picture = sum(1 for r in rows if r[0] == check_id)

    async def after_change() -> tuple[list[float], int]:
        auth = {"Authorization": f"Bearer {room.token}"}
        headers = {"Content-Type": "application/json", "Origin": room.origin}
        out, size = [], 0
        for n in range(20):
            body = json.dumps(share_body(data, {}, f"bench-change-{n:06d}-xx")).encode()
            await request(room.port, "POST", "/_room/api/share", headers, body, address(5000 + n))
            status, picture, seconds = await request(room.port, "GET", "/_room/api/summary", auth)
            assert status == 200
            out.append(seconds)
            size = len(picture)
        return out, size

    trips, size = asyncio.run(after_change())
    return {
        "shares_in_picture": shares_in_picture,
        "refresh_ms_median": refresh_ms,
        "from_scratch_ms_median": from_scratch_ms,
        "summary_after_change_ms_median": round(statistics.median(trips) * 1000, 1),
        "picture_bytes": size,
    }


# -- main ----------------------------------------------------------------------------------------


def answers_for(data: dict, rng: random.Random) -> dict:
    answers = {}
    for q in data["questions"]:
        kind = q["kind"]
        if kind == "check":
            answers[q["id"]] = rng.random() < 0.6
        elif kind == "scale":
            answers[q["id"]] = rng.randrange(len(q["steps"]))
        elif kind == "single":
            answers[q["id"]] = rng.randrange(len(q["options"]))
        elif kind == "multiple":
            answers[q["id"]] = rng.sample(
                range(len(q["options"])), rng.randint(1, len(q["options"]))
            )
    return answers


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--participants", type=int, default=300)
    parser.add_argument("--seconds", type=float, default=10.0, help="the window of the shares")
    parser.add_argument("--site", type=Path, help="a built site (default: build the sample course)")
    parser.add_argument("--quick", action="store_true", help="no picture cost, no results file")
    args = parser.parse_args(argv)

    from generator.room.course import load_site

    with tempfile.TemporaryDirectory(prefix="kb-room-bench-") as tmp:
        tmp = Path(tmp)
        site = args.site
        if site is None:
            log("building the sample course …")
            site = tmp / "site"
            subprocess.run(
                [sys.executable, "-m", "generator", "build", "--site-dir", str(site)],
                cwd=ROOT, env=ENV, check=True, capture_output=True,
            )  # fmt: skip
        course = load_site(site)
        check_id, data = max(
            course.checks.items(),
            key=lambda item: sum(1 for q in item[1]["questions"] if q["kind"] != "reflection"),
        )
        rng = random.Random(300)
        n = args.participants
        rounds = {}
        for name, window, seed in (
            ("spread", args.seconds, 1),
            ("burst", min(1.0, args.seconds), 2),
        ):
            db = tmp / f"{name}.sqlite"
            room = RoomProcess(site, db)
            try:
                bodies = [
                    json.dumps(
                        share_body(data, answers_for(data, rng), f"bench-{name}-{i:06d}-xx")
                    ).encode()
                    for i in range(n)
                ]
                log(f"{name}: {n} gets (baseline) over {window:g} s …")
                baseline = asyncio.run(round_of_gets(room, n, window, seed))
                log(f"{name}: {n} shares of '{check_id}' over {window:g} s …")
                result = asyncio.run(round_of_shares(room, bodies, window, seed))
                result["stored"] = stored(db)
                result["baseline_get_latency_ms"] = baseline["latency_ms"]
                if name == "spread" and not args.quick:
                    log("picture cost …")
                    result["picture"] = picture_cost(site, db, room, check_id, data)
                rounds[name] = result
            finally:
                room.stop()

    report = {
        "when": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "machine": {
            "cpus": os.cpu_count(),
            "python": sys.version.split()[0],
            "load_average_at_end": [round(x, 2) for x in os.getloadavg()],  # a busy machine?
        },
        "check": check_id,
        "scored_questions": sum(1 for q in data["questions"] if q["kind"] != "reflection"),
        "participants": n,
        "window_s": args.seconds,
        "rounds": rounds,
    }
    print(markdown(report))
    if not args.quick:
        RESULTS.mkdir(exist_ok=True)
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        (RESULTS / f"room-{stamp}.json").write_text(json.dumps(report, indent=2), "utf-8")
    ok = all(r["acknowledged"] == r["stored"] == r["sent"] for r in rounds.values())
    return 0 if ok else 1


def markdown(report: dict) -> str:
    lines = [
        f"| round ({report['participants']} participants, check `{report['check']}`,"
        f" {report['scored_questions']} scored questions) | sent | acknowledged | stored"
        " | share p50 / p95 / max | baseline GET p50 / p95 | projector updates |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for name, r in report["rounds"].items():
        lat, base = r["latency_ms"], r["baseline_get_latency_ms"]
        window = report["window_s"] if name == "spread" else min(1.0, report["window_s"])
        lines.append(
            f"| {name}: within {window:g} s (took {r['elapsed_s']} s) | {r['sent']} | {r['acknowledged']}"
            f" | {r['stored']} | {lat.get('p50')} / {lat.get('p95')} / {lat.get('max')} ms"
            f" | {base.get('p50')} / {base.get('p95')} ms | {r['projector_updates']} |"
        )
    lines.append("")
    lines.append(
        f"Load average at the end: {report['machine']['load_average_at_end']} on {report['machine']['cpus']} cores."
    )
    picture = report["rounds"].get("spread", {}).get("picture")
    if picture:
        lines.append("")
        lines.append(
            f"Projector refresh at {picture['shares_in_picture']} shares: the picture from the"
            f" running sums {picture['refresh_ms_median']} ms (from scratch, as at a start:"
            f" {picture['from_scratch_ms_median']} ms; medians of 50), a summary request after a change"
            f" {picture['summary_after_change_ms_median']} ms (median of 20),"
            f" {picture['picture_bytes']} bytes."
        )
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
