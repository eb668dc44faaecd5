"""Plain-text helpers for comments: cleaning input, rendering text with links, avatars.

Every transform here runs in time linear in its input: a comment may be 65,525 characters of
anything, and it is rendered in its thread and in the moderation queue.
"""

import hashlib
import re
from collections.abc import Iterator
from functools import lru_cache
from urllib.parse import urlsplit

from linkify_it import LinkifyIt
from markupsafe import Markup, escape

URL = re.compile(r"https?://[^\s<>\"'`]+", re.IGNORECASE)
LINK_REL = "nofollow ugc noopener"
_LINK = Markup('<a href="%s" rel="%s">%s</a>')
# Longer addresses stay plain text: no real page needs one, and browsers and servers commonly
# stop around this length. Cutting one short would link to a different page than written.
LINK_MAX = 2_000
# Addresses looked at per text; the rest stays plain. Reading one costs up to a window's worth
# of work, so this keeps a text full of "(http://" shapes as cheap as any other.
LINKS_MAX = 100
# Characters read past LINK_MAX, so that an over-long address is seen to be one even where it
# continues with punctuation the matcher would leave out at the end of its window.
LOOKAHEAD = 64
# An address starts at a word boundary; it never holds whitespace, angle brackets, quotes or
# backticks (so it can never close its attribute, and the window never crosses a word).
_SCHEME = re.compile(r"https?://", re.IGNORECASE)
_WORD = re.compile(r"\w")
_STOP = re.compile(r"[\s<>\"'`]")
_BREAK = "<br>\n"
_NEWLINE = "\n"
TRAILING = ".,;:!?'\"*"
CLOSERS = {")": "(", "]": "[", "}": "{"}
AVATAR_COLOURS = 8
# Characters a browser would show oddly or a database would refuse (PostgreSQL: NUL): the
# Unicode categories Cc (controls) and Cs (surrogates), but for line breaks and tabs.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def _http_matcher() -> LinkifyIt:
    """linkify-it for http(s) addresses only: no bare domains, emails, ftp:, mailto: or //."""
    matcher = LinkifyIt(options={"fuzzy_link": False, "fuzzy_email": False, "fuzzy_ip": False})
    for schema in ("ftp:", "//", "mailto:"):
        matcher.add(schema, None)
    # The http rule is compiled on first use: do it here, once, not in the first requests.
    matcher.test_schema_at("http://a.example", "http:", len("http:"))
    return matcher


_MATCHER = _http_matcher()


def clean_text(value: str | None, *, multiline: bool) -> str:
    """Drop control characters (keeping line breaks when multiline) and trim the ends."""
    if not value:
        return ""
    value = _CONTROL.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))
    if not multiline:
        value = value.replace("\n", " ").replace("\t", " ")
    return value.strip()


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
    # Links never contain whitespace, so lines and paragraphs can be split after linking; the
    # pieces are plain str, since a Markup operation per line costs ten times a str one.
    paragraphs: list[str] = []
    lines: list[str] = []
    for line in str(linkify(text)).split("\n"):
        if line.strip():
            lines.append(line)
        elif lines:
            paragraphs.append(_BREAK.join(lines))
            lines = []
    if lines:
        paragraphs.append(_BREAK.join(lines))
    # Every piece is linkify's escaped output joined with fixed tags: nothing left to escape.
    return Markup(_NEWLINE.join(f"<p>{lines}</p>" for lines in paragraphs))  # noqa: S704


def linkify(text: str) -> Markup:
    """Escape text and turn each http(s) address in it into a nofollow link."""
    parts: list[Markup] = []
    position = 0
    for start, end in find_links(text):
        url = text[start:end]
        parts.append(escape(text[position:start]))
        parts.append(_LINK % (url, LINK_REL, url))
        position = end
    parts.append(escape(text[position:]))
    return Markup("").join(parts)


def find_links(text: str) -> Iterator[tuple[int, int]]:
    """Where the links are: (start, end) of each address that becomes a link, in order.

    Linear in the text: each of at most LINKS_MAX addresses is read from a window of at most
    LINK_MAX + LOOKAHEAD characters, whatever follows it.
    """
    position = 0
    attempts = 0
    while attempts < LINKS_MAX:
        scheme = _SCHEME.search(text, position)
        if scheme is None:
            return
        start, position = scheme.span()
        if start and _WORD.match(text, start - 1):
            continue  # glued to a word ("xhttp://"): not an address
        attempts += 1
        window = text[start:start + LINK_MAX + LOOKAHEAD]
        stop = _STOP.search(window)
        window = window[: stop.start()] if stop else window
        length = _link_length(window, position - start)
        if length > LINK_MAX:
            # Too long to be a link: the whole word stays plain, tail addresses included.
            stop = _STOP.search(text, start + len(window))
            position = stop.start() if stop else len(text)
        elif length > position - start:
            yield start, start + length
            position = start + length


def _link_length(window: str, scheme_length: int) -> int:
    """How much of window, which starts with "http://" or "https://", makes a link (0: none)."""
    # The scheme without its "//" names linkify-it's rule; the rule reads on from there.
    schema = window[: scheme_length - 2].lower()
    tail = _MATCHER.test_schema_at(window, schema, len(schema))
    return len(_trim_url(window[: len(schema) + tail])) if tail else 0


def _trim_url(url: str) -> str:
    """Leave trailing punctuation and unbalanced closing brackets out of the link."""
    # One pass from the end, with each bracket's surplus of closers counted once.
    surplus = {closer: url.count(closer) - url.count(opener) for closer, opener in CLOSERS.items()}
    end = len(url)
    while end:
        last = url[end - 1]
        if surplus.get(last, 0) > 0:
            surplus[last] -= 1
        elif last not in TRAILING:
            break
        end -= 1
    return url[:end]


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


def count_label(count: int) -> str:
    """"No comments yet", "1 comment", "12 comments"."""
    if count == 0:
        return "No comments yet"
    return f"{count} comment{'' if count == 1 else 's'}"


def own_pending_label(count: int) -> str:
    """"Your comment awaits moderation", "Your 2 comments await moderation"."""
    if count == 1:
        return "Your comment awaits moderation"
    return f"Your {count} comments await moderation"


def thread_title(approved: int, own_pending: int) -> str:
    """The title over a thread: the public count, never "No comments yet" above the viewer's
    own comment that waits for moderation."""
    if approved == 0 and own_pending:
        return own_pending_label(own_pending)
    return count_label(approved)


def fold_label(approved: int, own_pending: int) -> str:
    """The one line a folded thread shows: "12 comments · join the discussion"."""
    if approved == 0 and not own_pending:
        return "No comments yet · start the discussion"
    parts = [count_label(approved)] if approved else []
    if own_pending:
        parts.append(own_pending_label(own_pending).lower() if approved else
                     own_pending_label(own_pending))
    return " · ".join([*parts, "join the discussion"])
