"""Moderation: one pure function deciding what happens to a new comment.

No Flask and no database here: the caller gathers the facts about the author and the rule
values, and stores the decision's reason with the comment.
"""

import math
import re
from dataclasses import dataclass, fields
from enum import StrEnum

from planner.comments.status import CommentStatus

# What counts as a link in a comment: the same http(s) addresses the text renderer turns
# into links. Anything else (javascript:, data:) is never made clickable, so never counted.
LINK = re.compile(r"https?://", re.IGNORECASE)


class Action(StrEnum):
    """The five outcomes of moderation."""

    APPROVE = "approve"
    HOLD = "hold"
    SPAM = "spam"
    REFUSE_FLOOD = "refuse-flood"
    REFUSE_DUPLICATE = "refuse-duplicate"


STATUS_FOR_ACTION = {
    Action.APPROVE: CommentStatus.APPROVED,
    Action.HOLD: CommentStatus.PENDING,
    Action.SPAM: CommentStatus.SPAM,
}


@dataclass(frozen=True)
class ModerationRules:
    """The rule values: the admin console's, or the config defaults.

    The one definition of the rules: their names and defaults here give the config keys
    (COMMENT_<NAME>), the stored row's columns and the fields the console saves.
    """

    link_threshold: int = 2
    moderation_words: tuple[str, ...] = ()
    disallowed_words: tuple[str, ...] = ()
    flood_seconds: int = 15
    thread_depth: int = 3
    per_page: int = 20
    require_approved_author: bool = True
    manual_approval: bool = False
    signed_in_only: bool = False

    def __post_init__(self) -> None:
        # A nonsensical value must stop start-up, not surface as a broken page later.
        if self.thread_depth < 1:
            raise ValueError("thread depth must be at least 1")
        if self.per_page < 1:
            raise ValueError("comments per page must be at least 1")
        if self.flood_seconds < 0 or self.link_threshold < 0:
            raise ValueError("flood interval and link threshold cannot be negative")


@dataclass(frozen=True)
class Candidate:
    """The comment being judged, as plain text fields."""

    body: str
    author_name: str = ""
    author_email: str = ""
    author_url: str = ""
    author_ip: str = ""
    user_agent: str = ""
    honeypot: str = ""


@dataclass(frozen=True)
class AuthorFacts:
    """What the database knows about the author at the moment of posting."""

    is_admin: bool = False
    has_approved_comment: bool = False
    seconds_since_last_comment: float | None = None
    has_identical_comment: bool = False


@dataclass(frozen=True)
class Decision:
    """The outcome and the reason stored with the comment."""

    action: Action
    reason: str
    retry_after: int | None = None

    @property
    def status(self) -> str | None:
        """The status to store, or None when the comment is refused."""
        return STATUS_FOR_ACTION.get(self.action)

    @property
    def refused(self) -> bool:
        """True when nothing may be saved."""
        return self.status is None


DEFAULT_RULES = ModerationRules()
RULE_NAMES = tuple(f.name for f in fields(ModerationRules))
WORD_LISTS = tuple(f.name for f in fields(ModerationRules) if f.type == tuple[str, ...])


def judge_new_comment(
    candidate: Candidate, facts: AuthorFacts, rules: ModerationRules
) -> Decision:
    """Decide: approve, hold, spam, or refuse (flood or duplicate), with the reason."""
    if facts.has_identical_comment:
        return Decision(Action.REFUSE_DUPLICATE, "refused: exact duplicate of an earlier comment")
    waited = facts.seconds_since_last_comment
    if not facts.is_admin and waited is not None and waited < rules.flood_seconds:
        retry = max(1, math.ceil(rules.flood_seconds - waited))
        return Decision(
            Action.REFUSE_FLOOD,
            f"refused: {waited:.0f} s after the previous comment (minimum {rules.flood_seconds} s)",
            retry_after=retry,
        )
    if candidate.honeypot.strip():
        return Decision(Action.SPAM, "spam: the hidden field was filled in")
    if facts.is_admin:
        return Decision(Action.APPROVE, "approved: written by an admin")
    fields = _searchable(candidate)
    word = first_word_found(rules.disallowed_words, fields)
    if word is not None:
        return Decision(Action.SPAM, f"spam: contains the disallowed word {word!r}")
    return _hold_or_approve(candidate, facts, rules, fields)


def _hold_or_approve(
    candidate: Candidate, facts: AuthorFacts, rules: ModerationRules, fields: tuple[str, ...]
) -> Decision:
    # Trust is checked last on purpose: an earlier approved comment must not let links or
    # moderation words through (the gap that lets spammers "warm up" an address).
    links = count_links(candidate.body)
    if rules.link_threshold and links >= rules.link_threshold:
        return Decision(Action.HOLD, f"held: {links} links (hold from {rules.link_threshold})")
    word = first_word_found(rules.moderation_words, fields)
    if word is not None:
        return Decision(Action.HOLD, f"held: contains the moderation word {word!r}")
    if rules.manual_approval:
        return Decision(Action.HOLD, "held: every comment is approved by hand")
    if facts.has_approved_comment:
        return Decision(Action.APPROVE, "approved: the author has an earlier approved comment")
    if rules.require_approved_author:
        return Decision(Action.HOLD, "held: first comment by this author")
    return Decision(Action.APPROVE, "approved: no rule held it")


def _searchable(candidate: Candidate) -> tuple[str, ...]:
    """The fields word lists are matched against, as WordPress does."""
    return (
        candidate.body,
        candidate.author_name,
        candidate.author_email,
        candidate.author_url,
        candidate.author_ip,
        candidate.user_agent,
    )


def count_links(text: str) -> int:
    """How many http(s) addresses the text holds."""
    return len(LINK.findall(text))


def first_word_found(words: tuple[str, ...], fields: tuple[str, ...]) -> str | None:
    """The first listed word or phrase found in any field as a whole word, ignoring case."""
    # Whole words only: a list entry "ass" must not hold every comment about a "class".
    for word in words:
        word = word.strip()
        if not word:
            continue
        pattern = re.compile(r"(?<!\w)" + re.escape(word) + r"(?!\w)", re.IGNORECASE)
        if any(pattern.search(field) for field in fields if field):
            return word
    return None
