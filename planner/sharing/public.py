"""The pages a token opens, signed in or not: the shared roadmap, its card, the calendar feed."""

from flask import Blueprint, Response, render_template

from planner import security
from planner.database import utcnow
from planner.mail import external_url
from planner.sharing import card, feeds, links
from planner.sharing.answers import card_response

bp = Blueprint("shared", __name__)


@bp.after_request
def unlisted(response: Response) -> Response:
    """Every answer here, 404s included: not indexed, no Referer, no shared cache."""
    return security.unlisted(response)


@bp.get("/s/<token:token>")
def page(token: str):
    """The read-only roadmap: titles, statuses, progress, and what its owner chose to show."""
    shared = links.shared_page(token, utcnow())
    # Crawlers that draw link previews need the card's whole address, on our own origin.
    return render_template("shared/page.html", shared=shared, card_size=(card.WIDTH, card.HEIGHT),
                           card_url=external_url("shared.card_image", token=token))


@bp.get("/s/<token:token>/card.png")
def card_image(token: str):
    """The shared roadmap's progress card (its Open Graph image)."""
    return card_response(links.public_card(token), "roadmap-progress.png")


@bp.get("/feed/<token:token>.ics")
def feed(token: str):
    """The calendar feed of the token's owner: their open milestones' target dates."""
    response = Response(feeds.feed_ics(token), mimetype="text/calendar")
    response.headers["Content-Disposition"] = 'inline; filename="target-dates.ics"'
    return response
