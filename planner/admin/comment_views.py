"""One comment in the console: its row, editing it in place, replying, deleting for good."""

from flask import abort, flash, render_template, request
from flask_login import current_user

from planner import htmx
from planner.accounts.decorators import admin_required
from planner.admin import editing, moderation, queries
from planner.admin.blueprint import bp
from planner.admin.context import parse_filter, queue_url
from planner.admin.forms import EditForm, ReplyForm
from planner.comments.service import CommentRefused

ROW = "admin/_row.html"


@bp.get("/admin/comments/<id:comment_id>")
@admin_required
def show(comment_id: int):
    """One comment's row: alone for htmx (cancelling an edit), else on a page of its own."""
    comment = moderation.get_comment_or_404(comment_id)
    return htmx.render("admin/show.html", ROW, comment=comment, flt=parse_filter())


@bp.route("/admin/comments/<id:comment_id>/edit", methods=["GET", "POST"])
@admin_required
def edit(comment_id: int):
    """Edit a comment's text and author fields in place."""
    comment = moderation.get_comment_or_404(comment_id)
    flt = parse_filter()
    form = EditForm(obj=comment, prefix=f"c{comment.id}")
    if request.method == "POST":
        if not form.validate_on_submit():
            return render_edit(comment, form, flt, 422)
        values = {name: form[name].data for name in ("body", "author_name", "author_email")}
        values["author_url"] = form.author_url.data or None
        editing.edit_comment(comment, values, current_user)
        return saved(comment, flt, "comment-edited", f"Comment #{comment.id} saved.")
    return render_edit(comment, form, flt, 200)


def render_edit(comment, form, flt, status: int):
    """The edit form: in the row for htmx, on its own page otherwise."""
    return htmx.render(
        "admin/edit.html",
        "admin/_edit_row.html",
        status=status,
        comment=comment,
        form=form,
        flt=flt,
    )


def saved(comment, flt, event: str, message: str):
    """After an edit or a reply: 303 to the queue without JavaScript, the row with htmx."""
    flash(message, "success")
    if not htmx.is_partial():
        return htmx.see_other(queue_url(flt) + f"#comment-row-{comment.id}")
    rows = queries.rows_by_id([comment.id], flt)
    body = render_template(
        "admin/_changed.html",
        rows=rows,
        flt=flt,
        counts=queries.status_counts(),
    )
    return htmx.respond(body + htmx.render_messages_oob(), 200, trigger={event: comment.id})


@bp.route("/admin/comments/<id:comment_id>/reply", methods=["GET", "POST"])
@admin_required
def reply(comment_id: int):
    """Reply as an admin: published at once and threaded under the comment."""
    comment = moderation.get_comment_or_404(comment_id)
    if comment.status not in ("pending", "approved"):
        abort(409, description="Restore this comment before replying to it.")
    flt = parse_filter()
    form = ReplyForm(prefix=f"r{comment.id}")
    if request.method == "POST":
        if not form.validate_on_submit():
            return render_reply(comment, form, flt, 422)
        try:
            editing.reply_as_admin(comment, form.body.data, current_user)
        except CommentRefused as refused:
            form.body.errors.append(refused.message)
            return render_reply(comment, form, flt, refused.status_code)
        return saved(comment, flt, "comment-replied", f"Reply to comment #{comment.id} published.")
    return render_reply(comment, form, flt, 200)


def render_reply(comment, form, flt, status: int):
    """The reply form: in the row for htmx, on its own page otherwise."""
    return htmx.render(
        "admin/reply.html",
        "admin/_reply_row.html",
        status=status,
        comment=comment,
        form=form,
        flt=flt,
    )


@bp.route("/admin/comments/<id:comment_id>/delete", methods=["GET", "POST"])
@admin_required
def delete(comment_id: int):
    """Ask to confirm, then delete a comment in spam or trash for good."""
    comment = moderation.get_comment_or_404(comment_id)
    flt = parse_filter()
    if comment.status not in ("spam", "trash"):
        abort(409, description="Only comments in spam or trash can be deleted permanently.")
    if request.method == "GET":
        return render_template("admin/delete.html", comment=comment, flt=flt)
    moderation.moderate_one(comment_id, "delete", current_user)
    flash(f"Comment #{comment_id} deleted permanently.", "success")
    return htmx.see_other(queue_url(flt))
