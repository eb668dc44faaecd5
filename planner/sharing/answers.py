"""The progress card as an HTTP answer, for its owner and for the shared page alike."""

from flask import Response, request

from planner.sharing import card, links


def card_response(data: card.CardData, filename: str) -> Response:
    """The card as PNG with its ETag; 304 without drawing it when the browser has this one."""
    tag = links.card_etag(data)
    if request.if_none_match.contains(tag):
        response = Response(status=304)
    else:
        response = Response(links.card_png(data), mimetype="image/png")
        response.headers["Content-Disposition"] = f'inline; filename="{filename}"'
    response.set_etag(tag)
    return response
