"""Routes of the earnings page and its log: parse the form, call a domain function, render.

Cash-outs, the fund's spending and its settings add their routes to bp in fund_views.py.
"""

from flask import Blueprint, abort, flash, render_template, request, url_for
from flask_login import current_user, login_required

from planner import htmx, idempotency
from planner.accounts.preferences import locale_of, today_of
from planner.earnings import dashboard, money, rules, service, sync
from planner.earnings.forms import CashOutForm, EarningForm, SpendForm
from planner.params import parse_page
from planner.roadmaps.forms import ConfirmForm

bp = Blueprint("earnings", __name__, url_prefix="/earnings")

CHANGED = "earnings-changed"
ENTRY = "/entries/<id:entry_id>"


@bp.context_processor
def inject_helpers() -> dict:
    """The fixed lists for the templates (amounts go through the money filter)."""
    return {"earnings_rules": rules}


@bp.get("")
@login_required
def index():
    """The dashboard: figures, the fund, the forms, the log and recent cash-outs."""
    return show_dashboard()


@bp.post("/entries")
@login_required
def add_entry():
    """Log an earnings entry."""
    form = EarningForm()
    if not form.validate():
        return show_dashboard(status=422, entry=form)
    return create_once(form, service.ADD_EARNING, service.add_earning, "Logged {}.", "entries")


@bp.get(ENTRY)
@login_required
def entry(entry_id: int):
    """One entry: its row for htmx (after "cancel"), its place on the page otherwise."""
    found = service.get_earning_or_404(entry_id, current_user)
    return row_or_place(f"entry-{found.id}", "earnings/_entry.html", entry=found)


@bp.route(ENTRY + "/edit", methods=["GET", "POST"])
@login_required
def edit_entry(entry_id: int):
    """Edit an entry in place."""
    found = service.get_earning_or_404(entry_id, current_user)
    # Not obj=found: a field missing from the post would then hold the stored minor units.
    form = EarningForm(day=found.day, platform=found.platform, kind=found.kind,
                       amount=money.plain(found.amount, found.currency),
                       currency=found.currency, minutes=found.minutes)
    if form.validate_on_submit():
        service.update_earning(found, form.values())
        flash(f"Saved the entry of {found.day:%Y-%m-%d}.", "success")
        return after_change("entries")
    status = 422 if form.is_submitted() else 200
    return htmx.render("earnings/edit_entry.html", "earnings/_entry_edit.html", status=status,
                       entry=found, form=form)


@bp.route(ENTRY + "/delete", methods=["GET", "POST"])
@login_required
def delete_entry(entry_id: int):
    """Ask, then delete an entry."""
    found = service.get_earning_or_404(entry_id, current_user)
    if request.method == "POST" and ConfirmForm().validate_on_submit():
        service.delete_earning(found)
        flash(f"Deleted the entry of {found.day:%Y-%m-%d}.", "success")
        return after_change("entries")
    return htmx.render("earnings/delete_entry.html", "earnings/_entry_delete.html", entry=found)


@bp.post("/moves/<id:move_id>/undo")
@login_required
def undo_move(move_id: int):
    """Put back a milestone that the earnings data moved."""
    flash(sync.undo_move(current_user, move_id), "success")
    return after_change("moves", resync=False)


def create_once(form, action: str, create, said: str, anchor: str):
    """Create once per idempotency key, say what was made, then show the dashboard."""
    key = form.idempotency_key.data
    if idempotency.first_result(key, current_user.id, action) is None:
        try:
            create(current_user, form.values(), key)
        except idempotency.AlreadyDone:
            pass
        else:
            written = money.format_money(form.minor, form.currency.data,
                                         locale=locale_of(current_user))
            flash(said.format(written), "success")
    return after_change(anchor)


def after_change(anchor: str, resync: bool = True):
    """Move the milestones the data now asks for, then answer with the dashboard."""
    if resync:
        for message in sync.sync_milestones(current_user):
            flash(message, "info")
    if not htmx.is_partial():
        return htmx.see_other(url_for(".index", _anchor=anchor))
    return show_dashboard(trigger=CHANGED)


def row_or_place(anchor: str, template: str, **context):
    """One row for htmx (after "cancel"); without htmx, the dashboard at that row."""
    if not htmx.is_partial():
        return htmx.see_other(url_for(".index", _anchor=anchor))
    return htmx.respond(render_template(template, **context))


def show_dashboard(status: int = 200, trigger=None, **bound):
    """The dashboard, whole or as its partial, with any submitted form in its place."""
    raw = request.args.get("page")
    number = parse_page(raw) if raw else 1
    if number is None:
        abort(404)
    today = today_of(current_user)  # "this week" and new entries follow the user's own day
    board = dashboard.load(current_user, today, number)
    forms = _empty_forms(board.settings, today)
    forms.update(bound)
    context = {"board": board, "forms": forms}
    if not htmx.is_partial():
        return render_template("earnings/index.html", **context), status
    body = render_template("earnings/_dashboard.html", **context) + htmx.render_messages_oob()
    return htmx.respond(body, status=status, trigger=trigger, retarget="#earnings",
                        reswap="outerHTML")


def _empty_forms(settings, today) -> dict:
    """Fresh forms (each with a new idempotency key) filled with today and the currency."""
    defaults = {"day": today, "currency": settings.currency}
    return {
        "entry": EarningForm(formdata=None, **defaults),
        "cash_out": CashOutForm(formdata=None, **defaults),
        "spend": SpendForm(formdata=None, **defaults),
    }
