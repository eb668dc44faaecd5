"""What the two hottest writes cost in SQL: statements pinned, one transaction each, the user
read once, and nothing read back after the commit."""

import pytest

from tests.support.databases import postgres_url

# The pins are SQLite's: its BEGIN IMMEDIATE, and one look-up of the form's key where
# PostgreSQL takes an advisory lock and looks again.
pytestmark = pytest.mark.skipif(postgres_url() is not None, reason="SQLite's statements")


def shown(statements: list[str]) -> str:
    """The statements, one a line, for a failing assertion to print."""
    return "\n".join(statements)


def user_reads(statements: list[str]) -> list[str]:
    """The statements that load the signed-in user."""
    return [s for s in statements if "WHERE users.session_token =" in s]


def begins(statements: list[str]) -> list[str]:
    """The statements that open a transaction."""
    return [s for s in statements if s.startswith("BEGIN")]


# BEGIN, the user, the history INSERT ... SELECT, the UPDATE ... RETURNING, the progress, the
# navigation's glance; a milestone done also reads its streak again.
@pytest.mark.parametrize(("status", "expected"), [("done", 7), ("doing", 6)])
def test_a_status_change_is_one_transaction_of_pinned_statements(
    roadmap, post, count_queries, status, expected
):
    url = roadmap.milestone_url(0, "status")
    with count_queries() as statements:
        response = post(url, {"status": status}, htmx=True)
    assert response.status_code == 200
    assert begins(statements) == ["BEGIN IMMEDIATE"], shown(statements)
    assert len(user_reads(statements)) == 1, shown(statements)
    assert len(statements) == expected, shown(statements)


# BEGIN, the user, the admins (badges), the rules, the form's key, the three author facts,
# the comment, the admins' addresses (it is held: they are told after the commit), the
# section's count, the key saved.
def test_a_comment_post_is_one_transaction_of_pinned_statements(
    owner, post_comment, count_queries
):
    with count_queries() as statements:
        response = post_comment(htmx=True, comment="A first comment, posted with htmx.")
    assert response.status_code == 200
    assert "awaiting moderation" in response.get_data(as_text=True)
    assert begins(statements) == ["BEGIN IMMEDIATE"], shown(statements)
    assert len(user_reads(statements)) == 1, shown(statements)
    assert statements[-1].startswith("INSERT INTO idempotency_keys"), shown(statements)
    assert len(statements) == 12, shown(statements)
