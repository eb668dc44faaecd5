"""Plain rules for account fields; no Flask here."""

import re
import string
import unicodedata
from urllib.parse import unquote, urlsplit

USERNAME_PATTERN = re.compile(r"[A-Za-z0-9_-]{3,32}")
EMAIL_MAX = 254  # the longest address SMTP can deliver to (RFC 5321)
ASCII_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)


def username_key(username: str) -> str:
    """The form of a username used to keep names unique regardless of case."""
    return username.casefold()


def normalize_email(address: str) -> str:
    """Trim an address and lower-case its ASCII letters, so one mailbox maps to one account."""
    # Only ASCII: full case folding turns "ß" into "ss" (and the Kelvin sign into "k"),
    # which names a different mailbox that could then receive this account's reset links.
    return address.strip().translate(ASCII_LOWER)


def is_safe_next(target: str | None) -> bool:
    """True only for a path on this site: no scheme, host, backslash, space or control character."""
    if not target:
        return False
    candidate = target
    # Decode repeatedly so that %2F%2F or %252F%252F cannot hide a second slash.
    for _ in range(3):
        if not _looks_local(candidate):
            return False
        decoded = unquote(candidate)
        if decoded == candidate:
            return True
        candidate = decoded
    return False


def _looks_local(path: str) -> bool:
    if not path.startswith("/") or path.startswith("//"):
        return False
    # Browsers drop tabs and newlines from URLs and some trim spaces, so "/\t/evil.example"
    # would become "//evil.example"; our own paths never contain any of them.
    if "\\" in path or any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 for ch in path):
        return False
    parts = urlsplit(path)
    return not parts.scheme and not parts.netloc


# Characters that take no space on screen yet are not format characters (Cf): the combining
# grapheme joiner, the Hangul fillers, two Khmer vowels and the variation selectors.
_INVISIBLE_LETTERS = frozenset(
    [0x034F, 0x115F, 0x1160, 0x17B4, 0x17B5, 0x3164, 0xFFA0]
).union(range(0xFE00, 0xFE10), range(0xE0100, 0xE01F0))


def is_invisible(ch: str) -> bool:
    """True for a character that shows nothing: zero-width spaces and joiners, soft hyphens."""
    return unicodedata.category(ch) == "Cf" or ord(ch) in _INVISIBLE_LETTERS


def has_control_characters(text: str) -> bool:
    """True when text holds a control character (no name does; PostgreSQL cannot store NUL)."""
    return any(unicodedata.category(ch) == "Cc" for ch in text)


def login_text(login: str) -> str:
    """The log-in name as it is looked up: invisible characters dropped, spaces trimmed."""
    # str.strip() trims every Unicode space (no-break, em, ideographic...), not only ASCII.
    return "".join(ch for ch in login if not is_invisible(ch)).strip()
