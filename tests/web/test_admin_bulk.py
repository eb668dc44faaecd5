"""Bulk actions: selected rows, this page, the whole filtered list, emptying spam and trash."""

import pytest


def test_a_mixed_selection_moves_exactly_the_eligible_ones(
    post, admin, mixed, statuses, audit_rows
):
    """Trash over a mixed selection: the selected live and spam comments move, one audit
    entry each; trashed ones are skipped; unselected ones are untouched."""
    before = statuses()
    chosen = [mixed["pending"][0], mixed["approved"][0], mixed["spam"][0], mixed["trash"][0]]
    response = post(
        "/admin/comments/bulk",
        {"action": "trash", "ids": [str(i) for i in chosen], "status": "all"},
    )
    assert response.status_code == 303
    after = statuses()
    moved = {i for i in after if after[i] != before[i]}
    assert moved == set(chosen[:3])
    assert all(after[i] == "trash" for i in chosen)
    assert sorted(audit_rows()) == sorted(("trash", i, before[i], "trash") for i in chosen[:3])


def test_no_js_bulk_redirects_with_a_message(client, post, admin, mixed):
    """303 to the same list; the queue says how many moved and how many were skipped."""
    response = post(
        "/admin/comments/bulk",
        {
            "action": "approve",
            "ids": [str(mixed["pending"][0]), str(mixed["spam"][0])],
            "status": "pending",
        },
    )
    assert response.headers["Location"] == "/admin/comments?status=pending"
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Approve: 1 comment, 1 skipped" in html


