"""`make bench`: the hot paths under wrk, as ratios to a bare Flask endpoint in the same run.

    .venv/bin/python tests/perf/bench.py [--rounds 3] [--seconds 4] [--connections 8]

Seeds a SQLite database (a few hundred users with a recommended roadmap each, users of their
own with roadmaps of 5, 9, 50 and 200 milestones, 50 approved comments on every section of
the comparison article, one comment of each worst text shape of tests/perf/text_shapes.py at
full length in one thread of the micro-jobs guide), and copies of it with 0 and 500 comments
per section of the comparison. Serves each with gunicorn as `make run` does
(planner/serving.py), next to tests/perf/bare.py served the same way and to the signed-in
floor (tests/perf/floor.py: the planner app with routes that do nothing), warms each path up
for a second, and interleaves wrk runs: each round measures each path, with the bare endpoint
again before every other one; the two writing paths run again on a server with
SQLITE_SYNCHRONOUS=NORMAL, to show what durable commits cost. Prints requests per second, p50
and p99 latency, the ratio of medians to the bare endpoint and to the path's floor, the
targets, whether cost stays flat across sizes (the largest within 1.5x of the smallest), and
the SQL statements each path issues; writes the same to bench-results/bench.json. First, in
process, the time to render each worst text shape (tests/perf/render_text.py).
Timings belong here, never in a test.
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
from tests.perf import floor, render_text, seed, wrk  # noqa: E402
from tests.perf.servers import Server  # noqa: E402

SECRET = "bench-only-secret-key"
GET_FLOOR, POST_FLOOR = "signed-in GET floor", "signed-in POST floor"
FLAT = 1.5  # the largest size may cost at most this many times the smallest
COMMENT_SIZES = (0, 500)  # comments per section of the comparison, besides seed's 50


@dataclass(frozen=True)
class Path_:
    """One benchmarked path: its wrk script, the server it runs on, its floor and targets."""

    name: str
    target: float | None  # the ratio to bare to reach; None: measured and shown
    script: str
    server: str = "app"  # app, floor, normal (synchronous=NORMAL), comments-0, comments-500
    floor: str | None = GET_FLOOR  # the path whose cost this one pays before its own work
    same_as: str = ""  # the path whose SQL this one repeats
    group: str = ""  # paths of one group are one page at several sizes, smallest first
    p99_ms: float | None = None  # the p99 latency to stay under


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


def get_script(fixture: seed.Fixture, path: str, headers: dict | None = None,
               cookie: str | None = None) -> str:
    """GET path as the signed-in bench user (or the owner of cookie), with more headers."""
    signed = {"Cookie": cookie} if cookie else fixture.get_headers()
    return f"""
{lua_headers({**signed, **(headers or {})})}
request = function() return wrk.format("GET", {lua_string(path)}) end
"""


def anonymous_script(path: str) -> str:
    """GET path as a visitor who is not signed in."""
    return f"""
request = function() return wrk.format("GET", {lua_string(path)}) end
"""


def floor_post_script(fixture: seed.Fixture) -> str:
    """POST nothing but the CSRF token, the way htmx sends a form."""
    return f"""
{lua_headers(fixture.post_headers(htmx=True))}
request = function()
  return wrk.format("POST", {lua_string(floor.PATH)}, nil, "csrf_token={fixture.csrf}")
