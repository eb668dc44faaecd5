"""From the bytes of an uploaded file to a JSON object, or a message saying where it broke."""

import json

from planner.schema import Invalid, object_pairs, whole_number

BOM = "\ufeff"


class _NotJson(ValueError):
    """NaN or Infinity: JavaScript's numbers, which JSON does not have."""


def _refuse_constant(name: str):
    raise _NotJson(name)


def read_document(raw: bytes) -> dict:
    """The top-level object of a UTF-8 JSON file, or Invalid saying what is wrong and where."""
    try:
        source = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise Invalid("", f"The file is not UTF-8 text: byte {error.start + 1:,} cannot be "
                          "read. Upload the file exactly as it was exported.") from None
    source = source.removeprefix(BOM)  # editors on some systems start UTF-8 files with one
    if not source.strip():
        raise Invalid("", "The file is empty. Choose the .json file you exported.")
    try:
        document = json.loads(source, object_pairs_hook=object_pairs, parse_int=whole_number,
                              parse_constant=_refuse_constant)
    except json.JSONDecodeError as error:
        # The decoder's messages end in "at" and expect a position: "Expecting value at".
        what = error.msg.removesuffix(" at")
        raise Invalid("", f"The file is not valid JSON: {what} at line {error.lineno}, "
                          f"column {error.colno}.") from None
    except _NotJson as error:
        raise Invalid("", f"The file is not valid JSON: {error} is not a JSON value.") from None
    except RecursionError:
        raise Invalid("", "The file is not a data export: its lists and objects are nested "
                          "too deeply.") from None
    if not isinstance(document, dict):
        raise Invalid("", "The file is not a data export: it must hold one JSON object "
                          "{...} at the top.")
    return document
