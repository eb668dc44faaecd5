"""A browser's side of the soak: one request at a time, cookies and form tokens read from pages."""

import http.client
import re
from dataclasses import dataclass, field
from urllib.parse import urlencode, urlsplit

CSRF_HEADER = re.compile(r'"X-CSRFToken": "([^"]+)"')
KEY_INPUT = re.compile(r'<input[^>]*name="idempotency_key"[^>]*>')
VALUE = re.compile(r'value="([^"]+)"')
TIMEOUT = 15  # seconds; longer than any answer the app should take, shorter than the soak


@dataclass
class Answer:
    """What came back: a status code, or the name of the error when nothing did."""

    status: int | str
    headers: dict[str, str] = field(default_factory=dict)
    body: str = ""

    @property
    def answered(self) -> bool:
        """True when the server sent a status (5xx included)."""
        return isinstance(self.status, int)

    @property
    def location(self) -> str:
        """The redirect target (path and fragment), or ""."""
        parts = urlsplit(self.headers.get("location", ""))
        return parts.path + (f"#{parts.fragment}" if parts.fragment else "")


@dataclass
class Browser:
    """One person's browser: a cookie jar of one session and the page's CSRF token."""

    port: int
    cookies: dict[str, str] = field(default_factory=dict)
    csrf: str = ""

    def send(self, method: str, path: str, fields: dict | None = None,
             htmx: bool = False) -> Answer:
        """One request, never following redirects; connection errors become an Answer."""
        headers = {}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if fields is not None:
            body = urlencode({"csrf_token": self.csrf, **fields})
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["X-CSRFToken"] = self.csrf
        if htmx:
            headers["HX-Request"] = "true"
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=TIMEOUT)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode("utf-8", "replace")
            for value in response.headers.get_all("Set-Cookie") or ():
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
            return Answer(response.status, {k.lower(): v for k, v in response.getheaders()},
                          text)
        except (OSError, http.client.HTTPException) as error:
            return Answer(type(error).__name__)
        finally:
            connection.close()

    def remember_csrf(self, html: str) -> None:
        """Keep the CSRF token a page carries (htmx sends it in a header)."""
        found = CSRF_HEADER.search(html)
        if found:
            self.csrf = found.group(1)


def idempotency_keys(html: str) -> list[str]:
    """The hidden idempotency keys of the creating forms on a page, in page order."""
    keys = []
    for tag in KEY_INPUT.findall(html):
        value = VALUE.search(tag)
        if value:
            keys.append(value.group(1))
    return keys


def form_key(html: str, action: str) -> str | None:
    """The idempotency key of the form on a page that posts to action, if there is one."""
    start = html.find(f'action="{action}"')
    if start < 0:
        return None
    end = html.find("</form>", start)
    keys = idempotency_keys(html[start:end if end > 0 else None])
    return keys[0] if keys else None
