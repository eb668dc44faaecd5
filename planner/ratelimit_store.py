"""A rate-limit store in a SQLite file, shared by every worker process on one machine.

The `limits` library ships stores for memory (one process), Redis, Memcached and MongoDB,
but none that gunicorn's workers can share without another server. This one keeps
fixed-window counters in a small SQLite table; naming it as `sqlite:///path/to/file`
in RATELIMIT_STORAGE_URI selects it. Several machines need Redis instead.
"""

import os
import sqlite3
import threading
import time
from urllib.parse import urlsplit

from limits.storage import Storage

SCHEMA = """
CREATE TABLE IF NOT EXISTS counters (
    key TEXT PRIMARY KEY,
    count INTEGER NOT NULL,
    expires_at REAL NOT NULL
) WITHOUT ROWID
"""
# One statement, so SQLite's write lock makes it atomic across processes: an expired window
# starts again at amount, a live one grows by amount.
INCREMENT = """
INSERT INTO counters (key, count, expires_at) VALUES (:key, :amount, :expires_at)
ON CONFLICT (key) DO UPDATE SET
    count = CASE WHEN expires_at <= :now THEN :amount ELSE count + :amount END,
    expires_at = CASE WHEN expires_at <= :now THEN :expires_at ELSE expires_at END
RETURNING count
"""
SWEEP_EVERY = 500  # increments between two deletions of expired windows


class SQLiteStorage(Storage):
    """Fixed-window counters in a SQLite file (the default strategy, fixed-window)."""

    STORAGE_SCHEME = ["sqlite"]

    def __init__(self, uri: str, wrap_exceptions: bool = False, **options) -> None:
        """Open nothing yet: each process and thread connects on first use."""
        super().__init__(uri, wrap_exceptions=wrap_exceptions, **options)
        self.path = urlsplit(uri).path[1:]
        if not self.path:
            raise ValueError(f"{uri!r} names no file: use sqlite:///path/to/limits.sqlite")
        self.timeout = float(options.get("timeout", 5))
        self.local = threading.local()
        self.increments = 0

    @property
    def base_exceptions(self) -> type[Exception]:
        """What a broken or locked file raises; the limiter falls back on these."""
        return sqlite3.Error

    def _connection(self) -> sqlite3.Connection:
        """This thread's connection; a forked worker opens its own, never its parent's."""
        pid = os.getpid()
        if getattr(self.local, "pid", None) != pid:
            connection = sqlite3.connect(self.path, timeout=self.timeout, isolation_level=None)
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("PRAGMA synchronous=NORMAL")
            connection.execute(SCHEMA)
            self.local.connection, self.local.pid = connection, pid
        return self.local.connection

    def incr(self, key: str, expiry: int, amount: int = 1) -> int:
        """Add amount to key's window, starting a window of expiry seconds if none is live."""
        now = time.time()
        connection = self._connection()
        values = {"key": key, "amount": amount, "now": now, "expires_at": now + expiry}
        count = connection.execute(INCREMENT, values).fetchone()[0]
        self.increments += 1
        if self.increments % SWEEP_EVERY == 0:
            connection.execute("DELETE FROM counters WHERE expires_at <= ?", (now,))
        return count

    def get(self, key: str) -> int:
        """The count in key's live window, 0 when there is none."""
        row = self._connection().execute(
            "SELECT count FROM counters WHERE key = ? AND expires_at > ?", (key, time.time())
        ).fetchone()
        return row[0] if row else 0

    def get_expiry(self, key: str) -> float:
        """When key's window ends (now when there is none), in seconds since the epoch."""
        now = time.time()
        row = self._connection().execute(
            "SELECT expires_at FROM counters WHERE key = ? AND expires_at > ?", (key, now)
        ).fetchone()
        return row[0] if row else now

    def check(self) -> bool:
        """True when the file can be read."""
        try:
            self._connection().execute("SELECT 1").fetchone()
        except sqlite3.Error:
            return False
        return True

    def reset(self) -> int:
        """Forget every counter; returns how many there were."""
        return self._connection().execute("DELETE FROM counters").rowcount

    def clear(self, key: str) -> None:
        """Forget one counter."""
        self._connection().execute("DELETE FROM counters WHERE key = ?", (key,))
