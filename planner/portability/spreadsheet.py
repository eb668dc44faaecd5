"""Rows as CSV text that a spreadsheet opens safely: no cell is ever taken for a formula.

Plain functions: nothing here knows Flask or the database.
"""

import csv
import io
from collections.abc import Iterable, Sequence

# Spreadsheets run a cell starting with these as a formula ("=HYPERLINK(...)"); the
# full-width forms too, in some of them. A leading apostrophe makes the cell plain text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")
BOM = "\ufeff"  # tells spreadsheet programs the file is UTF-8, so "₨" and "é" survive


def safe_cell(value: str) -> str:
    """The cell as text a spreadsheet shows rather than runs."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def csv_text(header: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """A CSV document (RFC 4180 line ends) of the header and rows, every cell made safe."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([safe_cell(cell) for cell in header])
    writer.writerows([safe_cell(cell) for cell in row] for row in rows)
    return BOM + buffer.getvalue()
