"""The learning fund: the share it takes, a balance that never goes below zero, the goal."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from planner.earnings import fund


@pytest.mark.parametrize(
    ("amount", "percent", "share"),
    [(100000, 20, 20000), (999, 20, 199), (1, 20, 0), (12345, 0, 0), (12345, 100, 12345),
     (150000, 15, 22500)],
)
def test_the_share_is_the_percent_rounded_down(amount, percent, share):
    assert fund.share(amount, percent) == share


@pytest.mark.parametrize(("amount", "percent"), [(-1, 20), (100, -1), (100, 101)])
def test_the_share_refuses_what_makes_no_sense(amount, percent):
    with pytest.raises(ValueError):
        fund.share(amount, percent)


@given(st.integers(min_value=0, max_value=10**12), st.integers(min_value=0, max_value=100))
def test_the_share_never_exceeds_the_cash_out(amount, percent):
    share = fund.share(amount, percent)
    assert 0 <= share <= amount
    assert share * 100 <= amount * percent < (share + 1) * 100


MOVEMENTS = st.lists(st.tuples(st.sampled_from([fund.IN, fund.OUT]),
                               st.integers(min_value=0, max_value=10**9)), max_size=60)


@given(MOVEMENTS)
def test_the_fund_never_goes_below_zero_and_its_sums_are_exact(movements):
    ledger = fund.replay(movements)
    assert ledger.balance >= 0
    assert ledger.saved == sum(a for k, a in movements if k == fund.IN)
    taken = sum(a for k, a in movements if k == fund.OUT)
    refused = sum(1 for k, _ in movements if k == fund.OUT) - ledger.refused
    assert ledger.spent <= taken and refused >= 0
    assert ledger.balance == ledger.saved - ledger.spent


def test_a_spend_larger_than_the_fund_is_refused():
    ledger = fund.replay([(fund.IN, 500), (fund.OUT, 300), (fund.OUT, 300), (fund.OUT, 200)])
    assert (ledger.saved, ledger.spent, ledger.refused, ledger.balance) == (500, 500, 1, 0)
    assert fund.can_take(500, 500) and not fund.can_take(499, 500) and not fund.can_take(5, -1)


@pytest.mark.parametrize(
    ("saved", "goal", "percent", "reached"),
    [(0, 1500000, 0, False), (750000, 1500000, 50, False), (1499999, 1500000, 99, False),
     (1500000, 1500000, 100, True), (2000000, 1500000, 100, True), (5, None, 0, False),
     (5, 0, 0, False)],
)
def test_goal_progress(saved, goal, percent, reached):
    assert fund.progress_percent(saved, goal or 0) == percent
    assert fund.reached(saved, goal) is reached


@pytest.mark.parametrize(
    ("old", "new", "percent", "share"),
    [
        ((100000, "PKR", 20000), (100000, "PKR"), 50, 20000),  # same money: the share it gave
        ((100000, "PKR", 20000), (50000, "PKR"), 20, 10000),  # a new amount: today's rule
        ((100000, "PKR", 20000), (100000, "USD"), 30, 30000),  # a new currency: today's rule
        ((100000, "PKR", 20000), (999, "PKR"), 20, 199),
    ],
)
def test_an_edited_cash_out_is_reshared_by_the_rule(old, new, percent, share):
    assert fund.reshare(*old, *new, percent) == share


@pytest.mark.parametrize(
    ("balance", "leaving", "coming", "room", "allowed"),
    [
        # A cash-out's share falls from 200 to 20 while the fund holds 50 (150 was spent).
        (5000, ("PKR", 20000), ("PKR", 2000), 7000, False),
        (5000, ("PKR", 20000), ("PKR", 15000), 20000, True),
        # The cash-out moves to USD: its PKR share leaves whole, the USD one does not help.
        (5000, ("PKR", 20000), ("USD", 20000), 5000, False),
        (20000, ("PKR", 20000), ("USD", 1), 20000, True),
        # Spending of 150 raised to 250 in a fund holding 50 besides: 200 is there for it.
        (5000, ("PKR", 25000), ("PKR", 15000), 20000, False),
        (5000, ("PKR", 20000), ("PKR", 15000), 20000, True),
    ],
)
def test_an_edit_may_take_what_the_fund_holds_with_what_it_gives_back(
        balance, leaving, coming, room, allowed):
    assert fund.room(balance, leaving[0], coming) == room
    assert fund.can_replace(balance, leaving, coming) is allowed


AMOUNTS = st.integers(min_value=0, max_value=10**9)
CURRENCIES = st.sampled_from(["PKR", "USD"])


@given(st.dictionaries(CURRENCIES, AMOUNTS), CURRENCIES, AMOUNTS, CURRENCIES, AMOUNTS)
def test_an_allowed_edit_never_takes_any_fund_below_zero(balances, out_currency, out_amount,
                                                          in_currency, in_amount):
    held = balances.get(out_currency, 0)
    if fund.can_replace(held, (out_currency, out_amount), (in_currency, in_amount)):
        after = dict(balances)
        after[in_currency] = after.get(in_currency, 0) + in_amount
        after[out_currency] = after.get(out_currency, 0) - out_amount
        assert all(value >= 0 for value in after.values())
    else:
        assert out_amount > held + (in_amount if in_currency == out_currency else 0)


@given(st.integers(min_value=1, max_value=10**9), st.integers(min_value=1, max_value=10**9),
       st.integers(min_value=0, max_value=100))
def test_a_reshared_cash_out_keeps_its_share_within_the_amount(old, new, percent):
    share = fund.reshare(old, "PKR", fund.share(old, 20), new, "PKR", percent)
    assert 0 <= share <= new
