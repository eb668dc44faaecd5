"""The one module that knows htmx-flask: partial or page, HX headers, Vary."""

import json
from urllib.parse import urlsplit

from flask import Flask, Response, get_flashed_messages, redirect, render_template, request
from htmx_flask import Htmx
from htmx_flask import make_response as htmx_response
from werkzeug.urls import iri_to_uri

# The htmx-flask extension object; the rest of the app asks the functions below instead.
_extension = Htmx()

# Read by htmx from <meta name="htmx-config">: no eval, no inline styles or scripts, no
# cached history snapshots, and error answers swapped so their message reaches the user.
CONFIG = {
    "selfRequestsOnly": True,
    "allowScriptTags": False,
    "allowEval": False,
    "includeIndicatorStyles": False,
    "historyCacheSize": 0,
    "responseHandling": [
        {"code": "204", "swap": False},
        {"code": "[23]..", "swap": True},
        {"code": "422", "swap": True},
        {"code": "[45]..", "swap": True, "error": True},
    ],
}


def init_app(app: Flask) -> None:
    """Bind the extension and mark every response as varying on HX-Request."""
    _extension.init_app(app)
    app.after_request(_add_vary)


def _add_vary(response: Response) -> Response:
    response.vary.add("HX-Request")
    return response


def is_htmx() -> bool:
    """True for any request made by htmx."""
    return bool(getattr(request, "htmx", False))


def is_partial() -> bool:
    """True when the answer should be a fragment rather than a whole page."""
    hx = getattr(request, "htmx", None)
    return bool(hx) and not hx.boosted and not hx.history_restore_request


def current_url() -> str:
    """The address of the page an htmx request came from (HX-Current-URL), or ""."""
    if not is_htmx():
        return ""
    return request.headers.get("HX-Current-URL", "")


def current_path() -> str:
    """The path part of current_url(), or ""."""
    return urlsplit(current_url()).path


def render(
    page: str, partial: str, status: int = 200, trigger=None, push_url=None, **context
) -> Response:
    """Render the partial for a plain htmx request, the whole page otherwise."""
    if not is_partial():
        return Response(render_template(page, **context), status=status)
    body = render_template(partial, **context)
    return fragment(body, status=status, trigger=trigger, push_url=push_url)


def fragment(body: str, status: int = 200, trigger=None, push_url=None) -> Response:
    """An htmx answer: the markup, the waiting flash messages out of band, HX-Trigger."""
    return respond(body + render_messages_oob(), status=status, trigger=trigger,
                   push_url=push_url)


def render_fragment(template: str, status: int = 200, trigger=None, **context) -> Response:
    """fragment() of one rendered template."""
    return fragment(render_template(template, **context), status=status, trigger=trigger)


def render_messages_oob() -> str:
    """Render waiting flash messages as an out-of-band swap, or nothing."""
    messages = get_flashed_messages(with_categories=True)
    if not messages:
        return ""
    return render_template("_messages.html", messages=messages, oob=True)


def respond(
    body: str = "", status: int = 200, trigger=None, retarget=None, reswap=None, push_url=None
):
    """Build a response carrying HX headers; trigger is an event name or a dict.

    push_url=False keeps the address bar as it is, whatever the element asked for.
    """
    if isinstance(trigger, dict):
        trigger = json.dumps(trigger)
    return htmx_response(
        body, status, trigger=trigger, retarget=retarget, reswap=reswap, push_url=push_url
    )


def see_other(location: str) -> Response:
    """The post-redirect-get answer for plain form posts (303 See Other)."""
    return redirect(location, code=303)


def reload_page() -> Response:
    """Tell htmx to load the whole page again (HX-Refresh)."""
    return htmx_response("", 200, refresh=True)


def navigate(location: str) -> Response:
    """Send the browser to location: HX-Redirect for htmx, 303 otherwise."""
    # Not HX-Location: its follow-up GET is neither boosted nor a history restore, so a page
    # rendered with render() would answer with its bare partial and replace the whole body.
    if is_partial():
        # Header values must be ASCII: a path with other letters travels percent-encoded.
        return htmx_response("", 200, redirect=iri_to_uri(location))
    return see_other(location)
