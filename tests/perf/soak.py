"""`make soak`: every kind of write while workers, PostgreSQL and Redis crash; nothing lost.

    .venv/bin/python tests/perf/soak.py [--seconds 120] [--kill-every 15] [--clients 6]
        [--postgres [--no-database-restart]] [--redis]

Signed-in members build roadmaps, add, tick, edit and delete milestones, post comments and
register accounts, and an admin moderates the comments, each as a browser would (form tokens
and idempotency keys read from the pages), repeating a write until it is answered. Meanwhile
each gunicorn worker kills itself right after the COMMIT of a random one of its writes, before
answering (tests/perf/soak_server.py), and another is killed every --kill-every seconds. The
database is SQLite, or with --postgres a PostgreSQL server of the soak's own (initdb into a
temporary folder, on a free port), crashed and restarted in immediate mode; with --redis the
rate limiter and the task queue (and its worker) use a redis-server of the soak's own, which is
killed and started again. The machine's shared servers are never touched. At the end every
acknowledged write is looked for in the database, and duplicates and half-made data are
counted (tests/perf/soak_check.py). Exit 1 on any lost, duplicated or half-made write, any
500, or a 5xx ("try again") answering a write that was saved. Loopback traffic only, bounded
in time.
"""

import argparse
import os
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

import sqlalchemy as sa  # noqa: E402

from tests.perf import seed, soak_faults  # noqa: E402
from tests.perf.servers import Server  # noqa: E402
from tests.perf.soak_check import Ledger, Outcomes, check  # noqa: E402
from tests.perf.soak_clients import SIGN_IN, Admin, Member, Person  # noqa: E402
from tests.perf.soak_http import Browser  # noqa: E402
from tests.support.postgres_server import PostgresServer, postgres_bin  # noqa: E402
from tests.support.redis_server import RedisServer, redis_binary  # noqa: E402

SECRET = "soak-only-secret-key"
CONSUMER = Path(sys.executable).parent / "huey_consumer"
COMMIT_KILLS = "worker kills right after a COMMIT (SIGKILL)"


@dataclass
class Report:
    """The figures printed at the end, and what decides the exit status."""

    title: str
    requests: int
    acknowledged: Counter
    faults: Counter
    outcomes: Outcomes
    server_errors: dict[int, int]
    unanswered: dict[str, int]
    refused: Counter
    unknown: Counter
    saved_but_5xx: Counter = field(default_factory=Counter)
    server_log: Path | None = None

    @property
    def writes(self) -> Counter:
        """Acknowledged writes by kind."""
        return Counter({k: n for k, n in self.acknowledged.items() if k != SIGN_IN})

    @property
    def failed(self) -> bool:
        """True on any lost, duplicated or half-made write, any 500, or a 5xx after a commit."""
        o = self.outcomes
        return bool(o.lost or o.duplicated or o.half_made or self.server_errors.get(500)
                    or self.saved_but_5xx)

    def lines(self) -> list[str]:
        """The report as a table."""
        def row(label: str, value) -> str:
            return f"| {label:<46} | {value!s:>8} |"

        out = [self.title, row("", "count"), f"|{'-' * 48}|{'-' * 9}:|",
               row("requests", self.requests),
               row("acknowledged writes", sum(self.writes.values()))]
        out += [row(f"  {kind}", n) for kind, n in sorted(self.writes.items())]
        out.append(row("sign-ins with a new account (not a write)",
                       self.acknowledged[SIGN_IN]))
        out.append(row("faults injected", sum(self.faults.values())))
        out += [row(f"  {kind}", n) for kind, n in sorted(self.faults.items())]
        out += [row("lost writes", len(self.outcomes.lost)),
                row("duplicated writes", len(self.outcomes.duplicated)),
                row("half-made writes", len(self.outcomes.half_made)),
                row("5xx answers", sum(self.server_errors.values()))]
        out += [row(f"  {code}", n) for code, n in sorted(self.server_errors.items())]
        out.append(row("5xx answers to a write that was saved", sum(self.saved_but_5xx.values())))
        out += [row(f"  {kind}", n) for kind, n in sorted(self.saved_but_5xx.items())]
        out.append(row("unanswered tries (worker died, repeated)", sum(self.unanswered.values())))
        out += [row(f"  {name}", n) for name, n in sorted(self.unanswered.items())]
        out.append(row("writes refused (final 4xx)", sum(self.refused.values())))
        out += [row(f"  {kind} {code}", n) for (kind, code), n in sorted(self.refused.items())]
        out.append(row("writes never answered in time", sum(self.unknown.values())))
        for label, items in (("LOST", self.outcomes.lost), ("DUPLICATED", self.outcomes.duplicated),
                             ("HALF-MADE", self.outcomes.half_made)):
            out += [f"{label} {item}" for item in items[:20]]
        if self.failed and self.server_log:
            out.append(f"server log: {self.server_log}")
        return out


