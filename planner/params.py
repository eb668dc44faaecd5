"""Values from URLs and forms: ids that fit every id column, page numbers.

Plain Python, so rules modules may use its bounds; the URL converters are in converters.py.
"""

# PostgreSQL's integer: the narrowest id column of the databases we run on (SQLite's is
# 64-bit). A larger number names nothing, so it is refused before any query sees it.
MAX_ID = 2**31 - 1
MAX_PAGE = 100_000


def parse_number(raw: str | None, upper: int) -> int | None:
    """A whole number from 1 to upper written in ASCII digits, else None."""
    raw = (raw or "").strip()
    if not (raw.isascii() and raw.isdigit()) or len(raw) > len(str(upper)):
        return None
    number = int(raw)
    return number if 1 <= number <= upper else None


def parse_id(raw: str | None) -> int | None:
    """An id from a form or query string, or None when it cannot name a row."""
    return parse_number(raw, MAX_ID)


def parse_page(raw: str | None) -> int | None:
    """A page number from a query string, or None when there is no such page."""
    return parse_number(raw, MAX_PAGE)
