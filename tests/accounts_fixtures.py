"""Fixtures for the accounts tests: users with real passwords and the mail outbox."""

import re
from dataclasses import dataclass
from email import policy
from email.parser import BytesParser
from pathlib import Path

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


@dataclass
class Outbox:
    """The folder where mail goes when no mail server is set."""

    folder: Path

    def messages(self) -> list:
        """Every message written so far, oldest first, parsed."""
        parser = BytesParser(policy=policy.default)
        return [parser.parsebytes(p.read_bytes()) for p in sorted(self.folder.glob("*.eml"))]

    def links(self) -> list[str]:
        """Every reset link found in the messages."""
        found = []
        for message in self.messages():
            found += re.findall(r"http://localhost(/reset-password/\S+)", message.get_content())
        return found


@pytest.fixture
def outbox(app, tmp_path) -> Outbox:
    """Send the app's mail to a temporary folder instead of instance/outbox."""
    folder = tmp_path / "outbox"
    app.config["OUTBOX_DIR"] = str(folder)
    return Outbox(folder)
