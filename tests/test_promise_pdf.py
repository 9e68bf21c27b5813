"""Issue 10, hosting: a cached PDF is used only when it is whole, and PDF workers end with the build
that started them, also when it was killed with SIGKILL."""

from __future__ import annotations

import contextlib
import os
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import pypdf

from kursbau_testing import ROOT, SAFETY_NET, run, tiny_course

CACHE = Path(".cache") / "kursbau" / "handouts"


def test_a_truncated_cached_pdf_is_laid_out_again(tmp_path: Path):
    course = tiny_course(tmp_path / "kurs")
    first = run(["handout", "--out", "pdf"], course)
    assert first.returncode == 0, first.stderr
    whole = (course / "pdf" / "teilnehmer.pdf").read_bytes()
    cached = [p for p in (course / CACHE).glob("*.pdf") if p.read_bytes() == whole]
    assert len(cached) == 1
    cached[0].write_bytes(whole[: len(whole) // 2])  # a disk filled up, a copy was cut short
    (course / "pdf" / "teilnehmer.pdf").unlink()

    again = run(["handout", "--out", "pdf"], course)
    assert again.returncode == 0, again.stderr
    assert "(1 laid out, 4 unchanged)" in again.stdout
    copied = course / "pdf" / "teilnehmer.pdf"
    assert copied.read_bytes() == whole
    assert len(pypdf.PdfReader(str(copied)).pages) >= 1


def _children(pid: int) -> set[int]:
    found = set()
    for task in Path(f"/proc/{pid}/task").glob("*"):
        with contextlib.suppress(OSError):
            found |= {int(c) for c in (task / "children").read_text().split()}
    return found


def _alive(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    state = next(line for line in status.splitlines() if line.startswith("State:"))
    return "zombie" not in state and "(dead)" not in state


def _outliving(workers: set[int]) -> list[int]:
    """The workers that have not ended within the safety net, waited for by the kernel's word
    that each ended (a pidfd turns readable: they are not our children to wait for)."""
    waiting = select.poll()
    fds: dict[int, int] = {}
    for pid in workers:
        try:
            fd = os.pidfd_open(pid)
        except ProcessLookupError:
            continue  # ended already
        fds[fd] = pid
        waiting.register(fd, select.POLLIN)
    deadline = time.monotonic() + SAFETY_NET
    try:
        while fds and time.monotonic() < deadline:
            for fd, _ in waiting.poll(max(0.0, deadline - time.monotonic()) * 1000):
                waiting.unregister(fd)
                os.close(fd)
                del fds[fd]
        return sorted(fds.values())
    finally:
        for fd in fds:
            os.close(fd)


def test_pdf_workers_end_when_the_build_is_killed(tmp_path: Path):
    items = "".join(f"  - Aussage Nummer {i} mit etwas mehr Text darin.\n" for i in range(400))
    checks = {
        f"quizzes/lang-{n}.yml": (
            f"title: Lang {n}\ntype: checklist\nitems:\n{items}"
            "results:\n  - {min: 0, title: A, text: B}\n"
        )
        for n in range(4)
    }
    course = tiny_course(tmp_path / "kurs", extra=checks)
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    build = subprocess.Popen(
        [sys.executable, "-m", "generator", "handout", "--out", "pdf"],
        cwd=course,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    # Nothing announces a forked worker: this looks for two (a poll on the event itself; the
    # deadline only ends a build that never starts them).
    deadline = time.monotonic() + SAFETY_NET
    workers: set[int] = set()
    while len(workers) < 2:
        assert build.poll() is None, f"the build ended before it was killed; workers: {workers}"
        assert time.monotonic() < deadline, f"no two PDF workers; seen: {workers}"
        workers = {c for c in _children(build.pid) if _alive(c)}
        time.sleep(0.05)
    build.send_signal(signal.SIGKILL)
    build.wait()
    left = _outliving(workers)
    for pid in left:  # do not leave them running for the rest of the suite
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    assert left == [], "PDF workers outlived the killed build"
    # the next run tidies the half-written files of the killed workers out of the cache (the
    # long checks are gone, so that it is quick)
    for n in range(4):
        (course / "quizzes" / f"lang-{n}.yml").unlink()
    again = run(["handout", "--out", "pdf"], course)
    assert again.returncode == 0, again.stderr
    assert not list((course / CACHE).glob(".*.part"))
