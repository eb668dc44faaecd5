"""Plain account rules: usernames, email normalisation, safe `next` targets."""

import string
from urllib.parse import unquote, urlsplit

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from planner.accounts.names import SKELETON_MAX, name_skeleton
from planner.accounts.rules import (
    USERNAME_PATTERN,
    is_safe_next,
    login_text,
    normalize_email,
    username_key,
)

USERNAME_CHARS = set(string.ascii_letters + string.digits + "_-")

# Every one of these must fall back to the default page.
OPEN_REDIRECTS = [
    "//evil.example",
    "https://evil.example",
    "http:evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "/%2F%2Fevil.example",
    "%2F%2Fevil.example",
    "/%5Cevil.example",
    "/%252F%252Fevil.example",
    "/%25252F%25252Fevil.example",
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "\t//evil.example",
    "/\t/evil.example",
    "/%09/evil.example",
    "/\n/evil.example",
    "/ /evil.example",
    " //evil.example",
    "/%20/evil.example",
    "///evil.example",
    "",
    None,
]

LOCAL = [
    "/",
    "/guides/micro-jobs#cash-out",
    "/guides/micro-jobs-vs-freelancing?section=key-differences",
    "/account",
]


@pytest.mark.parametrize("target", OPEN_REDIRECTS)
def test_next_targets_off_site_are_refused(target):
    assert is_safe_next(target) is False


@pytest.mark.parametrize("target", LOCAL)
def test_next_targets_on_site_are_followed(target):
    assert is_safe_next(target) is True


@settings(max_examples=50, deadline=None)
@given(st.text(max_size=60))
def test_a_safe_target_can_never_leave_the_site(target):
    if is_safe_next(target):
        decoded = unquote(unquote(unquote(target)))
        assert decoded.startswith("/") and not decoded.startswith("//")
        assert "\\" not in decoded
        assert not any(ch.isspace() or ord(ch) < 32 for ch in decoded)
        assert not urlsplit(decoded).netloc and not urlsplit(decoded).scheme


@pytest.mark.parametrize("name", ["ana", "Ana_Maria-99", "a" * 32, "___", "1-2"])
def test_usernames_of_3_to_32_letters_digits_underscores_and_hyphens(name):
    assert USERNAME_PATTERN.fullmatch(name)


@pytest.mark.parametrize(
    "name", ["ab", "a" * 33, "ana maria", "ana@home", "ánä", "名前です", "ana\n", "ana.b", ""]
)
def test_other_usernames_are_refused(name):
    assert not USERNAME_PATTERN.fullmatch(name)


@settings(max_examples=50, deadline=None)
@given(st.text(max_size=40))
def test_username_pattern_is_exactly_the_rule(name):
    expected = 3 <= len(name) <= 32 and set(name) <= USERNAME_CHARS
    assert bool(USERNAME_PATTERN.fullmatch(name)) == expected


@settings(max_examples=50, deadline=None)
@given(st.from_regex(USERNAME_PATTERN, fullmatch=True))
def test_username_keys_ignore_case(name):
    assert username_key(name) == username_key(name.swapcase()) == username_key(name.upper())


def test_ana_and_ana_share_one_key():
    assert username_key("Ana") == username_key("ana") == username_key("ANA")
    assert username_key("ana") != username_key("anna")


@pytest.mark.parametrize(
    ("given_address", "expected"),
    [
        ("Ana@Example.COM", "ana@example.com"),
        ("  ana@example.com\t", "ana@example.com"),
        ("ana@example.com", "ana@example.com"),
    ],
)
def test_email_addresses_are_trimmed_and_lower_cased(given_address, expected):
    assert normalize_email(given_address) == expected


def test_normalising_never_turns_one_mailbox_into_another():
    # Case folding maps "ß" to "ss": two different mailboxes would share one account, and
    # reset links for one would go to the other.
    assert normalize_email("Straße@Example.com") == "straße@example.com"
    assert normalize_email("ﬁle@example.com") == "ﬁle@example.com"
    assert normalize_email("\u212aate@example.com") == "\u212aate@example.com"  # Kelvin sign


@settings(max_examples=50, deadline=None)
@given(st.emails())
def test_normalising_is_idempotent_and_only_changes_ascii_case(address):
    once = normalize_email(address)
    assert normalize_email(once) == once
    assert once.lower() == once
    assert len(once) == len(address.strip())


# --- how a log-in name is read ------------------------------------------------------------

PADDED_LOGINS = [
    " ana ",
    "ana\u00a0",  # no-break space
    "\u2003ana",  # em space
    "ana\u3000",  # ideographic space
    "\u202fana",  # narrow no-break space
    "a\u200bna",  # zero-width space
    "an\u00ada",  # soft hyphen
    "\ufeffana",  # byte order mark
    "a\u2060na\u200d",  # word joiner, zero-width joiner
    "an\u3164a",  # Hangul filler
]


@pytest.mark.parametrize("login", PADDED_LOGINS)
def test_invisible_characters_and_unicode_spaces_leave_the_login(login):
    assert login_text(login) == "ana"


def test_visible_characters_stay_in_the_login():
    assert login_text(" ana.b@example.com ") == "ana.b@example.com"
    assert login_text("Zoë") == "Zoë"


# --- names that pass for each other -------------------------------------------------------

LOOKALIKES_OF_ADMIN = [
    "Admin",
    "ADMIN",
    "admin",
    "\u0410dmin",  # Cyrillic capital A
    "adm\u0456n",  # Cyrillic small i
    "\uff21\uff44\uff4d\uff49\uff4e",  # fullwidth
    "Ad min",
    "ad_min",
    "ad-min.",
    "Adrnin",  # r n reads as m
    "admln",  # l for i
    "adm1n",
    "ad\u200bmin",  # zero-width space
]


@pytest.mark.parametrize("name", LOOKALIKES_OF_ADMIN)
def test_lookalike_names_share_a_skeleton(name):
    assert name_skeleton(name) == name_skeleton("admin")


@pytest.mark.parametrize("name", ["Adam", "Admiral", "Amin", "Zoë", "moderator"])
def test_different_names_have_different_skeletons(name):
    assert name_skeleton(name) != name_skeleton("admin")


def test_the_skeleton_fits_its_column_even_when_nfkc_expands():
    assert len(name_skeleton("\ufdfa" * 64)) <= SKELETON_MAX
