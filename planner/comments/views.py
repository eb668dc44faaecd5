"""Routes for threads: post a comment or reply, open the reply form, page through."""

from flask import Blueprint, abort, flash, render_template, request, url_for
from flask_login import current_user

from planner import htmx, idempotency
from planner.comments import notifications, posting
from planner.comments.forms import HONEYPOT, CommentForm, blank_form, submitted_form
from planner.comments.models import Comment
from planner.comments.status import CommentStatus
from planner.comments.threads import (
    Node,
    SectionCount,
    Thread,
    load_more_replies,
    load_page,
    page_of,
    section_counts,
)
from planner.comments.view_model import CommentsView, comments_view
from planner.comments.viewer import current_viewer, remember_own, store_details
from planner.content import Guide, Section
from planner.content.lookup import get_guide_or_404
from planner.extensions import limit_setting, limiter
from planner.params import parse_id, parse_page

bp = Blueprint("comments", __name__)

THREAD_URL = "/guides/<slug>/<section_key>/comments"
PUBLISHED = "Thanks! Your comment has been published."
SIGNED_IN_ONLY = "Only signed-in members may comment here. Log in to comment."
HELD = "Thanks! Your comment is awaiting moderation and will appear once it is approved."


def get_section_or_404(slug: str, section_key: str) -> tuple[Guide, Section]:
    """The guide and section named in the URL, or 404."""
    guide = get_guide_or_404(slug)
    section = guide.section(section_key)
    if section is None:
        abort(404)
    return guide, section


def heading_level(guide: Guide) -> int | None:
    """A thread opened in place on its guide page keeps the page's levels (None); a page of
    its own, and what htmx swaps into one, heads its thread and forms at level 2."""
    return None if htmx.is_partial() and on_guide_page(guide) else 2


def page_number() -> int:
    """The ?page= argument: a whole number from 1, else 404."""
    page = parse_page(request.args.get("page", "1"))
    if page is None:
        abort(404, description="There is no such page of comments.")
    return page


def posted_parent(guide: Guide, section: Section) -> Comment | None:
    """The comment a posted reply answers (parent_id), or None; a bad one answers 400."""
    raw = request.form.get("parent_id", "").strip()
    if not raw:
        return None
    try:
        return posting.reply_target(guide.slug, section.key, raw)
    except posting.NotReplyable as error:
        abort(400, description=str(error))


@bp.get(THREAD_URL)
def index(slug: str, section_key: str):
    """A section's thread: its own page (older comments with ?page=), opened in place on the
    guide page with htmx, or the next page alone for "show more"; ?fold=1 folds it again."""
    guide, section = get_section_or_404(slug, section_key)
    if request.args.get("fold") is not None:
        return folded(guide, section)
    number = page_number()
    view = comments_view(
        guide,
        reply_to=parse_id(request.args.get("replytocom")),
        page_number=number,
        heading_level=heading_level(guide),
        landed=parse_id(request.args.get("landed")),
    )
    page = load_page(guide.slug, section.key, number, view.viewer, view.rules)
    if number > 1 and not page.nodes:
        abort(404, description="There is no such page of comments.")
    context = {"comments": view, "guide": guide, "section": section, "thread_page": page}
    if htmx.is_partial() and number > 1:
        view.focus = page.nodes[0].comment.id  # keyboard users land on the first new one
        shown = len(page.nodes)
        flash(f"{shown} more comment{'s' if shown != 1 else ''} shown.", "info")
        return htmx.render_fragment("comments/_page.html", **context)
    count = section_counts(guide.slug, view.viewer, section.key).get(section.key, SectionCount())
    view.focus_thread = htmx.is_partial()  # opened in place: the keyboard lands in the thread
    return htmx.render("comments/index.html", "comments/_fold.html", thread=Thread(count, page),
                       count=count, **context)


def folded(guide: Guide, section: Section):
    """Fold an opened thread back to its line (htmx); without JavaScript, back to the guide."""
    if not htmx.is_partial():
        return htmx.see_other(url_for("guides.show", slug=guide.slug) + f"#comments-{section.key}")
    count = section_counts(guide.slug, current_viewer(), section.key)
    return htmx.render_fragment("comments/_fold.html", guide=guide, section=section,
                                count=count.get(section.key, SectionCount()), thread=None,
                                focus_toggle=True)


@bp.get(THREAD_URL + "/<id:comment_id>")
def permalink(slug: str, section_key: str, comment_id: int):
    """A lasting link to one comment (mail, the console): to the page of its thread that
    shows it now, whatever has been posted since."""
    guide, section = get_section_or_404(slug, section_key)
    comment = posting.find_comment(comment_id)
    if comment is None or (comment.guide_slug, comment.section_key) != (guide.slug, section.key):
        abort(404, description="That comment does not exist (any more).")
    view = comments_view(guide)
    number = page_of(comment, view.viewer, view.rules)
    return htmx.see_other(view.page_url(section.key, number) + f"#comment-{comment.id}")


