"""Bad input, hostile input and privacy: 4xx not 500, nothing half-saved, nothing leaked."""

from html.parser import HTMLParser

import pytest
from markupsafe import escape

from planner.comments.models import BODY_MAX, EMAIL_MAX, NAME_MAX, URL_MAX
from tests.support.comments import GUIDE, GUIDE_URL, THREAD_URL
from tests.support.html import attributes

PAYLOADS = [
    '<script>alert("x")</script>',
    "<img src=x onerror=alert(1)>",
    '"><svg onload=alert(1)>',
    "'><body onload=alert(1)>",
    "javascript:alert(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    '<a href="javascript:alert(1)">click</a>',
    '<div hx-get="/logout" hx-trigger="load">x</div>',
    '<button hx-post="/logout" hx-trigger="click">x</button>',
    '<iframe src="data:text/html,<script>alert(1)</script>"></iframe>',
    'http://example.com/"onmouseover="alert(1)',
    "{{ 7*7 }}{% raw %}",
]
# The only htmx attributes our own markup uses; anything else came from a comment.
OUR_HX = {"hx-get", "hx-post", "hx-target", "hx-swap", "hx-swap-oob", "hx-disabled-elt",
          "hx-boost", "hx-headers"}


class Tags(HTMLParser):
    """Every start tag of a page with its attributes."""

    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def assert_inert(html: str) -> None:
    """No markup that could run script or fire a request came from user input."""
    parser = Tags()
    parser.feed(html)
    assert [tag for tag, _ in parser.tags].count("body") <= 1
    for tag, attrs in parser.tags:
        assert tag not in ("svg", "img", "iframe", "object", "embed"), tag
        if tag == "script":
            assert attrs.get("src", "").startswith("/static/"), attrs
        for name, value in attrs.items():
            assert not name.startswith("on"), (tag, name)
            assert not name.startswith("hx-") or name in OUR_HX, (tag, name)
            if name in ("href", "src", "action") or name in ("hx-get", "hx-post"):
                assert not (value or "").strip().lower().startswith(("javascript:", "data:"))
            if name in ("hx-get", "hx-post"):
                assert value.startswith("/guides/"), value


@pytest.fixture
def app_config(app_config):
    """Every post is published, so hostile text is shown to everybody."""
    return {**app_config, "COMMENT_REQUIRE_APPROVED_AUTHOR": False, "COMMENT_FLOOD_SECONDS": 0}


# --- validation ---------------------------------------------------------------------------

INVALID = [
    ({"comment": ""}, "comment", "Write your comment before sending it."),
    ({"comment": " \n\t "}, "comment", "Write your comment before sending it."),
    ({"comment": "x" * (BODY_MAX + 1)}, "comment", "Use at most 65,525 characters."),
    ({"author": ""}, "author", "Enter your name."),
    ({"author": "n" * (NAME_MAX + 1)}, "author", "Use at most 245 characters."),
    ({"email": ""}, "email", "Enter your email address."),
    ({"email": "not-an-address"}, "email", "Enter a valid email address"),
    ({"email": "a" * 90 + "@example.com"}, "email", "Use at most 100 characters."),
    ({"url": "javascript:alert(1)"}, "url", "starting with http:// or https://"),
    ({"url": "data:text/html,hi"}, "url", "starting with http:// or https://"),
    ({"url": "ftp://example.com"}, "url", "starting with http:// or https://"),
    ({"url": "https://example.com/" + "p" * URL_MAX}, "url", "Use at most 200 characters."),
]


@pytest.mark.parametrize("htmx", [False, True], ids=["no-js", "htmx"])
@pytest.mark.parametrize(("fields", "field", "message"), INVALID)
def test_invalid_fields_answer_422_with_the_message_next_to_the_field(
    post_comment, all_comments, htmx, fields, field, message
):
    response = post_comment(htmx=htmx, **fields)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    error = html[html.index(f'id="respond-introduction-{field}-error"') :]
    assert message in error[: error.index("</small>")]
    described = attributes(html, id=f"respond-introduction-{field}").get("aria-describedby") or ""
    assert f"respond-introduction-{field}-error" in described.split()
    assert html.lstrip().startswith("<!doctype html>") is not htmx
    assert all_comments() == []


