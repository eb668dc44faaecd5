"""Form posts as a browser sends them: with the CSRF token its page carries."""

import re
from weakref import WeakKeyDictionary

TOKEN_PATTERN = re.compile(r'"X-CSRFToken": "([^"]+)"')

# client -> (the raw token in its session, the signed token a page gave for it)
_tokens: WeakKeyDictionary = WeakKeyDictionary()


def token_in(html: str) -> str:
    """The CSRF token a page carries (every page has it, in the htmx request headers)."""
    return TOKEN_PATTERN.search(html).group(1)


def _session_secret(client, where: dict) -> str | None:
    """The raw token Flask-WTF keeps in client's session (read without a request)."""
    field = client.application.config.get("WTF_CSRF_FIELD_NAME", "csrf_token")
    with client.session_transaction(**where) as session:
        return session.get(field)


def csrf_token(client, base_url: str | None = None) -> str:
    """The CSRF token of client's session, read from a page as a browser would.

    The page is fetched again only when the session's secret changed (log-in and log-out
    start a new session), so that counting the queries of a post counts the post alone.
    """
    where = {"base_url": base_url} if base_url else {}
    secret = _session_secret(client, where)
    known = _tokens.get(client)
    if secret is None or known is None or known[0] != secret:
        token = token_in(client.get("/", **where).get_data(as_text=True))
        _tokens[client] = (_session_secret(client, where), token)
    return _tokens[client][1]


def submit(client, url: str, data: dict | None = None, htmx: bool = False, headers=None, **request):
    """Submit a form from client with its session's CSRF token; htmx=True sends it as htmx would."""
    payload = {"csrf_token": csrf_token(client, request.get("base_url")), **(data or {})}
    sent = {**({"HX-Request": "true"} if htmx else {}), **(headers or {})}
    return client.post(url, data=payload, headers=sent, **request)
