"""Mail about comments: admins hear of a held comment, authors of its approval; the
one-click opt-out from the latter."""

from flask import current_app, render_template
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import select

from planner.accounts.models import ROLE_ADMIN, User
from planner.accounts.rules import normalize_email
from planner.comments.models import Comment, MailOptOut
from planner.comments.status import CommentStatus
from planner.extensions import db
from planner.mail import external_url, send_mail

OPT_OUT_SALT = "comment-mail-opt-out"


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=OPT_OUT_SALT)


def opt_out_token(email: str) -> str:
    """A signed token naming the address; it never expires, as a mail link must keep working."""
    return _serializer().dumps(normalize_email(email))


def email_from_token(token: str) -> str | None:
    """The address a token names, or None when it is not one of ours."""
    try:
        email = _serializer().loads(token)
    except BadSignature:
        return None
    return email if isinstance(email, str) and email else None


def opted_out(emails: set[str]) -> set[str]:
    """Which of these addresses asked for no mail, in one query."""
    if not emails:
        return set()
    return set(db.session.scalars(select(MailOptOut.email).where(MailOptOut.email.in_(emails))))


def opt_out(email: str) -> None:
    """Stop mail to this address (repeating it changes nothing)."""
    email = normalize_email(email)
    if db.session.get(MailOptOut, email) is None:
        db.session.add(MailOptOut(email=email))
    db.session.commit()


def _verified_members(comment_ids: list[int]) -> set[int]:
    """Which comments a member wrote from the address their account has verified (one query)."""
    # Guests' addresses are typed into a public form and never proven: they get no such mail.
    if not comment_ids:
        return set()
    query = (
        select(Comment.id)
        .join(User, User.id == Comment.user_id)
        .where(Comment.id.in_(comment_ids), User.email == Comment.author_email,
               User.email_verified_at.is_not(None))
    )
    return set(db.session.scalars(query))


def notify_approved(changes) -> None:
    """Tell each author of a held comment that it is now public; a mail failure loses nothing."""
    held = [c for c in changes if c.before == CommentStatus.PENDING and c.author_email]
    verified = _verified_members([c.comment_id for c in held])
    held = [c for c in held if c.comment_id in verified]
    emails = {normalize_email(c.author_email) for c in held}
    skipped = opted_out(emails)
    sent: set[str] = set()
    for change in held:
        email = normalize_email(change.author_email)
        if email in skipped or email in sent:
            continue  # one message per address per action is plenty
        sent.add(email)
        body = render_template(
            "comments/email/approved.txt",
            # The thread's lasting link to the comment: it finds the page the comment is on
            # when the mail is read, however many comments came after it.
            comment_url=external_url(
                "comments.permalink", slug=change.guide_slug, section_key=change.section_key,
                comment_id=change.comment_id,
            ),
            stop_url=external_url("comments.unsubscribe", token=opt_out_token(email)),
        )
        send_mail(email, "Your comment is now published", body)


def admin_addresses() -> list[str]:
    """Where notices of held comments go: every admin's address (one query)."""
    return list(db.session.scalars(select(User.email).where(User.role == ROLE_ADMIN)))


def notify_admins(comment: Comment, admins: list[str]) -> None:
    """Email the admins (admin_addresses(), read before the commit) that a comment waits for
    moderation; a mail failure loses nothing."""
    if not admins:
        return
    body = render_template(
        "comments/email/held.txt",
        comment=comment,
        queue_url=external_url("admin.queue", status=CommentStatus.PENDING),
    )
    send_mail(admins, "A comment is waiting for moderation", body)
