"""Access to the guides parsed at start-up, for any blueprint."""

from flask import abort, current_app

from planner.content.model import Guide, Library


def get_library() -> Library:
    """Return the library parsed when the app was created."""
    return current_app.extensions["library"]


def get_guide_or_404(slug: str) -> Guide:
    """Return the guide with slug, or answer 404."""
    guide = get_library().get(slug)
    if guide is None:
        abort(404)
    return guide
