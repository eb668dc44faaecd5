"""Account settings: profile, preferences, password, reminders, deletion."""

from flask import flash, url_for
from flask_login import current_user, fresh_login_required, login_required

from planner import htmx
from planner.accounts import notices, reminder_settings, service
from planner.accounts.forms import (
    DeleteAccountForm,
    ImportForm,
    PasswordChangeForm,
    PreferencesForm,
    ProfileForm,
    RemindersForm,
)
from planner.accounts.sessions import end_session, restart_session
from planner.accounts.throttle import password_limits, signed_in_account_key
from planner.accounts.views import bp, field_error

SETTINGS_PAGE = "accounts/settings.html"
PROFILE_PARTIAL = "accounts/_profile_form.html"
CHANGE_PARTIAL = "accounts/_password_form.html"
PREFERENCES_PARTIAL = "accounts/_preferences_form.html"
REMINDERS_PARTIAL = "accounts/_reminders_form.html"


def render_settings(status: int = 200, partial: str = PROFILE_PARTIAL, trigger=None, **context):
    """The settings page with all its forms, or the one partial that was submitted."""
    # formdata=None: forms other than the submitted one must not pick up its posted values.
    context["profile_form"] = context.get("profile_form") or ProfileForm(
        formdata=None, display_name=current_user.display_name, email=current_user.email
    )
    context["preferences_form"] = context.get("preferences_form") or PreferencesForm(
        formdata=None, time_zone=current_user.time_zone, locale=current_user.locale
    )
    context["password_form"] = context.get("password_form") or PasswordChangeForm(formdata=None)
    context["reminders_form"] = context.get("reminders_form") or RemindersForm(
        formdata=None, weekly=current_user.remind_weekly, day_before=current_user.remind_day_before
    )
    context["delete_form"] = context.get("delete_form") or DeleteAccountForm(formdata=None)
    context["import_form"] = context.get("import_form") or ImportForm(formdata=None)
    return htmx.render(SETTINGS_PAGE, partial, status=status, trigger=trigger, **context)


@bp.get("/account")
@login_required
def settings():
    """Show the account settings."""
    return render_settings()


@bp.post("/account")
@password_limits(signed_in_account_key)
@login_required
def update_profile():
    """Change the display name and email address."""
    form = ProfileForm()
    if form.validate_on_submit():
        old_email = current_user.email
        try:
            service.update_profile(
                current_user, form.display_name.data, form.email.data, form.current_password.data
            )
        except service.AccountError as error:
            field_error(form, error)
        else:
            if current_user.email != old_email:
                notices.email_changed(old_email)
                notices.verification_link(current_user)
                flash(f"Open the link we sent to {current_user.email} to confirm it.", "info")
            flash("Your profile has been saved.", "success")
            if htmx.is_partial():
                return render_settings(
                    trigger="profile-updated", account_link_oob=True, verification_oob=True
                )
            return htmx.see_other(url_for("accounts.settings"))
    return render_settings(422, PROFILE_PARTIAL, profile_form=form)


@bp.post("/account/preferences")
@login_required
def update_preferences():
    """Change the time zone and how dates and amounts are written."""
    form = PreferencesForm()
    if form.validate_on_submit():
        service.save_preferences(current_user, form.time_zone.data, form.locale.data)
        flash("Your preferences have been saved.", "success")
        if htmx.is_partial():
            return render_settings(partial=PREFERENCES_PARTIAL, trigger="preferences-updated")
        return htmx.see_other(url_for("accounts.settings"))
    return render_settings(422, PREFERENCES_PARTIAL, preferences_form=form)


@bp.post("/account/password")
@password_limits(signed_in_account_key)
@fresh_login_required
def change_password():
    """Change the password; every other session and device is signed out."""
    form = PasswordChangeForm(account=current_user)
    if form.validate_on_submit():
        try:
            service.change_password(current_user, form.current_password.data, form.password.data)
        except service.AccountError as error:
            field_error(form, error)
        else:
            # The token just rotated: sign this browser in again with the new one.
            restart_session(current_user._get_current_object())
            notices.password_changed(current_user.email)
            flash("Your password has been changed. Other devices have been signed out.", "success")
            if htmx.is_partial():
                return render_settings(partial=CHANGE_PARTIAL, trigger="password-changed")
            return htmx.see_other(url_for("accounts.settings"))
    return render_settings(422, CHANGE_PARTIAL, password_form=form)


@bp.post("/account/reminders")
@login_required
def update_reminders():
    """Turn the weekly summary and the reminder the day before a target date on or off."""
    form = RemindersForm()
    if form.validate_on_submit():
        reminder_settings.choose(
            current_user, weekly=form.weekly.data, day_before=form.day_before.data
        )
        flash(reminders_saved(current_user), "success")
        if htmx.is_partial():
            return render_settings(partial=REMINDERS_PARTIAL, trigger="reminders-updated")
        return htmx.see_other(url_for("accounts.settings"))
    return render_settings(422, REMINDERS_PARTIAL, reminders_form=form)


def reminders_saved(user) -> str:
    """What the owner now gets, in one sentence, and whether it waits for confirmation."""
    wanted = [reminder_settings.LABELS[kind] for kind in reminder_settings.KINDS
              if getattr(user, reminder_settings.COLUMNS[kind].key)]
    if not wanted:
        return "Saved: we will not send you reminders."
    sentence = f"Saved: you will get {' and '.join(wanted)}."
    if not user.email_verified:
        sentence += f" They start once you confirm {user.email}."
    return sentence


@bp.post("/account/delete")
@password_limits(signed_in_account_key)
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
            return htmx.navigate(url_for("guides.home"))
    return render_settings(422, "accounts/_delete_form.html", delete_form=form)
