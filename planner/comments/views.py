"""Routes for threads: a thread's page (opened in place on its guide, or folded again), the
lasting link to a comment, the reply form, further pages of replies, the mail opt-out.
Posting is in posting_views.py, on the same blueprint."""

from flask import Blueprint, abort, flash, render_template, request, url_for

from planner import htmx
from planner.comments import notifications, posting
from planner.comments.thread_pages import opened_page
from planner.comments.threads import (
    Node,
    SectionCount,
    Thread,
    load_more_replies,
    page_of,
    section_counts,
    shown_to,
)
from planner.comments.view_model import CommentsView, comments_view
from planner.comments.viewer import current_viewer
from planner.content import Guide, Section
from planner.content.lookup import get_guide_or_404
from planner.params import parse_id, parse_page

bp = Blueprint("comments", __name__)

THREAD_URL = "/guides/<slug>/<section_key>/comments"


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
    count = section_counts(guide.slug, view.viewer, section.key).get(section.key, SectionCount())
    more = htmx.is_partial() and number > 1  # "show more": the next page alone
    page = opened_page(view, section.key, number, count, focus_first=more)
    if number > 1 and not page.shown:
        abort(404, description="There is no such page of comments.")
    context = {"comments": view, "guide": guide, "section": section, "thread_page": page}
    if more:
        view.focus = page.first_id  # keyboard users land on the first new one
        flash(f"{page.shown} more comment{'s' if page.shown != 1 else ''} shown.", "info")
        return htmx.render_fragment("comments/_page.html", **context)
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
    shows it now, whatever has been posted since; 404 to whoever may not see it."""
    guide, section = get_section_or_404(slug, section_key)
    view = comments_view(guide)
    # A held comment is on a page only for its author: for anyone else it does not exist.
    comment = shown_to(comment_id, view.viewer)
    if comment is None or (comment.guide_slug, comment.section_key) != (guide.slug, section.key):
        abort(404, description="That comment does not exist (any more).")
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
