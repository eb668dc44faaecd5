"""Faults from outside the app: workers killed, PostgreSQL crashed and Redis killed, restarted.

PostgreSQL and Redis are the soak's own servers (tests/support/postgres_server.py and
redis_server.py), never the machine's shared ones, which other runs use meanwhile.
"""

import time
from collections import Counter
from pathlib import Path

from tests.perf.servers import Server
from tests.perf.soak_server import COMMIT_KILL
from tests.support.postgres_server import PostgresServer
from tests.support.redis_server import RedisServer

DOWN_FOR = 2  # seconds a killed Redis stays down before it is started again
POSTGRES_RESTARTS = "PostgreSQL restarts (immediate mode)"
REDIS_KILLS = "Redis kills (SIGKILL, restarted)"
RANDOM_KILLS = "worker kills at a random moment (SIGKILL)"


def kill_redis(redis: RedisServer) -> None:
    """SIGKILL Redis, leave it down DOWN_FOR seconds, start it again on the same port."""
    redis.kill()
    time.sleep(DOWN_FOR)
    redis.start()


def commit_kills(fault_log: Path) -> int:
    """How many workers killed themselves after a COMMIT (soak_server's log)."""
    if not fault_log.exists():
        return 0
    return sum(1 for line in fault_log.read_text().splitlines() if line.startswith(COMMIT_KILL))


def inject(server: Server, deadline: float, kill_every: float, postgres: PostgresServer | None,
           redis: RedisServer | None, counts: Counter) -> None:
    """Until deadline: kill a worker every kill_every s; PostgreSQL at 1/3, Redis at 2/3."""
    start = time.monotonic()
    span = deadline - start
    planned = {}
    if postgres:
        planned[POSTGRES_RESTARTS] = (start + span / 3, postgres.restart_immediate)
    if redis:
        planned[REDIS_KILLS] = (start + 2 * span / 3, lambda: kill_redis(redis))
    next_kill = start + kill_every
    while time.monotonic() < deadline:
        now = time.monotonic()
        if now >= next_kill:
            if server.kill_one_worker():
                counts[RANDOM_KILLS] += 1
            next_kill += kill_every
        for name, (when, fault) in list(planned.items()):
            if now >= when:
                del planned[name]
                fault()
                counts[name] += 1
        time.sleep(0.1)
