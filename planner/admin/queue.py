"""The dashboard and the moderation queue: single actions, bulk actions, emptying spam and trash."""

from flask import abort, flash, render_template, request, url_for
from flask_login import current_user

from planner import htmx
from planner.admin import queries
from planner.admin.console import get_comment_or_404, parse_filter, queue_url
from planner.admin.queries import Filter
from planner.comments import moderation
from planner.comments.status import BULK_ACTIONS, EMPTIABLE, ROW_ACTIONS, TRANSITIONS
from planner.params import parse_id

IDS_MAX = 5000


def dashboard():
    """Counts per status and of users, each linking to the queue; mail that failed."""
    return htmx.render(
        "admin/dashboard.html",
        "admin/_overview.html",
        counts=queries.status_counts(),
        users=queries.user_count(),
        failed_mail=queries.failed_mail(),
    )


def queue():
    """The moderation queue: a status tab, a search, 50 comments per page, newest first."""
    flt = parse_filter()
    listing = queries.queue_page(flt)
    if flt.page > 1 and not listing.comments:
        abort(404, description="There is no such page of the queue.")
    return htmx.render(
        "admin/queue.html",
        "admin/_queue.html",
        listing=listing,
        flt=flt,
        counts=queries.status_counts(),
    )


def changed_rows(flt: Filter, ids: list[int], message: str, trigger: dict):
    """After an action with htmx: the rows that still match (the others vanish), the tab
    counts, the list's own count and "Apply to all N" out of band, the message in the live
    region."""
    flash(message, "success")
    return htmx.render_fragment(
        "admin/_changed.html",
        trigger=trigger,
        rows=queries.rows_by_id(ids, flt),
        flt=flt,
        counts=queries.status_counts(),
        listing=queries.QueuePage(flt, [], queries.matching_count(flt)),
    )


def act(comment_id: int):
    """Approve, unapprove, spam, not spam, trash or restore one comment."""
    flt = parse_filter()
    action = request.form.get("action", "")
    if action not in ROW_ACTIONS:
        abort(400, description="Choose one of the moderation actions.")
    get_comment_or_404(comment_id)
    try:
        change = moderation.apply_action_to_one(comment_id, action, current_user)
    except moderation.ModerationError as error:
        abort(409, description=str(error))
    message = f"Comment #{comment_id}: {change.before} → {change.after}."
    trigger = {"comment-moderated": {"id": comment_id, "status": change.after}}
    if not htmx.is_partial():
        flash(message, "success")
        return htmx.see_other(queue_url(flt) + f"#comment-row-{comment_id}")
    return changed_rows(flt, [comment_id], message, trigger)


def bulk_ids(flt: Filter) -> list[int]:
    """The comments a bulk action covers: the ticked ones, this page's, or all matching."""
    scope = request.form.get("scope", "selected")
    if scope == "all":
        return queries.matching_ids(flt)
    raw = request.form.getlist("page_ids" if scope == "page" else "ids")
    if scope not in ("selected", "page") or len(raw) > IDS_MAX:
        abort(400, description="That selection cannot be used.")
    ids = [parse_id(r) for r in raw]
    if None in ids:
        abort(400, description="That selection names comments that do not exist.")
    return ids


def bulk():
    """Apply one action to the ticked comments, to this page, or to the whole filtered list."""
    flt = parse_filter()
    action = request.form.get("action", "")
    if action not in BULK_ACTIONS:
        abort(422, description="Choose an action to apply.")
    if deleting_all(action) and request.form.get("confirmed") != "yes":
        # Like deleting one comment: ask first, on a page of its own.
        return htmx.navigate(url_for("admin.bulk_delete", **flt.args(page=1)))
    ids = bulk_ids(flt)
    if not ids:
        abort(422, description="Tick at least one comment first.")
    changes = moderation.apply_action(ids, action, current_user)
    skipped = len(set(ids)) - len(changes)
    message = f"{TRANSITIONS[action].label}: {len(changes)} comment{'s'[: len(changes) != 1]}"
    message += f", {skipped} skipped (the action does not apply to them)." if skipped else "."
    if not htmx.is_partial():
        flash(message, "success")
        return htmx.see_other(queue_url(flt))
    trigger = {"comments-moderated": {"count": len(changes), "action": action}}
    return queue_partial(flt, message, trigger)


def deleting_all(action: str) -> bool:
    """True for "delete permanently" over the whole filtered list, which asks first."""
    return action == "delete" and request.form.get("scope") == "all"


def bulk_delete():
    """Ask to confirm deleting every matching comment in spam or trash for good."""
    flt = parse_filter()
    count = queries.deletable_count(flt)
    return render_template("admin/bulk_delete.html", flt=flt, count=count)


def queue_partial(flt: Filter, message: str, trigger: dict):
    """The rows of the current page again, with the tab counts, the list's own count and
    "Apply to all N" out of band."""
    listing = queries.queue_page(flt)
    if not listing.comments and flt.page > 1:
        listing = queries.queue_page(Filter(flt.status, flt.q, listing.pages))
    flash(message, "success")
    counts = queries.status_counts()
    body = render_template("admin/_rows.html", listing=listing, flt=listing.filter)
    body += render_template("admin/_tabs.html", flt=flt, counts=counts, oob=True)
    body += render_template("admin/_totals.html", listing=listing, oob=True)
    return htmx.fragment(body, trigger=trigger)


def empty(status: str):
    """Ask to confirm, then delete every comment in spam or in trash for good."""
    if status not in EMPTIABLE:
        abort(404)
    flt = Filter(status)
    if request.method == "GET":
        count = queries.status_counts()[status]
        return render_template("admin/empty.html", status=status, count=count, flt=flt)
    changes = moderation.empty_status(status, current_user)
    flash(f"Emptied {status}: {len(changes)} comment{'s'[: len(changes) != 1]} deleted.", "success")
    return htmx.see_other(queue_url(flt))