@dataclass
class Soak:
    """A finished run: its report, and what the check needs to run again on the database."""

    report: Report
    ledger: Ledger
    template_steps: dict[str, list[tuple[str, str]]] = field(default_factory=dict)


def seed_url(database_url: str) -> str:
    """The SQLAlchemy form of a database URL (psycopg 3 for PostgreSQL)."""
    import config

    return config.database_url(database_url)


def template_steps(url: str) -> dict[str, list[tuple[str, str]]]:
    """For each builder template, the (track, step key) milestones it must create, in order."""
    from planner.roadmaps import rules, service

    library = seed.make_app(url, SECRET).extensions["library"]
    return {
        template.name: [(track, step.key) for track in template.tracks
                        for step in service.guide_for_track(library, track).steps]
        for template in rules.TEMPLATES
    }


def people(url: str, count: int, port: int) -> list[Person]:
    """Seed count members and one admin (the last), signed in, with their milestones."""
    from planner.accounts.models import ROLE_ADMIN

    seed.prepare(url, SECRET, users=count + 1)
    fixtures = seed.sign_in_all(url, SECRET, count + 1)
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        conn.execute(sa.text("UPDATE users SET role = :role WHERE username = :name"),
                     {"role": ROLE_ADMIN, "name": f"bench{count}"})
        titles = dict(conn.execute(sa.text("SELECT id, title FROM milestones")).all())
    engine.dispose()
    return [
        Person(Browser(port, dict([f.cookie.split("=", 1)]), f.csrf), f.roadmap_id,
               {m: titles[m] for m in f.milestone_ids}, f.comment_path)
        for f in fixtures
    ]


def server_env(url: str, folder: Path, redis_url: str | None, kill_after: str) -> dict:
    """The app's environment: production, the soak's crash armed, Redis when asked for."""
    env = {**seed.server_env(url, SECRET),
           "SOAK_KILL_AFTER_COMMITS": kill_after,
           "SOAK_FAULT_LOG": str(folder / "faults.log"),
           "TASK_QUEUE_URL": f"sqlite:///{folder / 'tasks.db'}",
           "RATELIMIT_STORAGE_URI": f"sqlite:///{folder / 'ratelimits.sqlite'}",
           "RATELIMIT_KEY_PREFIX": f"soak-{uuid.uuid4().hex[:8]}"}
    if redis_url:
        env.update(TASK_QUEUE_URL=redis_url, RATELIMIT_STORAGE_URI=redis_url)
    return env


def start_consumer(env: dict, log: Path) -> subprocess.Popen:
    """The task queue's worker, as `make run` starts it."""
    with log.open("ab") as output:
        return subprocess.Popen([str(CONSUMER), "wsgi.huey", "--workers", "1"], cwd=ROOT,
                                env={**os.environ, **env, "PYTHONPATH": str(ROOT)},
                                stdout=output, stderr=subprocess.STDOUT)


