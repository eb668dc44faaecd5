"""Reading the earnings of a data export and recreating them in an account that has none.

Money is only ever counted once: into an account that already keeps an earnings log the
section is left out (and the message says so), since merging two logs would count the same
day's work twice. read_section() checks everything first; import_section() adds the rows to
the session for the caller's one transaction.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import exists, or_, select

from planner import schema
from planner.database import utcnow
from planner.earnings import fund, money, rules
from planner.earnings.models import CashOut, Earning, EarningsSettings, FundSpend
from planner.earnings.service import _locked_settings
from planner.extensions import db
from planner.roadmaps.rules import YEAR_MAX, YEAR_MIN

SECTION_FIELDS = ("settings", "entries", "cash_outs", "fund_spending", "milestone_moves")
SETTINGS_FIELDS = ("currency", "fund_percent", "goal_label", "goal_amount", "goal_currency")
ENTRY_FIELDS = ("day", "platform", "kind", "amount", "currency")
CASH_OUT_FIELDS = ("day", "platform", "destination", "amount", "currency", "fund_share")
SPEND_FIELDS = ("day", "label", "amount", "currency")
LEFT_OUT = ("earnings left out: this account already keeps an earnings log, and joining two "
            "logs would count the same money twice")


@dataclass
class ImportedEarnings:
    """The rows to save, as keyword arguments of their models; settings may be None."""

    settings: dict | None = None
    entries: list[dict] = field(default_factory=list)
    cash_outs: list[dict] = field(default_factory=list)
    spending: list[dict] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        """True when there is nothing to save."""
        return not (self.settings or self.entries or self.cash_outs or self.spending)


def read_section(raw, path: str, _library=None) -> ImportedEarnings:
    """The earnings of a file, checked against the rules the earnings forms apply."""
    value = schema.record(raw, path, optional=SECTION_FIELDS)
    found = ImportedEarnings()
    if value.get("settings") is not None:
        found.settings = _settings(value["settings"], schema.child(path, "settings"))
    for key, read, into in (("entries", _entry, found.entries),
                            ("cash_outs", _cash_out, found.cash_outs),
                            ("fund_spending", _spend, found.spending)):
        where = schema.child(path, key)
        for n, row in enumerate(schema.items(value.get(key, []), where, rules.IMPORT_ROWS_MAX)):
            into.append(read(row, schema.item(where, n)))
    # Moves name milestones of the exporting account: they stay behind.
    schema.items(value.get("milestone_moves", []), schema.child(path, "milestone_moves"),
                 rules.IMPORT_ROWS_MAX)
    _check_fund(found, path)
    return found


def _settings(raw, path: str) -> dict:
    value = schema.record(raw, path, ("currency", "fund_percent"), SETTINGS_FIELDS)
    goal_amount = value.get("goal_amount")
    goal_currency = None
    if goal_amount is not None:
        goal_currency = _currency(value.get("goal_currency"), schema.child(path, "goal_currency"))
        goal_amount = _amount(goal_amount, schema.child(path, "goal_amount"), goal_currency)
    return {
        "currency": _currency(value["currency"], schema.child(path, "currency")),
        "percent": schema.whole(value["fund_percent"], schema.child(path, "fund_percent"),
                                fund.PERCENT_MIN, fund.PERCENT_MAX),
        "goal_label": schema.text(value.get("goal_label"), schema.child(path, "goal_label"),
                                  rules.LABEL_MAX, required=False),
        "goal_amount": goal_amount,
        "goal_currency": goal_currency,
    }


def _money(value: dict, path: str) -> dict:
    """The day, amount and currency every row has, and when it was written down."""
    currency = _currency(value["currency"], schema.child(path, "currency"))
    return {
        "day": schema.day(value["day"], schema.child(path, "day"), YEAR_MIN, YEAR_MAX),
        "amount": _amount(value["amount"], schema.child(path, "amount"), currency),
        "currency": currency,
        "created_at": _created(value, path),
    }


def _entry(raw, path: str) -> dict:
    value = schema.record(raw, path, ENTRY_FIELDS, ("minutes", "created_at"))
    minutes = value.get("minutes")
    return {
        **_money(value, path),
        "platform": schema.text(value["platform"], schema.child(path, "platform"),
                                rules.PLATFORM_MAX),
        "kind": schema.choice(value["kind"], schema.child(path, "kind"), rules.KINDS),
        "minutes": None if minutes is None else schema.whole(
            minutes, schema.child(path, "minutes"), 1, rules.MINUTES_MAX),
    }


def _cash_out(raw, path: str) -> dict:
    value = schema.record(raw, path, CASH_OUT_FIELDS, ("created_at",))
    row = {
        **_money(value, path),
        "platform": schema.text(value["platform"], schema.child(path, "platform"),
                                rules.PLATFORM_MAX),
        "destination": schema.choice(value["destination"], schema.child(path, "destination"),
                                     rules.DESTINATIONS),
    }
    row["fund_share"] = schema.whole(value["fund_share"], schema.child(path, "fund_share"),
                                     0, row["amount"])
    return row


def _spend(raw, path: str) -> dict:
    value = schema.record(raw, path, SPEND_FIELDS, ("created_at",))
    return {**_money(value, path),
            "label": schema.text(value["label"], schema.child(path, "label"), rules.LABEL_MAX)}


def _currency(raw, path: str) -> str:
    if not isinstance(raw, str) or not money.is_currency(raw):
        raise schema.Invalid(path, f"must be a three-letter ISO 4217 code such as PKR or USD, "
                                   f"not {schema.shown(raw)}")
    return raw


def _amount(raw, path: str, currency: str) -> int:
    """Whole minor units (paisa, cents), above zero and within one entry's bounds."""
    return schema.whole(raw, path, 1, money.max_minor(currency))


