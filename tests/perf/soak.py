"""`make soak`: concurrent writers while workers crash; no acknowledged write may be lost.

    .venv/bin/python tests/perf/soak.py [--seconds 120] [--kill-every 15] [--clients 6]
    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/test .venv/bin/python tests/perf/soak.py

Each client signs in as its own user and, until time is up, sets statuses of its own
milestones and posts comments, retrying a write until the server acknowledges it (status
changes are idempotent; a repeated comment answers 409 "already posted"). Meanwhile one
gunicorn worker is killed with SIGKILL every --kill-every seconds, and on PostgreSQL the
server is restarted once mid-run. At the end the database must hold, for every milestone, the
last status acknowledged, and every acknowledged comment. Loopback traffic only, bounded in
time.
"""

import argparse
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

import sqlalchemy as sa  # noqa: E402

from tests.perf import seed  # noqa: E402
from tests.perf.servers import Server  # noqa: E402

SECRET = "soak-only-secret-key"
STATUSES = ("todo", "doing", "done", "skipped")


@dataclass
class Tally:
    """What the clients saw, shared between threads under a lock."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    requests: int = 0
    acknowledged: int = 0
    failures: Counter = field(default_factory=Counter)  # status code or error name
    last_status: dict[int, str] = field(default_factory=dict)
    comments: set[str] = field(default_factory=set)

    def record(self, outcome) -> None:
        """Count one request's outcome: a status code or an exception name."""
        with self.lock:
            self.requests += 1
            if outcome not in (200, 303, 409):
                self.failures[outcome] += 1


@dataclass
class Report:
    """The figures printed at the end."""

    requests: int
    acknowledged: int
    lost: list[str]
    server_errors: dict[int, int]
    other_failures: dict[str, int]
    worker_kills: int
    database_restarts: int

    def lines(self) -> list[str]:
        """The report as text."""
        errors = ", ".join(f"{code}: {n}" for code, n in sorted(self.server_errors.items()))
        others = ", ".join(f"{kind}: {n}" for kind, n in sorted(self.other_failures.items()))
        return [
            f"requests made:        {self.requests}",
            f"acknowledged writes:  {self.acknowledged}",
            f"lost writes:          {len(self.lost)}",
            f"5xx answers:          {errors or 'none'}",
            f"other failures:       {others or 'none'} (connection resets while a worker died)",
            f"faults injected:      {self.worker_kills} worker kills (SIGKILL), "
            f"{self.database_restarts} database restarts",
        ]


class Client:
    """One signed-in user writing to its own roadmap until the deadline."""

    def __init__(self, base_url: str, fixture: seed.Fixture, tally: Tally, number: int):
        self.base_url = base_url
        self.fixture = fixture
        self.tally = tally
        self.number = number
        self.random = random.Random(number)

    def post(self, path: str, fields: dict) -> int | str:
        """POST like htmx does; return the status code or the name of the error."""
        body = urlencode({"csrf_token": self.fixture.csrf, **fields}).encode()
        request = urllib.request.Request(
            self.base_url + path, data=body, headers=self.fixture.post_headers(htmx=True)
        )
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status
        except urllib.error.HTTPError as error:
            return error.code
        except OSError as error:
            return type(error).__name__

    def until_acknowledged(self, path: str, fields: dict, deadline: float) -> bool:
        """Repeat one write until the server confirms it (or time runs out).

        Only crashes and 5xx answers are worth repeating; any other refusal is final.
        """
        while time.monotonic() < deadline + 30:
            outcome = self.post(path, fields)
            self.tally.record(outcome)
            if outcome in (200, 409):
                return True
            if isinstance(outcome, int) and outcome < 500:
                return False
            time.sleep(0.2)
        return False

    def run(self, deadline: float) -> None:
        """Alternate status changes and comments until the deadline."""
        n = 0
        while time.monotonic() < deadline:
            n += 1
            if self.random.random() < 0.75:
                index = self.random.randrange(len(self.fixture.milestone_ids))
                status = self.random.choice(STATUSES)
                if self.until_acknowledged(self.fixture.status_paths[index], {"status": status},
                                           deadline):
                    with self.tally.lock:
                        self.tally.acknowledged += 1
                        self.tally.last_status[self.fixture.milestone_ids[index]] = status
            else:
                text = f"Soak comment {self.number}-{n}-{time.time_ns()}"
                if self.until_acknowledged(self.fixture.comment_path, {"comment": text},
                                           deadline):
                    with self.tally.lock:
                        self.tally.acknowledged += 1
                        self.tally.comments.add(text)


