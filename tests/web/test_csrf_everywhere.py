"""Every state change checks its CSRF token; the one exception is the one-click unsubscribe,
which a mail program posts with no session and whose signed token is the proof."""

import pytest

from planner.extensions import csrf

EXEMPT = {"planner.reminders.views.unsubscribe"}
STATE_CHANGES = ("POST", "PUT", "PATCH", "DELETE")


def test_only_the_one_click_unsubscribe_is_exempt(app):
    """create_app (through the app fixture) registers the exemptions."""
    assert csrf._exempt_views == EXEMPT and not csrf._exempt_blueprints


@pytest.mark.parametrize("signed_in", [False, True])
def test_every_state_change_without_its_token_is_refused(app, client, auth, make_user,
                                                         signed_in):
    """Each route that changes state, with a plausible body and no token: 400, whoever asks."""
    if signed_in:
        auth.login(make_user(username="boss", role="admin"))
    adapter = app.url_map.bind("localhost")
    unchecked, checked = [], 0
    for rule in app.url_map.iter_rules():
        view = app.view_functions[rule.endpoint]
        if f"{view.__module__}.{view.__name__}" in EXEMPT:
            continue
        path = adapter.build(rule.endpoint, {
            name: 1 if type(conv).__name__ == "IdConverter" else "a" * 32
            for name, conv in rule._converters.items()
        })
        for method in sorted(set(rule.methods) & set(STATE_CHANGES)):
            checked += 1
            response = client.open(path, method=method, data={"status": "done"})
            if response.status_code != 400 or b"Your form expired" not in response.data:
                unchecked.append(f"{method} {path}: {response.status_code}")
    assert checked > 40
    assert unchecked == [], "\n".join(unchecked)
