"""Secret tokens of share links and feeds: made unguessable, looked up by their digest."""

import hashlib
import secrets

# 24 random bytes: 192 bits, 32 URL-safe characters (converters.TokenConverter accepts them).
TOKEN_BYTES = 24


def new_token() -> str:
    """A fresh, unguessable URL-safe token."""
    return secrets.token_urlsafe(TOKEN_BYTES)


def digest(token: str) -> str:
    """The SHA-256 of a token, in hex: the column a token is looked up by.

    An index lookup compares bytes one after another, so how long a wrong guess takes could
    tell how much of it was right; a guess's digest shares nothing predictable with the
    digest of a real token, so that time tells nothing.
    """
    return hashlib.sha256(token.encode()).hexdigest()
