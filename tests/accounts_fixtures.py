"""Fixtures for the accounts tests: users with real passwords and the mail outbox."""


import pytest

from planner.accounts.models import User
from tests.accounts_helpers import password_hash


@pytest.fixture
def account(make_user):
    """Factory: account(**overrides) saves a user whose password is PASSWORD."""

    def make(**overrides) -> User:
        overrides.setdefault("password_hash", password_hash())
        return make_user(**overrides)

    return make


@pytest.fixture
def ana(account):
    """A registered user, ana, with the password PASSWORD."""
    return account(username="ana", email="ana@example.com", display_name="Ana")


@pytest.fixture
def limits(app):
    """Set small limits on the app: limits(account="3 per minute", address=...)."""

    def apply(account: str = "100 per minute", address: str = "100 per minute",
              reset: str = "100 per minute", register: str = "100 per minute",
              comments: str = "100 per minute") -> None:
        app.config.update(LOGIN_LIMIT_ACCOUNT=account, LOGIN_LIMIT_ADDRESS=address,
                          RESET_LIMIT=reset, REGISTER_LIMIT_ADDRESS=register,
                          COMMENT_LIMIT_ADDRESS=comments)

    return apply
