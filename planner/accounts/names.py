"""When two names look alike: the skeleton that impersonation checks compare; no Flask here."""

import unicodedata
from functools import cache

from planner.accounts.rules import is_invisible

SKELETON_MAX = 255  # the column's length; NFKC can expand a character to many

# Latin look-alikes that survive case folding, mapped the way Unicode's confusables list maps
# them: "rn" reads as "m", "vv" as "w", "cl" as "d", and i, l, 1 and | are one stroke. Mapping
# the single letter to the pair (not the pair to the letter) keeps the pass one character at
# a time, so it runs in linear time.
ASCII_LOOKALIKES = {
    "m": "rn",
    "w": "vv",
    "d": "cl",
    "0": "o",
    "1": "l",
    "i": "l",
    "|": "l",
}


@cache
def _latin_lookalikes() -> dict[str, str]:
    """Each non-ASCII character that looks like one ASCII character, mapped to it."""
    from confusable_homoglyphs.confusables import confusables_data

    table = {}
    for char, glyphs in confusables_data.items():
        if len(char) != 1 or char.isascii():
            continue
        ascii_glyphs = [g["c"] for g in glyphs if len(g["c"]) == 1 and g["c"].isascii()]
        if ascii_glyphs:
            table[char] = ascii_glyphs[0].casefold()
    return table


def name_skeleton(name: str) -> str:
    """Fold a name to what a reader sees: case, width, accents of lookalike scripts, spacing.

    Two names with the same skeleton can pass for each other ("Admin", "ADMIN", "Admin" with
    a Cyrillic A, "Ad min", "Adrnin"); names with different skeletons cannot.
    """
    latin = _latin_lookalikes()
    out = []
    for ch in unicodedata.normalize("NFKC", name):
        # Spaces, punctuation and invisible characters separate words but do not tell names
        # apart: "The Moderators", "the_moderators" and "the-moderators" read as one.
        if is_invisible(ch) or not ch.isalnum():
            continue
        # Before and after case folding: a Cyrillic capital M looks like M, its small
        # letter does not look like m.
        for folded in latin.get(ch, ch).casefold():
            folded = latin.get(folded, folded)
            out.append(ASCII_LOOKALIKES.get(folded, folded))
    return "".join(out)[:SKELETON_MAX]
