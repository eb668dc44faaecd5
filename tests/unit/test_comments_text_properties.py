"""Properties of comment text over random input: escaped output, honest links, the length limit."""

import unicodedata
from html.parser import HTMLParser

from flask import Flask
from hypothesis import given, settings
from hypothesis import strategies as st

from planner.comments.forms import CommentForm, too_long
from planner.comments.models import BODY_MAX
from planner.comments.text import LINK_REL, clean_text, render_comment

# Pieces that make links, almost-links and markup more likely than random letters would.
FRAGMENTS = [
    "http://", "https://", "HTTP://", "hTtPs://", "a.example", "example.com", "www.", "/",
    "?q=1&r=2", "#top", ":8080", "(", ")", "[", "]", "{", "}", ".", ",", "!", "?", ";", ":",
    "*", "'", '"', "`", "<", ">", "&", "&amp;", "&#34;", "<script>", "</p>", "<!--", "-->",
    "<a href=", "javascript:", "mailto:", "@", "_", "-", "%20", "é", "日本", " ", "\t", "\n",
    "\r\n", "\r", "\n\n", "\x00", "\u2028", "\u202f",
]
TEXTS = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=4)), max_size=40).map(
    "".join
)


class Collector(HTMLParser):
    """Everything the renderer's output is made of, as a browser would parse it."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list]] = []
        self.links: list[tuple[str, str]] = []
        self.data: list[str] = []
        self.other: list[str] = []
        self._link: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))
        if tag == "a":
            self._link = []

    def handle_endtag(self, tag):
        if tag == "a" and self._link is not None:
            self.links.append((dict(self.tags[-1][1])["href"], "".join(self._link)))
            self._link = None

    def handle_data(self, data):
        self.data.append(data)
        if self._link is not None:
            self._link.append(data)

    def handle_startendtag(self, tag, attrs):
        self.other.append(f"self-closing {tag}")

    def handle_comment(self, data):
        self.other.append("comment")

    def handle_decl(self, decl):
        self.other.append("declaration")

    def handle_pi(self, data):
        self.other.append("processing instruction")

    def unknown_decl(self, data):
        self.other.append("unknown declaration")


def parsed(html: str) -> Collector:
    """The output, parsed."""
    collector = Collector()
    collector.feed(html)
    collector.close()
    return collector


@settings(max_examples=400, deadline=None)
@given(TEXTS)
def test_rendered_text_is_escaped_and_its_links_are_http_and_from_the_input(body):
    html = render_comment(body)
    result = parsed(str(html))
    assert result.other == []
    for tag, attrs in result.tags:
        assert tag in {"p", "br", "a"}
        if tag == "a":
            assert [name for name, _ in attrs] == ["href", "rel"]
            assert dict(attrs)["rel"] == LINK_REL
        else:
            assert attrs == []
    source = body.replace("\r\n", "\n").replace("\r", "\n")
    for href, words in result.links:
        assert href.lower().startswith(("http://", "https://"))
        assert words == href
        assert href in source
    # Nothing lost or added but whitespace: every character of the input is shown as text.
    assert "".join("".join(result.data).split()) == "".join(source.split())


@settings(max_examples=400, deadline=None)
@given(st.text())
def test_clean_text_drops_exactly_controls_and_surrogates(value):
    for multiline in (True, False):
        expected = []
        for char in value.replace("\r\n", "\n").replace("\r", "\n"):
            if unicodedata.category(char) not in ("Cc", "Cs"):
                expected.append(char)
            elif char in "\n\t":
                expected.append(char if multiline else " ")
        assert clean_text(value, multiline=multiline) == "".join(expected).strip()


FORM_APP = Flask(__name__)
FORM_APP.config.update(SECRET_KEY="form-test", WTF_CSRF_ENABLED=False)


@settings(max_examples=60, deadline=None)
@given(
    st.text(max_size=6),
    st.sampled_from(["a", "é", "\r\n", " b", "http://a.example/ ", "\x00a"]),
    st.integers(min_value=-6, max_value=6),
    st.text(max_size=6),
)
def test_the_comment_form_takes_no_text_over_the_limit(prefix, unit, offset, suffix):
    body = prefix + unit * ((BODY_MAX + offset) // len(unit)) + suffix
    with FORM_APP.test_request_context(method="POST", data={"comment": body}):
        form = CommentForm()
        accepted = form.validate()
        kept = clean_text(body, multiline=True)
        # The limit counts the text as stored: cleaned, with a line break as one character.
        assert accepted == (0 < len(kept) <= BODY_MAX)
        if accepted:
            assert len(form.comment.data) <= BODY_MAX
        elif kept:
            assert form.comment.errors == [too_long(BODY_MAX)]
