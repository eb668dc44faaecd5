"""Request-side helpers of the console: the filter from the request, queue links, where a
comment sits, one comment or 404."""

from flask import abort, request, url_for

from planner.admin.queries import FILTERS, Filter
from planner.comments.models import Comment
from planner.comments.status import CommentStatus
from planner.content.lookup import get_library
from planner.extensions import db
from planner.params import parse_page

SEARCH_MAX = 200


def parse_filter() -> Filter:
    """The queue filter from the query string or the posted form; nonsense answers 404."""
    source = request.form if request.method == "POST" else request.args
    status = source.get("status", CommentStatus.PENDING)
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
    """The guide and section a comment belongs to, and the public link to it (its lasting
    link, which redirects to the page of the thread showing it; followed without boosting,
    so the browser keeps the #comment-<id> of the redirect)."""
    guide = get_library().get(comment.guide_slug)
    section = guide.section(comment.section_key) if guide else None
    guide_title = guide.title if guide else comment.guide_slug
    section_title = section.title if section else comment.section_key
    link = url_for("comments.permalink", slug=comment.guide_slug,
                   section_key=comment.section_key, comment_id=comment.id)
    return guide_title, section_title, link


def get_comment_or_404(comment_id: int) -> Comment:
    """The comment with this id, or 404."""
    comment = db.session.get(Comment, comment_id)
    if comment is None:
        abort(404, description="That comment does not exist (any more).")
    return comment
