"""Posting to a thread: a comment or a reply through the moderation rules, then the answer:
the comment on its thread's page (no JS), or the fresh form with the comment in place (htmx)."""

from dataclasses import replace

from flask import abort, flash, request
from flask_login import current_user

from planner import htmx, idempotency
from planner.comments import posting
from planner.comments.forms import HONEYPOT, CommentForm, blank_form, submitted_form
from planner.comments.models import Comment
from planner.comments.status import CommentStatus
from planner.comments.threads import Node, SectionCount, page_of, section_counts
from planner.comments.view_model import CommentsView, comments_view
from planner.comments.viewer import (
    OWN_COMMENTS_KEPT,
    current_viewer,
    remember_own,
    store_details,
)
from planner.comments.views import (
    THREAD_URL,
    bp,
    form_context,
    get_section_or_404,
    heading_level,
    on_guide_page,
    shows_thread_title,
)
from planner.content import Guide, Section
from planner.extensions import limit_setting, limiter

PUBLISHED = "Thanks! Your comment has been published."
SIGNED_IN_ONLY = "Only signed-in members may comment here. Log in to comment."
HELD = "Thanks! Your comment is awaiting moderation and will appear once it is approved."


def posted_parent(guide: Guide, section: Section) -> Comment | None:
    """The comment a posted reply answers (parent_id), or None; a bad one answers 400."""
    raw = request.form.get("parent_id", "").strip()
    if not raw:
        return None
    try:
        return posting.reply_target(guide.slug, section.key, raw)
    except posting.NotReplyable as error:
        abort(400, description=str(error))


def stored(response) -> bool:
    """Only comments that were saved count toward the per-address limit."""
    return response.status_code in (200, 303)


@bp.post(THREAD_URL)
@limiter.limit(limit_setting("COMMENT_LIMIT_ADDRESS"), deduct_when=stored)
def create(slug: str, section_key: str):
    """Post a comment or a reply through the moderation rules."""
    guide, section = get_section_or_404(slug, section_key)
    view = comments_view(guide)
    if view.rules.signed_in_only and not view.viewer.signed_in:
        abort(403, description=SIGNED_IN_ONLY)
    parent = posted_parent(guide, section)
    form = submitted_form(view.viewer.signed_in)
    if not form.validate_on_submit():
        return form_failed(view, section, parent, form, 422)
    try:
        comment, count = made_by(view, section, parent, form)
    except posting.CommentRefused as refused:
        form.form_errors.append(refused.message)
        response = form_failed(view, section, parent, form, refused.status_code)
        if refused.decision.retry_after:
            response.headers["Retry-After"] = str(refused.decision.retry_after)
        return response
    if comment is None:  # sent before, and deleted since: back to the thread
        return htmx.navigate(view.page_url(section.key, 1))
    remember_own(comment.id)
    flash(PUBLISHED if comment.is_approved else HELD, "success")
    details = saved(form)
    if not view.viewer.signed_in:
        view.form = blank_form(False, details)
    response = posted(view, section, parent, comment, count)
    if not view.viewer.signed_in:
        store_details(response, details)
    return response


def made_by(view: CommentsView, section, parent, form: CommentForm):
    """The comment this form made: saved now, or by an earlier copy of the same form (None
    when that one was deleted since), and the section's count when it was read with it.
    Raises posting.CommentRefused."""
    key = form.idempotency_key.data
    earlier = idempotency.first_result(key, view.viewer.user_id, posting.CREATE_COMMENT)
    if earlier is None:
        try:
            made = submission(view, view.guide, section, parent, form)
            posted_now = posting.post_comment(made, view.rules, key,
                                              read=count_reader(view, section))
            return posted_now.comment, posted_now.read
        except idempotency.AlreadyDone as twin:
            earlier = twin.result_id
    return posting.find_comment(earlier), None


def count_reader(view: CommentsView, section):
    """What post_comment reads before its commit for the htmx answer: the section's count
    with the new comment among the viewer's own; None when the answer shows no count."""
    if not (htmx.is_partial() and shows_thread_title(view.guide, section)):
        return None

    def read(comment: Comment) -> SectionCount:
        viewer = current_viewer()
        viewer = replace(viewer, own_ids=(*viewer.own_ids, comment.id)[-OWN_COMMENTS_KEPT:])
        counts = section_counts(view.guide.slug, viewer, section.key)
        return counts.get(section.key, SectionCount())

    return read


def submission(view: CommentsView, guide, section, parent, form) -> posting.Submission:
    """What posting needs, from the form, the signed-in account and the request."""
    viewer = view.viewer
    guest = not viewer.signed_in
    return posting.Submission(
        guide_slug=guide.slug,
        section_key=section.key,
        body=form.comment.data,
        author_name=form.author.data if guest else viewer.name,
        author_email=form.email.data if guest else current_user.email,
        author_url=(form.url.data or None) if guest else None,
        parent=parent,
        user_id=viewer.user_id,
        is_admin=viewer.is_admin,
        author_ip=request.remote_addr,
        user_agent=request.user_agent.string,
        honeypot=form[HONEYPOT].data or "",
    )


def saved(form: CommentForm) -> dict | None:
    """The details a guest asked us to remember, or None to forget them."""
    if not getattr(form, "save_details", None) or not form.save_details.data:
        return None
    return {"author": form.author.data, "email": form.email.data, "url": form.url.data or ""}


def form_failed(view: CommentsView, section, parent, form: CommentForm, status: int):
    """The form again with its messages: the partial for htmx, else a page of its own."""
    view.forms[str(parent.id if parent else section.key)] = form
    view.reply_to = parent.id if parent else None
    view.heading_level = heading_level(view.guide)
    return htmx.render(
        "comments/respond.html",
        "comments/_reply.html" if parent else "comments/_respond.html",
        status=status,
        **form_context(view, section, parent),
    )


def posted(view: CommentsView, section, parent, comment: Comment,
           count: SectionCount | None = None):
    """After posting: 303 to the comment on its thread's page without JavaScript, the message
    beside it; with htmx, a fresh form, the new comment in place and the counts updated out of
    band (count, when it was read before the commit)."""
    shown = comment.status != CommentStatus.SPAM  # spam is never shown, not even to its author
    viewer = current_viewer()  # now with the comment just posted among the viewer's own
    if not htmx.is_partial():
        if not shown:
            return htmx.see_other(view.page_url(section.key, 1))
        number = page_of(comment, viewer, view.rules)
        return htmx.see_other(view.page_url(section.key, number, landed=comment.id)
                              + f"#comment-{comment.id}")
    if count is None and shows_thread_title(view.guide, section):
        count = section_counts(view.guide.slug, viewer, section.key).get(section.key,
                                                                         SectionCount())
    view.focus = comment.id
    view.heading_level = heading_level(view.guide)
    return htmx.render_fragment(
        "comments/_posted.html",
        trigger={"comment-posted": {"id": comment.id}},
        new_node=Node(comment) if shown else None,
        count=count,
        toc=on_guide_page(view.guide),
        **form_context(view, section, parent),
    )
