"""Rate limits on typing a password (log-in and confirming changes) and on registering."""

from flask import g, request
from flask_login import current_user

from planner.accounts.rules import EMAIL_MAX, has_control_characters, login_text, username_key
from planner.accounts.service import find_by_login
from planner.database import close_transaction
from planner.extensions import limit_setting, limiter

# Log-in and the settings forms share these scopes, so guessing through one page uses up
# the tries of the other: the limits bound the guesses on an account, whatever the page.
ACCOUNT_SCOPE = "password-account"
ADDRESS_SCOPE = "password-address"
REFUSED = "planner.password_refused"


def count_refused_password() -> None:
    """Note that this request refused a password: it counts against the limits."""
    g.setdefault(REFUSED, True)


def refused_password(response) -> bool:
    """Only answers that refused a password count; mistakes in other fields do not."""
    return bool(g.get(REFUSED))


def login_account_key() -> str:
    """The account the log-in form will authenticate, however its name is typed."""
    login = login_text(request.form.get("login", ""))
    # The form refuses control characters (PostgreSQL cannot compare NUL) and logins past
    # EMAIL_MAX characters: such a login authenticates nobody and needs no lookup.
    usable = len(login) <= EMAIL_MAX and not has_control_characters(login)
    user = find_by_login(login) if usable else None
    close_transaction()  # the limiter talks to its store next, holding no database lock
    return account_key(user.id) if user else "login:" + username_key(login[:EMAIL_MAX])


def signed_in_account_key() -> str:
    """The signed-in account, whose password the settings forms ask for."""
    # The limits are checked before login_required sends a visitor away.
    return account_key(current_user.id if current_user.is_authenticated else "visitor")


def account_key(user_id: int | str) -> str:
    """One counter per account, whether it is tried by username, email or on settings."""
    return f"account:{user_id}"


def password_limits(account_key_func):
    """Limit refused passwords per account and per client address, as log-in does."""

    def decorate(view):
        view = limiter.shared_limit(
            limit_setting("LOGIN_LIMIT_ADDRESS"),
            ADDRESS_SCOPE,
            methods=["POST"],
            deduct_when=refused_password,
        )(view)
        return limiter.shared_limit(
            limit_setting("LOGIN_LIMIT_ACCOUNT"),
            ACCOUNT_SCOPE,
            key_func=account_key_func,
            methods=["POST"],
            deduct_when=refused_password,
        )(view)

    return decorate
