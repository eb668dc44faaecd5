"""Routes of cash-outs and the learning fund: record, edit and delete a cash-out, spend from
the fund and change or take back that spending, the fund's rule and goal."""

from flask import flash, request, url_for
from flask_login import current_user, login_required

from planner import htmx
from planner.accounts.preferences import locale_of
from planner.earnings import money, service, sync
from planner.earnings.forms import CashOutForm, SettingsForm, SpendForm
from planner.earnings.views import after_change, bp, create_once, row_or_place, show_dashboard
from planner.roadmaps.forms import ConfirmForm

CASH_OUT = "/cash-outs/<id:cash_out_id>"
SPEND = "/fund/spends/<id:spend_id>"


@bp.post("/cash-outs")
@login_required
def add_cash_out():
    """Record a cash-out; the fund takes its share."""
    form = CashOutForm()
    if not form.validate():
        return show_dashboard(status=422, cash_out=form)
    return create_once(form, service.ADD_CASH_OUT, service.add_cash_out, "Cashed out {}.",
                       "cash-outs")


@bp.get(CASH_OUT)
@login_required
def cash_out(cash_out_id: int):
    """One cash-out: its row for htmx (after "cancel"), its place on the page otherwise."""
    found = service.get_cash_out_or_404(cash_out_id, current_user)
    return row_or_place(f"cash-out-{found.id}", "earnings/_cash_out.html", cash_out=found)


@bp.route(CASH_OUT + "/edit", methods=["GET", "POST"])
@login_required
def edit_cash_out(cash_out_id: int):
    """Edit a cash-out in place; the fund's share follows, and never leaves it below zero."""
    found = service.get_cash_out_or_404(cash_out_id, current_user)
    # Not obj=found: a field missing from the post would then hold the stored minor units.
    form = CashOutForm(day=found.day, platform=found.platform, destination=found.destination,
                       amount=money.plain(found.amount, found.currency), currency=found.currency)
    if form.validate_on_submit():
        try:
            service.update_cash_out(current_user, found, form.values())
        except service.FundTooSmall as refused:
            form.amount.errors = [str(refused)]
        else:
            share = _written(found.fund_share, found.currency)
            flash(f"Saved the cash-out of {found.day:%Y-%m-%d}: {share} to the fund.", "success")
            return after_change("cash-outs")
    status = 422 if form.is_submitted() else 200
    return htmx.render("earnings/edit_cash_out.html", "earnings/_cash_out_edit.html",
                       status=status, cash_out=found, form=form,
                       percent=service.settings_of(current_user.id).percent)


@bp.route(CASH_OUT + "/delete", methods=["GET", "POST"])
@login_required
def delete_cash_out(cash_out_id: int):
    """Ask, then delete a cash-out (refused once the fund spent its share)."""
    found = service.get_cash_out_or_404(cash_out_id, current_user)
    error = None
    if request.method == "POST" and ConfirmForm().validate_on_submit():
        try:
            service.delete_cash_out(current_user, found)
        except service.FundTooSmall as refused:
            error = str(refused)
        else:
            flash("Deleted the cash-out.", "success")
            return after_change("cash-outs")
    return htmx.render("earnings/delete_cash_out.html", "earnings/_cash_out_delete.html",
                       status=422 if error else 200, cash_out=found, error=error)


@bp.post("/fund/spend")
@login_required
def spend():
    """Spend money from the learning fund."""
    form = SpendForm()
    if not form.validate():
        return show_dashboard(status=422, spend=form)
    try:
        return create_once(form, service.ADD_SPEND, service.spend, "Spent {} from the fund.",
                           "fund")
    except service.FundTooSmall as refused:
        form.amount.errors = [str(refused)]
        return show_dashboard(status=422, spend=form)


@bp.get(SPEND)
@login_required
def spent(spend_id: int):
    """One spending row for htmx (after "cancel"), its place on the page otherwise."""
    found = service.get_spend_or_404(spend_id, current_user)
    return row_or_place(f"spend-{found.id}", "earnings/_spend.html", spent=found)


@bp.route(SPEND + "/edit", methods=["GET", "POST"])
@login_required
def edit_spend(spend_id: int):
    """Edit spending from the fund in place (refused when the fund lacks the new amount)."""
    found = service.get_spend_or_404(spend_id, current_user)
    form = SpendForm(day=found.day, label=found.label, currency=found.currency,
                     amount=money.plain(found.amount, found.currency))
    if form.validate_on_submit():
        try:
            service.update_spend(current_user, found, form.values())
        except service.FundTooSmall as refused:
            form.amount.errors = [str(refused)]
        else:
            flash(f"Saved the spending on {found.label}.", "success")
            return after_change("fund")
    status = 422 if form.is_submitted() else 200
    return htmx.render("earnings/edit_spend.html", "earnings/_spend_edit.html", status=status,
                       spent=found, form=form)


@bp.route(SPEND + "/delete", methods=["GET", "POST"])
@login_required
def delete_spend(spend_id: int):
    """Ask, then delete spending from the fund: its money goes back in."""
    found = service.get_spend_or_404(spend_id, current_user)
    if request.method == "POST" and ConfirmForm().validate_on_submit():
        back = _written(found.amount, found.currency)
        service.delete_spend(found)
        flash(f"Deleted the spending on {found.label}: {back} is back in the fund.", "success")
        return after_change("fund")
    return htmx.render("earnings/delete_spend.html", "earnings/_spend_delete.html", spent=found)


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


def _written(minor: int, currency: str) -> str:
    """An amount as the signed-in user's locale writes it, for a message."""
    return money.format_money(minor, currency, locale=locale_of(current_user))
