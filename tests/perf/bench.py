"""`make bench`: the hot paths under wrk, as ratios to a bare Flask endpoint in the same run.

    .venv/bin/python tests/perf/bench.py [--rounds 3] [--seconds 5] [--connections 8]

Seeds a SQLite database (a few hundred users with a recommended roadmap each, 50 approved
comments on every section of the comparison article, one comment of each worst text shape of
tests/perf/text_shapes.py at full length in one thread of the micro-jobs guide), serves it with
gunicorn as `make run` does (planner/serving.py) next to tests/perf/bare.py served the same way, and
interleaves wrk runs: each round measures the bare endpoint, then each path; the two writing
paths run again on a server with SQLITE_SYNCHRONOUS=NORMAL, to show what durable commits cost.
Prints requests per second, p50 and p99 latency and the ratio of medians to the bare
endpoint, plus the SQL statements each path issues; writes the same to
bench-results/bench.json. First, in process, the time to render each worst text shape
(tests/perf/render_text.py). Timings belong here, never in a test.
"""

import argparse
import json
import os
import statistics
import sys
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from planner import serving  # noqa: E402
from tests.perf import render_text, seed, wrk  # noqa: E402
from tests.perf.servers import Server  # noqa: E402

SECRET = "bench-only-secret-key"


@dataclass(frozen=True)
class Path_:
    """One benchmarked path: its wrk script and the ratio it should reach."""

    name: str
    target: float | None  # None: measured and shown, with no ratio to reach
    script: str
    url_path: str = "/"
    synchronous: str = "FULL"  # SQLite's durability setting of the server measured
    same_as: str = ""  # the path whose SQL this one repeats


def lua_string(value: str) -> str:
    """A Lua string literal."""
    return json.dumps(value)


def lua_headers(headers: dict[str, str]) -> str:
    """Lua lines setting wrk's default headers."""
    return "\n".join(f"wrk.headers[{lua_string(k)}] = {lua_string(v)}" for k, v in headers.items())


def status_change_script(fixture: seed.Fixture) -> str:
    """POST a wanted status, rotating over milestones so every request changes a row."""
    paths = ", ".join(lua_string(p) for p in fixture.status_paths)
    return f"""
{lua_headers(fixture.post_headers(htmx=True))}
wrk.method = "POST"
local paths = {{{paths}}}
local statuses = {{"done", "doing"}}
local n = 0
request = function()
  n = n + 1
  local path = paths[(n % #paths) + 1]
  local status = statuses[(math.floor(n / #paths) % 2) + 1]
  return wrk.format("POST", path, nil, "csrf_token={fixture.csrf}&status=" .. status)
end
"""


def get_script(fixture: seed.Fixture, path: str) -> str:
    """GET path as the signed-in bench user."""
    return f"""
{lua_headers(fixture.get_headers())}
request = function() return wrk.format("GET", {lua_string(path)}) end
"""


def comment_post_script(fixture: seed.Fixture) -> str:
    """POST a new, unique comment as a trusted author, the way htmx sends the reply form."""
    return f"""
{lua_headers(fixture.post_headers(htmx=True))}
local n = 0
local threads = 0
setup = function(thread) threads = threads + 1; thread:set("thread_id", threads) end
request = function()
  n = n + 1
  -- Unique per thread, per run and per request: an exact repeat would be refused with 409.
  local text = "Bench+comment+" .. thread_id .. "-" .. os.time() .. "-" .. n
  return wrk.format("POST", {lua_string(fixture.comment_path)}, nil,
    "csrf_token={fixture.csrf}&comment=" .. text)
end
"""


def bench_paths(fixture: seed.Fixture) -> list[Path_]:
    """The four hot paths of the issue, with their targets."""
    return [
        Path_("status change", 0.30, status_change_script(fixture)),
        Path_("roadmap page", 0.30, get_script(fixture, fixture.roadmap_path)),
        Path_("comparison article", 0.15, get_script(fixture, fixture.article_path)),
        # The article folds its threads behind a count; a thread of 50 is a page of its own.
        Path_("comment thread", None, get_script(fixture, fixture.comment_path)),
        # Fifteen comments of 65,525 characters each: a page no real thread looks like, here
        # to show that the worst texts cost what their length costs, and no more.
        Path_("worst comment texts", None, get_script(fixture, fixture.worst_path)),
        Path_("comment post", 0.25, comment_post_script(fixture)),
        # What durable commits cost: the two writing paths again with synchronous=NORMAL.
        Path_("status, sync NORMAL", None, status_change_script(fixture), synchronous="NORMAL",
              same_as="status change"),
        Path_("comment, sync NORMAL", None, comment_post_script(fixture), synchronous="NORMAL",
              same_as="comment post"),
    ]


