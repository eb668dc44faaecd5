"""Ticking, status changes, inline edits, custom milestones, moves and deletion."""

import threading
from datetime import date

import pytest

from planner.roadmaps.models import Milestone
from tests.support.accounts import Auth
from tests.support.roadmaps import ids_in, text


def landing(made, anchor: str) -> str:
    """Where a plain form post lands: the roadmap page at anchor, the message beside it."""
    return f"{made.url}?landed={anchor}#{anchor}"


def assert_milestone_partial(response, milestone_id: int):
    """An htmx answer: the milestone alone, progress out of band, the event, a message."""
    html = text(response)
    assert response.status_code == 200
    assert response.headers["HX-Trigger"] == "milestone-updated"
    assert html.lstrip().startswith(f'<li id="milestone-{milestone_id}"')
    assert '<section id="progress"' in html and 'hx-swap-oob="true"' in html
    assert '<div id="messages"' in html and 'hx-swap-oob="innerHTML"' in html
    assert "<html" not in html and "<nav" not in html


# Status -----------------------------------------------------------------------------------

def test_ticking_with_htmx_swaps_the_milestone_and_the_progress(roadmap, post, fetch):
    first = roadmap.milestone_ids[0]
    response = post(roadmap.milestone_url(0, "status"), {"status": "done"}, htmx=True)
    assert_milestone_partial(response, first)
    html = text(response)
    assert 'aria-checked="true"' in html and 'value="todo"' in html
    assert "1 done · 0 in progress · 0 skipped · 9 total" in html
    assert "1 done · 0 in progress · 0 skipped · 4 total" in html
    assert "“Sign up on micro-job platforms” is now done." in html
    assert ids_in(html) == [f"milestone-{first}"]
    assert fetch(Milestone, first).status == "done"


def test_ticking_without_javascript_redirects_to_the_updated_page(client, roadmap, post):
    response = post(roadmap.milestone_url(0, "status"), {"status": "done"})
    assert response.status_code == 303
    assert response.location == landing(roadmap, f"milestone-{roadmap.milestone_ids[0]}")
    html = text(client.get(response.location))
    assert "“Sign up on micro-job platforms” is now done." in html
    tick = f'id="tick-{roadmap.milestone_ids[0]}" class="tick-box" name="status" value="todo"'
    assert tick in html
    assert "1 done · 0 in progress · 0 skipped · 9 total" in html


def test_the_roadmap_page_shows_each_status(client, roadmap, post):
    for index, status in enumerate(["done", "doing", "skipped"]):
        post(roadmap.milestone_url(index, "status"), {"status": status})
    html = text(client.get(roadmap.url))
    assert "1 done · 1 in progress · 1 skipped · 9 total" in html
    for status in ("done", "doing", "skipped", "todo"):
        assert f'class="milestone status-{status}' in html


@pytest.mark.parametrize("status", ["todo", "doing", "done", "skipped"])
def test_setting_a_status_twice_changes_nothing_the_second_time(roadmap, post, fetch, status):
    url = roadmap.milestone_url(1, "status")
    post(url, {"status": "doing" if status == "todo" else "todo"})
    post(url, {"status": status})
    first = fetch(Milestone, roadmap.milestone_ids[1])
    post(url, {"status": status}, htmx=True)
    second = fetch(Milestone, roadmap.milestone_ids[1])
    assert second.status == status
    assert second.status_changed_at == first.status_changed_at
    assert (second.done_at, second.skipped_at) == (first.done_at, first.skipped_at)


def test_done_and_skipped_record_when_and_are_cleared_when_reopened(roadmap, post, fetch):
    url, milestone_id = roadmap.milestone_url(0, "status"), roadmap.milestone_ids[0]
    post(url, {"status": "done"})
    done = fetch(Milestone, milestone_id)
    assert done.done_at is not None and done.skipped_at is None
    post(url, {"status": "skipped"})
    skipped = fetch(Milestone, milestone_id)
    assert skipped.done_at is None and skipped.skipped_at is not None
    post(url, {"status": "todo"})
    reopened = fetch(Milestone, milestone_id)
    assert (reopened.done_at, reopened.skipped_at) == (None, None)
    assert reopened.status_changed_at >= skipped.status_changed_at


def test_a_double_click_cannot_flip_a_milestone_back(roadmap, post, fetch):
    """Both clicks carry the wanted status, so the second one is a no-op."""
    for _ in range(2):
        response = post(roadmap.milestone_url(0, "status"), {"status": "done"}, htmx=True)
        assert response.status_code == 200
    assert fetch(Milestone, roadmap.milestone_ids[0]).status == "done"


