"""Comments: a thread on every guide section, the reply form, and automatic moderation."""

from flask import Flask, Response

from planner.comments import text


def init_app(app: Flask) -> None:
    """Register the routes, the template filters, and check the rule settings."""
    from planner.comments import models, views  # noqa: F401  (models register on import)
    from planner.comments.rules import rules_from_config

    try:
        rules_from_config(app.config)
    except (ValueError, TypeError, KeyError) as error:
        raise RuntimeError(f"COMMENT_* settings are not usable: {error}") from None
    app.register_blueprint(views.bp)
    app.jinja_env.filters.update(
        comment_html=text.render_comment,
        initials=text.initials,
        avatar_colour=text.avatar_colour,
        count_label=text.count_label,
    )
    app.jinja_env.tests["http_url"] = text.is_http_url
    app.after_request(_keep_personal_pages_private)


def _keep_personal_pages_private(response: Response) -> Response:
    # A guest's saved details and pending comments are in the page: no shared cache may keep it.
    from planner.comments.context import has_personal_data

    if response.mimetype == "text/html" and has_personal_data():
        response.headers["Cache-Control"] = "no-store"
    return response