end
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
    """The hot paths of the issue with their targets, the floors and the sizes."""
    comparison = [
        Path_(f"comparison, {n} comments", 0.30 if n == seed.COMMENTS_PER_SECTION else None,
              anonymous_script(fixture.article_path),
              server="app" if n == seed.COMMENTS_PER_SECTION else f"comments-{n}", floor=None,
              same_as="comparison, 50 comments", group="comparison")
        for n in sorted((*COMMENT_SIZES, seed.COMMENTS_PER_SECTION))
    ]
    roadmaps = [
        Path_(f"roadmap, {size} milestones", {9: 0.15, 200: 0.10}.get(size),
              get_script(fixture, path, cookie=cookie), group="roadmap")
        for size, (cookie, path) in sorted(fixture.sized_roadmaps.items())
    ]
    return [
        Path_(GET_FLOOR, 0.35, get_script(fixture, floor.PATH), server="floor", floor=None),
        Path_(POST_FLOOR, 0.30, floor_post_script(fixture), server="floor", floor=None),
        Path_("status change", 0.25, status_change_script(fixture), floor=POST_FLOOR),
        *roadmaps,
        *comparison,
        Path_("thread, htmx, 50", 0.20,
              get_script(fixture, fixture.comment_path, seed.thread_headers(fixture))),
        # The thread's own page, as a link without JavaScript opens it.
        Path_("comment thread page", None, get_script(fixture, fixture.comment_path)),
        # Fifteen comments of 65,525 characters each: a page no real thread looks like, here
        # to show that the worst texts cost what their length costs, and no more.
        Path_("worst comment texts", None, get_script(fixture, fixture.worst_path)),
        Path_("comment post", 0.15, comment_post_script(fixture), floor=POST_FLOOR, p99_ms=50),
        # What durable commits cost: the two writing paths again with synchronous=NORMAL.
        Path_("status, sync NORMAL", None, status_change_script(fixture), server="normal",
              floor=POST_FLOOR, same_as="status change"),
        Path_("comment, sync NORMAL", None, comment_post_script(fixture), server="normal",
              floor=POST_FLOOR, same_as="comment post"),
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


def servers(env: dict, copies: dict[int, str]) -> dict[str, Server]:
    """The servers the paths name, gunicorn as make run serves the app."""
    found = {
        "app": Server("wsgi:app", env=env),
        "floor": Server("tests.perf.floor:make_app()", env=env),
        "normal": Server("wsgi:app", env={**env, "SQLITE_SYNCHRONOUS": "NORMAL"}),
    }
    for n, url in copies.items():
        found[f"comments-{n}"] = Server("wsgi:app", env={**env, "DATABASE_URL": url})
    return found


def run(args) -> dict:
    """Seed, serve, measure; return the results."""
    folder = Path(tempfile.mkdtemp(prefix="planner-bench-"))
    database_url = f"sqlite:///{folder / 'bench.db'}"
    env = seed.server_env(database_url, SECRET)
    fixture = seed.prepare(database_url, SECRET, users=args.users, worst_texts=True, sized=True)
    copies = {n: seed.with_comments_per_section(database_url, SECRET, folder / f"c{n}.db", n)
              for n in COMMENT_SIZES}
    paths = bench_paths(fixture)
    runs: dict[str, list[wrk.Result]] = {p.name: [] for p in paths}
    bare_runs: list[wrk.Result] = []
    # The bare app is no planner app (no start-up check), but runs on the same kind of workers.
    bare = Server("tests.perf.bare:app", config=None, options=[
        "--worker-class", serving.worker_class, "--threads", str(serving.threads)])
    live = {"bare": bare}
    try:
        bare.start()
        for name, server in servers(env, copies).items():
            live[name] = server.start()
        for path in paths:  # first requests compile templates and fill caches: not measured
            wrk.run(live[path.server].url + "/", seconds=1, connections=2, script=path.script)
        for round_number in range(1, args.rounds + 1):
            for n, path in enumerate(paths):
                if n % 2 == 0:  # the yardstick, again before every other path
                    bare_runs.append(measure(bare, "", args))
                runs[path.name].append(measure(live[path.server], path.script, args))
            print(f"round {round_number}/{args.rounds} done", file=sys.stderr)
    finally:
        for server in live.values():
            server.stop()
    queries = seed.count_queries(database_url, SECRET, fixture)
    return summarize_all(paths, runs, bare_runs, queries, args.connections)


def summarize_all(paths: list[Path_], runs: dict, bare_runs: list, queries: dict,
                  connections: int) -> dict:
    """Medians, ratios to bare and to each path's floor, and flatness across sizes."""
    bare_summary = summarize(bare_runs)
    results = {"bare": bare_summary, "paths": {}, "connections": connections,
               "rounds": len(runs[paths[0].name])}
    for path in paths:
        summary = summarize(runs[path.name])
        summary["ratio"] = summary["rps"] / bare_summary["rps"]
        summary.update(target=path.target, p99_target=path.p99_ms, floor=path.floor,
                       queries=queries.get(path.same_as or path.name))
        results["paths"][path.name] = summary
    for path in paths:
        row = results["paths"][path.name]
        row["floor_ratio"] = (row["rps"] / results["paths"][path.floor]["rps"]
                              if path.floor else None)
    groups: dict[str, list[str]] = {}
    for path in paths:
        if path.group:
            groups.setdefault(path.group, []).append(path.name)
    for names in groups.values():
        smallest, largest = results["paths"][names[0]], results["paths"][names[-1]]
        growth = smallest["rps"] / largest["rps"]
        largest["flat"] = {"growth": growth, "flat": growth <= FLAT}
    return results


def print_table(results: dict) -> None:
    """The human-readable table: each path against bare, its floor and its targets."""
    bare = results["bare"]
    print(f"\n{'path':<26}{'req/s':>8}{'p50 ms':>8}{'p99 ms':>8}{'/bare':>7}{'target':>8}"
          f"{'/floor':>8}{'flat':>11}{'queries':>8}{'errors':>7}")
    print(f"{'bare endpoint':<26}{bare['rps']:>8.0f}{bare['p50_ms']:>8.2f}{bare['p99_ms']:>8.2f}"
          f"{1:>7.2f}{'':>8}{'':>8}{'':>11}{0:>8}{bare['errors']:>7}")
    for name, row in results["paths"].items():
        floor_ratio = "-" if row["floor_ratio"] is None else f"{row['floor_ratio']:.2f}"
        queries = "-" if row["queries"] is None else row["queries"]
        print(f"{name:<26}{row['rps']:>8.0f}{row['p50_ms']:>8.2f}{row['p99_ms']:>8.2f}"
              f"{row['ratio']:>7.3f}{target_cell(row):>8}{floor_ratio:>8}{flat_cell(row):>11}"
              f"{queries:>8}{row['errors']:>7}  {verdict(row)}")
    print(f"\nmedians of {results['rounds']} interleaved rounds, {results['connections']} "
          f"connections, gunicorn as make run serves it, on SQLite (synchronous=FULL unless "
          f"the path says NORMAL). /floor: the ratio to the signed-in GET floor, or to the "
          f"POST floor for posts; flat: the largest size's cost against the smallest's "
          f"(within {FLAT}x); *: a p99 to stay under too (p99_target in the JSON). "
          f"Comparison pages are read signed out.")


def target_cell(row: dict) -> str:
    """The ratio to reach, starred when a p99 to stay under comes with it."""
    if row["target"] is None:
        return "-"
    return f"{row['target']:.2f}" + ("*" if row["p99_target"] else "")


def flat_cell(row: dict) -> str:
    """On the largest size of a group: how many times the smallest size's cost it has."""
    flat = row.get("flat")
    if flat is None:
        return ""
    return f"{'yes' if flat['flat'] else 'no'} {flat['growth']:.2f}x"


def verdict(row: dict) -> str:
    """ok when the path reaches its targets, below when not; "" without any."""
    if row["target"] is None:
        return ""
    fine = row["ratio"] >= row["target"] and (
        row["p99_target"] is None or row["p99_ms"] < row["p99_target"])
    return "ok" if fine else "below"


def main() -> None:
    """Parse arguments, run, print and save."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=int, default=4)
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
