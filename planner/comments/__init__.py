"""Comments: a thread on every guide section, the reply form, and moderation (the policy
judging a new comment, the stored rules, the console's actions, the audit trail)."""

from flask import Flask

from planner import security
from planner.accounts.deletion import on_account_deleted

# posting_views adds routes to bp; versions makes the triggers with the tables.
from planner.comments import posting_views, thread_cache, versions, views  # noqa: F401
from planner.comments.removal import release_comments_of
from planner.comments.rule_store import rules_from_config
from planner.comments.viewer import has_personal_data


def init_app(app: Flask) -> None:
    """Check the rule settings, register the routes and what account deletion does here."""
    try:
        rules_from_config(app.config)
    except (ValueError, TypeError, KeyError) as error:
        raise RuntimeError(f"COMMENT_* settings are not usable: {error}") from None
    thread_cache.init_app(app)
    app.register_blueprint(views.bp)
    on_account_deleted(app, release_comments_of)
    # A guest's saved details and pending comments are in the page: no shared cache may keep it.
    security.keep_private_when(app, has_personal_data)
