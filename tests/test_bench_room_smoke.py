"""The room's load bench runs (a small round; no timing is asserted: speed claims come from
bench/room.py itself)."""

from __future__ import annotations

import subprocess
import sys

from roomkit import build_tiny_site

from kursbau_testing import ROOT


def test_the_room_bench_runs_and_every_acknowledged_share_is_stored(tmp_path):
    site = build_tiny_site(tmp_path)
    out = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "room.py"), "--participants", "20", "--seconds", "1"]
        + ["--quick", "--site", str(site)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert out.returncode == 0, out.stdout + out.stderr
    rows = [line for line in out.stdout.splitlines() if line.startswith(("| spread", "| burst"))]
    assert len(rows) == 2
    for row in rows:
        sent, acknowledged, stored = (cell.strip() for cell in row.split("|")[2:5])
        assert sent == acknowledged == stored == "20"