@pytest.mark.parametrize("status", ["toggle", "", "DONE", "finished", "done; drop table"])
@pytest.mark.parametrize("htmx", [False, True])
def test_unknown_statuses_are_refused_and_nothing_changes(roadmap, post, fetch, status, htmx):
    response = post(roadmap.milestone_url(0, "status"), {"status": status}, htmx=htmx)
    html = text(response)
    assert response.status_code == 422
    assert "Choose to do, in progress, done or skipped." in html
    if htmx:
        assert html.lstrip().startswith(f'<li id="milestone-{roadmap.milestone_ids[0]}"')
    else:
        assert "<h1>My plan</h1>" in html
    assert fetch(Milestone, roadmap.milestone_ids[0]).status == "todo"


def run_in_threads(worker, count: int) -> None:
    """Run worker(0) ... worker(count - 1) at the same time and wait for all of them."""
    threads = [threading.Thread(target=worker, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def test_concurrent_status_changes_and_edits_lose_no_update(app, roadmap, owner, fetch, post):
    """Many tabs at once: every status change and every edit is kept."""
    errors: list[Exception] = []

    def worker(index: int) -> None:
        try:
            client = app.test_client()
            Auth(client).login(owner)
            base = roadmap.milestone_url(index)
            for status in ("doing", "skipped", "done"):
                response = post(f"{base}/status", {"status": status}, client=client)
                assert response.status_code == 303
            data = {"title": f"Renamed {index}", "notes": "kept"}
            assert post(f"{base}/edit", data, client=client).status_code == 303
        except Exception as error:  # reported below
            errors.append(error)

    run_in_threads(worker, 6)
    assert errors == []
    for index in range(6):
        row = fetch(Milestone, roadmap.milestone_ids[index])
        assert (row.status, row.title, row.notes) == ("done", f"Renamed {index}", "kept")


def test_concurrent_inserts_keep_every_milestone_and_a_clean_order(app, roadmap, owner,
                                                                  milestones_of, post):
    """Tabs adding milestones at the same place at once: none is lost, positions stay 1..n."""
    errors: list[Exception] = []

    def worker(index: int) -> None:
        try:
            client = app.test_client()
            Auth(client).login(owner)
            for n in range(3):
                data = {"track": "custom", "title": f"T{index}.{n}", "position": "1"}
                response = post(f"{roadmap.url}/milestones", data, client=client)
                assert response.status_code == 303
        except Exception as error:  # reported below
            errors.append(error)

    run_in_threads(worker, 6)
    assert errors == []
    custom = [m for m in milestones_of(roadmap.id) if m.track == "custom"]
    expected = sorted(f"T{i}.{n}" for i in range(6) for n in range(3))
    assert sorted(m.title for m in custom) == expected
    assert [m.position for m in custom] == list(range(1, 19))


# One milestone ----------------------------------------------------------------------------

def test_a_milestone_alone_is_its_partial_for_htmx(client, roadmap, hx):
    response = client.get(roadmap.milestone_url(2) + "?focus=edit", headers=hx)
    html = text(response)
    assert response.status_code == 200
    assert html.lstrip().startswith(f'<li id="milestone-{roadmap.milestone_ids[2]}"')
    assert f'id="edit-{roadmap.milestone_ids[2]}"' in html and " autofocus" in html


def test_a_milestone_alone_without_htmx_is_its_place_on_the_page(client, roadmap):
    response = client.get(roadmap.milestone_url(2))
    assert response.status_code == 302
    assert response.location == f"{roadmap.url}#milestone-{roadmap.milestone_ids[2]}"


def test_an_unknown_focus_target_is_ignored(client, roadmap, hx):
    html = text(client.get(roadmap.milestone_url(2) + "?focus=onload", headers=hx))
    assert "autofocus" not in html


# Editing ----------------------------------------------------------------------------------

EDIT = {
    "title": "Open a PayPal account",
    "notes": "Needs an ID card.\r\nAsk at the bank.",
    "target_date": "2030-06-30",
    "evidence_url": "https://example.com/profile",
}


def test_edit_page_shows_the_form_filled_in(client, roadmap):
    response = client.get(roadmap.milestone_url(0, "edit"))
    html = text(response)
    assert response.status_code == 200
    assert "<h1>Edit a milestone</h1>" in html
    assert 'value="Sign up on micro-job platforms"' in html
    assert "autofocus" not in html  # a whole page leaves the focus to the browser


def test_edit_partial_swaps_the_milestone_for_its_form(client, roadmap, hx):
    response = client.get(roadmap.milestone_url(0, "edit"), headers=hx)
    html = text(response)
    assert response.status_code == 200
    assert html.lstrip().startswith(f'<li id="milestone-{roadmap.milestone_ids[0]}"')
    assert "<form" in html and "autofocus" in html and "<html" not in html


def test_edit_without_javascript_saves_and_redirects(client, roadmap, post, fetch):
    response = post(roadmap.milestone_url(0, "edit"), EDIT)
    assert response.status_code == 303
    assert response.location.endswith(f"#milestone-{roadmap.milestone_ids[0]}")
    html = text(client.get(roadmap.url))
    assert "Open a PayPal account" in html and "30 June 2030" in html
    assert 'href="https://example.com/profile" rel="nofollow noopener noreferrer"' in html
    saved = fetch(Milestone, roadmap.milestone_ids[0])
    assert saved.notes == "Needs an ID card.\nAsk at the bank."
    assert saved.target_date == date(2030, 6, 30)
    assert saved.step_key == "register" and saved.track == "micro-jobs"


def test_edit_with_htmx_answers_the_milestone(roadmap, post):
    response = post(roadmap.milestone_url(0, "edit"), EDIT, htmx=True)
    assert_milestone_partial(response, roadmap.milestone_ids[0])
    html = text(response)
    assert "Open a PayPal account" in html and "Saved “Open a PayPal account”." in html
    assert f'id="edit-{roadmap.milestone_ids[0]}"' in html and "autofocus" in html


def test_edit_accepts_the_limits_exactly(roadmap, post, fetch):
    data = {
        "title": "t" * 200, "notes": "n\r\n" * 2500, "target_date": "2100-12-31",
        "evidence_url": "http://example.com/" + "p" * 400,
    }
    assert post(roadmap.milestone_url(0, "edit"), data).status_code == 303
    saved = fetch(Milestone, roadmap.milestone_ids[0])
    assert len(saved.title) == 200 and saved.target_date.year == 2100


def test_clearing_the_optional_fields_removes_them(roadmap, post, fetch):
    post(roadmap.milestone_url(0, "edit"), EDIT)
    post(roadmap.milestone_url(0, "edit"), {"title": "Plain", "notes": "", "target_date": "",
                                            "evidence_url": ""})
    saved = fetch(Milestone, roadmap.milestone_ids[0])
    assert (saved.notes, saved.target_date, saved.evidence_url) == ("", None, None)


BAD_DETAILS = [
    ({"title": ""}, "Give the milestone a title."),
    ({"title": "   "}, "Give the milestone a title."),
    ({"title": "t" * 201}, "Keep the title to 200 characters or fewer."),
    ({"notes": "n" * 5001}, "Keep the notes to 5,000 characters or fewer."),
    ({"target_date": "2030-13-01"}, "Enter the date as YYYY-MM-DD"),
    ({"target_date": "next week"}, "Enter the date as YYYY-MM-DD"),
    ({"target_date": "30/06/2030"}, "Enter the date as YYYY-MM-DD"),
    ({"target_date": "1999-12-31"}, "between the years 2000 and 2100"),
    ({"target_date": "2101-01-01"}, "between the years 2000 and 2100"),
    ({"evidence_url": "ftp://example.com/file"}, "starting with http:// or https://"),
    ({"evidence_url": "javascript:alert(1)"}, "starting with http:// or https://"),
    ({"evidence_url": "example.com"}, "starting with http:// or https://"),
    ({"evidence_url": "https://"}, "starting with http:// or https://"),
    ({"evidence_url": "https://example.com/" + "p" * 500}, "500 characters or fewer"),
]


@pytest.mark.parametrize(("change", "message"), BAD_DETAILS)
@pytest.mark.parametrize("htmx", [False, True])
def test_bad_edits_are_refused_with_the_form_and_nothing_saved(
    roadmap, post, fetch, change, message, htmx
):
    before = fetch(Milestone, roadmap.milestone_ids[0])
    response = post(roadmap.milestone_url(0, "edit"), {**EDIT, **change}, htmx=htmx)
    html = text(response)
    assert response.status_code == 422
    assert message in html and 'aria-invalid="true"' in html
    if htmx:
        assert html.lstrip().startswith(f'<li id="milestone-{roadmap.milestone_ids[0]}"')
    else:
        assert "<h1>Edit a milestone</h1>" in html
    after = fetch(Milestone, roadmap.milestone_ids[0])
    assert (after.title, after.notes, after.target_date, after.evidence_url) == (
        before.title, before.notes, before.target_date, before.evidence_url
    )


# Custom milestones ------------------------------------------------------------------------

def new_milestone(track="custom", position=None, **fields):
    data = {"track": track, "title": "Write a CV", **fields}
    if position is not None:
        data["position"] = str(position)
    return data


def test_adding_without_javascript_redirects_to_the_new_milestone(client, roadmap, post,
                                                                  milestones_of):
    response = post(f"{roadmap.url}/milestones", new_milestone(notes="One page"))
    assert response.status_code == 303
    added = [m for m in milestones_of(roadmap.id) if m.track == "custom"]
    assert [(m.title, m.position, m.step_key) for m in added] == [("Write a CV", 1, None)]
    assert response.location == landing(roadmap, f"milestone-{added[0].id}")
    html = text(client.get(response.location))
    assert "Added “Write a CV” to My own milestones." in html
    assert "0 done · 0 in progress · 0 skipped · 10 total" in html


def test_adding_with_htmx_answers_the_track_and_the_progress(roadmap, post, milestones_of):
    response = post(f"{roadmap.url}/milestones", new_milestone("micro-jobs", 2), htmx=True)
    html = text(response)
    assert response.status_code == 200
    assert response.headers["HX-Trigger"] == "milestone-updated"
    assert html.lstrip().startswith('<section id="track-micro-jobs"')
    assert '<section id="progress"' in html and "10 total" in html
    added = next(m for m in milestones_of(roadmap.id) if m.title == "Write a CV")
    ids = ids_in(html)
    assert ids[1] == f"milestone-{added.id}" and len(ids) == 5
    assert '<details id="add-micro-jobs" class="add-milestone" open>' in html


@pytest.mark.parametrize(
    ("position", "index"), [(1, 0), (2, 1), (4, 3), (5, 4), (99, 4), (None, 4)]
)
def test_custom_milestones_go_where_asked_in_any_track(roadmap, post, milestones_of,
                                                       position, index):
    post(f"{roadmap.url}/milestones", new_milestone("micro-jobs", position))
    track = [m for m in milestones_of(roadmap.id) if m.track == "micro-jobs"]
    assert [m.position for m in track] == [1, 2, 3, 4, 5]
    assert track[index].title == "Write a CV"


OPEN_CUSTOM_FORM = '<details id="add-custom" class="add-milestone" open>'
BAD_POSITION = ({"position": "first"}, "Choose a position in the list.")


@pytest.mark.parametrize(("change", "message"), [*BAD_DETAILS[:9], BAD_POSITION])
@pytest.mark.parametrize("htmx", [False, True])
def test_bad_new_milestones_are_refused_with_the_form(roadmap, post, milestones_of,
                                                     change, message, htmx):
    response = post(f"{roadmap.url}/milestones", {**new_milestone(), **change}, htmx=htmx)
    html = text(response)
    assert response.status_code == 422
    assert message in html and 'aria-invalid="true"' in html
    if htmx:
        assert response.headers["HX-Retarget"] == "#add-custom"
        assert html.lstrip().startswith(OPEN_CUSTOM_FORM)
    else:
        assert "<h1>My plan</h1>" in html and OPEN_CUSTOM_FORM in html
    assert len(milestones_of(roadmap.id)) == 9


@pytest.mark.parametrize("track", ["", "toggle", "Custom"])
def test_an_unknown_track_is_refused(roadmap, post, milestones_of, track):
    response = post(f"{roadmap.url}/milestones", new_milestone(track))
    assert response.status_code == 422
    assert "Choose micro jobs, freelancing or your own milestones." in text(response)
    assert len(milestones_of(roadmap.id)) == 9


# Moving -----------------------------------------------------------------------------------

def track_titles(milestones, track="micro-jobs"):
    return [m.step_key for m in milestones if m.track == track]


def test_moving_without_javascript_reorders_and_redirects(client, roadmap, post, milestones_of):
    response = post(roadmap.milestone_url(1, "move"), {"direction": "up"})
    assert response.status_code == 303
    assert response.location.endswith(f"#milestone-{roadmap.milestone_ids[1]}")
    assert track_titles(milestones_of(roadmap.id)) == [
        "daily-tasks", "register", "cash-out", "save-for-skills",
    ]
    html = text(client.get(roadmap.url))
    assert "Moved “Do a few small tasks every day” up." in html
    assert ids_in(html)[:2] == [f"milestone-{roadmap.milestone_ids[1]}",
                                f"milestone-{roadmap.milestone_ids[0]}"]


def test_moving_with_htmx_answers_the_reordered_track(roadmap, post):
    response = post(roadmap.milestone_url(0, "move"), {"direction": "down"}, htmx=True)
    html = text(response)
    assert response.status_code == 200
    assert response.headers["HX-Trigger"] == "milestone-updated"
    assert html.lstrip().startswith('<section id="track-micro-jobs"')
    first, second = roadmap.milestone_ids[:2]
    assert ids_in(html)[:2] == [f"milestone-{second}", f"milestone-{first}"]
    assert '<section id="progress"' in html


def test_the_roadmap_page_after_a_move_shows_the_new_order(client, roadmap, post):
    post(roadmap.milestone_url(3, "move"), {"direction": "up"})
    html = text(client.get(roadmap.url))
    assert html.index("Save part of it for learning") < html.index("Cash out your earnings")


@pytest.mark.parametrize(("index", "direction", "edge"), [(0, "up", "first"), (3, "down", "last")])
def test_moving_past_the_end_of_a_track_changes_nothing(roadmap, post, milestones_of,
                                                        index, direction, edge):
    before = track_titles(milestones_of(roadmap.id))
    response = post(roadmap.milestone_url(index, "move"), {"direction": direction}, htmx=True)
    assert response.status_code == 200
    assert f"is already {edge} in its track." in text(response)
    assert track_titles(milestones_of(roadmap.id)) == before


def test_moves_never_cross_into_another_track(roadmap, post, milestones_of):
    post(roadmap.milestone_url(4, "move"), {"direction": "up"})
    assert track_titles(milestones_of(roadmap.id), "freelancing")[0] == "learn-a-skill"
    assert len(track_titles(milestones_of(roadmap.id))) == 4


@pytest.mark.parametrize("direction", ["", "left", "toggle"])
@pytest.mark.parametrize("htmx", [False, True])
def test_bad_move_directions_are_refused(roadmap, post, milestones_of, direction, htmx):
    before = track_titles(milestones_of(roadmap.id))
    response = post(roadmap.milestone_url(1, "move"), {"direction": direction}, htmx=htmx)
    assert response.status_code == 422
    assert "Choose to move the milestone up or down." in text(response)
    assert track_titles(milestones_of(roadmap.id)) == before


# Deleting ---------------------------------------------------------------------------------

def test_delete_page_asks_for_confirmation(client, roadmap):
    response = client.get(roadmap.milestone_url(0, "delete"))
    html = text(response)
    assert response.status_code == 200
    assert "<h1>Delete a milestone</h1>" in html
    assert "Delete “Sign up on micro-job platforms”?" in html


def test_delete_partial_turns_the_milestone_into_the_question(client, roadmap, hx):
    response = client.get(roadmap.milestone_url(0, "delete"), headers=hx)
    html = text(response)
    assert response.status_code == 200
    assert html.lstrip().startswith(f'<li id="milestone-{roadmap.milestone_ids[0]}"')
    assert "Keep it" in html and "autofocus" in html


def test_delete_without_javascript_removes_it_and_closes_the_gap(client, roadmap, post,
                                                                milestones_of, fetch):
    response = post(roadmap.milestone_url(1, "delete"))
    assert response.status_code == 303
    assert response.location == landing(roadmap, "track-micro-jobs")
    assert fetch(Milestone, roadmap.milestone_ids[1]) is None
    track = [m for m in milestones_of(roadmap.id) if m.track == "micro-jobs"]
    assert [m.position for m in track] == [1, 2, 3]
    html = text(client.get(roadmap.url))
    assert "Deleted “Do a few small tasks every day”." in html
    assert "0 done · 0 in progress · 0 skipped · 8 total" in html


def test_delete_with_htmx_answers_an_empty_row_and_the_progress(roadmap, post, fetch):
    response = post(roadmap.milestone_url(0, "delete"), htmx=True)
    html = text(response)
    assert response.status_code == 200
    assert response.headers["HX-Trigger"] == "milestone-updated"
    assert ids_in(html) == []
    assert html.lstrip().startswith('<section id="progress"')
    assert "8 total" in html and "Deleted “Sign up on micro-job platforms”." in html
    assert fetch(Milestone, roadmap.milestone_ids[0]) is None


def test_a_deleted_guide_step_can_be_added_again(roadmap, post, milestones_of):
    post(roadmap.milestone_url(0, "delete"))
    response = post("/roadmap/steps/micro-jobs/register")
    assert response.status_code == 303
    assert "register" in track_titles(milestones_of(roadmap.id))
