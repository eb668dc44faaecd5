"""The audit trail: every moderation action and rules change."""

from flask import abort, request

from planner import htmx
from planner.admin import queries
from planner.admin.queries import AuditFilter
from planner.params import parse_id


def audit():
    """Every moderation action and rules change, newest first, by admin and by action."""
    raw_admin = request.args.get("admin", "")
    admin_id = parse_id(raw_admin)
    if raw_admin and admin_id is None:
        abort(404, description="There is no such admin in the trail.")
    flt = AuditFilter(admin_id, request.args.get("action", "")[:32])
    return htmx.render(
        "admin/audit.html",
        "admin/_audit.html",
        flt=flt,
        entries=queries.audit_entries(flt),
        admins=queries.audit_admins(),
        actions=queries.audit_actions(),
    )

