"""Where each benchmarked path spends its time, profiled in process.

    .venv/bin/python tests/perf/profile_paths.py [--requests 200] [--top 5] [--path NAME]

Seeds a database as `make bench` does, then sends each path's request through the WSGI app
(no server, no network) under cProfile, and prints the functions with the most time spent
inside them and below them, grouped the way the issue reads them: the rest of each path's time
is the framework around it. Timings belong here, never in a test.
"""

import argparse
import cProfile
import os
import pstats
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.perf import floor, seed  # noqa: E402

SECRET = "profile-only-secret-key"
# Where time goes, by the function that owns it (module path fragment, function name).
BUCKETS = {
    "load the user": [("flask_login/utils.py", "_get_user"), ("flask_login/login_manager.py",
                                                              "_load_user")],
    "open the session": [("flask/sessions.py", "open_session")],
    "save the session": [("flask/sessions.py", "save_session")],
    "CSRF check": [("flask_wtf/csrf.py", "protect")],
    "CSRF token": [("flask_wtf/csrf.py", "generate_csrf")],
    "rate limiter": [("flask_limiter/extension.py", "_check_request_limit")],
    "render templates": [("flask/templating.py", "render_template")],
    "SQL execute": [("sqlalchemy/engine/base.py", "_execute_context")],
    "statement compile": [("sqlalchemy/sql/elements.py", "_compile_w_cache")],
    "commit": [("sqlalchemy/orm/session.py", "commit")],
    "url_for": [("flask/app.py", "url_for")],
    "WTForms widgets": [("wtforms/fields/core.py", "__call__")],
    "compress": [("flask_compress/flask_compress.py", "after_request")],
}


def calls(fixture: seed.Fixture):
    """name -> (method, path, data, headers, cookie) of each path, named as bench.py names
    them; cookie is the session cookie to send ("" for a visitor)."""
    htmx = {"X-CSRFToken": fixture.csrf, "HX-Request": "true"}
    found = {
        "signed-in GET floor": ("GET", floor.PATH, None, {}, fixture.cookie),
        "signed-in POST floor": ("POST", floor.PATH, None, htmx, fixture.cookie),
        "status change": ("POST", fixture.status_paths[0], {"status": "done"}, htmx,
                          fixture.cookie),
    }
    for size, (cookie, path) in sorted(fixture.sized_roadmaps.items()):
        found[f"roadmap, {size} milestones"] = ("GET", path, None, {}, cookie)
    found.update({
        "comparison, 50 comments": ("GET", fixture.article_path, None, {}, ""),
        "thread, htmx, 50": ("GET", fixture.comment_path, None, seed.thread_headers(fixture),
                             fixture.cookie),
        "comment thread page": ("GET", fixture.comment_path, None, {}, fixture.cookie),
        "comment post": ("POST", fixture.comment_path, None, htmx, fixture.cookie),
    })
    return found


def profile(app, name: str, call, requests: int) -> pstats.Stats:
    """Profile requests repeats of one call."""
    method, path, data, headers, cookie = call
    client = app.test_client()
    if cookie:
        cookie_name, value = cookie.split("=", 1)
        client.set_cookie(cookie_name, value, domain="localhost")
    statuses = ("done", "doing")

    def once(n: int):
        form = data
        if name == "comment post":
            form = {"comment": f"Profiled comment number {n} of this run."}
        elif data is not None:
            form = {"status": statuses[n % 2]}
        response = client.open(path, method=method, data=form, headers=headers,
                               base_url="http://localhost")
        if response.status_code >= 400:
            raise RuntimeError(f"{name} answered {response.status_code}")

    for n in range(10):  # warm the caches first
        once(n)
    profiler = cProfile.Profile()
    profiler.enable()
    for n in range(10, 10 + requests):
        once(n)
    profiler.disable()
    return pstats.Stats(profiler)


def bucket_times(stats: pstats.Stats) -> dict[str, float]:
    """Cumulative seconds of each bucket's functions."""
    found = {}
    for (filename, _line, function), (_cc, _nc, _tt, cumulative, _callers) in \
            stats.stats.items():
        for bucket, owners in BUCKETS.items():
            if any(filename.endswith(part) and function == name for part, name in owners):
                found[bucket] = found.get(bucket, 0.0) + cumulative
    return found


def total_time(stats: pstats.Stats) -> float:
    """The whole profiled time."""
    return stats.total_tt


def main() -> None:
    """Seed, profile each path, print the buckets and the top functions."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--top", type=int, default=5)
    parser.add_argument("--path", action="append", help="profile only these paths")
    parser.add_argument("--users", type=int, default=50)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="planner-profile-"))
    database_url = f"sqlite:///{folder / 'profile.db'}"
    fixture = seed.prepare(database_url, SECRET, users=args.users, sized=True)
    app = floor.add_floor(seed.make_app(database_url, SECRET))
    for name, call in calls(fixture).items():
        if args.path and name not in args.path:
            continue
        stats = profile(app, name, call, args.requests)
        total = total_time(stats)
        print(f"\n## {name}: {total / args.requests * 1000:.2f} ms a request (profiled)")
        for bucket, seconds in sorted(bucket_times(stats).items(), key=lambda kv: -kv[1]):
            print(f"  {bucket:<20}{seconds / total * 100:>6.1f} %")
        print("  top functions by own time:")
        stats.sort_stats("tottime")
        width = args.top
        for (filename, line, function), row in sorted(
                stats.stats.items(), key=lambda kv: -kv[1][2])[:width]:
            print(f"    {row[2] / total * 100:>5.1f} %  {function} ({Path(filename).name}:{line})")


if __name__ == "__main__":
    os.environ.setdefault("APP_ENV", "production")
    main()