def test_the_largest_allowed_values_are_accepted(post_comment, all_comments):
    email = "a" * (EMAIL_MAX - len("@example.com")) + "@example.com"
    url = "https://example.com/" + "p" * (URL_MAX - len("https://example.com/"))
    response = post_comment(
        comment="c" * BODY_MAX, author="n" * NAME_MAX, email=email, url=url
    )
    assert response.status_code == 303
    [comment] = all_comments()
    assert len(comment.body) == BODY_MAX and comment.author_url == url


@pytest.mark.parametrize("char", ["é", "漢", "😀"])
def test_the_longest_comment_fits_in_a_request_whatever_the_script(
    post_comment, all_comments, char
):
    # Browsers percent-encode each byte: 65,525 emoji are some 786 kB on the wire.
    response = post_comment(comment=char * BODY_MAX)
    assert response.status_code == 303
    assert all_comments()[0].body == char * BODY_MAX


def test_a_bare_domain_becomes_an_https_website(post_comment, all_comments):
    post_comment(url="example.org/me")
    assert all_comments()[0].author_url == "https://example.org/me"


@pytest.mark.parametrize(
    "value",
    ["Hello\x00world", "\x00", "tab\there", "\x1b[31mred", "line\u2028separator"],
)
def test_control_characters_never_cause_a_500(post_comment, all_comments, value):
    response = post_comment(comment=value or "x", author=value, url="https://e.example/" + value)
    assert response.status_code in (303, 422)
    for comment in all_comments():
        assert "\x00" not in comment.body + comment.author_name


@pytest.mark.parametrize("htmx", [False, True], ids=["no-js", "htmx"])
def test_a_post_without_the_csrf_token_is_refused_and_saves_nothing(
    client, all_comments, htmx
):
    headers = {"HX-Request": "true"} if htmx else {}
    response = client.post(
        THREAD_URL,
        data={"comment": "hi", "author": "a", "email": "a@example.com"},
        headers=headers,
    )
    assert response.status_code == 400
    assert "Your form expired" in response.get_data(as_text=True)
    assert all_comments() == []


@pytest.mark.parametrize(
    ("kind", "message"),
    [
        ("another-section", "belongs to another section"),
        ("another-guide", "belongs to another section"),
        ("missing", "does not exist"),
        ("not-a-number", "does not exist"),
        ("negative", "does not exist"),
        ("huge", "does not exist"),
        ("spam", "does not exist"),
        ("trash", "does not exist"),
    ],
)
def test_a_bad_parent_id_answers_400_and_saves_nothing(
    post_comment, make_comment, all_comments, kind, message
):
    overrides = {
        "another-section": {"section_key": "verdict"},
        "another-guide": {"guide_slug": "micro-jobs", "section_key": "register"},
        "spam": {"status": "spam"},
        "trash": {"status": "trash"},
    }.get(kind, {})
    comment = make_comment(**overrides)
    parent_id = {
        "missing": str(comment.id + 99),
        "not-a-number": "abc",
        "negative": "-1",
        "huge": "9" * 40,
    }.get(kind, str(comment.id))
    for htmx in (False, True):
        response = post_comment(htmx=htmx, parent_id=parent_id)
        assert response.status_code == 400
        assert message in response.get_data(as_text=True)
        if htmx:
            assert response.headers["HX-Retarget"] == "#messages"
    assert len(all_comments()) == 1


# --- hostile content ------------------------------------------------------------------------


