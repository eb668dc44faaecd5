"""Register, log in and out, and reset a forgotten password."""

from flask import Blueprint, flash, request, url_for
from flask_login import current_user, login_fresh, login_required

from planner import htmx, idempotency
from planner.accounts import notices, service
from planner.accounts.forms import LoginForm, RegisterForm, ResetPasswordForm, ResetRequestForm
from planner.accounts.sessions import end_session, next_url, start_session
from planner.accounts.throttle import (
    count_refused_password,
    login_account_key,
    password_limits,
)
from planner.extensions import limit_setting, limiter

bp = Blueprint("accounts", __name__)

BAD_LOGIN = "That username or email and password do not match an account."


def render_form(page: str, partial: str, form, **context):
    """The form page or its partial; 422 when a submitted form has errors."""
    status = 422 if form.errors else 200
    return htmx.render(page, partial, status=status, form=form, **context)


def field_error(form, error: service.AccountError) -> None:
    """Show a refusal from the service next to the field it concerns."""
    form[error.field].errors = [*form[error.field].errors, error.message]
    if isinstance(error, service.WrongPassword):
        count_refused_password()


@bp.route("/register", methods=["GET", "POST"])
@limiter.limit(limit_setting("REGISTER_LIMIT_ADDRESS"), methods=["POST"])
def register():
    """Create an account and sign in."""
    if current_user.is_authenticated:
        return htmx.navigate(next_url())
    form = RegisterForm(next=request.args.get("next", ""))
    if form.validate_on_submit():
        key = idempotency.session_key(form.idempotency_key.data)
        earlier = idempotency.first_result(key, None, service.REGISTER)
        if earlier is None:
            try:
                user = service.register_user(
                    form.username.data,
                    form.email.data,
                    form.password.data,
                    key=key,
                    time_zone=form.time_zone.data,
                )
            except idempotency.AlreadyDone as twin:
                earlier = twin.result_id
            except service.AccountError as error:
                field_error(form, error)
            else:
                start_session(user)
                notices.verification_link(user)
                flash(
                    f"Welcome, {user.display_name}! Your account is ready. "
                    f"Open the link we sent to {user.email} to confirm your address.",
                    "success",
                )
                return htmx.navigate(next_url())
        if earlier is not None:
            return registered_already(earlier, form.password.data)
    return render_form("accounts/register.html", "accounts/_register_form.html", form)


def registered_already(user_id: int, password: str):
    """Answer a repeat of a registration that was saved: the account it made, never an error.

    Only the session that sent the form can repeat it (idempotency.session_key), and it is
    signed in only with the account's password, as the log-in form would.
    """
    user = service.user_for_repeat(user_id, password)
    if user is None:
        flash("Your account was created a moment ago. Log in to use it.", "info")
        return htmx.navigate(url_for("accounts.login"))
    start_session(user)
    flash(f"Welcome, {user.display_name}! Your account is ready.", "success")
    return htmx.navigate(next_url())


@bp.route("/login", methods=["GET", "POST"])
@password_limits(login_account_key)
def login():
    """Sign in with username or email and password."""
    # A session restored from the remember-me cookie is not fresh: it may log in again here.
    if current_user.is_authenticated and login_fresh():
        return htmx.navigate(next_url())
    form = LoginForm(next=request.args.get("next", ""))
    if form.validate_on_submit():
        user = service.authenticate(form.login.data, form.password.data)
        if user is not None:
            start_session(user, remember=form.remember.data)
            return htmx.navigate(next_url())
        count_refused_password()
        form.form_errors.append(BAD_LOGIN)
    return render_form("accounts/login.html", "accounts/_login_form.html", form)


@bp.post("/logout")
@login_required
def logout():
    """Sign out everywhere: every session and remember-me cookie of this user stops working."""
    service.end_other_sessions(current_user)
    end_session()
    flash("You have been logged out.", "success")
    return htmx.navigate(url_for("guides.home"))


@bp.route("/reset-password", methods=["GET", "POST"])
@limiter.limit(limit_setting("RESET_LIMIT"), methods=["POST"])
def reset_request():
    """Email a reset link; the answer is the same whether or not the address is known."""
    form = ResetRequestForm()
    if form.validate_on_submit():
        user = service.find_by_email(form.email.data)
        if user is not None:
            notices.reset_link(user, service.make_reset_token(user))
        flash(
            "If an account uses that address, a reset link is on its way. "
            "It works once and for one hour.",
            "success",
        )
        return htmx.navigate(url_for("accounts.login"))
    return render_form("accounts/reset_request.html", "accounts/_reset_request_form.html", form)


@bp.route("/reset-password/<token>", methods=["GET", "POST"])
def reset(token: str):
    """Choose a new password from a valid link."""
    user = service.user_for_reset_token(token)
    if user is None:
        flash("That reset link is invalid, used or expired. Ask for a new one.", "error")
        return htmx.navigate(url_for("accounts.reset_request"))
    form = ResetPasswordForm(account=user)
    if form.validate_on_submit():
        service.reset_password(user, form.password.data)
        notices.password_reset(user.email)
        end_session()
        flash("Your password has been changed. Log in with the new one.", "success")
        return htmx.navigate(url_for("accounts.login"))
    return render_form("accounts/reset.html", "accounts/_reset_form.html", form, token=token)
