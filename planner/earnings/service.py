"""Writing a user's earnings, cash-outs and fund spending; every write owns its commit."""

from dataclasses import asdict, dataclass
from datetime import date

from flask import abort
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from planner import idempotency
from planner.accounts.preferences import locale_of
from planner.earnings import fund
from planner.earnings.models import CashOut, Earning, EarningsSettings, FundSpend
from planner.earnings.money import DEFAULT_CURRENCY, format_money
from planner.extensions import db

ADD_EARNING, ADD_CASH_OUT, ADD_SPEND = "add-earning", "add-cash-out", "add-fund-spend"


class FundTooSmall(Exception):
    """The fund lacks the money a spend or a removal would take out; message says how much."""


@dataclass(frozen=True)
class EarningValues:
    """An earnings entry as a form hands it over."""

    day: date
    platform: str
    kind: str
    amount: int
    currency: str
    minutes: int | None = None


@dataclass(frozen=True)
class CashOutValues:
    """A cash-out as a form hands it over."""

    day: date
    platform: str
    destination: str
    amount: int
    currency: str


@dataclass(frozen=True)
class SpendValues:
    """Money taken from the fund."""

    day: date
    label: str
    amount: int
    currency: str


def settings_of(user_id: int) -> EarningsSettings:
    """The user's settings, or the defaults (not saved) when they have none yet."""
    found = db.session.get(EarningsSettings, user_id)
    return found or EarningsSettings(user_id=user_id, currency=DEFAULT_CURRENCY,
                                     percent=fund.DEFAULT_PERCENT, goal_label="")


def _locked_settings(user_id: int) -> EarningsSettings:
    """The user's settings row, created if needed and locked: fund changes queue behind it."""
    statement = select(EarningsSettings).where(EarningsSettings.user_id == user_id)
    found = db.session.scalar(statement.with_for_update())
    if found is None:
        found = settings_of(user_id)
        try:
            with db.session.begin_nested():  # a twin request may create the row first
                db.session.add(found)
        except IntegrityError:
            found = db.session.scalar(statement.with_for_update())
    return found


def get_earning_or_404(entry_id: int, owner) -> Earning:
    """The owner's entry, or 404 (also for another user's)."""
    return _owned_or_404(Earning, entry_id, owner)


def get_cash_out_or_404(cash_out_id: int, owner) -> CashOut:
    """The owner's cash-out, or 404."""
    return _owned_or_404(CashOut, cash_out_id, owner)


def get_spend_or_404(spend_id: int, owner) -> FundSpend:
    """The owner's spending from the fund, or 404."""
    return _owned_or_404(FundSpend, spend_id, owner)


def _owned_or_404(model, row_id: int, owner):
    """A row of model belonging to owner, in one query, or 404."""
    row = db.session.scalar(select(model).where(model.id == row_id, model.user_id == owner.id))
    if row is None:
        abort(404)
    return row


def add_earning(owner, values: EarningValues, key: str | None) -> Earning:
    """Log an entry; a twin submission with the same key raises AlreadyDone."""
    entry = Earning(user_id=owner.id, **asdict(values))
    db.session.add(entry)
    db.session.flush()
    idempotency.commit_once(key, owner.id, ADD_EARNING, entry.id)
    return entry


def update_earning(entry: Earning, values: EarningValues) -> None:
    """Save an edited entry."""
    for name, value in asdict(values).items():
        setattr(entry, name, value)
    db.session.commit()


def delete_earning(entry: Earning) -> None:
    """Delete an entry."""
    db.session.delete(entry)
    db.session.commit()


def add_cash_out(owner, values: CashOutValues, key: str | None) -> CashOut:
    """Record a cash-out and put the fund rule's share of it in the learning fund."""
    settings = _locked_settings(owner.id)
    share = fund.share(values.amount, settings.percent)
    cash_out = CashOut(user_id=owner.id, fund_share=share, **asdict(values))
    db.session.add(cash_out)
    db.session.flush()
    idempotency.commit_once(key, owner.id, ADD_CASH_OUT, cash_out.id)
    return cash_out


