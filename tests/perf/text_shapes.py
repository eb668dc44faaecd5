"""The worst shapes of comment text we know of, each filled to a given length.

Shared by the unit tests (which count the work done on them) and the benchmark (which times
rendering them): each shape once defeated a quadratic step or could defeat one.
"""

from planner.comments.models import BODY_MAX

# name: (prefix, repeated unit, what it attacks)
SHAPES: dict[str, tuple[str, str, str]] = {
    "plain text": ("", "a", "the yardstick: nothing to link"),
    "trailing closers": ("http://a.example/", ")", "bracket balance counted per character"),
    "trailing dots": ("http://a.example/", ".", "trailing punctuation cut one at a time"),
    "trailing mix": ("http://a.example/", ".)]}!?", "both trims together"),
    "open brackets": ("http://a.example/", "(", "a bracket scanned for its closer"),
    "scheme fragments": ("", "http://", "an address attempt at every position"),
    "chained addresses": ("", "http://a.example/", "addresses inside one endless address"),
    "bracketed addresses": ("", "(http://a.example/", "every link scanning to the end"),
    "quoted addresses": ("", "'http://a.example/", "quoted paths scanned to the end"),
    "long address": ("http://a.example/", "a", "one address of the whole length"),
    "long host": ("http://", "a.", "a host name of the whole length"),
    "many links": ("", "http://a.example ", "a link per word"),
    "many lines": ("", "a\n", "a line break per character"),
    "many paragraphs": ("", "a\n\n", "a paragraph per line"),
    "control characters": ("", "\x00\x07", "cleaning drops every character"),
}

# Names for initials() and avatar_colour(): the form allows 245 characters, the bench more.
NAME_SHAPES: dict[str, tuple[str, str, str]] = {
    "name of words": ("", "a ", "a word split off per two characters"),
    "name of separators": ("a", "._- ", "separators between every letter"),
    "name without letters": ("", "!?", "every word searched for a letter"),
}


def shape(name: str, length: int = BODY_MAX) -> str:
    """The shape called name, filled to exactly length characters."""
    prefix, unit, _ = SHAPES.get(name) or NAME_SHAPES[name]
    repeats = -(-max(length - len(prefix), 0) // len(unit))
    return (prefix + unit * repeats)[:length]
