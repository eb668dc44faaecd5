"""What other domains do with a user's content when the account goes.

Accounts know nothing of those domains: each registers a handler when the app is built.
Roadmaps, milestones, earnings, cash-outs and the learning fund need none: they go with
the user through ON DELETE CASCADE.
"""

from collections.abc import Callable

from flask import Flask, current_app

Handler = Callable[..., None]
EXTENSION_KEY = "account_deletion_handlers"


def on_account_deleted(app: Flask, handler: Handler) -> None:
    """Call handler(user_id, keep_comments=...) before an account is deleted."""
    app.extensions.setdefault(EXTENSION_KEY, []).append(handler)


def release_user_content(user_id: int, *, keep_comments: bool) -> None:
    """Run every registered handler; the caller commits."""
    for handler in current_app.extensions.get(EXTENSION_KEY, []):
        handler(user_id, keep_comments=keep_comments)