@pytest.mark.parametrize("payload", PAYLOADS)
def test_hostile_text_in_every_field_is_shown_escaped(client, post_comment, payload):
    posted = {
        "comment": post_comment(comment=payload, email="c@example.com"),
        "author": post_comment(author=payload, email="a@example.com"),
        "email": post_comment(email=payload),
        "url": post_comment(url=payload, email="u@example.com"),
    }
    assert posted["comment"].status_code == posted["author"].status_code == 303
    for name in ("email", "url"):
        if posted[name].status_code == 422:  # refused: the echoed value is escaped too
            assert_inert(posted[name].get_data(as_text=True))
    html = client.get(THREAD_URL).get_data(as_text=True)
    assert_inert(html)
    assert str(escape(payload))[:12] in html  # shown, as text
    assert_inert(client.get(GUIDE_URL).get_data(as_text=True))


@pytest.mark.parametrize("payload", PAYLOADS)
def test_hostile_values_saved_by_other_means_are_rendered_inert(client, make_comment, payload):
    make_comment(body=payload, author_name=payload, author_url=payload)
    html = client.get(THREAD_URL).get_data(as_text=True)
    assert_inert(html)
    assert_inert(client.get(f"{THREAD_URL}?page=1", headers={"HX-Request": "true"}).text)


def test_a_link_in_a_comment_is_nofollow_and_a_website_too(client, make_comment):
    make_comment(body="see https://guide.example/x", author_url="https://me.example")
    html = client.get(THREAD_URL).get_data(as_text=True)
    assert '<a href="https://guide.example/x" rel="nofollow ugc noopener">' in html
    assert '<a href="https://me.example" rel="nofollow ugc noopener">' in html


# --- privacy ----------------------------------------------------------------------------------


@pytest.fixture
def busy_threads(make_comment, make_user, bulk_comments):
    """Comments of every kind, each author with an address that must never be shown."""
    member = make_user(email="member.secret@example.net")
    top = make_comment(author_email="guest.secret@example.net", author_url="https://g.example")
    make_comment(parent=top, user_id=member.id, author_email="member.secret@example.net")
    make_comment(status="pending", author_email="pending.secret@example.net")
    make_comment(status="spam", author_email="spam.secret@example.net")
    make_comment(section_key="verdict", author_email="verdict.secret@example.net")
    bulk_comments([{"author_email": f"bulk{n}.secret@example.net"} for n in range(25)])
    return top


@pytest.mark.parametrize("signed_in", [False, True], ids=["visitor", "another-member"])
def test_no_commenter_email_appears_in_any_public_page_or_partial(
    client, auth, make_user, busy_threads, signed_in
):
    if signed_in:
        auth.login(make_user(email="viewer@example.org"))
    top = busy_threads
    hx = {"HX-Request": "true"}
    pages = [
        client.get("/"),
        client.get("/guides/"),
        *(client.get(f"/guides/{slug}") for slug in (GUIDE, "micro-jobs", "freelancing")),
        client.get(f"{THREAD_URL}?replytocom={top.id}"),
        client.get(THREAD_URL),
        client.get(THREAD_URL, headers=hx),
        client.get(f"{THREAD_URL}?fold=1", headers=hx),
        client.get(f"{THREAD_URL}?page=1"),
        client.get(f"{THREAD_URL}?page=2"),
        client.get(f"{THREAD_URL}?page=2", headers=hx),
        client.get(f"{THREAD_URL}/reply/{top.id}"),
        client.get(f"{THREAD_URL}/reply/{top.id}", headers=hx),
        client.get(f"{THREAD_URL}/reply/{top.id}?cancel=1", headers=hx),
    ]
    for response in pages:
        assert response.status_code == 200
        html = response.get_data(as_text=True)
        assert "secret@example.net" not in html
        assert "secret%40example.net" not in html


def test_the_authors_own_email_appears_only_in_their_saved_form(client, post_comment):
    post_comment(email="own.secret@example.net", save_details="y")
    html = client.get(THREAD_URL).get_data(as_text=True)
    # Prefilled in this browser's own forms, and nowhere in the comment itself.
    comment = html[html.index('<li id="comment-') : html.index('id="respond-introduction"')]
    assert "own.secret@example.net" not in comment
    assert 'value="own.secret@example.net"' in html
