"""Editable rules: stored in the database, validated, applied at once by the comments policy."""

import pytest

from tests.support.comments import THREAD_URL
from tests.support.html import attributes

DEFAULTS = {
    "require_approved_author": "y",
    "link_threshold": "2",
    "moderation_words": "",
    "disallowed_words": "",
    "flood_seconds": "0",
    "thread_depth": "3",
    "per_page": "20",
}


def save(post, htmx=False, **changes):
    """Post the rules form with the defaults and these changes (None leaves a box unticked)."""
    fields = {**DEFAULTS, **changes}
    return post("/admin/settings", {k: v for k, v in fields.items() if v is not None}, htmx=htmx)


def test_settings_page_shows_the_config_defaults(client, admin):
    """Before any save, the form shows the values from the configuration."""
    html = client.get("/admin/settings").get_data(as_text=True)
    assert 'id="settings-form"' in html
    assert attributes(html, name="thread_depth")["value"] == "3"


def test_settings_partial(client, admin, hx):
    """With htmx the form alone."""
    html = client.get("/admin/settings", headers=hx).get_data(as_text=True)
    assert html.lstrip().startswith('<form id="settings-form"')


def test_saving_redirects_audits_and_shows_values(client, post, admin, audit_rows):
    """303 back to the form, the new value shown, a settings entry in the audit trail."""
    response = save(post, link_threshold="5")
    assert response.status_code == 303
    html = client.get("/admin/settings").get_data(as_text=True)
    assert "Rules saved." in html and 'value="5"' in html
    assert [row[0] for row in audit_rows()] == ["settings"]
    assert "link threshold: 2 → 5" in client.get("/admin/audit").get_data(as_text=True)


def test_saving_with_htmx(post, admin):
    """With htmx: the form again, an event."""
    response = save(post, htmx=True, per_page="10")
    assert response.status_code == 200
    assert response.get_data(as_text=True).lstrip().startswith('<form id="settings-form"')
    assert response.headers["HX-Trigger"] == "settings-saved"


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("link_threshold", "-1"),
        ("link_threshold", "abc"),
        ("flood_seconds", "3601"),
        ("thread_depth", "0"),
        ("thread_depth", "11"),
        ("per_page", "0"),
        ("per_page", ""),
        ("moderation_words", "x" * 20_001),
    ],
)
def test_bad_values_are_refused_with_a_message(post, admin, audit_rows, field, value):
    """422, a clear message, nothing saved."""
    response = save(post, **{field: value})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Enter a whole number from" in html or "Use at most" in html
    assert audit_rows() == []


def test_manual_approval_holds_a_trusted_author(post, post_comment, admin, make_comment,
                                               all_comments, auth):
    """Once manual approval is on, even an author with approved comments is held."""
    make_comment(author_email="ana.reader@example.com", user_id=None)
    save(post, manual_approval="y")
    auth.logout()
    post_comment()
    assert all_comments()[-1].status == "pending"
    assert all_comments()[-1].moderation_reason == "held: every comment is approved by hand"


def test_words_apply_at_once(post, post_comment, admin, all_comments, auth):
    """A disallowed word saved in the console marks the next comment as spam."""
    save(post, disallowed_words="casino\n  \ncasino")
    auth.logout()
    post_comment(comment="Visit my casino today")
    assert all_comments()[-1].status == "spam"


def test_signed_in_only_hides_the_form_and_refuses_guests(
    client, post, post_comment, admin, auth, make_user, all_comments
):
    """Visitors see a log-in link instead of the form; a forced post gets 403."""
    save(post, signed_in_only="y")
    auth.logout()
    html = client.get(THREAD_URL).get_data(as_text=True)
    assert "Log in to comment" in html
    assert 'name="author"' not in html
    response = post_comment()
    assert response.status_code == 403
    assert "Only signed-in members may comment" in response.get_data(as_text=True)
    assert all_comments() == []
    auth.login(make_user())
    assert 'name="comment"' in client.get(THREAD_URL).get_data(as_text=True)
    assert post_comment(to=THREAD_URL, author=None, email=None).status_code == 303


def test_rules_are_read_once_per_request(client, post, admin, count_queries):
    """A thread's page reads the saved rules in one query."""
    save(post, per_page="5")
    with count_queries() as statements:
        client.get(THREAD_URL)
    assert sum("moderation_settings" in s for s in statements) == 1
