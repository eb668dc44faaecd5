"""Plain rules for account fields; no Flask here."""

import re
from urllib.parse import unquote, urlsplit

USERNAME_PATTERN = re.compile(r"[A-Za-z0-9_-]{3,32}")


def username_key(username: str) -> str:
    """The form of a username used to keep names unique regardless of case."""
    return username.casefold()


def normalize_email(address: str) -> str:
    """Lower-case and trim an address so that one mailbox maps to one account."""
    return address.strip().casefold()


def is_safe_next(target: str | None) -> bool:
    """True only for a path on this site: no scheme, host, backslash or control character."""
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
    if "\\" in path or any(ord(ch) < 32 or ord(ch) == 127 for ch in path):
        return False
    parts = urlsplit(path)
    return not parts.scheme and not parts.netloc
