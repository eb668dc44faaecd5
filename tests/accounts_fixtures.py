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


