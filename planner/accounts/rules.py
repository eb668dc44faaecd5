"""Plain rules for account fields; no Flask here."""

import re
import string
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
