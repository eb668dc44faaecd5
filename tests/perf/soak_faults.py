"""Faults from outside the app: workers killed, PostgreSQL and Redis stopped hard and restarted.

The machine's PostgreSQL and Redis serve other test runs too: each outage is a few seconds,
every restart waits until the service answers again, and a service is never left stopped.
"""

import os
import signal
import subprocess
import time
from collections import Counter
from pathlib import Path

from tests.perf.servers import Server
from tests.perf.soak_server import COMMIT_KILL

REDIS_START = ["redis-server", "--daemonize", "yes", "--bind", "127.0.0.1", "--port", "6379",
               "--save", "", "--appendonly", "no"]
REDIS_CLI = ["redis-cli", "-h", "127.0.0.1", "-p", "6379"]
DOWN_FOR = 2  # seconds a killed Redis stays down before it is started again
WAIT = 60  # seconds to wait for a restarted service to answer


def wait_until(check, what: str) -> None:
    """Poll check() until it is true, or fail after WAIT seconds."""
    deadline = time.monotonic() + WAIT
    while not check():
        if time.monotonic() > deadline:
            raise RuntimeError(f"{what} did not come back within {WAIT} s")
        time.sleep(0.2)


def postgres_ready() -> bool:
    """True when the local PostgreSQL accepts connections."""
    return subprocess.run(["pg_isready", "-q", "-h", "127.0.0.1", "-p", "5432"]).returncode == 0


def restart_postgres() -> None:
    """Restart the local PostgreSQL in immediate mode (a crash: no checkpoint, then recovery)."""
    version = sorted(os.listdir("/etc/postgresql"))[-1]
    try:
        subprocess.run(
            ["pg_ctlcluster", "--skip-systemctl-redirect", "-m", "immediate", version, "main",
             "restart"],
            check=True, timeout=WAIT, capture_output=True,
        )
    finally:
        if not postgres_ready():  # never leave the shared server stopped
            subprocess.run(["pg_ctlcluster", "--skip-systemctl-redirect", version, "main",
                            "start"], timeout=WAIT, capture_output=True)
        wait_until(postgres_ready, "PostgreSQL")


def redis_pid() -> int | None:
    """The process id of the Redis server on 127.0.0.1:6379, or None when it is down."""
    done = subprocess.run([*REDIS_CLI, "info", "server"], capture_output=True, text=True)
    for line in done.stdout.splitlines():
        if line.startswith("process_id:"):
            return int(line.split(":", 1)[1])
    return None


def kill_redis() -> None:
    """SIGKILL Redis, leave it down DOWN_FOR seconds, start it again as the machine does."""
    pid = redis_pid()
    try:
        if pid is not None:
            os.kill(pid, signal.SIGKILL)
            wait_until(lambda: redis_pid() is None, "Redis's end")
            time.sleep(DOWN_FOR)
    finally:
        if redis_pid() is None:
            subprocess.run(REDIS_START, check=True, timeout=WAIT, capture_output=True)
        wait_until(lambda: redis_pid() is not None, "Redis")


def commit_kills(fault_log: Path) -> int:
    """How many workers killed themselves after a COMMIT (soak_server's log)."""
    if not fault_log.exists():
        return 0
    return sum(1 for line in fault_log.read_text().splitlines() if line.startswith(COMMIT_KILL))


def inject(server: Server, deadline: float, kill_every: float, restart_postgres_db: bool,
           kill_redis_server: bool, counts: Counter) -> None:
    """Until deadline: kill a worker every kill_every s; PostgreSQL at 1/3, Redis at 2/3."""
    start = time.monotonic()
    span = deadline - start
    planned = {}
    if restart_postgres_db:
        planned["PostgreSQL restarts (immediate mode)"] = (start + span / 3, restart_postgres)
    if kill_redis_server:
        planned["Redis kills (SIGKILL, restarted)"] = (start + 2 * span / 3, kill_redis)
    next_kill = start + kill_every
    while time.monotonic() < deadline:
        now = time.monotonic()
        if now >= next_kill:
            if server.kill_one_worker():
                counts["worker kills at a random moment (SIGKILL)"] += 1
            next_kill += kill_every
        for name, (when, fault) in list(planned.items()):
            if now >= when:
                del planned[name]
                fault()
                counts[name] += 1
        time.sleep(0.1)
