"""Who is looking at comments: their account, the comments this browser session posted, and
the details a guest asked us to remember."""

from dataclasses import dataclass

from flask import Response, current_app, request, session
from flask_login import current_user
from itsdangerous import BadSignature, URLSafeSerializer

DETAILS_COOKIE = "comment_author"
DETAILS_SALT = "comment-details"
DETAILS_MAX_AGE = 365 * 24 * 3600
DETAILS_FIELDS = ("author", "email", "url")
OWN_KEY = "own_comments"
OWN_COMMENTS_KEPT = 20  # comment ids a guest's session remembers


@dataclass(frozen=True)
class Viewer:
    """Who is looking: their account, if any, and the comments this browser session posted."""

    user_id: int | None = None
    is_admin: bool = False
    name: str = ""
    own_ids: tuple[int, ...] = ()

    @property
    def signed_in(self) -> bool:
        """True for a member."""
        return self.user_id is not None


def current_viewer() -> Viewer:
    """The viewer of this request, with the comments this browser session posted."""
    own = tuple(int(i) for i in session.get(OWN_KEY, ()) if isinstance(i, int))
    if current_user.is_authenticated:
        return Viewer(current_user.id, current_user.is_admin, current_user.display_name, own)
    return Viewer(own_ids=own)


def remember_own(comment_id: int) -> None:
    """Let this browser session see the comment while it waits for moderation."""
    own = [i for i in session.get(OWN_KEY, []) if isinstance(i, int)]
    session[OWN_KEY] = [*own, comment_id][-OWN_COMMENTS_KEPT:]


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=DETAILS_SALT)


def saved_details() -> dict | None:
    """The name, email and website this browser asked us to remember, if any."""
    raw = request.cookies.get(DETAILS_COOKIE)
    if not raw:
        return None
    try:
        data = _serializer().loads(raw)
    except BadSignature:
        return None
    if not isinstance(data, dict):
        return None
    return {k: str(data.get(k) or "") for k in DETAILS_FIELDS}


def store_details(response: Response, details: dict | None) -> None:
    """Keep the details in a signed, HttpOnly cookie for a year, or clear it when None."""
    secure = current_app.config["SESSION_COOKIE_SECURE"]
    if details is None:
        if DETAILS_COOKIE in request.cookies:
            response.delete_cookie(DETAILS_COOKIE, httponly=True, secure=secure, samesite="Lax")
        return
    response.set_cookie(
        DETAILS_COOKIE,
        _serializer().dumps({k: details.get(k) or "" for k in DETAILS_FIELDS}),
        max_age=DETAILS_MAX_AGE,
        httponly=True,
        secure=secure,
        samesite="Lax",
    )


def has_personal_data() -> bool:
    """True when this request's pages show something only this browser may see."""
    return DETAILS_COOKIE in request.cookies or bool(session.get(OWN_KEY))
