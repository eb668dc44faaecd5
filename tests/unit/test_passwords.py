"""Password rules and argon2id hashing, without an app."""

import pytest
from argon2 import PasswordHasher
from hypothesis import given, settings
from hypothesis import strategies as st

from planner.accounts import passwords
from planner.accounts.passwords import (
    MAX_LENGTH,
    MIN_LENGTH,
    common_passwords,
    hash_password,
    needs_rehash,
    password_problem,
    verify_password,
)

GOOD = "plum-kettle-orbit-42"


def test_minimum_length_is_eight_characters():
    assert "at least 8 characters" in password_problem("x7#kQ2m")
    assert password_problem("x7#kQ2mZ") is None


def test_maximum_length_is_128_characters():
    assert password_problem("k" * 127 + "Q") is None
    assert "at most 128 characters" in password_problem("k" * 128 + "Q")


@pytest.mark.parametrize(
    "password",
    [
        "🦊🦊🌙🌙🔥🔥🍀🍀",  # emoji
        "山川草木鳥獣虫魚",  # CJK
        "e\u0301e\u0301a\u0308o\u0302",  # combining marks
        "пароль-для-меня",  # Cyrillic
        "  spaces count  ",  # leading and trailing spaces are kept
    ],
)
def test_any_unicode_is_accepted_and_round_trips_through_the_hash(password):
    assert password_problem(password) is None
    stored = hash_password(password)
    assert verify_password(stored, password)
    assert not verify_password(stored, password.strip() + "x")


def test_no_composition_rules():
    assert password_problem("alllowercaseletters") is None
    assert password_problem("9481726305") is None


def test_long_passwords_are_not_truncated():
    long = "a correct horse rides far " * 4  # 104 characters
    assert len(long) > 72
    changed_last = long[:-1] + "!"
    stored = hash_password(long)
    assert verify_password(stored, long)
    assert not verify_password(stored, changed_last)


@pytest.mark.parametrize(
    "password", ["password1", "iloveyou", "Password1", "QWERTYUIOP", "12345678"]
)
def test_common_passwords_are_refused_saying_why(password):
    problem = password_problem(password)
    assert problem is not None
    assert "most common passwords" in problem and "easy to guess" in problem


def test_the_common_list_is_the_shipped_one():
    common = common_passwords()
    assert len(common) >= 30_000
    assert "password" in common and GOOD not in common


@pytest.mark.parametrize(
    ("password", "username", "email"),
    [
        ("anastasia99", "Anastasia99", "someone@example.com"),
        ("ana@example.com", "ana", "ANA@example.com"),
    ],
)
def test_password_may_not_be_the_username_or_email(password, username, email):
    assert "username or email" in password_problem(password, username=username, email=email)


@settings(max_examples=50, deadline=None)
@given(st.text(max_size=200))
def test_rules_accept_exactly_uncommon_text_of_8_to_128_characters(password):
    expected_ok = (
        MIN_LENGTH <= len(password) <= MAX_LENGTH
        and password.casefold() not in common_passwords()
    )
    assert (password_problem(password) is None) == expected_ok


@settings(max_examples=50, deadline=None)
@given(st.integers(min_value=0, max_value=300), st.characters(exclude_categories=["Cs"]))
def test_length_limits_hold_for_every_length(length, char):
    password = (char + "§") * (length // 2) + char * (length % 2)
    problem = password_problem(password)
    if length < MIN_LENGTH:
        assert "at least" in problem
    elif length > MAX_LENGTH:
        assert "at most" in problem
    else:
        assert problem is None or "common" in problem


@pytest.mark.slow
def test_hashes_are_argon2id_with_current_parameters():
    stored = hash_password(GOOD)
    assert stored.startswith("$argon2id$")
    assert not needs_rehash(stored)


@pytest.mark.slow
def test_weaker_or_foreign_hashes_need_a_rehash():
    weak = PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1).hash(GOOD)
    assert needs_rehash(weak)
    assert verify_password(weak, GOOD)
    assert needs_rehash("not a hash")


def test_verification_runs_argon2_even_without_a_stored_hash(monkeypatch):
    calls = []
    real_verify = PasswordHasher.verify

    def spy(self, stored, password):
        calls.append(stored)
        return real_verify(self, stored, password)

    # PasswordHasher has slots, so the spy goes on the class the module's hasher uses.
    monkeypatch.setattr(type(passwords.hasher), "verify", spy)
    assert verify_password(None, GOOD) is False
    assert verify_password(hash_password("other password"), GOOD) is False
    assert len(calls) == 2 and all(c.startswith("$argon2id$") for c in calls)


def test_a_broken_stored_hash_fails_closed():
    assert verify_password("!", GOOD) is False
    assert verify_password("$argon2id$garbage", GOOD) is False
