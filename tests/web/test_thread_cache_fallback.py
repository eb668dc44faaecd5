"""A thread cache in a Redis that is gone: pages are rendered instead, never an error page,
and Redis is left alone for a while rather than waited on by every request."""

import logging

import pytest

from tests.support.comments import THREAD_URL, comment_ids
from tests.support.thread_pages import IN_PLACE, fresh_page, normalised

NOBODY_LISTENS = "redis://127.0.0.1:1/0"


@pytest.fixture
def app_config(app_config):
    """The thread cache in a Redis nobody serves."""
    return {**app_config, "THREAD_CACHE_URL": NOBODY_LISTENS}


def test_a_dead_redis_falls_back_to_rendering(app, client, make_comment, caplog):
    for n in range(4):
        make_comment(body=f"Comment {n}.")
    with caplog.at_level(logging.WARNING):
        response = client.get(THREAD_URL)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert len(comment_ids(html)) == 4
    assert normalised(html) == normalised(fresh_page(app, client, THREAD_URL))
    assert "Thread cache unavailable" in caplog.text
    store = app.extensions["thread_cache"]
    calls = []
    store.client.get = lambda *a, **k: calls.append(a)  # resting: not asked again at once
    assert client.get(THREAD_URL, headers=IN_PLACE).status_code == 200
    assert calls == []


def test_an_unknown_cache_url_stops_start_up(database_url):
    from planner import create_app

    with pytest.raises(RuntimeError, match="THREAD_CACHE_URL must be"):
        create_app({"SQLALCHEMY_DATABASE_URI": database_url, "THREAD_CACHE_URL": "ftp://x"})