@bp.get(THREAD_URL + "/reply/<id:comment_id>")
def reply(slug: str, section_key: str, comment_id: int):
    """Open the reply form under a comment (or close it again with ?cancel=1)."""
    guide, section = get_section_or_404(slug, section_key)
    try:
        parent = posting.reply_target(guide.slug, section.key, str(comment_id))
    except posting.NotReplyable:
        abort(404)
    cancel = request.args.get("cancel") is not None
    view = comments_view(
        guide, reply_to=None if cancel else parent.id, heading_level=heading_level(guide)
    )
    if cancel and not htmx.is_partial():
        number = page_of(parent, view.viewer, view.rules)
        return htmx.see_other(view.page_url(section.key, number) + f"#comment-{parent.id}")
    return htmx.render(
        "comments/respond.html",
        "comments/_reply.html",
        focus_reply_link=cancel,
        **form_context(view, section, parent),
    )


@bp.get(THREAD_URL + "/replies/<id:comment_id>")
def replies(slug: str, section_key: str, comment_id: int):
    """A further page of the replies to a comment: the "more replies" partial, or a page of
    its own."""
    guide, section = get_section_or_404(slug, section_key)
    try:
        parent = posting.reply_target(guide.slug, section.key, str(comment_id))
    except posting.NotReplyable:
        abort(404)
    number = page_number()
    view = comments_view(guide, heading_level=heading_level(guide))
    found = load_more_replies(parent, number, view.viewer, view.rules)
    if not found.nodes:
        abort(404, description="There is no such page of replies.")
    back = None
    if htmx.is_partial():
        view.focus = found.nodes[0].comment.id  # keyboard users land on the first new one
        shown = len(found.nodes)
        flash(f"{shown} more repl{'ies' if shown != 1 else 'y'} shown.", "info")
    else:
        back = view.page_url(section.key, page_of(parent, view.viewer, view.rules))
    return htmx.render("comments/replies.html", "comments/_replies.html", comments=view,
                       guide=guide, section=section, replies=found, back_url=back)


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
        comment = made_by(view, section, parent, form)
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
    response = posted(view, section, parent, comment)
    if not view.viewer.signed_in:
        store_details(response, details)
    return response


def made_by(view: CommentsView, section, parent, form: CommentForm) -> Comment | None:
    """The comment this form made: saved now, or by an earlier copy of the same form (None
    when that one was deleted since). Raises posting.CommentRefused."""
    key = form.idempotency_key.data
    earlier = idempotency.first_result(key, view.viewer.user_id, posting.CREATE_COMMENT)
    if earlier is None:
        try:
            made = submission(view, view.guide, section, parent, form)
            return posting.post_comment(made, view.rules, key)[0]
        except idempotency.AlreadyDone as twin:
            earlier = twin.result_id
    return posting.find_comment(earlier)


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


def form_context(view: CommentsView, section, parent) -> dict:
    """What the reply-form templates need: opened, failed or posted. A reply's form sits
    under its parent comment (comment, and node on a page of its own)."""
    return {
        "comments": view,
        "guide": view.guide,
        "section": section,
        "parent": parent,
        "comment": parent,
        "node": Node(parent) if parent else None,
    }


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


def posted(view: CommentsView, section, parent, comment: Comment):
    """After posting: 303 to the comment on its thread's page without JavaScript, the message
    beside it; with htmx, a fresh form, the new comment in place and the counts updated out of
    band."""
    shown = comment.status != CommentStatus.SPAM  # spam is never shown, not even to its author
    viewer = current_viewer()  # now with the comment just posted among the viewer's own
    if not htmx.is_partial():
        if not shown:
            return htmx.see_other(view.page_url(section.key, 1))
        number = page_of(comment, viewer, view.rules)
        return htmx.see_other(view.page_url(section.key, number, landed=comment.id)
                              + f"#comment-{comment.id}")
    count = None
    if shows_thread_title(view.guide, section):
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


def on_guide_page(guide: Guide) -> bool:
    """True when the htmx request came from the guide page itself (its contents list the
    counts, and its threads open in place)."""
    return htmx.current_path() == url_for("guides.show", slug=guide.slug)


def shows_thread_title(guide: Guide, section: Section) -> bool:
    """True when the page the htmx request came from shows the section's thread title: the
    guide page with the thread opened, or the thread's own page."""
    thread = url_for("comments.index", slug=guide.slug, section_key=section.key)
    return on_guide_page(guide) or htmx.current_path() == thread


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
    return render_template("comments/unsubscribe.html", done=done)
