"""Comment text helpers: cleaning input, rendering plain text safely, avatars."""

import pytest
from markupsafe import escape

from planner.comments import text
from planner.comments.models import BODY_MAX
from planner.comments.text import (
    AVATAR_COLOURS,
    LINK_MAX,
    LINK_REL,
    LINKS_MAX,
    LOOKAHEAD,
    avatar_colour,
    clean_text,
    count_label,
    initials,
    is_http_url,
    linkify,
    normalize_website,
    render_comment,
)
from tests.perf.text_shapes import SHAPES, shape


def test_render_escapes_markup_and_keeps_line_breaks_and_paragraphs():
    html = render_comment("<b>Hi</b> & bye\nsecond line\n\n\nnew paragraph")
    assert html == "<p>&lt;b&gt;Hi&lt;/b&gt; &amp; bye<br>\nsecond line</p>\n<p>new paragraph</p>"


def test_render_handles_windows_and_old_mac_line_endings():
    assert render_comment("a\r\nb\rc") == "<p>a<br>\nb<br>\nc</p>"


@pytest.mark.parametrize(
    ("text", "html"),
    [
        (
            "see https://example.com/a?b=1&c=2.",
            'see <a href="https://example.com/a?b=1&amp;c=2" rel="nofollow ugc noopener">'
            "https://example.com/a?b=1&amp;c=2</a>.",
        ),
        (
            "(http://example.com/x_(y))",
            '(<a href="http://example.com/x_(y)" rel="nofollow ugc noopener">'
            "http://example.com/x_(y)</a>)",
        ),
        (
            "<http://example.com>",
            '&lt;<a href="http://example.com" rel="nofollow ugc noopener">'
            "http://example.com</a>&gt;",
        ),
        ('"http://a.example"', '&#34;<a href="http://a.example" rel="nofollow ugc noopener">'
         'http://a.example</a>&#34;'),
    ],
)
def test_linkify_makes_http_links_and_leaves_punctuation_out(text, html):
    assert linkify(text) == html


@pytest.mark.parametrize(
    "text",
    [
        "javascript:alert(1)",
        "data:text/html;base64,PHNjcmlwdD4=",
        "JaVaScRiPt:alert(document.cookie)",
        "vbscript:msgbox(1)",
        "ftp://example.com/file",
        "www.example.com",
        "http://",
    ],
)
def test_linkify_never_links_anything_but_http_addresses(text):
    assert "<a" not in linkify(text)


def test_linkify_does_not_let_a_url_break_out_of_its_attribute():
    html = linkify('http://x.example/"onmouseover="alert(1)')
    assert html.startswith('<a href="http://x.example/" rel=')
    assert 'onmouseover="' not in html
    assert "&#34;onmouseover=&#34;alert(1)" in html


def test_clean_text_drops_control_characters_and_trims():
    assert clean_text("  a\x00b\x07c\u200b  ", multiline=False) == "abc\u200b"
    assert clean_text("line one\r\nline two\tend", multiline=True) == "line one\nline two\tend"
    assert clean_text("line one\nline two", multiline=False) == "line one line two"
    assert clean_text(None, multiline=True) == ""


@pytest.mark.parametrize(
    ("value", "ok"),
    [
        ("http://example.com", True),
        ("https://example.com/path?q=1#top", True),
        ("https://[::1]:8080/", True),
        ("javascript:alert(1)", False),
        ("data:text/html,hi", False),
        ("ftp://example.com", False),
        ("https://", False),
        ("https://exa mple.com", False),
        ('https://example.com/"><script>', False),
        ("https://example.com:99999/", False),
        ("https://[bad/", False),
        ("", False),
    ],
)
def test_is_http_url(value, ok):
    assert is_http_url(value) is ok


def test_normalize_website_adds_https_to_a_bare_domain_only():
    assert normalize_website("example.com/me") == "https://example.com/me"
    assert normalize_website("javascript:alert(1)") == "javascript:alert(1)"
    assert normalize_website("http://example.com") == "http://example.com"
    assert normalize_website("") == ""


@pytest.mark.parametrize(
    ("name", "letters"),
    [("Ana Silva", "AS"), ("ana", "A"), ("Mary Jo van Dyke", "MD"), ("", "?"), ("!!!", "?"),
     ("jo_smith", "JS"), ("Élodie Çelik", "ÉÇ")],
)
def test_initials(name, letters):
    assert initials(name) == letters


def test_avatar_colour_is_stable_and_in_the_palette():
    colours = {avatar_colour(f"Name {n}") for n in range(200)}
    assert colours <= set(range(AVATAR_COLOURS))
    assert len(colours) == AVATAR_COLOURS
    assert avatar_colour("Ana") == avatar_colour("ANA")


def test_count_label():
    assert [count_label(n) for n in (0, 1, 2)] == ["No comments yet", "1 comment", "2 comments"]


