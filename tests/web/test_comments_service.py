"""What account deletion does to comments, and where replies land."""

import pytest
from sqlalchemy import select

from planner.accounts import service as accounts
from planner.accounts.models import User
from planner.accounts.passwords import hash_password
from planner.comments.models import Comment
from planner.comments.removal import anonymize_comments_of, delete_comments, delete_comments_of
from planner.extensions import db
from tests.support.comments import THREAD_URL


@pytest.fixture
def thread(make_comment, make_user):
    """leaver wrote a top comment and a reply; others replied around them.

    top (leaver) -> a (other) -> b (leaver) -> c (other)
                 -> d (other)
    """
    leaver = make_user(email="leaver@example.com", display_name="Leaver")
    other = make_user()
    top = make_comment(user_id=leaver.id, author_name="Leaver", author_email=leaver.email,
                       author_url="https://leaver.example", author_ip="10.0.0.1")
    a = make_comment(parent=top, user_id=other.id)
    b = make_comment(parent=a, user_id=leaver.id, author_email=leaver.email)
    c = make_comment(parent=b, user_id=other.id)
    d = make_comment(parent=top, user_id=other.id)
    return {"leaver": leaver, "top": top, "a": a, "b": b, "c": c, "d": d}


def shape(app) -> dict[int, tuple[int | None, int]]:
    with app.app_context():
        return {c.id: (c.parent_id, c.depth) for c in db.session.scalars(select(Comment))}


def test_deleting_a_members_comments_moves_other_replies_up(app, thread):
    t = thread
    with app.app_context():
        delete_comments_of(t["leaver"].id)
        db.session.commit()
    assert shape(app) == {
        t["a"].id: (None, 1),
        t["c"].id: (t["a"].id, 2),
        t["d"].id: (None, 1),
    }


def test_delete_comments_of_leaves_the_commit_to_the_caller(app, thread):
    with app.app_context():
        delete_comments_of(thread["leaver"].id)
        db.session.rollback()
    assert len(shape(app)) == 5


def test_deleting_a_reply_keeps_its_replies_under_the_grandparent(app, thread):
    t = thread
    with app.app_context():
        delete_comments([t["b"].id])
        db.session.commit()
    assert shape(app)[t["c"].id] == (t["a"].id, 3)


def test_deleting_nothing_changes_nothing(app, thread):
    with app.app_context():
        delete_comments([])
        db.session.commit()
    assert len(shape(app)) == 5


def test_anonymizing_keeps_the_comments_as_a_former_members(app, client, thread):
    t = thread
    with app.app_context():
        anonymize_comments_of(t["leaver"].id)
        db.session.commit()
        top = db.session.get(Comment, t["top"].id)
        assert (top.user_id, top.author_name, top.author_email, top.author_url,
                top.author_ip) == (None, "", "", None, None)
    html = client.get(THREAD_URL).get_data(as_text=True)
    assert "Former member" in html
    assert "Leaver" not in html and "leaver.example" not in html
    assert len(shape(app)) == 5


@pytest.mark.parametrize("keep", [True, False])
def test_account_deletion_applies_the_members_choice(app, make_comment, keep):
    with app.app_context():
        user = User(username="goner", username_key="goner", email="goner@example.com",
                    display_name="Goner", password_hash=hash_password("a long passphrase"))
        db.session.add(user)
        db.session.commit()
        user_id = user.id
    top = make_comment(user_id=user_id, author_name="Goner", author_email="goner@example.com")
    reply = make_comment(parent=top)
    with app.app_context():
        accounts.delete_account(db.session.get(User, user_id), "a long passphrase",
                                keep_comments=keep)
        remaining = {c.id: c for c in db.session.scalars(select(Comment))}
        if keep:
            assert remaining[top.id].author_name == "" and remaining[top.id].user_id is None
            assert remaining[reply.id].parent_id == top.id
        else:
            assert top.id not in remaining
            assert (remaining[reply.id].parent_id, remaining[reply.id].depth) == (None, 1)
