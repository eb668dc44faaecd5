"""Request-side helpers of the console: the filter from the request, what templates need."""

from flask import abort, request, url_for

from planner.admin.blueprint import bp
from planner.admin.queries import FILTERS, Filter
from planner.admin.transitions import TRANSITIONS, actions_for
from planner.comments.models import Comment
from planner.guides.lookup import get_library
from planner.params import parse_page

SEARCH_MAX = 200
SHORTCUTS = {"approve": "a", "spam": "s", "trash": "t"}


def parse_filter() -> Filter:
    """The queue filter from the query string or the posted form; nonsense answers 404."""
    source = request.form if request.method == "POST" else request.args
    status = source.get("status", "pending")
    if status not in FILTERS:
        abort(404, description="There is no such list of comments.")
    page = parse_page(source.get("page", "1") or "1")
    if page is None:
        abort(404, description="There is no such page of the queue.")
    q = " ".join(source.get("q", "").split())[:SEARCH_MAX]
    return Filter(status, q, page)


def queue_url(flt: Filter, **changes) -> str:
    """The queue showing this filter."""
    return url_for("admin.queue", **flt.args(**changes))


def place(comment: Comment) -> tuple[str, str, str]:
    """The guide and section a comment belongs to, and the public link to it."""
    guide = get_library().get(comment.guide_slug)
    section = guide.section(comment.section_key) if guide else None
    guide_title = guide.title if guide else comment.guide_slug
    section_title = section.title if section else comment.section_key
    link = f"/guides/{comment.guide_slug}#comment-{comment.id}"
    return guide_title, section_title, link


@bp.context_processor
def admin_helpers() -> dict:
    """Helpers for the console's templates (pure lookups: templates never query)."""
    return {
        "actions_for": actions_for,
        "transitions": TRANSITIONS,
        "place": place,
        "queue_url": queue_url,
        "shortcuts": SHORTCUTS,
    }
