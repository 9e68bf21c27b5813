"""A text progress bar on stderr (no extra dependency): redrawn in place on a terminal, one line
per finished PDF in a log."""

from __future__ import annotations

import sys
import time


class ProgressBar:
    WIDTH = 28

    def __init__(self, stream=None, label: str = "PDF"):
        self.stream = stream or sys.stderr
        self.label = label
        self.tty = bool(getattr(self.stream, "isatty", lambda: False)())
        self.started = time.perf_counter()
        self.drawn = False

    def __call__(self, done: int, total: int, name: str) -> None:
        if not total:
            return
        if self.tty:
            filled = self.WIDTH * done // total
            bar = "#" * filled + "." * (self.WIDTH - filled)
            seconds = time.perf_counter() - self.started
            line = f"\r{self.label} [{bar}] {done}/{total} {seconds:4.0f} s  {name}"
            self.stream.write(line[:110].ljust(110))
            if done == total:
                self.stream.write("\n")
        elif done:
            self.stream.write(f"[{done}/{total}] {name}\n")
        self.stream.flush()
        self.drawn = True
