"""Account settings: profile, password, deletion."""

from flask import flash, url_for
from flask_login import current_user, fresh_login_required, login_required

from planner import htmx
from planner.accounts import service
from planner.accounts.forms import DeleteAccountForm, PasswordChangeForm, ProfileForm
from planner.accounts.sessions import end_session, start_session
from planner.accounts.views import bp, field_error
from planner.mail import send_mail

SETTINGS_PAGE = "accounts/settings.html"


def render_settings(status: int = 200, partial: str = "accounts/_profile_form.html", **forms):
    """The settings page with all three forms, or the one partial that was submitted."""
    context = {
        "profile_form": forms.get("profile_form")
        or ProfileForm(display_name=current_user.display_name, email=current_user.email),
        "password_form": forms.get("password_form") or PasswordChangeForm(),
        "delete_form": forms.get("delete_form") or DeleteAccountForm(),
    }
    return htmx.render(SETTINGS_PAGE, partial, status=status, **context)


@bp.get("/account")
@login_required
def settings():
    """Show the account settings."""
    return render_settings()


@bp.post("/account")
@login_required
def update_profile():
    """Change the display name and email address."""
    form = ProfileForm()
    if form.validate_on_submit():
        try:
            service.update_profile(
                current_user, form.display_name.data, form.email.data, form.current_password.data
            )
        except service.AccountError as error:
            field_error(form, error)
        else:
            flash("Your profile has been saved.", "success")
            return htmx.see_other(url_for("accounts.settings"))
    return render_settings(422, "accounts/_profile_form.html", profile_form=form)


@bp.post("/account/password")
@fresh_login_required
def change_password():
    """Change the password; every other session and device is signed out."""
    form = PasswordChangeForm()
    if form.validate_on_submit():
        try:
            service.change_password(current_user, form.current_password.data, form.password.data)
        except service.AccountError as error:
            field_error(form, error)
        else:
            # The token just rotated: sign this browser in again with the new one.
            start_session(current_user._get_current_object())
            send_mail(
                current_user.email,
                "Your Learning-Path Planner password was changed",
                "Your password was just changed and every other session was signed out.\n"
                "If this was not you, reset your password at once.\n",
            )
            flash("Your password has been changed. Other devices have been signed out.", "success")
            return htmx.see_other(url_for("accounts.settings"))
    return render_settings(422, "accounts/_password_form.html", password_form=form)


@bp.post("/account/delete")
@fresh_login_required
def delete_account():
    """Delete the account after the password is confirmed."""
    form = DeleteAccountForm()
    if form.validate_on_submit():
        try:
            service.delete_account(
                current_user._get_current_object(),
                form.current_password.data,
                keep_comments=form.comments.data == "keep",
            )
        except service.AccountError as error:
            field_error(form, error)
        else:
            end_session()
            flash("Your account and your roadmaps have been deleted.", "success")
            return htmx.see_other(url_for("guides.home"))
    return render_settings(422, "accounts/_delete_form.html", delete_form=form)
