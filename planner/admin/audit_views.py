"""The audit trail, and the opt-out link sent in mail to comment authors."""

from flask import abort, flash, render_template, request

from planner import htmx
from planner.accounts.decorators import admin_required
from planner.admin import notifications, queries
from planner.admin.blueprint import bp
from planner.admin.queries import AuditFilter
from planner.params import parse_id


@bp.get("/admin/audit")
@admin_required
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


@bp.route("/mail/stop/<token>", methods=["GET", "POST"])
def unsubscribe(token: str):
    """Confirm, then stop mail to the address the link names; no account needed."""
    email = notifications.email_from_token(token)
    if email is None:
        abort(404, description="This link is not valid. Copy the whole link from the email.")
    if request.method == "POST":
        notifications.opt_out(email)
        flash("Done: we will not email this address about comments again.", "success")
        return htmx.see_other(request.path)
    done = notifications.opted_out({email}) == {email}
    return render_template("admin/unsubscribe.html", done=done)
