"""The mail accounts send: a reset link, and word that sign-in details changed, so a
stranger's change is noticed."""

from flask import render_template

from planner.mail import external_url, send_mail

NOT_YOU = "If this was not you, someone else may have your password: reset it at once.\n"


def reset_link(user, token: str) -> None:
    """Send the link that lets the owner choose a new password."""
    link = external_url("accounts.reset", token=token)
    body = render_template("accounts/email/reset.txt", user=user, link=link)
    send_mail(user.email, "Reset your Learning-Path Planner password", body)


def password_changed(address: str) -> None:
    """Tell the owner that the password was changed from the settings page."""
    send_mail(
        address,
        "Your Learning-Path Planner password was changed",
        "Your password was just changed and every other session was signed out.\n" + NOT_YOU,
    )


def password_reset(address: str) -> None:
    """Tell the owner that the password was set from a reset link."""
    send_mail(
        address,
        "Your Learning-Path Planner password was reset",
        "Your password was just set from a reset link and every session was signed out.\n"
        + NOT_YOU,
    )


def email_changed(old_address: str) -> None:
    """Tell the previous address that the account now uses another one."""
    send_mail(
        old_address,
        "Your Learning-Path Planner email address was changed",
        "Your account no longer uses this email address: it was just changed to another one.\n"
        + NOT_YOU,
    )
