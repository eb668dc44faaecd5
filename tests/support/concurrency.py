"""Running calls at the same instant, to show that check-then-write rules hold under a race."""

import threading
from contextlib import contextmanager

from sqlalchemy import event

from planner.extensions import db


def at_once(*calls):
    """Run each call in its own thread, released together; return their results in order."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(index, call):
        barrier.wait()
        results[index] = call()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


@contextmanager
def meeting_before(app, statement: str, parties: int):
    """On PostgreSQL, hold each of parties requests just before it runs a statement starting
    with statement, until all have read what they read before it: the race, every time.

    SQLite takes the write lock when a request's transaction begins, so there the requests
    cannot interleave at all and are left to run.
    """
    with app.app_context():
        engine = db.engine
    if engine.dialect.name != "postgresql":
        yield
        return
    barrier = threading.Barrier(parties, timeout=60)  # a bound on a hang, not a timing

    def wait(conn, cursor, text, *args):
        if text.lstrip().upper().startswith(statement):
            barrier.wait()

    event.listen(engine, "before_cursor_execute", wait)
    try:
        yield
    finally:
        event.remove(engine, "before_cursor_execute", wait)
