"""The unsubscribe link of every reminder: a page that asks (GET), one click that stops (POST)."""

from flask import Blueprint, abort, render_template, request

from planner.accounts import reminder_settings
from planner.reminders import tokens

bp = Blueprint("reminders", __name__)

BAD_LINK = "This link is not valid. Copy the whole link from the email."
ONE_CLICK = ("List-Unsubscribe", "One-Click")  # the body RFC 8058 has mail programs post


@bp.route("/reminders/stop/<token>", methods=["GET", "POST"])
def unsubscribe(token: str):
    """Ask before stopping (GET: mail scanners open links), stop on POST; no log-in needed.

    The signed token is what authenticates the POST, so this view is exempt from CSRF
    (reminders/__init__.py): a mail program posts the RFC 8058 body, with no session.
    """
    named = tokens.read_token(token)
    if named is None:
        abort(404, description=BAD_LINK)
    user_id, kind = named
    if request.method == "POST":
        if request.form.get(ONE_CLICK[0]) != ONE_CLICK[1]:
            abort(400, description="Send List-Unsubscribe=One-Click to stop these reminders.")
        reminder_settings.turn_off(user_id, kind)
        stopped = True
    else:
        stopped = not reminder_settings.wanted(user_id, kind)
    return render_template("reminders/unsubscribe.html", kind=kind, stopped=stopped,
                           label=reminder_settings.LABELS[kind], one_click=ONE_CLICK)
