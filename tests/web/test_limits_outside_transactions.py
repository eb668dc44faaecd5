"""The rate limiter's store (Redis, a file) is never called while a database transaction is open.

A hung store would otherwise hold SQLite's write lock, and every other writer with it.
"""

import pytest

from planner.extensions import db, limiter
from tests.support.accounts import PASSWORD, password_hash
from tests.support.forms import submit


@pytest.fixture
def store_calls(app, monkeypatch):
    """Each call to the limiter's store, noted with whether a transaction was open then."""
    calls = []
    storage = limiter.storage
    for name in ("incr", "get", "get_expiry"):
        original = getattr(storage, name)

        def spy(*args, _original=original, _name=name, **kwargs):
            calls.append((_name, db.session().in_transaction()))
            return _original(*args, **kwargs)

        monkeypatch.setattr(storage, name, spy)
    return calls


@pytest.mark.parametrize("password", [PASSWORD, "a wrong password"])
def test_log_ins_talk_to_the_store_with_no_transaction_open(client, make_user, store_calls,
                                                          password):
    make_user(username="ana", email="ana@example.com", password_hash=password_hash())
    submit(client, "/login", {"login": "ana", "password": password})
    assert store_calls and not any(open_ for _, open_ in store_calls)


def test_a_reset_request_and_a_registration_too(client, store_calls):
    submit(client, "/reset-password", {"email": "nobody@example.com"})
    submit(client, "/register", {"username": "newbie", "email": "n@example.com",
                                    "password": "a long new passphrase",
                                    "confirm": "a long new passphrase"})
    assert store_calls and not any(open_ for _, open_ in store_calls)


def test_a_comment_post_too(post_comment, store_calls):
    assert post_comment(comment="Counted per address").status_code == 303
    assert store_calls and not any(open_ for _, open_ in store_calls)
