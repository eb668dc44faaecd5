"""A page of a thread as its viewer sees it: rendered once per thread version for everybody
and kept (thread_cache.py), its relative times ("3 minutes ago") filled in per request.

Only the list of comments is kept: approved comments, which everybody sees alike. The thread's
title (its counts), the reply form (CSRF token, idempotency key, "Logged in as"), the nonce and
the rest of the page are rendered per request around it. A viewer with comments of their own
awaiting moderation in the section, a reply form opened in the list (?replytocom=) or a message
beside a comment (?landed=) gets the list rendered for them alone, as before.
"""

import hashlib
import secrets
from datetime import datetime

from flask import current_app, render_template, request
from markupsafe import Markup, escape

from planner import dates
from planner.accounts.preferences import viewer_locale, viewer_zone
from planner.comments import thread_cache
from planner.comments.thread_cache import RenderedPage
from planner.comments.threads import Page, SectionCount, load_page
from planner.comments.versions import thread_version
from planner.comments.view_model import CommentsView
from planner.comments.viewer import Viewer
from planner.database import end_read_transaction

TEMPLATE = "comments/_page_comments.html"
# What the kept markup is made from besides the comments: a change to any of these renders
# pages anew, without waiting for the old entries to leave Redis.
SOURCES = ("comments/_page_comments.html", "comments/_items.html", "comments/_more.html")
# Stands for a relative time while a page is rendered for keeping; unguessable, so no
# comment's text can forge one.
_MARK = f"\x00{secrets.token_hex(8)}\x00"
PUBLIC = Viewer()  # whoever it is, a kept page shows what a visitor sees


def opened_page(view: CommentsView, section_key: str, number: int, count: SectionCount,
                focus_first: bool = False) -> Page:
    """Page number of a section's thread for this view's viewer: the kept rendering when
    it may be shared (Page.html set, no nodes), else loaded for them alone (nodes set).
    focus_first gives the first comment the focus in the kept markup (a further page shown
    with htmx; the caller sets view.focus for the markup rendered per viewer)."""
    slug = view.guide.slug
    store = thread_cache.store()
    if not store.keeps or not shareable(view, count):
        return load_page(slug, section_key, number, view.viewer, view.rules)
    key = page_key(view, section_key, thread_version(slug, section_key), number, focus_first)
    # A remote store is called with no transaction open, or not at all.
    usable = not store.remote or end_read_transaction()
    kept = store.get(key) if usable else None
    if kept is None:
        kept = render_page(view, section_key, number, focus_first)
        # Pages past the last one answer 404: asking for them must not fill the cache.
        worth_keeping = kept.shown or number == 1
        if worth_keeping and usable and (not store.remote or end_read_transaction()):
            store.set(key, kept)
    return Page(slug, section_key, number, [], False, html=filled(kept, view.now),
                shown=kept.shown, first_id=kept.first_id)


def shareable(view: CommentsView, count: SectionCount) -> bool:
    """True when the viewer sees the page exactly as a visitor does."""
    return not count.own_pending and view.reply_to is None and view.landed is None


def page_key(view: CommentsView, section_key: str, version: int, number: int,
             focus_first: bool) -> str:
    """Everything the kept markup depends on besides the comments, which version stands for."""
    rules = view.rules
    parts = (
        sources_digest(), request.script_root, rules.per_page, rules.thread_depth,
        sorted(view.admin_ids), viewer_locale(), str(viewer_zone()), focus_first,
    )
    digest = hashlib.blake2b(repr(parts).encode(), digest_size=12).hexdigest()
    return f"{view.guide.slug}:{section_key}:{version}:{number}:{digest}"


def sources_digest() -> str:
    """A digest of the templates the kept markup is made from, taken once per process."""
    digest = current_app.extensions.get("thread_sources")
    if digest is None:
        env = current_app.jinja_env
        text = "".join(env.loader.get_source(env, name)[0] for name in SOURCES)
        digest = hashlib.blake2b(text.encode(), digest_size=8).hexdigest()
        current_app.extensions["thread_sources"] = digest
    return digest


def render_page(view: CommentsView, section_key: str, number: int,
                focus_first: bool) -> RenderedPage:
    """Render page number as a visitor sees it, its relative times marked out."""
    page = load_page(view.guide.slug, section_key, number, PUBLIC, view.rules)
    first_id = page.nodes[0].comment.id if page.nodes else None
    public = CommentsView(view.guide, PUBLIC, view.rules, view.form, page_number=number,
                          focus=first_id if focus_first else None, admin_ids=view.admin_ids)
    moments: list[str] = []

    def mark(then: datetime, _now: datetime) -> Markup:
        moments.append(then.isoformat())
        return Markup(_MARK)  # noqa: S704 (a constant of our own)

    html = render_template(TEMPLATE, comments=public, thread_page=page, relative_time=mark)
    return RenderedPage(tuple(html.split(_MARK)), tuple(moments), len(page.nodes), first_id)


def filled(kept: RenderedPage, now: datetime) -> Markup:
    """The kept page with each relative time told as of now, in the viewer's locale."""
    locale = viewer_locale()
    parts = [kept.chunks[0]]
    for moment, chunk in zip(kept.times, kept.chunks[1:], strict=True):
        then = datetime.fromisoformat(moment)
        parts.append(str(escape(dates.relative_time(then, now, locale=locale))))
        parts.append(chunk)
    # Chunks are markup this app rendered (in Redis, trusted as the database is), the
    # words between them are escaped here.
    return Markup("".join(parts))  # noqa: S704
