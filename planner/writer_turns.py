"""SQLite writers take turns: the threads of a process on a lock, the processes on a file lock.

SQLite's busy handler makes a writer that finds the file locked sleep and poll (1, 2, 5, 10 ...
100 ms), so a writer that collides waits far longer than the one ahead of it takes, and under
load most of a worker's time is spent asleep. Queued on these locks, the next writer starts
within half a millisecond of the commit before it.
"""

import fcntl
import logging
import os
import threading
import time

# How often the one waiting thread of a process looks again at the file lock: an fcntl lock
# cannot be waited for with a deadline, and a frozen holder must not hang writers forever.
POLL_SECONDS = 0.0005

log = logging.getLogger(__name__)


class NoTurn(Exception):
    """The turn did not come within the wait."""


class WriterTurns:
    """One database file's turns to write, shared by every connection of an engine."""

    def __init__(self, database_path: str | None) -> None:
        """Turns for the SQLite file at database_path (None: in memory, one process)."""
        self.thread_turn = threading.Lock()
        self.lock_path = f"{database_path}-turn" if database_path else None
        self._file: int | None = None
        self._pid: int | None = None

    def take(self, wait_seconds: float) -> None:
        """Wait for the turn, at most wait_seconds; NoTurn when it does not come."""
        deadline = time.monotonic() + wait_seconds
        if not self.thread_turn.acquire(timeout=max(wait_seconds, 0)):
            raise NoTurn(f"no turn to write within {wait_seconds:g} s")
        try:
            self._take_file(deadline)
        except BaseException:
            self.thread_turn.release()
            raise

    def give_back(self) -> None:
        """Let the next writer in."""
        try:
            if self._file is not None and self._pid == os.getpid():
                fcntl.flock(self._file, fcntl.LOCK_UN)
        finally:
            self.thread_turn.release()

    def _take_file(self, deadline: float) -> None:
        descriptor = self._descriptor()
        if descriptor is None:
            return
        while True:
            try:
                fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise NoTurn("another process kept its turn to write") from None
                time.sleep(POLL_SECONDS)

    def _descriptor(self) -> int | None:
        # Opened in each process: a descriptor inherited across fork shares its lock with
        # the parent's, so it would not keep the two apart.
        if self.lock_path is None:
            return None
        if self._pid != os.getpid():
            self._pid = os.getpid()
            try:
                self._file = os.open(self.lock_path, os.O_RDWR | os.O_CREAT, 0o600)
            except OSError as error:
                # A folder that cannot hold the file: SQLite's own busy wait still applies.
                log.warning("No writer turns across processes (%s): %s", self.lock_path, error)
                self._file = None
        return self._file
