"""The moderation transitions and the manual-approval rule, without an app."""

import pytest

from planner.comments.policy import (
    Action,
    AuthorFacts,
    Candidate,
    ModerationRules,
    judge_new_comment,
)
from planner.comments.status import TRANSITIONS, actions_for, eligible


@pytest.mark.parametrize(
    ("status", "names"),
    [
        ("pending", ["approve", "spam", "trash"]),
        ("approved", ["unapprove", "spam", "trash"]),
        ("spam", ["not-spam", "trash"]),
        ("trash", ["restore"]),
    ],
)
def test_row_actions_per_status(status, names):
    """Each status offers only the actions that apply to it."""
    assert [t.name for t in actions_for(status)] == names


def test_delete_only_from_spam_or_trash():
    """Permanent deletion is reachable only from spam and trash."""
    assert TRANSITIONS["delete"].sources == {"spam", "trash"}
    assert eligible("delete", {1: "pending", 2: "spam", 3: "trash", 4: "approved"}) == {
        2: "spam",
        3: "trash",
    }


def test_manual_approval_holds_trusted_authors_but_not_admins():
    """Manual approval holds everyone but admins."""
    rules = ModerationRules(manual_approval=True)
    trusted = AuthorFacts(has_approved_comment=True)
    assert judge_new_comment(Candidate("hi"), trusted, rules).action == Action.HOLD
    admin = AuthorFacts(is_admin=True)
    assert judge_new_comment(Candidate("hi"), admin, rules).action == Action.APPROVE