def test_htmx_bulk_swaps_the_rows_and_counts(post, admin, mixed):
    """With htmx: the tbody of the current list again, the tabs out of band, an event."""
    response = post(
        "/admin/comments/bulk",
        {"action": "spam", "ids": [str(i) for i in mixed["pending"]], "status": "pending"},
        htmx=True,
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert html.lstrip().startswith('<tbody id="queue-rows">')
    assert "comment-row-" not in html
    assert 'id="count-spam">4<' in html
    assert "comments-moderated" in response.headers["HX-Trigger"]
    # The list's caption and "Apply to all N" follow the rows that left it.
    assert ('<span id="queue-summary" hx-swap-oob="true">0 comments, newest first, '
            "page 1 of 1</span>") in html
    assert 'id="apply-all" hx-swap-oob="true">Apply to all 0 matching</button>' in html


def test_scope_all_covers_the_filtered_list_across_pages(
    post, admin, bulk_comments, make_comment, statuses
):
    """scope=all with a search moves every match (beyond page one) and nothing else."""
    bulk_comments([{"status": "pending", "body": "buy cheap watches"} for _ in range(60)])
    keep = make_comment(status="pending", body="a real question")
    post(
        "/admin/comments/bulk",
        {"action": "spam", "scope": "all", "status": "pending", "q": "watches"},
    )
    after = statuses()
    assert sum(1 for s in after.values() if s == "spam") == 60
    assert after[keep.id] == "pending"


def test_scope_page_covers_the_rows_shown(post, admin, mixed, statuses):
    """scope=page applies to the page_ids the rows carry."""
    post(
        "/admin/comments/bulk",
        {"action": "approve", "scope": "page", "page_ids": [str(i) for i in mixed["pending"]]},
    )
    assert all(statuses()[i] == "approved" for i in mixed["pending"])


@pytest.mark.parametrize(
    ("fields", "status"),
    [
        ({"action": "", "ids": ["1"]}, 422),
        ({"action": "approve"}, 422),
        ({"action": "approve", "ids": ["x"]}, 400),
        ({"action": "approve", "ids": ["1"], "scope": "galaxy"}, 400),
        ({"action": "approve", "ids": ["1"], "status": "nope"}, 404),
    ],
)
def test_bad_bulk_requests_are_refused(post, admin, mixed, statuses, fields, status):
    """Missing or malformed choices get a clear 4xx and change nothing."""
    before = statuses()
    assert post("/admin/comments/bulk", {**fields}).status_code == status
    assert statuses() == before


@pytest.mark.parametrize("status", ["spam", "trash"])
def test_empty_asks_then_deletes_only_that_status(
    client, post, admin, mixed, statuses, audit_rows, status
):
    """GET shows a confirmation; POST deletes that status only, audited per comment."""
    page = client.get(f"/admin/comments/empty/{status}").get_data(as_text=True)
    assert "Delete 2 comments permanently" in page
    assert len(statuses()) == 8
    response = post(f"/admin/comments/empty/{status}")
    assert response.status_code == 303
    assert status not in statuses().values() and len(statuses()) == 6
    assert {row[0] for row in audit_rows()} == {"delete"}
    assert len(audit_rows()) == 2
    assert "deleted" in client.get(response.headers["Location"]).get_data(as_text=True)


def test_only_spam_and_trash_can_be_emptied(client, admin):
    """Emptying another status does not exist."""
    assert client.get("/admin/comments/empty/approved").status_code == 404


def test_bulk_action_query_count_does_not_grow(
    post, admin, bulk_comments, count_queries, statuses
):
    """A bulk action over 10 or 200 comments runs the same number of queries."""

    def approve_pending() -> int:
        ids = [str(i) for i, s in statuses().items() if s == "pending"]
        data = {"action": "approve", "ids": ids}
        with count_queries() as statements:
            assert post("/admin/comments/bulk", data, htmx=True).status_code == 200
        return len(statements)

    bulk_comments([{"status": "pending"} for _ in range(10)])
    few = approve_pending()
    bulk_comments([{"status": "pending"} for _ in range(200)])
    many = approve_pending()
    assert few == many
    print(f"bulk action: {many} queries")


CONFIRM_URL = "/admin/comments/bulk/delete?status=spam&q=watches"
DELETE_ALL = {"action": "delete", "scope": "all", "status": "spam", "q": "watches"}


@pytest.fixture
def spam_watches(make_comment):
    """Two spam comments matching "watches", and one that does not; returns their ids."""
    return [make_comment(status="spam", body=body).id
            for body in ("cheap watches", "more watches", "a real question")]


@pytest.mark.parametrize("htmx", [False, True])
def test_deleting_all_matching_asks_first(post, admin, spam_watches, statuses, htmx):
    """Like deleting one comment: the bulk form sends the admin to a confirmation page."""
    response = post("/admin/comments/bulk", DELETE_ALL, htmx=htmx)
    if htmx:
        assert response.status_code == 200
        assert response.headers["HX-Redirect"] == CONFIRM_URL
        assert response.get_data(as_text=True) == ""
    else:
        assert response.status_code == 303
        assert response.headers["Location"] == CONFIRM_URL
    assert set(statuses()) == set(spam_watches)


def test_the_confirmation_page_deletes_the_matching_ones(
    client, post, admin, spam_watches, statuses, audit_rows
):
    page = client.get(CONFIRM_URL)
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "<h1>Delete 2 comments permanently?</h1>" in html
    assert 'name="confirmed" value="yes"' in html
    response = post("/admin/comments/bulk", {**DELETE_ALL, "confirmed": "yes"})
    assert response.status_code == 303
    assert response.headers["Location"] == "/admin/comments?status=spam&q=watches"
    assert set(statuses()) == {spam_watches[2]}
    assert sorted(row[1] for row in audit_rows()) == spam_watches[:2]


def test_deleting_ticked_comments_needs_no_confirmation(post, admin, spam_watches, statuses):
    """Only the whole filtered list asks: ticked rows are seen before they are sent."""
    response = post("/admin/comments/bulk",
                    {"action": "delete", "ids": [str(spam_watches[0])], "status": "spam"})
    assert response.status_code == 303
    assert spam_watches[0] not in statuses()


def test_the_confirmation_page_is_for_admins_only(client, make_user, auth):
    auth.login(make_user())
    assert client.get(CONFIRM_URL).status_code == 403
