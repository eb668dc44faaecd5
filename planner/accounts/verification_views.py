"""Confirming the account's email address: the link mailed to it, and asking for it again."""

from flask import flash, request, url_for
from flask_login import current_user, login_required

from planner import htmx
from planner.accounts import notices, verification
from planner.accounts.throttle import signed_in_account_key
from planner.accounts.views import bp
from planner.extensions import limit_setting, limiter

VERIFY_PAGE = "accounts/verify.html"
VERIFY_PARTIAL = "accounts/_verify_form.html"
STATUS_PARTIAL = "accounts/_verification.html"
BAD_LINK = (
    "That confirmation link is invalid, expired or for an address the account no longer uses. "
    "Ask for a new one on your account page."
)


@bp.route("/verify-email/<token>", methods=["GET", "POST"])
def verify_email(token: str):
    """Ask the owner to confirm the address (GET), then record it (POST, CSRF-checked)."""
    user = verification.user_for_token(token)
    if user is None:
        flash(BAD_LINK, "error")
        return htmx.navigate(url_for("accounts.settings"))
    if request.method == "POST":
        verification.mark_verified(user)
        flash(f"Thank you: {user.email} is confirmed as your address.", "success")
        own = current_user.is_authenticated and current_user.id == user.id
        return htmx.navigate(url_for("accounts.settings" if own else "accounts.login"))
    return htmx.render(VERIFY_PAGE, VERIFY_PARTIAL, token=token, user=user)


@bp.post("/account/verify")
@limiter.limit(limit_setting("VERIFY_LIMIT"), key_func=signed_in_account_key)
@login_required
def resend_verification():
    """Mail the confirmation link again to the account's current address."""
    if current_user.email_verified:
        flash("Your email address is already confirmed.", "info")
    else:
        notices.verification_link(current_user)
        flash(
            f"A new confirmation link is on its way to {current_user.email}. "
            f"It works for {verification.VERIFY_MAX_AGE_TEXT}.",
            "success",
        )
    if htmx.is_partial():
        return htmx.render_fragment(STATUS_PARTIAL, trigger="verification-sent")
    return htmx.see_other(url_for("accounts.settings"))
