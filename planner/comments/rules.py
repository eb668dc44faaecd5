"""Where the moderation rule values come from: the admin console's row, else the config."""

from collections.abc import Mapping

from flask import current_app, g

from planner.comments.policy import ModerationRules
from planner.extensions import db


def rules_from_config(config: Mapping) -> ModerationRules:
    """Build the rules from COMMENT_* settings; a bad value raises ValueError."""
    return ModerationRules(
        link_threshold=int(config["COMMENT_LINK_THRESHOLD"]),
        moderation_words=tuple(config["COMMENT_MODERATION_WORDS"]),
        disallowed_words=tuple(config["COMMENT_DISALLOWED_WORDS"]),
        flood_seconds=int(config["COMMENT_FLOOD_SECONDS"]),
        thread_depth=int(config["COMMENT_THREAD_DEPTH"]),
        per_page=int(config["COMMENT_PER_PAGE"]),
        require_approved_author=bool(config["COMMENT_REQUIRE_APPROVED_AUTHOR"]),
    )


def split_words(text: str) -> tuple[str, ...]:
    """One word or phrase per line, blanks dropped."""
    return tuple(line.strip() for line in (text or "").splitlines() if line.strip())


def rules_from_row(row) -> ModerationRules:
    """The rules an admin saved (a ModerationSettings row)."""
    return ModerationRules(
        link_threshold=row.link_threshold,
        moderation_words=split_words(row.moderation_words),
        disallowed_words=split_words(row.disallowed_words),
        flood_seconds=row.flood_seconds,
        thread_depth=row.thread_depth,
        per_page=row.per_page,
        require_approved_author=row.require_approved_author,
        manual_approval=row.manual_approval,
        signed_in_only=row.signed_in_only,
    )


def current_rules() -> ModerationRules:
    """The rules in force for this request: the single place every caller asks.

    Read once per request (kept on g), so a page asks the database at most once.
    """
    if "moderation_rules" not in g:
        from planner.admin.models import ModerationSettings

        row = db.session.get(ModerationSettings, 1)
        g.moderation_rules = (
            rules_from_config(current_app.config) if row is None else rules_from_row(row)
        )
    return g.moderation_rules


def forget_current_rules() -> None:
    """Drop this request's copy after the rules change, so the new ones apply at once."""
    g.pop("moderation_rules", None)
