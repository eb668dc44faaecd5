"""The task queue (Huey): mail leaves the request here and is sent by the worker.

`make run` starts the worker beside gunicorn: `huey_consumer wsgi.huey`. The queue lives in
SQLite under instance/ by default, in Redis when TASK_QUEUE_URL says redis://, and in memory
for the test suite, which runs what is queued when it reads the outbox.
"""

import logging
from pathlib import Path

import redis
from flask import Flask, current_app, has_app_context
from huey import Huey, signals
from huey.storage import MemoryStorage, RedisStorage, SqliteStorage

log = logging.getLogger(__name__)

# Storage is chosen by init_app from the settings; results are never read, so none are kept.
huey = Huey("planner", results=False, utc=True, storage_class=MemoryStorage)
_app: list[Flask] = []  # the app whose settings and context the tasks run with


def make_storage(url: str, timeout: float):
    """The queue's storage for a TASK_QUEUE_URL: memory://, sqlite:///path or redis://..."""
    if url.startswith("memory:"):
        return MemoryStorage("planner")
    if url.startswith("sqlite:///"):
        path = Path(url.removeprefix("sqlite:///"))
        path.parent.mkdir(parents=True, exist_ok=True)
        return SqliteStorage("planner", filename=str(path), timeout=timeout)
    if url.startswith(("redis://", "rediss://")):
        pool = redis.ConnectionPool.from_url(
            url, socket_timeout=timeout, socket_connect_timeout=timeout
        )
        return RedisStorage("planner", connection_pool=pool)
    raise RuntimeError(f"TASK_QUEUE_URL must be memory://, sqlite:///PATH or redis://, not {url!r}")


def init_app(app: Flask) -> None:
    """Point the queue at the app's storage; tasks run inside this app's context."""
    huey.storage = make_storage(app.config["TASK_QUEUE_URL"], app.config["REMOTE_TIMEOUT"])
    _app[:] = [app]
    app.extensions["huey"] = huey


def current_app_for_tasks() -> Flask:
    """The app tasks run with: the one in context, else the worker's (made by wsgi.py)."""
    if has_app_context():
        return current_app._get_current_object()
    if not _app:
        raise RuntimeError("the task queue has no app: import wsgi, or call create_app() first")
    return _app[0]


def run_pending() -> int:
    """Run every task that is due now, as the worker would; return how many ran."""
    count = 0
    while (task := huey.dequeue()) is not None:
        huey.execute(task)
        count += 1
    return count


@huey.signal(signals.SIGNAL_ERROR)
def _log_failure(signal, task, exc=None):
    # Each failed try is logged; the mail task records the last one where admins see it.
    log.warning("Task %s failed (%s retries left): %s", task.name, task.retries, exc)
