"""The owner's share controls: the link and its options, the card, the calendar feed."""


from flask import Blueprint, abort, flash, url_for
from flask_login import current_user, login_required

from planner import htmx, idempotency
from planner.mail import external_url
from planner.roadmaps.forms import ConfirmForm
from planner.roadmaps.milestones import roadmap_progress
from planner.roadmaps.service import get_roadmap_or_404
from planner.sharing import feeds, links
from planner.sharing.answers import card_response
from planner.sharing.forms import CreateForm, OptionsForm

bp = Blueprint("sharing", __name__, url_prefix="/roadmap")

SHARE = "/<id:roadmap_id>/share"
LINK_CHANGED, FEED_CHANGED = "share-link-changed", "calendar-feed-changed"


@bp.context_processor
def inject_helpers() -> dict:
    """Addresses of links and feeds are built on BASE_URL, as in mail."""
    return {"external_url": external_url}


@bp.get(SHARE)
@login_required
def manage(roadmap_id: int):
    """The share page of a roadmap: its link, options, card and the user's calendar feed."""
    roadmap = get_roadmap_or_404(roadmap_id, current_user)
    return htmx.render("sharing/manage.html", "sharing/_manage.html", roadmap=roadmap,
                       **_link_context(roadmap.id), **_feed_context())


@bp.post(SHARE)
@login_required
def create(roadmap_id: int):
    """Make the roadmap's share link (or keep the one it has)."""
    roadmap = get_roadmap_or_404(roadmap_id, current_user, for_update=True)
    form = _valid(CreateForm())
    key = form.idempotency_key.data
    if idempotency.unless_done(key, current_user.id, links.CREATE_LINK,
                               lambda: links.create_link(roadmap, key)):
        flash("Your share link is ready: anyone who has it can see this roadmap.", "success")
    return _link_answer(roadmap_id, focus="share-url")


@bp.post(SHARE + "/options")
@login_required
def options(roadmap_id: int):
    """Choose what the link shows beyond titles, statuses and progress."""
    get_roadmap_or_404(roadmap_id, current_user)
    form = _valid(OptionsForm())
    if links.set_options(roadmap_id, form.options()) is None:
        flash("This roadmap has no share link now: make one first.", "info")
        return _link_answer(roadmap_id, focus="create-share-link")
    flash("Saved what your share link shows.", "success")
    return _link_answer(roadmap_id, focus="save-share-options")


@bp.post(SHARE + "/revoke")
@login_required
def revoke(roadmap_id: int):
    """Revoke the link: its address answers 404 from now on."""
    get_roadmap_or_404(roadmap_id, current_user)
    _valid(ConfirmForm())
    if links.revoke(roadmap_id):
        flash("Stopped sharing: the old link no longer opens this roadmap.", "success")
    else:
        flash("This roadmap was not shared.", "info")
    return _link_answer(roadmap_id, focus="create-share-link")


@bp.get(SHARE + "/card.png")
@login_required
def card(roadmap_id: int):
    """The roadmap's progress card, for its owner to download and post."""
    roadmap = get_roadmap_or_404(roadmap_id, current_user)
    data = links.card_data(roadmap.name, roadmap_progress(roadmap_id))
    return card_response(data, f"roadmap-{roadmap_id}-progress.png")


@bp.post(SHARE + "/feed")
@login_required
def create_feed(roadmap_id: int):
    """Make the user's calendar feed (or keep the one they have)."""
    get_roadmap_or_404(roadmap_id, current_user)
    form = _valid(CreateForm())
    key = form.idempotency_key.data
    if idempotency.unless_done(key, current_user.id, feeds.CREATE_FEED,
                               lambda: feeds.create_feed(current_user, key)):
        flash("Your calendar feed is ready: add its address to your calendar.", "success")
    return _feed_answer(roadmap_id, focus="feed-url")


@bp.post(SHARE + "/feed/renew")
@login_required
def renew_feed(roadmap_id: int):
    """Give the feed a new address; calendars using the old one stop getting dates."""
    get_roadmap_or_404(roadmap_id, current_user)
    _valid(ConfirmForm())
    feeds.renew_feed(current_user)
    flash("Your calendar feed has a new address; the old one no longer works.", "success")
    return _feed_answer(roadmap_id, focus="feed-url")


@bp.post(SHARE + "/feed/revoke")
@login_required
def revoke_feed(roadmap_id: int):
    """Turn the calendar feed off: its address answers 404 from now on."""
    get_roadmap_or_404(roadmap_id, current_user)
    _valid(ConfirmForm())
    if feeds.revoke_feed(current_user):
        flash("Turned off your calendar feed.", "success")
    else:
        flash("You had no calendar feed.", "info")
    return _feed_answer(roadmap_id, focus="create-feed")


def _valid(form):
    """The form, once its CSRF token (checked app-wide first) and fields pass; else 400."""
    if not form.validate():
        abort(400, description="That form could not be used. Please reload the page.")
    return form


def _link_context(roadmap_id: int) -> dict:
    link = links.link_of(roadmap_id)
    return {
        "link": link,
        "create_form": CreateForm(formdata=None),
        "options_form": OptionsForm(
            formdata=None, show_notes=link.show_notes, show_evidence=link.show_evidence,
            show_earnings=link.show_earnings,
        ) if link else None,
    }


def _feed_context() -> dict:
    return {"feed": feeds.feed_of(current_user.id), "feed_form": CreateForm(formdata=None)}


def _link_answer(roadmap_id: int, focus: str):
    """htmx: the link section again, focus on what comes next; a form post: back to the page."""
    if htmx.is_partial():
        return htmx.render_fragment("sharing/_link.html", trigger=LINK_CHANGED,
                                    roadmap_id=roadmap_id, focus=focus,
                                    **_link_context(roadmap_id))
    return htmx.see_other(url_for(".manage", roadmap_id=roadmap_id, _anchor="share-link"))


def _feed_answer(roadmap_id: int, focus: str):
    """htmx: the feed section again; a form post: back to the page, at the feed."""
    if htmx.is_partial():
        return htmx.render_fragment("sharing/_feed.html", trigger=FEED_CHANGED,
                                    roadmap_id=roadmap_id, focus=focus, **_feed_context())
    return htmx.see_other(url_for(".manage", roadmap_id=roadmap_id, _anchor="calendar-feed"))
