"""How the served app lives through a frozen PostgreSQL: time to 503, time to recover.

    .venv/bin/python tests/perf/freeze.py [--wait 5] [--frozen-for 30] [--at-once 8]

A PostgreSQL of the script's own (never the machine's shared one) is seeded and served by
gunicorn with make run's settings and DATABASE_WAIT_SECONDS=--wait. Then every process of the
server is SIGSTOPped: its kernel still accepts connections and acknowledges what is sent, so
nothing but the app's own deadline ends a request's wait. As many requests as the workers
have threads go at once (--at-once), then one a second, signed in on a roadmap page and
anonymous on the comparison article; after --frozen-for seconds the server is resumed
(SIGCONT) and requests follow until one is served. Timings, so not a test:
tests/web/test_frozen_database.py holds the behaviour. Loopback traffic only, bounded in time.
"""

import argparse
import statistics
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.perf import seed  # noqa: E402
from tests.perf.servers import Server  # noqa: E402
from tests.support.postgres_server import PostgresServer, postgres_bin  # noqa: E402

SECRET = "freeze-only-secret-key"
THREADS = 8  # make run's 2 gthread workers with 4 threads each
HANG = 60  # seconds: a request still unanswered then is counted as hung


def get(url: str, headers: dict) -> tuple[int | str, float]:
    """GET url: the status (or the error's name) and the seconds it took."""
    started = time.monotonic()
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=HANG) as answer:
            status = answer.status
    except urllib.error.HTTPError as error:
        status = error.code
    except OSError as error:
        status = type(error).__name__
    return status, time.monotonic() - started


def burst(urls: list[tuple[str, dict]]) -> list[tuple[int | str, float]]:
    """The requests all at once, each from its own thread."""
    results: list = [None] * len(urls)

    def send(n: int) -> None:
        results[n] = get(*urls[n])

    threads = [threading.Thread(target=send, args=(n,)) for n in range(len(urls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def describe(label: str, results: list[tuple[int | str, float]]) -> str:
    """One line: how many answered what, and the fastest, median and slowest answer."""
    statuses = {}
    for status, _ in results:
        statuses[status] = statuses.get(status, 0) + 1
    times = [t for _, t in results]
    return (f"| {label:<44} | {len(results):>3} | {statuses!s:<18} | {min(times):6.2f} | "
            f"{statistics.median(times):6.2f} | {max(times):6.2f} |")


def measure(postgres: PostgresServer, wait: int, frozen_for: float,
            at_once: int = THREADS) -> list[str]:
    """Seed, serve, freeze, resume; the table of what the clients saw."""
    fixture = seed.prepare(postgres.url, SECRET, users=20)
    env = {**seed.server_env(postgres.url, SECRET), "DATABASE_WAIT_SECONDS": str(wait),
           "TASK_QUEUE_URL": f"sqlite:///{tempfile.mkdtemp(prefix='planner-freeze-')}/q.db"}
    signed_in = {"Cookie": fixture.cookie}
    with Server("wsgi:app", env=env, workers=2) as server:
        roadmap = (server.url + fixture.roadmap_path, signed_in)
        article = (server.url + fixture.article_path, {})
        mixed = [roadmap if n % 2 else article for n in range(at_once)]
        warm = burst(mixed * 2)
        postgres.freeze()
        frozen_at = time.monotonic()
        first = burst(mixed)
        later = []
        while time.monotonic() - frozen_at < frozen_for:
            later.append(get(*mixed[len(later) % 2]))
            time.sleep(max(0.0, 1 - later[-1][1]))
        postgres.thaw()
        thawed_at = time.monotonic()
        recovery = []
        while not recovery or recovery[-1][0] != 200:
            recovery.append(get(*roadmap))
            if time.monotonic() - thawed_at > HANG:
                break
        recovered = time.monotonic() - thawed_at
        after = burst(mixed * 2)
    header = (f"| {'DATABASE_WAIT_SECONDS=' + str(wait):<44} |   n | {'answers':<18} | "
              f"{'fast':>6} | {'median':>6} | {'slow':>6} |")
    return [
        header, f"|{'-' * 46}|----:|{'-' * 20}|-------:|-------:|-------:|",
        describe("before: served normally", warm),
        describe(f"frozen: {at_once} at once", first),
        describe("frozen: one a second after that", later),
        describe("resumed: until the first 200", recovery),
        describe("resumed: then all at once", after),
        f"time from SIGCONT to the first page served: {recovered:.2f} s",
    ]


def main() -> None:
    """Parse arguments, measure, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wait", type=int, default=5, help="DATABASE_WAIT_SECONDS")
    parser.add_argument("--frozen-for", type=float, default=30)
    parser.add_argument("--at-once", type=int, default=THREADS,
                        help="requests sent together on freezing (default: every thread)")
    args = parser.parse_args()
    binaries = postgres_bin() or sys.exit("needs PostgreSQL's initdb and postgres")
    with PostgresServer(binaries) as postgres:
        print("\n".join(measure(postgres, args.wait, args.frozen_for, args.at_once)))


if __name__ == "__main__":
    main()
