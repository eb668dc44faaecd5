"""Where rendered thread pages are kept (THREAD_CACHE_URL): in each process (a bounded LRU),
in Redis, or nowhere. A key names a thread version, so nothing is ever invalidated: a write
bumps the version and the old entries are no longer asked for.

Redis is a convenience, never a dependency: any error or a slow answer (THREAD_CACHE_TIMEOUT_MS)
counts as a miss, the page is rendered, and Redis is left alone for a while.
"""

import json
import logging
import threading
import time
from collections import OrderedDict
from dataclasses import asdict, dataclass

import redis
from flask import Flask, current_app

EXTENSION_KEY = "thread_cache"
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RenderedPage:
    """A page of a thread as everybody sees it, with its relative times left out: the markup
    around each of them (chunks) and the moment each one tells (times, ISO)."""

    chunks: tuple[str, ...]
    times: tuple[str, ...]
    shown: int  # top-level comments on the page
    first_id: int | None

    def to_json(self) -> str:
        """The entry as Redis keeps it."""
        return json.dumps(asdict(self), separators=(",", ":"))

    @classmethod
    def from_json(cls, raw: bytes | str) -> "RenderedPage | None":
        """The entry Redis kept, or None when it does not read as one."""
        try:
            data = json.loads(raw)
            page = cls(tuple(data["chunks"]), tuple(data["times"]), int(data["shown"]),
                       data["first_id"])
        except (ValueError, KeyError, TypeError):
            return None
        return page if len(page.chunks) == len(page.times) + 1 else None


class NoStore:
    """Keeps nothing: every page is rendered for its viewer, as it was before any cache."""

    keeps = False
    remote = False

    def get(self, key: str) -> RenderedPage | None:
        """Always a miss."""
        return None

    def set(self, key: str, page: RenderedPage) -> None:
        """Keeps nothing."""


class MemoryStore:
    """The size pages of this process used last."""

    keeps = True
    remote = False

    def __init__(self, size: int) -> None:
        """An empty cache of at most size pages."""
        self.size = size
        self.pages: OrderedDict[str, RenderedPage] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: str) -> RenderedPage | None:
        """The page kept under key, now the most recently used."""
        with self.lock:
            page = self.pages.get(key)
            if page is not None:
                self.pages.move_to_end(key)
            return page

    def set(self, key: str, page: RenderedPage) -> None:
        """Keep page, dropping the least recently used past size."""
        with self.lock:
            self.pages[key] = page
            self.pages.move_to_end(key)
            while len(self.pages) > self.size:
                self.pages.popitem(last=False)


class RedisStore:
    """Pages kept in Redis for ttl seconds, shared by every process that names it."""

    keeps = True
    remote = True  # called only with no database transaction open (thread_pages.py)

    def __init__(self, url: str, *, prefix: str, ttl: int, timeout: float, retry: float):
        """A client that gives up after timeout seconds and rests retry seconds after a
        failure."""
        self.client = redis.Redis.from_url(url, socket_timeout=timeout,
                                           socket_connect_timeout=timeout)
        self.prefix, self.ttl, self.retry = prefix, ttl, retry
        self.resting_until = 0.0

    def get(self, key: str) -> RenderedPage | None:
        """The page kept under key, or None (missing, unreadable, or Redis unavailable)."""
        if time.monotonic() < self.resting_until:
            return None
        try:
            raw = self.client.get(self.prefix + key)
        except (redis.RedisError, OSError) as error:
            self._failed(error)
            return None
        return None if raw is None else RenderedPage.from_json(raw)

    def set(self, key: str, page: RenderedPage) -> None:
        """Keep page for ttl seconds, unless Redis is unavailable."""
        if time.monotonic() < self.resting_until:
            return
        try:
            self.client.set(self.prefix + key, page.to_json(), ex=self.ttl)
        except (redis.RedisError, OSError) as error:
            self._failed(error)

    def _failed(self, error: Exception) -> None:
        self.resting_until = time.monotonic() + self.retry
        log.warning("Thread cache unavailable, rendering instead for %gs: %s", self.retry, error)


def make_store(config) -> NoStore | MemoryStore | RedisStore:
    """The store THREAD_CACHE_URL names."""
    url = config["THREAD_CACHE_URL"] or "none://"
    scheme = url.split(":", 1)[0]
    if scheme == "none":
        return NoStore()
    if scheme == "memory":
        return MemoryStore(config["THREAD_CACHE_SIZE"])
    if scheme in ("redis", "rediss", "unix"):
        return RedisStore(url, prefix=config["THREAD_CACHE_PREFIX"], ttl=config["THREAD_CACHE_TTL"],
                          timeout=config["THREAD_CACHE_TIMEOUT_MS"] / 1000,
                          retry=config["THREAD_CACHE_RETRY_SECONDS"])
    raise RuntimeError(f"THREAD_CACHE_URL must be memory://, none:// or redis://..., not {url!r}")


def init_app(app: Flask) -> None:
    """Open the app's store (a bad THREAD_CACHE_URL stops start-up)."""
    app.extensions[EXTENSION_KEY] = make_store(app.config)


def store() -> NoStore | MemoryStore | RedisStore:
    """The current app's store."""
    return current_app.extensions[EXTENSION_KEY]
