"""Kept thread pages in Redis: shared by every process, called with no transaction open, and
never a reason for an error page when Redis is gone."""

import os
import uuid

import pytest
import redis

from planner import create_app
from planner.comments.thread_cache import RedisStore
from planner.extensions import db
from tests.support.comments import THREAD_URL, comment_ids
from tests.support.thread_pages import IN_PLACE, fresh_page, normalised


@pytest.fixture
def redis_url():
    """The Redis server named by TEST_REDIS_URL; skip without one, fail if it is down."""
    url = os.environ.get("TEST_REDIS_URL")
    if not url:
        pytest.skip("TEST_REDIS_URL is not set (.ci/run sets it for the Redis pass)")
    try:
        redis.Redis.from_url(url, socket_connect_timeout=5).ping()
    except redis.RedisError as error:
        pytest.fail(f"TEST_REDIS_URL={url} is set but Redis does not answer: {error}")
    return url


@pytest.fixture
def prefix(redis_url):
    """A key prefix of this test's own, its keys deleted afterwards."""
    name = f"test-thread-cache:{uuid.uuid4().hex}:"
    yield name
    client = redis.Redis.from_url(redis_url)
    for key in client.scan_iter(match=name + "*"):
        client.delete(key)


@pytest.fixture
def app_config(app_config, redis_url, prefix):
    """The thread cache in the Redis of TEST_REDIS_URL, under this test's prefix."""
    return {**app_config, "THREAD_CACHE_URL": redis_url, "THREAD_CACHE_PREFIX": prefix}


@pytest.fixture
def some_comments(make_comment):
    """Three comments, one with a reply."""
    first = make_comment(body="First.")
    make_comment(parent=first, body="A reply.")
    make_comment(body="Second.")
    make_comment(body="Third.")


def test_pages_are_kept_in_redis_and_shared_by_another_process(
    app, app_config, client, some_comments, redis_url, prefix, monkeypatch
):
    for headers in (IN_PLACE, {}):
        first = client.get(THREAD_URL, headers=headers).get_data(as_text=True)
        assert normalised(first) == normalised(fresh_page(app, client, THREAD_URL, headers))
    keys = list(redis.Redis.from_url(redis_url).scan_iter(match=prefix + "*"))
    assert len(keys) == 1  # one rendering of the list, for the page and for htmx alike
    other = create_app(app_config)  # another worker, on the same database and Redis
    loaded: list[str] = []
    original = other.jinja_env.get_template
    monkeypatch.setattr(other.jinja_env, "get_template",
                        lambda name, *a, **k: loaded.append(name) or original(name, *a, **k))
    html = other.test_client().get(THREAD_URL).get_data(as_text=True)
    with other.app_context():
        db.engine.dispose()  # its connections, closed before the garbage collector finds them
    assert "comments/_items.html" not in loaded
    assert comment_ids(html) == comment_ids(first) and len(comment_ids(html)) == 4
    assert normalised(html) == normalised(first)


def test_a_write_is_seen_at_once_through_redis(app, client, some_comments, make_comment):
    client.get(THREAD_URL)
    make_comment(body="Newest.")
    html = client.get(THREAD_URL).get_data(as_text=True)
    assert "Newest." in html
    assert normalised(html) == normalised(fresh_page(app, client, THREAD_URL))


def test_redis_is_never_called_with_a_transaction_open(app, client, some_comments,
                                                       monkeypatch):
    store = app.extensions["thread_cache"]
    assert isinstance(store, RedisStore)
    calls = []
    for name in ("get", "set"):
        original = getattr(store.client, name)

        def spy(*args, _original=original, _name=name, **kwargs):
            calls.append((_name, db.session().in_transaction()))
            return _original(*args, **kwargs)

        monkeypatch.setattr(store.client, name, spy)
    client.get(THREAD_URL)
    client.get(THREAD_URL, headers=IN_PLACE)
    assert [name for name, _ in calls] == ["get", "set", "get"]
    assert not any(open_ for _, open_ in calls)
