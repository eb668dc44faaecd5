"""Where the moderation rule values come from (config now, the admin console later)."""

from collections.abc import Mapping

from flask import current_app

from planner.comments.policy import ModerationRules


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


def current_rules() -> ModerationRules:
    """The rules in force for this request: the single place every caller asks."""
    return rules_from_config(current_app.config)
