"""Routes of the earnings page: parse the form, call a domain function, render."""

from flask import Blueprint, abort, flash, render_template, request, url_for
from flask_login import current_user, login_required

from planner import htmx, idempotency
from planner.database import utcnow
from planner.earnings import dashboard, money, rules, service, sync
from planner.earnings.forms import CashOutForm, EarningForm, SettingsForm, SpendForm
from planner.params import parse_page
from planner.roadmaps.forms import ConfirmForm

bp = Blueprint("earnings", __name__, url_prefix="/earnings")

CHANGED = "earnings-changed"
ENTRY = "/entries/<id:entry_id>"


@bp.context_processor
def inject_helpers() -> dict:
    """Money formatting and the fixed lists for the templates."""
    return {"money": money, "earnings_rules": rules, "inline": htmx.is_partial()}


@bp.get("")
@login_required
def index():
    """The dashboard: figures, the fund, the forms, the log and recent cash-outs."""
    return _page()


@bp.post("/entries")
@login_required
def add_entry():
    """Log an earnings entry."""
    form = EarningForm()
    if not form.validate():
        return _page(status=422, entry=form)
    return _create(form, service.ADD_EARNING, service.add_earning, "Logged {}.", "entries")


@bp.post("/cash-outs")
@login_required
def add_cash_out():
    """Record a cash-out; the fund takes its share."""
    form = CashOutForm()
    if not form.validate():
        return _page(status=422, cash_out=form)
    return _create(form, service.ADD_CASH_OUT, service.add_cash_out, "Cashed out {}.",
                   "cash-outs")


@bp.post("/fund/spend")
@login_required
def spend():
    """Spend money from the learning fund."""
    form = SpendForm()
    if not form.validate():
        return _page(status=422, spend=form)
    try:
        return _create(form, service.ADD_SPEND, service.spend, "Spent {} from the fund.", "fund")
    except service.FundTooSmall as refused:
        form.amount.errors = [str(refused)]
        return _page(status=422, spend=form)


@bp.route("/fund", methods=["GET", "POST"])
@login_required
def fund_settings():
    """The default currency, the fund rule and the goal."""
    current = service.settings_of(current_user.id)
    # The goal is stored in minor units but shown and typed as an amount: never the raw int.
    goal = money.plain(current.goal_amount, current.goal_currency) if current.goal_amount else ""
    form = SettingsForm(currency=current.currency, percent=current.percent,
                        goal_label=current.goal_label, goal_amount=goal,
                        goal_currency=current.goal_currency or "")
    if form.validate_on_submit():
        service.save_settings(current_user, form.currency.data, form.percent.data,
                              form.goal_label.data or "", form.goal_minor,
                              form.goal_currency_code())
        flash("Saved the fund's rule and goal.", "success")
        for message in sync.sync_milestones(current_user):
            flash(message, "info")
        return htmx.navigate(url_for(".index", _anchor="fund"))
    status = 422 if form.is_submitted() else 200
    return htmx.render("earnings/settings.html", "earnings/_settings_form.html", status=status,
                       form=form)


@bp.get(ENTRY)
@login_required
def entry(entry_id: int):
    """One entry: its row for htmx (after "cancel"), its place on the page otherwise."""
    found = service.get_earning_or_404(entry_id, current_user)
    if not htmx.is_partial():
        return htmx.see_other(url_for(".index", _anchor=f"entry-{found.id}"))
    return htmx.respond(render_template("earnings/_entry.html", entry=found))


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
        return _after_change("entries")
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
        return _after_change("entries")
    return htmx.render("earnings/delete_entry.html", "earnings/_entry_delete.html", entry=found)


@bp.route("/cash-outs/<id:cash_out_id>/delete", methods=["GET", "POST"])
@login_required
def delete_cash_out(cash_out_id: int):
    """Ask, then delete a cash-out (refused once the fund spent its share)."""
    found = service.get_cash_out_or_404(cash_out_id, current_user)
    error = None
    if request.method == "POST" and ConfirmForm().validate_on_submit():
        try:
            service.delete_cash_out(found)
        except service.FundTooSmall as refused:
            error = str(refused)
        else:
            flash("Deleted the cash-out.", "success")
            return _after_change("cash-outs")
    return htmx.render("earnings/delete_cash_out.html", "earnings/_cash_out_delete.html",
                       status=422 if error else 200, cash_out=found, error=error)


@bp.post("/moves/<id:move_id>/undo")
@login_required
def undo_move(move_id: int):
    """Put back a milestone that the earnings data moved."""
    flash(sync.undo_move(current_user, move_id), "success")
    return _after_change("moves", resync=False)


def _create(form, action: str, create, said: str, anchor: str):
    """Create once per idempotency key, say what was made, then show the dashboard."""
    key = form.idempotency_key.data
    if idempotency.first_result(key, current_user.id, action) is None:
        try:
            create(current_user, form.values(), key)
        except idempotency.AlreadyDone:
            pass
        else:
            flash(said.format(money.format_money(form.minor, form.currency.data)), "success")
    return _after_change(anchor)


def _after_change(anchor: str, resync: bool = True):
    """Move the milestones the data now asks for, then answer with the dashboard."""
    if resync:
        for message in sync.sync_milestones(current_user):
            flash(message, "info")
    if not htmx.is_partial():
        return htmx.see_other(url_for(".index", _anchor=anchor))
    return _page(trigger=CHANGED)


def _page(status: int = 200, trigger=None, **bound):
    """The dashboard, whole or as its partial, with any submitted form in its place."""
    raw = request.args.get("page")
    number = parse_page(raw) if raw else 1
    if number is None:
        abort(404)
    today = utcnow().date()
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
