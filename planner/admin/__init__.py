"""Admin console: the moderation queue, one comment, the rules, the audit trail.

Every route here is for admins only, checked once for the whole blueprint. The console
reads and acts through planner.comments; the route table below is the console's map.
"""

from flask import Blueprint, Flask
from flask_login import current_user

from planner.accounts.decorators import refuse_non_admins
from planner.admin import audit, comment, queue, rules_page

bp = Blueprint("admin", __name__)

GET, POST, BOTH = ("GET",), ("POST",), ("GET", "POST")
ROUTES = (
    ("/admin", queue.dashboard, GET),
    ("/admin/comments", queue.queue, GET),
    ("/admin/comments/<id:comment_id>/moderate", queue.act, POST),
    ("/admin/comments/bulk", queue.bulk, POST),
    ("/admin/comments/bulk/delete", queue.bulk_delete, GET),
    ("/admin/comments/empty/<status>", queue.empty, BOTH),
    ("/admin/comments/<id:comment_id>", comment.show, GET),
    ("/admin/comments/<id:comment_id>/edit", comment.edit, BOTH),
    ("/admin/comments/<id:comment_id>/reply", comment.reply, BOTH),
    ("/admin/comments/<id:comment_id>/delete", comment.delete, BOTH),
    ("/admin/settings", rules_page.rules, BOTH),
    ("/admin/audit", audit.audit, GET),
)
for rule, view, methods in ROUTES:
    bp.add_url_rule(rule, view_func=view, methods=methods)


@bp.before_request
def guard():
    """Refuse every admin route to non-admins before the view runs."""
    return refuse_non_admins(current_user)


def init_app(app: Flask) -> None:
    """Register the console's routes."""
    app.register_blueprint(bp)