def update_cash_out(owner, cash_out: CashOut, values: CashOutValues) -> None:
    """Save an edited cash-out with the fund's share recomputed; FundTooSmall (nothing saved)
    when the fund already spent more of the old share than the edit leaves it."""
    settings = _locked_settings(owner.id)
    share = fund.reshare(cash_out.amount, cash_out.currency, cash_out.fund_share,
                         values.amount, values.currency, settings.percent)
    leaving, coming = (cash_out.currency, cash_out.fund_share), (values.currency, share)
    balance = fund_balance(owner.id, cash_out.currency)
    if not fund.can_replace(balance, leaving, coming):
        db.session.rollback()
        money, currency = _writer(owner), cash_out.currency
        fall = cash_out.fund_share - (share if values.currency == currency else 0)
        raise FundTooSmall(
            f"This change would take the learning fund below zero: it holds "
            f"{money(balance, currency)} and the cash-out's share would fall by "
            f"{money(fall, currency)}. Change or delete spending from the fund first."
        )
    for name, value in asdict(values).items():
        setattr(cash_out, name, value)
    cash_out.fund_share = share
    db.session.commit()


def delete_cash_out(owner, cash_out: CashOut) -> None:
    """Delete a cash-out, unless the fund already spent the share it brought."""
    _locked_settings(cash_out.user_id)
    balance = fund_balance(cash_out.user_id, cash_out.currency)
    if not fund.can_take(balance, cash_out.fund_share):
        db.session.rollback()
        raise FundTooSmall(
            "The learning fund already spent the share this cash-out brought, so it stays. "
            f"The fund holds {_writer(owner)(balance, cash_out.currency)}."
        )
    db.session.delete(cash_out)
    db.session.commit()


def spend(owner, values: SpendValues, key: str | None) -> FundSpend:
    """Take money from the fund; FundTooSmall when it holds less than that."""
    _locked_settings(owner.id)
    balance = fund_balance(owner.id, values.currency)
    if not fund.can_take(balance, values.amount):
        db.session.rollback()
        raise FundTooSmall(
            f"The learning fund holds {_writer(owner)(balance, values.currency)}: "
            "spend at most that."
        )
    row = FundSpend(user_id=owner.id, **asdict(values))
    db.session.add(row)
    db.session.flush()
    idempotency.commit_once(key, owner.id, ADD_SPEND, row.id)
    return row


def update_spend(owner, spent: FundSpend, values: SpendValues) -> None:
    """Save edited spending; FundTooSmall (nothing saved) when the fund lacks the new amount
    even with the old one given back."""
    _locked_settings(owner.id)
    balance = fund_balance(owner.id, values.currency)
    leaving, coming = (values.currency, values.amount), (spent.currency, spent.amount)
    if not fund.can_replace(balance, leaving, coming):
        db.session.rollback()
        room = fund.room(balance, values.currency, coming)
        raise FundTooSmall(
            f"The learning fund has {_writer(owner)(room, values.currency)} for this: "
            "spend at most that."
        )
    for name, value in asdict(values).items():
        setattr(spent, name, value)
    db.session.commit()


def delete_spend(spent: FundSpend) -> None:
    """Delete spending: its money is back in the fund."""
    db.session.delete(spent)
    db.session.commit()


def _writer(owner):
    """format_money in the owner's locale, for messages."""
    locale = locale_of(owner)
    return lambda minor, currency: format_money(minor, currency, locale=locale)


def fund_balance(user_id: int, currency: str) -> int:
    """What the fund holds in one currency: shares of cash-outs less spending."""
    saved = db.session.scalar(
        select(func.coalesce(func.sum(CashOut.fund_share), 0))
        .where(CashOut.user_id == user_id, CashOut.currency == currency)
    )
    spent = db.session.scalar(
        select(func.coalesce(func.sum(FundSpend.amount), 0))
        .where(FundSpend.user_id == user_id, FundSpend.currency == currency)
    )
    return int(saved) - int(spent)


def save_settings(owner, currency: str, percent: int, goal_label: str,
                  goal_amount: int | None, goal_currency: str | None) -> None:
    """Save the default currency, the fund rule and the goal."""
    settings = _locked_settings(owner.id)
    settings.currency = currency
    settings.percent = percent
    settings.goal_label = goal_label
    settings.goal_amount = goal_amount
    settings.goal_currency = goal_currency if goal_amount else None
    db.session.commit()
