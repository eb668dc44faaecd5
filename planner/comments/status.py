"""A comment's status, what each status allows, and the console actions between them.

Plain data, no Flask: Python and the templates both read it, so a status is spelled once.
"""

from dataclasses import dataclass
from enum import StrEnum


class CommentStatus(StrEnum):
    """The four statuses a stored comment can hold."""

    PENDING = "pending"
    APPROVED = "approved"
    SPAM = "spam"
    TRASH = "trash"

    @property
    def label(self) -> str:
        """The name shown on tabs and counts."""
        return self.value.capitalize()

    @property
    def allows_reply(self) -> bool:
        """An admin may answer a live comment (a pending one is approved with the answer)."""
        return self in (CommentStatus.PENDING, CommentStatus.APPROVED)

    @property
    def allows_delete(self) -> bool:
        """Permanent deletion only from spam or trash: a live comment is trashed first."""
        return self in (CommentStatus.SPAM, CommentStatus.TRASH)

    @property
    def row_actions(self) -> list["Transition"]:
        """The row buttons for a comment in this status (delete excluded)."""
        return [TRANSITIONS[n] for n in ROW_ACTIONS if self in TRANSITIONS[n].sources]


STATUSES = tuple(CommentStatus)
ALL = "all"  # the queue tab listing every status: a filter, not a status
# Spam and trash can be emptied, as they are the statuses that allow permanent deletion.
EMPTIABLE = tuple(s for s in CommentStatus if s.allows_delete)
DELETED = "deleted"  # not a status a row can hold: the row is gone


@dataclass(frozen=True)
class Transition:
    """A console action: its label, the statuses it applies to, and the status it sets."""

    name: str
    label: str
    sources: frozenset[CommentStatus]
    target: str


def _transition(name: str, label: str, sources: tuple[CommentStatus, ...], target) -> Transition:
    """One row of the table below."""
    return Transition(name, label, frozenset(sources), target)


_P, _A, _S, _T = (  # short names for the table below only
    CommentStatus.PENDING,
    CommentStatus.APPROVED,
    CommentStatus.SPAM,
    CommentStatus.TRASH,
)
TRANSITIONS = {
    t.name: t
    for t in (
        _transition("approve", "Approve", (_P,), _A),
        _transition("unapprove", "Unapprove", (_A,), _P),
        _transition("spam", "Spam", (_P, _A), _S),
        _transition("not-spam", "Not spam", (_S,), _P),
        _transition("trash", "Trash", (_P, _A, _S), _T),
        _transition("restore", "Restore", (_T,), _P),
        _transition("delete", "Delete permanently", EMPTIABLE, DELETED),
    )
}

# Row buttons in queue order; delete goes through a confirmation page instead.
ROW_ACTIONS = ("approve", "unapprove", "spam", "not-spam", "trash", "restore")
# Bulk actions in menu order: every action, delete included (it skips live comments).
BULK_ACTIONS = tuple(TRANSITIONS)
# The queue's tabs: every status, then all of them.
QUEUE_TABS = (*((s.value, s.label) for s in STATUSES), (ALL, "All"))
# Keys of the queue's keyboard shortcuts.
SHORTCUTS = {"approve": "a", "spam": "s", "trash": "t"}


def actions_for(status: str) -> list[Transition]:
    """The row actions that apply to a comment in status (delete excluded)."""
    return CommentStatus(status).row_actions


def eligible(action: str, statuses: dict[int, str]) -> dict[int, str]:
    """The comments (id -> status) that the action can move; the rest are skipped."""
    sources = TRANSITIONS[action].sources
    return {cid: status for cid, status in statuses.items() if status in sources}
