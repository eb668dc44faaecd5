"""The comment form sent again, or twice at once, stores one comment and answers with it."""

import json
import re
import threading

import pytest

from tests.support.comments import SECTION, THREAD_URL, comment_ids

KEY = re.compile(r'name="idempotency_key" type="hidden" value="([^"]+)"')


def keys_on(client, url: str = THREAD_URL) -> list[str]:
    """The idempotency keys of the comment forms on the page at url, in page order."""
    return KEY.findall(client.get(url).get_data(as_text=True))


def test_every_comment_form_on_a_page_carries_its_own_key(client, make_comment):
    replying = f"{THREAD_URL}?replytocom={make_comment().id}"  # the section's form and a reply's
    keys = keys_on(client, replying)
    assert len(keys) > 1
    assert len(set(keys)) == len(keys)
    assert set(keys).isdisjoint(keys_on(client, replying))


def test_the_form_sent_again_without_javascript_goes_to_the_first_comment(
    client, post_comment, all_comments
):
    key = keys_on(client)[0]
    first = post_comment(idempotency_key=key)
    again = post_comment(idempotency_key=key)
    assert len(all_comments()) == 1
    assert first.status_code == again.status_code == 303
    assert again.headers["Location"] == first.headers["Location"]
    assert again.headers["Location"].endswith(f"#comment-{all_comments()[0].id}")


def test_the_form_sent_again_with_htmx_answers_the_same_partial(
    client, post_comment, all_comments
):
    key = keys_on(client)[0]
    first = post_comment(htmx=True, idempotency_key=key)
    again = post_comment(htmx=True, idempotency_key=key)
    [stored] = all_comments()
    for answer in (first, again):
        html = answer.get_data(as_text=True)
        assert answer.status_code == 200
        assert html.lstrip().startswith(f'<div id="respond-{SECTION}"')
        assert comment_ids(html) == [stored.id]
        assert json.loads(answer.headers["HX-Trigger"]) == {"comment-posted": {"id": stored.id}}
        assert "HX-Request" in answer.headers["Vary"]
        # The form comes back with a new key: a further comment is a new one.
        assert key not in KEY.findall(html)


def test_the_same_words_from_a_new_form_are_still_a_duplicate(
    app, client, post_comment, all_comments
):
    app.config["COMMENT_FLOOD_SECONDS"] = 0
    assert post_comment(idempotency_key=keys_on(client)[0]).status_code == 303
    again = post_comment(idempotency_key=keys_on(client)[0])
    assert again.status_code == 409
    assert len(all_comments()) == 1


def test_a_form_refused_for_a_mistake_keeps_its_key(client, post_comment, all_comments):
    key = keys_on(client)[0]
    refused = post_comment(htmx=True, idempotency_key=key, comment="")
    assert refused.status_code == 422
    assert KEY.findall(refused.get_data(as_text=True)) == [key]
    assert post_comment(idempotency_key=key).status_code == 303
    assert len(all_comments()) == 1


@pytest.mark.parametrize("signed_in", [False, True])
def test_two_copies_sent_at_the_same_instant_store_one_comment(
    app, client, csrf, make_user, auth, all_comments, signed_in
):
    """A double submission: both requests race; one comment, both answers point at it."""
    if signed_in:
        auth.login(make_user())
    data = {"comment": "Sent twice by a double click.", "author": "Ana Reader",
            "email": "ana.reader@example.com", "idempotency_key": keys_on(client)[0],
            "csrf_token": csrf()}
    cookie = client.get_cookie("session")
    barrier, answers = threading.Barrier(2), [None, None]

    def send(index: int) -> None:
        twin = app.test_client()
        twin.set_cookie(cookie.key, cookie.value)
        barrier.wait()
        answers[index] = twin.post(THREAD_URL, data=data,
                                   environ_base={"REMOTE_ADDR": f"10.9.0.{index + 1}"})

    threads = [threading.Thread(target=send, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    [stored] = all_comments()
    assert [a.status_code for a in answers] == [303, 303]
    assert {a.headers["Location"] for a in answers} == {
        f"{THREAD_URL}?landed={stored.id}#comment-{stored.id}"
    }