@pytest.mark.parametrize(
    ("approved", "own", "title", "line"),
    [
        (0, 0, "No comments yet", "No comments yet · start the discussion"),
        (12, 0, "12 comments", "12 comments · join the discussion"),
        (0, 1, "Your comment awaits moderation",
         "Your comment awaits moderation · join the discussion"),
        (0, 2, "Your 2 comments await moderation",
         "Your 2 comments await moderation · join the discussion"),
        (1, 1, "1 comment", "1 comment · your comment awaits moderation · join the discussion"),
    ],
)
def test_a_thread_is_never_called_empty_above_the_viewers_own_held_comment(
    approved, own, title, line
):
    assert text.thread_title(approved, own) == title
    assert text.fold_label(approved, own) == line


# Linear time: the link matcher only ever reads bounded windows, a bounded number of times.

@pytest.fixture
def matcher_calls(monkeypatch):
    """Every window of text the link matcher is handed, in order."""
    windows: list[str] = []
    test_schema_at = text._MATCHER.test_schema_at

    def recording(window, schema, position):
        windows.append(window)
        return test_schema_at(window, schema, position)

    monkeypatch.setattr(text._MATCHER, "test_schema_at", recording)
    return windows


@pytest.mark.parametrize("name", list(SHAPES))
def test_the_matcher_reads_bounded_windows_of_every_worst_shape(name, matcher_calls):
    body = shape(name, BODY_MAX)
    render_comment(clean_text(body, multiline=True))
    assert bool(matcher_calls) == ("http" in body)
    assert len(matcher_calls) <= LINKS_MAX
    assert all(len(window) <= LINK_MAX + LOOKAHEAD for window in matcher_calls)


def test_the_matcher_work_does_not_grow_with_the_text(matcher_calls):
    render_comment(shape("bracketed addresses", BODY_MAX // 8))
    short = sum(map(len, matcher_calls))
    matcher_calls.clear()
    render_comment(shape("bracketed addresses", BODY_MAX))
    assert 0 < sum(map(len, matcher_calls)) <= short * 1.01


@pytest.mark.parametrize("name", list(SHAPES))
def test_worst_shapes_render_to_output_of_bounded_size(name):
    body = shape(name, BODY_MAX)
    html = render_comment(clean_text(body, multiline=True))
    visible = html.count("</a>") + html.count("<p>")
    # Escaping at most sextuples a character ("&#34;"), and each link doubles its text.
    assert len(html) <= 2 * 6 * len(body) + 80 * visible


def test_a_link_of_the_longest_allowed_length_is_a_link():
    url = "https://a.example/" + "x" * (LINK_MAX - len("https://a.example/"))
    assert linkify(f"see {url}.") == (f'see <a href="{url}" rel="{LINK_REL}">{url}</a>.')


@pytest.mark.parametrize(
    "tail",
    ["x", "xx.y", "/https://b.example", "-" * LOOKAHEAD + "x"],
)
def test_a_longer_address_stays_plain_text_tail_and_all(tail):
    url = "https://a.example/" + "x" * (LINK_MAX - len("https://a.example/")) + tail
    assert linkify(f"see {url} and https://c.example") == (
        f'see {url} and <a href="https://c.example" rel="{LINK_REL}">https://c.example</a>'
    )


def test_only_the_first_links_max_addresses_are_looked_at():
    words = [f"https://{n}.example" for n in range(LINKS_MAX + 5)]
    html = linkify(" ".join(words))
    assert html.count("<a ") == LINKS_MAX
    assert html.endswith(" ".join(words[LINKS_MAX:]))


@pytest.mark.parametrize(
    ("text", "link"),
    [
        ("http://a.example/x" + ")" * 50, "http://a.example/x"),
        ("(http://a.example/x(1))))", "http://a.example/x(1)"),
        ("[http://a.example/x]", "http://a.example/x"),
        ("{http://a.example/{x}}", "http://a.example/{x}"),
        ("http://a.example/x" + ".,;:!?*" * 30, "http://a.example/x"),
        ("http://a.example/x.)].)", "http://a.example/x"),
        ("`http://a.example/x`", "http://a.example/x"),
        ("HTTPS://A.EXAMPLE/X", "HTTPS://A.EXAMPLE/X"),
        ("http://a.example/http://b.example", "http://a.example/http://b.example"),
    ],
)
def test_trailing_punctuation_and_unbalanced_closers_stay_out(text, link):
    assert f'<a href="{link}" rel="{LINK_REL}">{link}</a>' in linkify(text)
    assert linkify(text).count("<a ") == 1


@pytest.mark.parametrize(
    "text",
    ["xhttp://a.example", "_http://a.example", "mailto:a@b.example", "a@b.example",
     "//a.example/x", "example.com/x", "http://(", "http://./"],
)
def test_addresses_glued_to_a_word_or_without_http_stay_plain(text):
    assert linkify(text) == escape(text)