def _created(value: dict, path: str) -> datetime:
    return schema.moment(value.get("created_at"), schema.child(path, "created_at"), YEAR_MIN,
                         YEAR_MAX, required=False) or utcnow()


def _check_fund(found: ImportedEarnings, path: str) -> None:
    """The learning fund never goes below zero: no currency spends more than it saved."""
    movements: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for row in found.cash_outs:
        movements[row["currency"]].append((fund.IN, row["fund_share"]))
    for row in found.spending:
        movements[row["currency"]].append((fund.OUT, row["amount"]))
    for currency, moved in sorted(movements.items()):
        if fund.replay(moved).refused:
            raise schema.Invalid(schema.child(path, "fund_spending"),
                                 f"spends more {currency} than the cash-outs put in the "
                                 "learning fund")


def _keeps_a_log(user_id: int) -> bool:
    """True when the user already has an entry, a cash-out or fund spending (one query)."""
    return bool(db.session.scalar(select(or_(
        exists().where(Earning.user_id == user_id),
        exists().where(CashOut.user_id == user_id),
        exists().where(FundSpend.user_id == user_id),
    ))))


def import_section(user_id: int, found: ImportedEarnings) -> str | None:
    """Add the earnings to an account without any (the caller commits); say what was done."""
    if found.empty:
        return None
    # The settings row is locked first, so a cash-out sent meanwhile waits for this import.
    settings: EarningsSettings = _locked_settings(user_id)
    if _keeps_a_log(user_id):
        return LEFT_OUT
    if found.settings is not None:
        for name, value in found.settings.items():
            setattr(settings, name, value)
    db.session.add_all(Earning(user_id=user_id, **row) for row in found.entries)
    db.session.add_all(CashOut(user_id=user_id, **row) for row in found.cash_outs)
    db.session.add_all(FundSpend(user_id=user_id, **row) for row in found.spending)
    return ", ".join((schema.counted(len(found.entries), "earnings entry", "earnings entries"),
                      schema.counted(len(found.cash_outs), "cash-out"),
                      schema.counted(len(found.spending), "fund spending", "fund spendings")))
