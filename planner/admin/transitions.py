"""Which moderation action moves a comment from which status to which: plain data, no Flask."""

from dataclasses import dataclass

PENDING, APPROVED, SPAM, TRASH = "pending", "approved", "spam", "trash"
DELETED = "deleted"  # not a status a row can hold: the row is gone


@dataclass(frozen=True)
class Transition:
    """An action: its label, the statuses it applies to, and the status it sets."""

    name: str
    label: str
    sources: frozenset[str]
    target: str


TRANSITIONS = {
    t.name: t
    for t in (
        Transition("approve", "Approve", frozenset({PENDING}), APPROVED),
        Transition("unapprove", "Unapprove", frozenset({APPROVED}), PENDING),
        Transition("spam", "Spam", frozenset({PENDING, APPROVED}), SPAM),
        Transition("not-spam", "Not spam", frozenset({SPAM}), PENDING),
        Transition("trash", "Trash", frozenset({PENDING, APPROVED, SPAM}), TRASH),
        Transition("restore", "Restore", frozenset({TRASH}), PENDING),
        # Permanent deletion only from spam or trash: a live comment is trashed first.
        Transition("delete", "Delete permanently", frozenset({SPAM, TRASH}), DELETED),
    )
}

# Row buttons in queue order; delete goes through a confirmation page instead.
ROW_ACTIONS = ("approve", "unapprove", "spam", "not-spam", "trash", "restore")


def actions_for(status: str) -> list[Transition]:
    """The row actions that apply to a comment in status (delete excluded)."""
    return [TRANSITIONS[n] for n in ROW_ACTIONS if status in TRANSITIONS[n].sources]


def eligible(action: str, statuses: dict[int, str]) -> dict[int, str]:
    """The comments (id -> status) that the action can move; the rest are skipped."""
    sources = TRANSITIONS[action].sources
    return {cid: status for cid, status in statuses.items() if status in sources}
