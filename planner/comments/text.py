"""Plain-text helpers for comments: cleaning input, rendering text, avatars and dates."""

import hashlib
import re
import unicodedata
from datetime import datetime
from functools import lru_cache
from urllib.parse import urlsplit

from markupsafe import Markup, escape

URL = re.compile(r"https?://[^\s<>\"'`]+", re.IGNORECASE)
_LINK = Markup('<a href="%s" rel="nofollow ugc noopener">%s</a>')
_PARAGRAPH = Markup("<p>%s</p>")
_BREAK = Markup("<br>\n")
_NEWLINE = Markup("\n")
TRAILING = ".,;:!?'\"*"
CLOSERS = {")": "(", "]": "[", "}": "{"}
AVATAR_COLOURS = 8
LINK_REL = "nofollow ugc noopener"
# Characters a browser would show oddly or a database would refuse (PostgreSQL: NUL).
_KEEP_CONTROL = {"\n", "\t"}


def clean_text(value: str | None, *, multiline: bool) -> str:
    """Drop control characters (keeping line breaks when multiline) and trim the ends."""
    if not value:
        return ""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    kept = []
    for char in value:
        if unicodedata.category(char) in ("Cc", "Cs"):
            if multiline and char in _KEEP_CONTROL:
                kept.append(char)
            elif char in "\n\t":
                kept.append(" ")
            continue
        kept.append(char)
    return "".join(kept).strip()


def normalize_website(value: str) -> str:
    """Add https:// to a bare address such as example.com; leave anything else alone."""
    if value and "://" not in value and ":" not in value and "." in value:
        return "https://" + value
    return value


@lru_cache(maxsize=4096)  # pure, and called for every comment shown
def is_http_url(value: str) -> bool:
    """True for an http or https address with a host and nothing that needs escaping."""
    if not URL.fullmatch(value or ""):
        return False
    try:
        parts = urlsplit(value)
        _ = parts.port  # raises ValueError for a port that is not a number in range
    except ValueError:  # a malformed port or IPv6 literal
        return False
    return bool(parts.hostname)


def render_comment(body: str) -> Markup:
    """Comment text as HTML: escaped, paragraphs and line breaks kept, http(s) links live."""
    text = body.replace("\r\n", "\n").replace("\r", "\n").strip()
    # Links never contain whitespace, so lines and paragraphs can be split after linking.
    paragraphs: list[list[Markup]] = [[]]
    for line in linkify(text).split("\n"):
        if line.strip():
            paragraphs[-1].append(line)
        elif paragraphs[-1]:
            paragraphs.append([])
    return _NEWLINE.join(_PARAGRAPH % _BREAK.join(lines) for lines in paragraphs if lines)


def linkify(text: str) -> Markup:
    """Escape text and turn each http(s) address in it into a nofollow link."""
    if "://" not in text:  # the common case: nothing to link
        return escape(text)
    parts: list[Markup] = []
    position = 0
    for match in URL.finditer(text):
        url = _trim_url(match.group())
        parts.append(escape(text[position : match.start()]))
        parts.append(_LINK % (url, url))
        position = match.start() + len(url)
    parts.append(escape(text[position:]))
    return Markup("").join(parts)


def _trim_url(url: str) -> str:
    """Leave trailing punctuation and unbalanced closing brackets out of the link."""
    while url:
        last = url[-1]
        unbalanced = last in CLOSERS and url.count(CLOSERS[last]) < url.count(last)
        if last not in TRAILING and not unbalanced:
            break
        url = url[:-1]
    return url


@lru_cache(maxsize=4096)  # pure, and called for every comment shown
def initials(name: str) -> str:
    """Up to two letters for an avatar: first and last word of the name."""
    words = [w for w in re.split(r"[\s._-]+", name) if w]
    letters = [next((c for c in w if c.isalnum()), "") for w in words]
    letters = [c for c in letters if c]
    if not letters:
        return "?"
    picked = letters[0] + (letters[-1] if len(letters) > 1 else "")
    return picked.upper()


@lru_cache(maxsize=4096)  # pure, and called for every comment shown
def avatar_colour(name: str) -> int:
    """A stable palette index for name, the same in every process."""
    digest = hashlib.blake2s(name.casefold().encode(), digest_size=2).digest()
    return int.from_bytes(digest, "big") % AVATAR_COLOURS


def relative_time(then: datetime, now: datetime) -> str:
    """How long ago then was, in words: "just now", "3 minutes ago", "2 years ago"."""
    seconds = (now - then).total_seconds()
    for size, unit in ((31_536_000, "year"), (2_592_000, "month"), (86_400, "day"),
                       (3_600, "hour"), (60, "minute")):
        if seconds >= size:
            count = int(seconds // size)
            return f"{count} {unit}{'' if count == 1 else 's'} ago"
    return "just now"


def exact_time(moment: datetime) -> str:
    """The stored UTC moment written out for people: "5 March 2025 at 14:07 UTC"."""
    return f"{moment.day} {moment:%B %Y} at {moment:%H:%M} UTC"


def iso_time(moment: datetime) -> str:
    """The stored UTC moment for a datetime attribute."""
    return moment.isoformat(timespec="seconds") + "Z"


def count_label(count: int) -> str:
    """"No comments yet", "1 comment", "12 comments"."""
    if count == 0:
        return "No comments yet"
    return f"{count} comment{'' if count == 1 else 's'}"
