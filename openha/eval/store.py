"""The results store: one SQLite file per run (`runs/NAME/results.sqlite`, WAL mode).

Every finished episode is one committed row keyed by (task, seed): a kill of the driver at any
moment loses at most the episodes still running (WAL with synchronous=NORMAL: a commit survives
any process death; a power cut may drop the last few commits but never corrupts the file), and
`INSERT OR IGNORE` means an episode is never recorded twice.
Tables:

    meta(key, value)         run configuration (JSON values): agent, tasks, seeds, max_steps …
    episodes(task, seed, …)  one row per finished episode (COLUMNS below), PRIMARY KEY (task, seed)
    attempts(…)              every failed try (crash, hang, exception) including retried ones

Only the driver writes; readers (`openha report`, the app) may read while a run is going.
Trace (JSONL) and video (mp4) files live next to the database and are written before their row.
"""

from __future__ import annotations

import fcntl
import json
import os
import sqlite3
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

__all__ = ["ResultStore", "StoreError", "read_results", "read_meta", "DB_NAME", "COLUMNS"]

DB_NAME = "results.sqlite"
SCHEMA_VERSION = 1
# (column, SQL type); JSON-encoded: tags, missing, counts.
COLUMNS: tuple[tuple[str, str], ...] = (
    ("task", "TEXT NOT NULL"), ("seed", "INTEGER NOT NULL"), ("family", "TEXT NOT NULL"),
    ("tags", "TEXT"), ("agent", "TEXT"), ("status", "TEXT NOT NULL"),
    ("success", "INTEGER NOT NULL"), ("reason", "TEXT NOT NULL"), ("steps", "INTEGER"),
    ("max_steps", "INTEGER"), ("wall_s", "REAL"), ("cpu_s", "REAL"), ("steps_per_s", "REAL"),
    ("attempts", "INTEGER NOT NULL"), ("worker", "TEXT"), ("agent_errors", "INTEGER"),
    ("error", "TEXT"), ("missing", "TEXT"), ("trace", "TEXT"), ("video", "TEXT"),
    ("finished_at", "REAL NOT NULL"), ("counts", "TEXT"),
)  # fmt: skip
_JSON_COLS = ("tags", "missing", "counts")
# Settings that change what an episode means: a resumed run must keep them.
FIXED_CONFIG = ("env", "agent", "max_steps", "width", "height")


class StoreError(RuntimeError):
    """A run directory that cannot be written (in use, or holding another configuration)."""