def run_soak(database_url: str, seconds: float, kill_every: float, clients: int,
             postgres: PostgresServer | None = None, redis: RedisServer | None = None,
             kill_after: str = "20-80", folder: Path | None = None) -> Soak:
    """Seed, serve, write under faults, then check every acknowledged write.

    postgres: the server behind database_url, crashed and restarted once; redis: the server
    the limiter and the queue use, killed and started again once. Both are the soak's own.
    """
    url = seed_url(database_url)
    folder = folder or Path(tempfile.mkdtemp(prefix="planner-soak-"))
    redis_url = redis.url() if redis else None
    server = Server("wsgi:app", env=server_env(url, folder, redis_url, kill_after),
                    log=folder / "server.log", config="python:tests.perf.soak_server")
    members = people(url, clients, server.port)
    steps = template_steps(url)
    ledger = Ledger()
    faults: Counter = Counter()
    consumer = start_consumer(server.env, folder / "consumer.log") if redis else None
    try:
        with server:
            deadline = time.monotonic() + seconds
            runners = [Member(p, ledger, n) for n, p in enumerate(members[:-1])]
            runners.append(Admin(members[-1], ledger, clients))
            threads = [threading.Thread(target=r.run, args=(deadline,)) for r in runners]
            for thread in threads:
                thread.start()
            try:
                soak_faults.inject(server, deadline, kill_every, postgres, redis, faults)
            finally:
                for thread in threads:
                    thread.join()
    finally:
        if consumer:
            consumer.terminate()
            consumer.wait(timeout=30)
    faults[COMMIT_KILLS] = soak_faults.commit_kills(folder / "faults.log")
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        outcomes = check(conn, ledger, steps)
    engine.dispose()
    kind = "PostgreSQL" if url.startswith("postgresql") else "SQLite"
    title = (f"database: {kind}, {seconds:.0f} s, {clients} members + 1 admin, "
             f"Redis: {'yes' if redis_url else 'no'}")
    answers = ledger.answers
    report = Report(
        title, ledger.requests, ledger.acknowledged, faults, outcomes,
        {code: n for code, n in answers.items() if isinstance(code, int) and code >= 500},
        {name: n for name, n in answers.items() if isinstance(name, str)},
        ledger.refused, ledger.unknown, ledger.saved_but_5xx, folder / "server.log",
    )
    return Soak(report, ledger, steps)


def main() -> None:
    """Parse arguments, run and print; exit 1 when the run failed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=120)
    parser.add_argument("--kill-every", type=float, default=15)
    parser.add_argument("--clients", type=int, default=6, help="members (plus one admin)")
    parser.add_argument("--kill-after-commits", default="40-160",
                        help="each worker dies after a random one of this many writing commits")
    parser.add_argument("--postgres", action="store_true",
                        help="on a PostgreSQL server of the soak's own, crashed mid-run")
    parser.add_argument("--no-database-restart", action="store_true",
                        help="with --postgres, skip the mid-run crash and restart")
    parser.add_argument("--redis", action="store_true",
                        help="rate limits and the task queue in a Redis of the soak's own, "
                             "killed mid-run")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="planner-soak-"))
    options = {"seconds": args.seconds, "kill_every": args.kill_every, "clients": args.clients,
               "kill_after": args.kill_after_commits, "folder": folder}
    with ExitStack() as stack:
        if args.redis:
            binary = redis_binary() or sys.exit("--redis needs redis-server (apt-get install "
                                                "redis-server)")
            options["redis"] = stack.enter_context(RedisServer(binary, folder / "redis.log"))
        if args.postgres:
            binaries = postgres_bin() or sys.exit("--postgres needs PostgreSQL's initdb and "
                                                  "postgres (apt-get install postgresql)")
            postgres = stack.enter_context(PostgresServer(binaries))
            soak = run_soak(postgres.url, postgres=None if args.no_database_restart
                            else postgres, **options)
        else:
            soak = run_soak(f"sqlite:///{folder}/soak.db", **options)
    print("\n".join(soak.report.lines()))
    if soak.report.failed:
        sys.exit(1)


if __name__ == "__main__":
    main()