def measure(server: Server, script: str, args) -> wrk.Result:
    """One wrk run against server."""
    return wrk.run(server.url + "/", seconds=args.seconds, connections=args.connections,
                   script=script)


def summarize(runs: list[wrk.Result]) -> dict:
    """Medians over the rounds, with the error counts summed."""
    return {
        "rps": statistics.median(r.requests_per_second for r in runs),
        "p50_ms": statistics.median(r.p50_ms for r in runs),
        "p99_ms": statistics.median(r.p99_ms for r in runs),
        "requests": sum(r.requests for r in runs),
        "errors": sum(r.non_2xx_3xx + r.socket_errors for r in runs),
        "rounds": [asdict(r) for r in runs],
    }


def run(args) -> dict:
    """Seed, serve, measure; return the results."""
    folder = Path(tempfile.mkdtemp(prefix="planner-bench-"))
    database_url = f"sqlite:///{folder / 'bench.db'}"
    env = seed.server_env(database_url, SECRET)
    fixture = seed.prepare(database_url, SECRET, users=args.users, worst_texts=True)
    paths = bench_paths(fixture)
    runs: dict[str, list[wrk.Result]] = {p.name: [] for p in paths}
    bare_runs: list[wrk.Result] = []
    normal_env = {**env, "SQLITE_SYNCHRONOUS": "NORMAL"}
    # The bare app is no planner app (no start-up check), but runs on the same kind of workers.
    bare_server = Server("tests.perf.bare:app", config=None, options=[
        "--worker-class", serving.worker_class, "--threads", str(serving.threads)])
    with Server("wsgi:app", env=env) as app_server, bare_server as bare, \
            Server("wsgi:app", env=normal_env) as normal_server:
        servers = {"FULL": app_server, "NORMAL": normal_server}
        for round_number in range(1, args.rounds + 1):
            for path in paths:
                bare_runs.append(measure(bare, "", args))
                runs[path.name].append(measure(servers[path.synchronous], path.script, args))
            print(f"round {round_number}/{args.rounds} done", file=sys.stderr)
    queries = seed.count_queries(database_url, SECRET, fixture)
    bare_summary = summarize(bare_runs)
    results = {"bare": bare_summary, "paths": {}, "connections": args.connections}
    for path in paths:
        summary = summarize(runs[path.name])
        summary["ratio"] = summary["rps"] / bare_summary["rps"]
        summary["target"] = path.target
        summary["queries"] = queries[path.same_as or path.name]
        results["paths"][path.name] = summary
    return results


def print_table(results: dict) -> None:
    """The human-readable table."""
    bare = results["bare"]
    print(f"\n{'path':<22}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}{'ratio':>8}{'target':>8}"
          f"{'queries':>9}{'errors':>8}")
    print(f"{'bare endpoint':<22}{bare['rps']:>9.0f}{bare['p50_ms']:>9.2f}{bare['p99_ms']:>9.2f}"
          f"{1:>8.2f}{'':>8}{0:>9}{bare['errors']:>8}")
    for name, row in results["paths"].items():
        target = row["target"]
        verdict = "" if target is None else "ok" if row["ratio"] >= target else "below"
        shown = "-" if target is None else f"{target:.2f}"
        print(f"{name:<22}{row['rps']:>9.0f}{row['p50_ms']:>9.2f}{row['p99_ms']:>9.2f}"
              f"{row['ratio']:>8.3f}{shown:>8}{row['queries']:>9}{row['errors']:>8}"
              f"  {verdict}")
    print(f"\nmedians of {len(bare['rounds']) // len(results['paths'])} interleaved rounds, "
          f"{results['connections']} connections, gunicorn as make run serves it, on SQLite "
          f"(synchronous=FULL unless the path says NORMAL)")


def main() -> None:
    """Parse arguments, run, print and save."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--users", type=int, default=300)
    parser.add_argument("--output", default=str(ROOT / "bench-results" / "bench.json"))
    args = parser.parse_args()
    if not wrk.available():
        sys.exit(wrk.INSTALL_HINT)
    text_results = render_text.measure(runs=5)
    render_text.print_table(text_results)
    results = run(args)
    results["comment text"] = text_results
    print_table(results)
    output = Path(args.output)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(results, indent=2))
    print(f"written to {output}")


if __name__ == "__main__":
    os.environ.setdefault("APP_ENV", "production")
    main()