class ResultStore:
    """Open (or create) `run_dir/results.sqlite` for writing; holds an exclusive lock on the run
    so two drivers never write one run (the OS drops it if the driver is killed)."""

    def __init__(self, run_dir: str | os.PathLike, lock: bool = True):
        self.run_dir = Path(run_dir)
        self.run_dir.mkdir(parents=True, exist_ok=True)
        self.path = self.run_dir / DB_NAME
        self._lock_file = None
        if lock:
            self._lock_file = open(self.run_dir / ".lock", "a+")  # noqa: SIM115
            try:
                fcntl.flock(self._lock_file, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                self._lock_file.close()
                raise StoreError(f"{self.run_dir}: another `openha eval` is writing this run; "
                                 "wait for it or choose another --out") from None
        self.db = sqlite3.connect(self.path, isolation_level=None, timeout=30)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        cols = ", ".join(f"{c} {t}" for c, t in COLUMNS)
        self.db.executescript(
            "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
            f"CREATE TABLE IF NOT EXISTS episodes ({cols}, PRIMARY KEY (task, seed));"
            "CREATE TABLE IF NOT EXISTS attempts (id INTEGER PRIMARY KEY AUTOINCREMENT,"
            " task TEXT, seed INTEGER, attempt INTEGER, kind TEXT, error TEXT, worker TEXT,"
            " at REAL);"
        )
        have = {r[1] for r in self.db.execute("PRAGMA table_info(episodes)")}
        for c, t in COLUMNS:  # runs written by an older version gain the new (nullable) columns
            if c not in have:
                self.db.execute(f"ALTER TABLE episodes ADD COLUMN {c} {t.replace(' NOT NULL', '')}")

    # -- run configuration ----------------------------------------------------------------------
    def meta(self) -> dict[str, Any]:
        return {k: json.loads(v) for k, v in self.db.execute("SELECT key, value FROM meta")}

    def begin(self, config: Mapping[str, Any], resume: bool) -> set[tuple[str, int]]:
        """Start or resume a run; returns the (task, seed) pairs already finished. A run with
        results is only continued with `resume`, and only with the same FIXED_CONFIG."""
        done = self.done_keys()
        old = self.meta()
        if done and not resume:
            raise StoreError(
                f"{self.run_dir} already holds {len(done)} finished episodes (agent "
                f"{old.get('agent')!r}); pass --resume to continue it or choose another --out")
        for k in FIXED_CONFIG:
            if done and k in old and old[k] != config.get(k):
                raise StoreError(
                    f"{self.run_dir}: cannot resume with {k}={config.get(k)!r}: the run was "
                    f"started with {k}={old[k]!r}; use the same value or another --out")
        rows = [(k, json.dumps(v)) for k, v in config.items()]
        rows += [("schema_version", json.dumps(SCHEMA_VERSION))]
        if "created" not in old:
            rows.append(("created", json.dumps(time.time())))
        self._write("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", rows, many=True)
        return done

    # -- episodes ------------------------------------------------------------------------------
    def done_keys(self) -> set[tuple[str, int]]:
        return {(t, int(s)) for t, s in self.db.execute("SELECT task, seed FROM episodes")}

    def has(self, task: str, seed: int) -> bool:
        q = "SELECT 1 FROM episodes WHERE task = ? AND seed = ?"
        return self.db.execute(q, (task, int(seed))).fetchone() is not None

    def record(self, result: Mapping[str, Any]) -> bool:
        """Commit one finished episode; False (and nothing written) when it is already there."""
        row = {c: result.get(c) for c, _ in COLUMNS}
        row["attempts"] = int(result.get("attempt") or 0) + 1
        row["success"] = int(bool(result.get("success")))
        row["finished_at"] = time.time()
        for c in _JSON_COLS:
            row[c] = None if row[c] is None else json.dumps(row[c])
        names = ", ".join(row)
        marks = ", ".join("?" for _ in row)
        cur = self._write(f"INSERT OR IGNORE INTO episodes ({names}) VALUES ({marks})",
                          tuple(row.values()))
        return cur.rowcount == 1

    def log_attempt(self, task: str, seed: int, attempt: int, kind: str, error: str,
                    worker: str = "") -> None:
        """Remember a failed try (also the ones a retry later fixed)."""
        self._write("INSERT INTO attempts (task, seed, attempt, kind, error, worker, at) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (task, int(seed), int(attempt), kind, error, worker, time.time()))

    def episodes(self) -> list[dict[str, Any]]:
        return _rows(self.db)

    def _write(self, sql: str, params: Any, many: bool = False) -> sqlite3.Cursor:
        for k in range(20):  # a reader's checkpoint can briefly hold the lock
            try:
                return self.db.executemany(sql, params) if many else self.db.execute(sql, params)
            except sqlite3.OperationalError as e:
                if "locked" not in str(e) or k == 19:
                    raise
                time.sleep(0.05 * (k + 1))
        raise AssertionError("unreachable")

    def close(self) -> None:
        self.db.close()
        if self._lock_file is not None:
            self._lock_file.close()
            self._lock_file = None

    def __enter__(self) -> ResultStore:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()


def _rows(db: sqlite3.Connection) -> list[dict[str, Any]]:
    db.row_factory = sqlite3.Row
    try:
        rows = [dict(r) for r in db.execute("SELECT * FROM episodes ORDER BY finished_at")]
    finally:
        db.row_factory = None
    for r in rows:
        r["success"] = bool(r["success"])
        for c in _JSON_COLS:
            r[c] = json.loads(r[c]) if r.get(c) else ([] if c == "tags" else None)
    return rows


def _open_ro(run_dir: str | os.PathLike) -> sqlite3.Connection:
    path = Path(run_dir) / DB_NAME
    if not path.exists():
        raise FileNotFoundError(f"{path}: no results; run `openha eval --out {run_dir}` first")
    db = sqlite3.connect(path, timeout=30)
    db.execute("PRAGMA query_only = ON")
    return db


def read_results(run_dir: str | os.PathLike) -> list[dict[str, Any]]:
    """Every finished episode of a run (dicts with the COLUMNS), safe while the run goes on."""
    db = _open_ro(run_dir)
    try:
        return _rows(db)
    finally:
        db.close()


def read_meta(run_dir: str | os.PathLike) -> dict[str, Any]:
    """The run's configuration and the failed attempts (`attempts`: list of dicts)."""
    db = _open_ro(run_dir)
    try:
        meta = {k: json.loads(v) for k, v in db.execute("SELECT key, value FROM meta")}
        cur = db.execute("SELECT task, seed, attempt, kind, error, worker, at FROM attempts")
        names = [d[0] for d in cur.description]
        meta["attempts"] = [dict(zip(names, r, strict=True)) for r in cur]
        return meta
    finally:
        db.close()

