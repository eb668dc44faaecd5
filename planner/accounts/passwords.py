"""Password rules and hashing (argon2id); no Flask here."""

from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from zxcvbn.frequency_lists import FREQUENCY_LISTS

MIN_LENGTH = 8
RECOMMENDED_LENGTH = 15
MAX_LENGTH = 128

hasher = PasswordHasher()  # argon2id with the library's current recommended parameters


@cache
def common_passwords() -> frozenset[str]:
    """The 30,000 most common passwords, as shipped with zxcvbn (a set built on first use)."""
    return frozenset(FREQUENCY_LISTS["passwords"])


def password_problem(password: str, *, username: str = "", email: str = "") -> str | None:
    """Say what is wrong with a new password, or None when it is acceptable."""
    if len(password) < MIN_LENGTH:
        return f"Use at least {MIN_LENGTH} characters ({RECOMMENDED_LENGTH} or more is better)."
    if len(password) > MAX_LENGTH:
        return f"Use at most {MAX_LENGTH} characters."
    lowered = password.casefold()
    if lowered in common_passwords():
        return "This is one of the most common passwords, so it is easy to guess. Choose another."
    if lowered in {username.casefold(), email.casefold()}:
        return "Your password must not be your username or email address."
    return None


def hash_password(password: str) -> str:
    """Hash a password with argon2id."""
    return hasher.hash(password)


@cache
def _dummy_hash() -> str:
    return hasher.hash("a password nobody has")


def verify_password(stored_hash: str | None, password: str) -> bool:
    """Check password against stored_hash; with no hash, spend the same time and fail."""
    try:
        return hasher.verify(stored_hash or _dummy_hash(), password) and stored_hash is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str) -> bool:
    """True when the hash was made with weaker parameters than today's."""
    try:
        return hasher.check_needs_rehash(stored_hash)
    except InvalidHashError:
        return True
