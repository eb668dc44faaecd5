"""Checks for the values of an imported data file, each refusal naming where it is.

Plain functions over what json.loads gives: each takes the value and its path in the file
("roadmaps[0].milestones[3].status") and returns the value as the app stores it, or raises
Invalid with that path and a message saying what would be accepted.
"""

import json
import re
import unicodedata
from collections.abc import Iterable
from datetime import UTC, date, datetime

_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_MOMENT = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}:\d{2})?")
# Any whole number longer than this is refused without converting it: Python would spend
# quadratic time on a megabyte of digits, and no value in a data file needs more.
DIGITS_MAX = 20
LINE_BREAKS = frozenset("\n\t")


class Invalid(ValueError):
    """A value the file may not hold; str() reads "path: message"."""

    def __init__(self, path: str, message: str):
        super().__init__(path, message)
        self.path = path
        self.message = message

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


class Doubled(dict):
    """An object in which a key appears more than once (json.loads keeps only the last)."""

    def __init__(self, pairs, key: str):
        super().__init__(pairs)
        self.key = key


class TooLong(int):
    """A whole number with more than DIGITS_MAX digits, kept as 0 so it is never used."""


def object_pairs(pairs: list[tuple[str, object]]) -> dict:
    """json.loads' object_pairs_hook: a dict, or a Doubled that record() will refuse."""
    seen: set[str] = set()
    for key, _ in pairs:
        if key in seen:
            return Doubled(pairs, key)
        seen.add(key)
    return dict(pairs)


def whole_number(digits: str) -> int:
    """json.loads' parse_int: the number, or a TooLong that whole() will refuse."""
    return TooLong() if len(digits.lstrip("-")) > DIGITS_MAX else int(digits)


def key_shown(key: str) -> str:
    """A key of the file as a message names it: as it is, or as JSON escapes it when it holds
    what cannot be shown (half a character, which no page can even be encoded with)."""
    return key if key.isprintable() else json.dumps(key)[1:-1]


def child(path: str, key: str) -> str:
    """The path of a key of the object at path."""
    key = key_shown(key)
    return f"{path}.{key}" if path else key


def item(path: str, index: int) -> str:
    """The path of an entry of the list at path."""
    return f"{path}[{index}]"


def record(value, path: str, required: Iterable[str] = (), optional: Iterable[str] = ()) -> dict:
    """An object holding every required key, and no key outside required and optional."""
    if not isinstance(value, dict):
        raise Invalid(path, f"must be an object {{...}}, not {kind_of(value)}")
    once_each(value, path)
    required, optional = tuple(required), tuple(optional)
    for key in required:
        if key not in value:
            raise Invalid(child(path, key), "is missing")
    for key in value:
        if key not in required and key not in optional:
            raise Invalid(child(path, key), "is not a field this format knows")
    return value


def once_each(value: dict, path: str) -> dict:
    """An object in which no key appears twice."""
    if isinstance(value, Doubled):
        raise Invalid(path, f"the key “{key_shown(value.key)}” appears more than once")
    return value


def items(value, path: str, most: int) -> list:
    """A list of at most `most` entries."""
    if not isinstance(value, list):
        raise Invalid(path, f"must be a list [...], not {kind_of(value)}")
    if len(value) > most:
        raise Invalid(path, f"holds {len(value):,} entries; at most {most:,} can be imported")
    return value


def text(value, path: str, most: int, *, required: bool = True, lines: bool = False) -> str:
    """Text of at most `most` characters, trimmed; `lines` allows line breaks and tabs."""
    if value is None and not required:
        return ""
    if not isinstance(value, str):
        raise Invalid(path, f"must be text in quotes, not {kind_of(value)}")
    value = value.replace("\r\n", "\n").strip() if lines else value.strip()
    if required and not value:
        raise Invalid(path, "must not be empty")
    if len(value) > most:
        raise Invalid(path, f"is {len(value):,} characters long; at most {most:,} are allowed")
    if not value.isprintable():  # fast for the common case; then find what it is
        for ch in value:
            category = unicodedata.category(ch)
            if category == "Cc" and not (lines and ch in LINE_BREAKS):
                raise Invalid(path, f"contains the control character U+{ord(ch):04X}")
            if category == "Cs":
                raise Invalid(path, "contains half of a character (a lone surrogate)")
    return value


def choice(value, path: str, choices: Iterable[str]) -> str:
    """One of the given words."""
    choices = tuple(choices)
    if not isinstance(value, str) or value not in choices:
        raise Invalid(path, f"must be one of {', '.join(choices)}, not {shown(value)}")
    return value


def whole(value, path: str, low: int, high: int) -> int:
    """A whole number from low to high."""
    if isinstance(value, TooLong):
        raise Invalid(path, f"is far too large; at most {high:,} is allowed")
    if type(value) is not int:
        raise Invalid(path, f"must be a whole number, not {kind_of(value)}")
    if not low <= value <= high:
        raise Invalid(path, f"must be from {low:,} to {high:,}, not {value:,}")
    return value


def flag(value, path: str) -> bool:
    """true or false."""
    if not isinstance(value, bool):
        raise Invalid(path, f"must be true or false, not {kind_of(value)}")
    return value


def day(value, path: str, first_year: int, last_year: int, *, required: bool = True
        ) -> date | None:
    """A calendar date written YYYY-MM-DD, within the years given."""
    if value is None and not required:
        return None
    if not isinstance(value, str) or not _DAY.fullmatch(value):
        raise Invalid(path, f"must be a date written YYYY-MM-DD, not {shown(value)}")
    try:
        parsed = date.fromisoformat(value)
    except ValueError:
        raise Invalid(path, f"{value} is not a day of the calendar") from None
    if not first_year <= parsed.year <= last_year:
        raise Invalid(path, f"must be in the years {first_year} to {last_year}")
    return parsed


def moment(value, path: str, first_year: int, last_year: int, *, required: bool = True
           ) -> datetime | None:
    """A moment written in ISO 8601 (2025-03-05T14:07:30Z), as naive UTC like every column,
    within the years given: one at the calendar's ends cannot be shown in every time zone."""
    if value is None and not required:
        return None
    if not isinstance(value, str) or not _MOMENT.fullmatch(value):
        raise Invalid(path, f"must be a time written like 2025-03-05T14:07:30Z, "
                            f"not {shown(value)}")
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
        if parsed.tzinfo is not None:
            parsed = parsed.astimezone(UTC).replace(tzinfo=None)
    except (ValueError, OverflowError):
        raise Invalid(path, f"{value} is not a moment of the calendar") from None
    if not first_year <= parsed.year <= last_year:
        raise Invalid(path, f"must be in the years {first_year} to {last_year}")
    return parsed


def kind_of(value) -> str:
    """What a JSON value is, in words: "text", "a list", "null"."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, TooLong):
        return "a number too large"
    names = {str: "text", int: "a whole number", float: "a number with decimals",
             dict: "an object", list: "a list"}
    return next((name for kind, name in names.items() if isinstance(value, kind)), "a value")


def shown(value) -> str:
    """A value quoted in a message: short text as it is, anything else by its kind."""
    if isinstance(value, str) and len(value) <= 40 and value.isprintable():
        return f"“{value}”"
    return kind_of(value)


def counted(n: int, noun: str, plural: str | None = None) -> str:
    """How many of something a file held: "1 roadmap", "1,204 earnings entries"."""
    return f"{n:,} {noun if n == 1 else plural or noun + 's'}"