def restart_postgres() -> None:
    """Restart the local PostgreSQL cluster (the machine's own, as root)."""
    version = sorted(os.listdir("/etc/postgresql"))[-1]
    subprocess.run(
        ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "restart"],
        check=True, timeout=120,
    )


def inject_faults(server: Server, deadline: float, kill_every: float, restart_db: bool,
                  counts: Counter) -> None:
    """Kill a worker every kill_every seconds; restart PostgreSQL once, halfway."""
    start = time.monotonic()
    restart_at = start + (deadline - start) / 2 if restart_db else None
    next_kill = start + kill_every
    while time.monotonic() < deadline:
        now = time.monotonic()
        if now >= next_kill:
            if server.kill_one_worker():
                counts["kills"] += 1
            next_kill += kill_every
        if restart_at and now >= restart_at:
            restart_postgres()
            counts["restarts"] += 1
            restart_at = None
        time.sleep(0.1)


def lost_writes(database_url: str, tally: Tally) -> list[str]:
    """Every acknowledged write the database does not hold."""
    engine = sa.create_engine(seed_url(database_url))
    lost = []
    with engine.connect() as conn:
        statuses = dict(conn.execute(sa.text("SELECT id, status FROM milestones")).all())
        bodies = set(conn.execute(sa.text("SELECT body FROM comments")).scalars())
    engine.dispose()
    for milestone_id, status in tally.last_status.items():
        if statuses.get(milestone_id) != status:
            lost.append(f"milestone {milestone_id}: acknowledged {status}, "
                        f"stored {statuses.get(milestone_id)}")
    lost.extend(f"comment {text!r}" for text in sorted(tally.comments - bodies))
    return lost


def seed_url(database_url: str) -> str:
    """The SQLAlchemy form of a database URL (psycopg 3 for PostgreSQL)."""
    import config

    return config.database_url(database_url)


def run_soak(database_url: str, seconds: float, kill_every: float, clients: int,
             restart_db: bool) -> Report:
    """Seed, serve, write under faults, then compare what was acknowledged with what is kept."""
    url = seed_url(database_url)
    seed.prepare(url, SECRET, users=clients)
    fixtures = seed.sign_in_all(url, SECRET, clients)
    tally = Tally()
    counts: Counter = Counter()
    env = seed.server_env(url, SECRET)
    with Server("wsgi:app", env=env) as server:
        deadline = time.monotonic() + seconds
        threads = [
            threading.Thread(target=Client(server.url, f, tally, n).run, args=(deadline,))
            for n, f in enumerate(fixtures)
        ]
        for thread in threads:
            thread.start()
        inject_faults(server, deadline, kill_every, restart_db, counts)
        for thread in threads:
            thread.join()
    server_errors = {k: v for k, v in tally.failures.items() if isinstance(k, int) and k >= 500}
    others = {str(k): v for k, v in tally.failures.items() if k not in server_errors}
    return Report(tally.requests, tally.acknowledged, lost_writes(url, tally), server_errors,
                  others, counts["kills"], counts["restarts"])


def main() -> None:
    """Parse arguments, run and print; exit 1 on a lost write or a 500."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=120)
    parser.add_argument("--kill-every", type=float, default=15)
    parser.add_argument("--clients", type=int, default=6)
    parser.add_argument("--no-database-restart", action="store_true",
                        help="on PostgreSQL, skip the mid-run server restart")
    args = parser.parse_args()
    database_url = os.environ.get("DATABASE_URL")
    folder = tempfile.mkdtemp(prefix="planner-soak-")
    if database_url:
        from tests.support.databases import postgres_schema

        with postgres_schema(seed_url(database_url)) as url:
            report = run_soak(url, args.seconds, args.kill_every, args.clients,
                              restart_db=not args.no_database_restart)
    else:
        url = f"sqlite:///{folder}/soak.db"
        report = run_soak(url, args.seconds, args.kill_every, args.clients, restart_db=False)
    print(f"database: {'PostgreSQL' if database_url else 'SQLite'}, {args.seconds:.0f} s, "
          f"{args.clients} clients")
    print("\n".join(report.lines()))
    for line in report.lost[:20]:
        print("LOST", line)
    if report.lost or 500 in report.server_errors:
        sys.exit(1)


if __name__ == "__main__":
    main()
