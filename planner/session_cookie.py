"""The signed session cookie, sent again only when what it holds changed."""

import copy

from flask.sessions import SecureCookieSession, SecureCookieSessionInterface


class SessionInterface(SecureCookieSessionInterface):
    """Flask's cookie sessions, minus the re-signed cookie of a session left as it came.

    An htmx answer that flashes a message and shows it in the same answer writes the session
    twice and ends with what it started with: Flask counts that as modified and signs and
    sends the cookie again, for nothing.
    """

    def open_session(self, app, request) -> SecureCookieSession | None:
        """Open the session and keep a copy of what it held."""
        session = super().open_session(app, request)
        if session is not None:
            # A deep copy: flash() appends to the stored list in place.
            session.as_opened = copy.deepcopy(dict(session))
        return session

    def save_session(self, app, session, response) -> None:
        """Save the session unless it ends the request as it began."""
        if session.modified and dict(session) == getattr(session, "as_opened", None):
            session.modified = False
        super().save_session(app, session, response)
