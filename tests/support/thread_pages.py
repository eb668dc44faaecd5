"""Comparing thread pages across requests: what changes on every answer is blanked."""

import re

from tests.support.comments import GUIDE_URL

PER_REQUEST = re.compile(
    r'(nonce|name="csrf_token" value|name="idempotency_key" type="hidden" value)="[^"]*"'
    r'|"X-CSRFToken": "[^"]*"'
)
IN_PLACE = {"HX-Request": "true", "HX-Current-URL": f"http://localhost{GUIDE_URL}"}


def normalised(html: str) -> str:
    """html with the values that change on every request (nonce, tokens, form keys) blanked."""
    return PER_REQUEST.sub("", html)


def per_request_values(html: str) -> set[str]:
    """The nonce, CSRF tokens and form keys in html."""
    values = set()
    for match in PER_REQUEST.finditer(html):
        values.add(match.group(0).split("=", 1)[-1].split(": ")[-1].strip('"'))
    return values - {""}


def fresh_page(app, client, url: str, headers=None) -> str:
    """url rendered for client with no thread cache at all."""
    from planner.comments.thread_cache import NoStore

    kept = app.extensions["thread_cache"]
    app.extensions["thread_cache"] = NoStore()
    try:
        return client.get(url, headers=headers or {}).get_data(as_text=True)
    finally:
        app.extensions["thread_cache"] = kept
