"""The room's one SQLite file (`.kursbau/room.sqlite` by default).

A share is committed (WAL, `synchronous=FULL`: on disk) before the server acknowledges it, so
stopping or killing the server loses nothing it acknowledged, and a restart shows the same
picture. Rows hold the check, the hash of the device id, the check's version, the time and the
verified numbers; never an IP address, never text.
"""

from __future__ import annotations

import secrets
import sqlite3
import threading
import time
from dataclasses import dataclass
from pathlib import Path

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS shares (
  check_id TEXT NOT NULL,
  device TEXT NOT NULL,
  version TEXT NOT NULL,
  created REAL NOT NULL,
  result TEXT NOT NULL,
  PRIMARY KEY (check_id, device)
);
CREATE INDEX IF NOT EXISTS shares_created ON shares (created);
"""


class StorageProblem(Exception):
    """The database cannot be opened or written (the message names the file)."""


@dataclass(frozen=True)
class Row:
    check_id: str
    device: str
    version: str
    created: float
    result: str


class Store:
    """One connection, used by one thread at a time (the server runs each call in a worker
    thread, so the event loop never waits for the disk)."""

    def __init__(self, path: Path):
        self.path = path
        self._lock = threading.Lock()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=FULL")
            self._db.execute("PRAGMA busy_timeout=5000")
            self._db.executescript(SCHEMA)
        except (sqlite3.Error, OSError) as err:
            raise StorageProblem(f"{path}: cannot open the room database ({err})") from None

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def _write(self, sql: str, args: tuple = (), many: bool = False) -> int:
        with self._lock:
            try:
                self._db.execute("BEGIN IMMEDIATE")
                cursor = (self._db.executemany if many else self._db.execute)(sql, args)
                self._db.execute("COMMIT")
            except sqlite3.Error as err:
                if self._db.in_transaction:
                    self._db.execute("ROLLBACK")
                raise StorageProblem(f"{self.path}: {err}") from None
            return cursor.rowcount

    def token(self) -> str:
        """The trainer token, made once per database file and kept across restarts."""
        with self._lock:
            row = self._db.execute("SELECT value FROM meta WHERE key='token'").fetchone()
        if row:
            return row[0]
        self._write(
            "INSERT OR IGNORE INTO meta (key, value) VALUES ('token', ?)",
            (secrets.token_urlsafe(18),),
        )
        return self.token()

    def put(self, rows: list[Row]) -> None:
        """Store shares in one transaction, each replacing the same device's earlier share of
        the check (in order); committed, on disk, when this returns."""
        self._write(
            "INSERT INTO shares (check_id, device, version, created, result)"
            " VALUES (?, ?, ?, ?, ?) ON CONFLICT (check_id, device) DO UPDATE SET"
            " version = excluded.version, created = excluded.created, result = excluded.result",
            [(r.check_id, r.device, r.version, r.created, r.result) for r in rows],
            many=True,
        )

    def rows(self) -> list[Row]:
        with self._lock:
            found = self._db.execute(
                "SELECT check_id, device, version, created, result FROM shares"
            ).fetchall()
        return [Row(*r) for r in found]

    def delete_all(self) -> int:
        return self._write("DELETE FROM shares")

    def delete_before(self, cutoff: float) -> int:
        return self._write("DELETE FROM shares WHERE created < ?", (cutoff,))


def now() -> float:
    return time.time()
