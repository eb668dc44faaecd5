"""The unsubscribe link of a reminder: a signed token naming the account and the kind.

Signed with the app's secret key and a salt of its own, so it cannot be guessed, and no
reset, verification or comment opt-out token passes for one. It never expires: a link in a
mail must keep working for as long as the mail is kept.
"""

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer

from planner.accounts.reminder_settings import KINDS

UNSUBSCRIBE_SALT = "reminder-unsubscribe"


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=UNSUBSCRIBE_SALT)


def make_token(user_id: int, kind: str) -> str:
    """A token that turns off one kind of reminder for one account."""
    return _serializer().dumps([user_id, kind])


def read_token(token: str) -> tuple[int, str] | None:
    """The (account id, kind) a token we signed names, or None."""
    try:
        data = _serializer().loads(token)
    except BadSignature:
        return None
    match data:
        case [int() as user_id, str() as kind] if kind in KINDS:
            return user_id, kind
    return None
