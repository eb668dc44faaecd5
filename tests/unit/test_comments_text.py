"""Comment text helpers: cleaning input, rendering plain text safely, avatars and dates."""

from datetime import datetime, timedelta

import pytest

from planner.comments.text import (
    AVATAR_COLOURS,
    avatar_colour,
    clean_text,
    count_label,
    exact_time,
    initials,
    is_http_url,
    iso_time,
    linkify,
    normalize_website,
    relative_time,
    render_comment,
)


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


NOW = datetime(2025, 3, 5, 14, 7, 30)


@pytest.mark.parametrize(
    ("ago", "words"),
    [
        (timedelta(seconds=5), "just now"),
        (timedelta(seconds=-30), "just now"),
        (timedelta(minutes=1), "1 minute ago"),
        (timedelta(minutes=3, seconds=59), "3 minutes ago"),
        (timedelta(hours=1), "1 hour ago"),
        (timedelta(hours=23), "23 hours ago"),
        (timedelta(days=2), "2 days ago"),
        (timedelta(days=65), "2 months ago"),
        (timedelta(days=800), "2 years ago"),
    ],
)
def test_relative_time(ago, words):
    assert relative_time(NOW - ago, NOW) == words


def test_exact_and_iso_times():
    assert exact_time(NOW) == "5 March 2025 at 14:07 UTC"
    assert iso_time(NOW) == "2025-03-05T14:07:30Z"


def test_count_label():
    assert [count_label(n) for n in (0, 1, 2)] == ["No comments yet", "1 comment", "2 comments"]
