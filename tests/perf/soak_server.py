"""gunicorn's settings for the soak (`-c python:tests.perf.soak_server`): production, plus a crash.

Everything planner.serving sets applies. On top, each worker kills itself with SIGKILL right
after the COMMIT of its K-th writing transaction (K drawn at random in SOAK_KILL_AFTER_COMMITS,
"low-high"), before the answer leaves: the worst moment for a client, which must retry
without the write happening twice. Each kill is logged as one line in SOAK_FAULT_LOG.
"""

import os
import random
import signal
import threading

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from planner.serving import *  # noqa: F403 (this module is those settings and a little more)

WRITES = ("INSERT", "UPDATE", "DELETE")
COMMIT_KILL = "commit-kill"  # the fault log's name for this fault


def _commits_before_kill() -> int | None:
    """K for this worker, or None when the setting is absent (no kills)."""
    raw = os.environ.get("SOAK_KILL_AFTER_COMMITS", "")
    if not raw:
        return None
    low, _, high = raw.partition("-")
    return random.randint(int(low), int(high or low))


def post_worker_init(worker) -> None:
    """Arm the kill in this worker: count writing commits, die after the K-th."""
    limit = _commits_before_kill()
    if limit is None:
        return
    local = threading.local()  # one request per thread in gthread workers
    counter = {"commits": 0}
    lock = threading.Lock()
    fault_log = os.environ.get("SOAK_FAULT_LOG")

    @event.listens_for(Engine, "before_cursor_execute")
    def note_write(conn, cursor, statement, parameters, context, executemany):
        """Remember that this thread's transaction changed something."""
        if statement.lstrip().upper().startswith(WRITES):
            local.wrote = True

    @event.listens_for(Session, "after_rollback")
    def forget(session):
        """A rolled-back transaction wrote nothing."""
        local.wrote = False

    @event.listens_for(Session, "after_commit")
    def maybe_die(session):
        """After the K-th writing COMMIT, die before the view can answer."""
        if not getattr(local, "wrote", False):
            return
        local.wrote = False
        with lock:
            counter["commits"] += 1
            if counter["commits"] < limit:
                return
            if fault_log:
                with open(fault_log, "a") as log:
                    log.write(f"{COMMIT_KILL} {os.getpid()}\n")
            os.kill(os.getpid(), signal.SIGKILL)
