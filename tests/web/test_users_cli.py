"""`flask users ...`: create an admin from the shell, list, promote and demote."""

import pytest
from sqlalchemy import select

from planner.accounts.models import User
from planner.accounts.passwords import verify_password
from planner.extensions import db
from tests.support.accounts import PASSWORD, count_users, fetch_user


@pytest.fixture
def flask_cli(app):
    """Run `flask --app wsgi ...` against the test app; returns the click result."""
    runner = app.test_cli_runner()

    def run(*args: str, stdin: str | None = None):
        return runner.invoke(args=list(args), input=stdin)

    return run


def stored(app, username: str) -> User | None:
    """The user called username, detached."""
    with app.app_context():
        user = db.session.scalar(select(User).where(User.username == username))
        if user is not None:
            db.session.expunge(user)
        return user


def test_create_admin_reads_the_password_from_stdin(app, flask_cli):
    result = flask_cli("users", "create-admin", "Boss", "Boss@Example.com", "--password-stdin",
                       stdin=PASSWORD + "\n")
    assert result.exit_code == 0, result.output
    assert "Created admin Boss <boss@example.com>." in result.output
    boss = stored(app, "Boss")
    assert boss.role == "admin" and boss.email == "boss@example.com"
    assert verify_password(boss.password_hash, PASSWORD)
    assert boss.password_hash.startswith("$argon2id$")


@pytest.mark.parametrize(
    ("args", "stdin", "message"),
    [
        (["boss", "boss@example.com"], "password1\n", "most common passwords"),
        (["boss", "boss@example.com"], "short\n", "at least 8 characters"),
        (["boss", "boss@example.com"], "\n", "at least 8 characters"),
        (["ANA", "boss@example.com"], PASSWORD + "\n", "That username is taken."),
        (["boss", "Ana@Example.com"], PASSWORD + "\n", "already exists"),
        (["b", "boss@example.com"], PASSWORD + "\n", "Use 3 to 32 characters"),
        (["boss", "not-an-address"], PASSWORD + "\n", "valid email address"),
        (["boss", "boss@"], PASSWORD + "\n", "valid email address"),
        (["boss", "boss@@example.com"], PASSWORD + "\n", "valid email address"),
        (["boss", "boss <boss@example.com>"], PASSWORD + "\n", "valid email address"),
    ],
)
def test_create_admin_refuses_bad_input_with_an_error_exit(app, flask_cli, ana, args, stdin,
                                                           message):
    result = flask_cli("users", "create-admin", *args, "--password-stdin", stdin=stdin)
    assert result.exit_code != 0
    assert message in result.output
    assert count_users(app) == 1


def test_users_list_shows_every_account_with_its_role(flask_cli, ana, account):
    boss = account(username="boss", email="boss@example.com", role="admin")
    result = flask_cli("users", "list")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines == [f"{ana.id}\tana\tana@example.com\tuser",
                     f"{boss.id}\tboss\tboss@example.com\tadmin"]


def test_promote_makes_an_admin(app, flask_cli, ana):
    result = flask_cli("users", "promote", "ANA")
    assert result.exit_code == 0 and "ana is now an admin." in result.output
    assert fetch_user(app, ana.id).role == "admin"


def test_promote_an_unknown_user_fails(flask_cli):
    result = flask_cli("users", "promote", "ghost")
    assert result.exit_code != 0 and "No user named 'ghost'." in result.output


def test_demote_takes_the_admin_role_away(app, flask_cli, account):
    first = account(username="first", role="admin")
    account(username="second", role="admin")
    result = flask_cli("users", "demote", "first")
    assert result.exit_code == 0 and "first is now a user." in result.output
    assert fetch_user(app, first.id).role == "user"


def test_the_last_admin_cannot_be_demoted(app, flask_cli, account):
    only = account(username="only", role="admin")
    account(username="plain")
    result = flask_cli("users", "demote", "only")
    assert result.exit_code != 0
    assert "only admin" in result.output
    assert fetch_user(app, only.id).role == "admin"


def test_demote_an_unknown_user_fails(flask_cli):
    result = flask_cli("users", "demote", "ghost")
    assert result.exit_code != 0 and "No user named" in result.output
