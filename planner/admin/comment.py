"""One comment in the console: its row, editing it in place, replying, deleting for good."""

from flask import abort, flash, render_template, request
from flask_login import current_user

from planner import htmx
from planner.admin import queries
from planner.admin.console import get_comment_or_404, parse_filter, queue_url
from planner.admin.forms import EditForm, ReplyForm
from planner.comments import moderation
from planner.comments.posting import CommentRefused

ROW = "admin/_row.html"
EDITABLE = ("body", "author_name", "author_email")


def show(comment_id: int):
    """One comment's row: alone for htmx (cancelling an edit), else on a page of its own."""
    comment = get_comment_or_404(comment_id)
    return htmx.render("admin/show.html", ROW, comment=comment, flt=parse_filter())


def edit(comment_id: int):
    """Edit a comment's text and author fields in place."""
    comment = get_comment_or_404(comment_id)
    flt = parse_filter()
    form = EditForm(obj=comment, prefix=f"c{comment.id}")
    if request.method == "POST":
        if not form.validate_on_submit():
            return render_in_row("admin/edit.html", "admin/_edit_row.html", comment, form, 422)
        values = {name: form[name].data for name in EDITABLE}
        values["author_url"] = form.author_url.data or None
        moderation.edit_comment(comment, values, current_user)
        return saved(comment, flt, "comment-edited", f"Comment #{comment.id} saved.")
    return render_in_row("admin/edit.html", "admin/_edit_row.html", comment, form, 200)


def render_in_row(page: str, partial: str, comment, form, status: int):
    """A form about one comment: in its row for htmx, on its own page otherwise."""
    return htmx.render(
        page, partial, status=status, comment=comment, form=form, flt=parse_filter()
    )


def saved(comment, flt, event: str, message: str):
    """After an edit or a reply: 303 to the queue without JavaScript, the row with htmx."""
    flash(message, "success")
    if not htmx.is_partial():
        return htmx.see_other(queue_url(flt) + f"#comment-row-{comment.id}")
    return htmx.render_fragment(
        "admin/_changed.html",
        trigger={event: comment.id},
        rows=queries.rows_by_id([comment.id], flt),
        flt=flt,
        counts=queries.status_counts(),
        listing=queries.QueuePage(flt, [], queries.matching_count(flt)),
    )


def reply(comment_id: int):
    """Reply as an admin: published at once and threaded under the comment."""
    comment = get_comment_or_404(comment_id)
    if not comment.allows_reply:
        abort(409, description="Restore this comment before replying to it.")
    flt = parse_filter()
    form = ReplyForm(prefix=f"r{comment.id}")
    if request.method == "POST":
        if not form.validate_on_submit():
            return render_in_row("admin/reply.html", "admin/_reply_row.html", comment, form, 422)
        try:
            moderation.reply_as_admin(comment, form.body.data, current_user)
        except CommentRefused as refused:
            form.body.errors.append(refused.message)
            return render_in_row(
                "admin/reply.html", "admin/_reply_row.html", comment, form, refused.status_code
            )
        return saved(comment, flt, "comment-replied", f"Reply to comment #{comment.id} published.")
    return render_in_row("admin/reply.html", "admin/_reply_row.html", comment, form, 200)


def delete(comment_id: int):
    """Ask to confirm, then delete a comment in spam or trash for good."""
    comment = get_comment_or_404(comment_id)
    flt = parse_filter()
    if not comment.allows_delete:
        abort(409, description="Only comments in spam or trash can be deleted permanently.")
    if request.method == "GET":
        return render_template("admin/delete.html", comment=comment, flt=flt)
    moderation.apply_action_to_one(comment_id, "delete", current_user)
    flash(f"Comment #{comment_id} deleted permanently.", "success")
    return htmx.see_other(queue_url(flt))
