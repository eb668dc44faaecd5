"""Outgoing mail: built in the request, sent by the task queue's worker after the request.

The worker sends through SMTP when MAIL_SERVER is set, otherwise it writes .eml files to the
outbox folder (and the log). A request never waits for, or fails with, a mail server.
"""

import smtplib
import uuid
from datetime import datetime
from email import message_from_bytes, policy
from email.headerregistry import HeaderRegistry, UnstructuredHeader
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path
from urllib.parse import quote, urlsplit

from flask import Flask, current_app, g, has_request_context
from huey import crontab, signals
from sqlalchemy import LargeBinary, String, Text, delete, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Mapped, mapped_column

from planner.database import close_transaction, utcnow
from planner.extensions import db
from planner.tasks import current_app_for_tasks, huey

OUTGOING = "planner.outgoing_mail"
# Tries after the first, waiting 30 s, then 1, 2, 4 and 8 minutes: a mail server that is
# down for a quarter of an hour loses nothing.
RETRIES = 5
RETRY_DELAY = 30
RETRY_BACKOFF = 2
REQUEUE_BATCH = 100


class _OneLineHeader(UnstructuredHeader):
    """A header kept on one line (RFC 5322 allows 998 characters): folded at 78, as the
    default policy folds, a long link would become encoded words no mail client follows."""

    def fold(self, *, policy):
        """The header as written, unless it needs encoding."""
        text = str(self)
        if not text.isascii() or len(self.name) + len(text) + 2 > 998:
            return super().fold(policy=policy)
        return f"{self.name}: {text}{policy.linesep}"


_header_types = HeaderRegistry()
_header_types.map_to_type("list-unsubscribe", _OneLineHeader)
# Every message is written and read with this policy, so the worker sends such a header as
# the request wrote it.
POLICY = policy.default.clone(header_factory=_header_types)


class FailedMail(db.Model):
    """A message the worker gave up on, or one the queue could not take, kept for admins.

    One the queue could not take keeps its text in `unsent`, and goes to the queue again
    once it answers (requeue_unsent, every minute).
    """

    __tablename__ = "failed_mail"

    id: Mapped[int] = mapped_column(primary_key=True)
    recipients: Mapped[str] = mapped_column(Text)
    subject: Mapped[str] = mapped_column(String(255))
    error: Mapped[str] = mapped_column(Text)
    failed_at: Mapped[datetime] = mapped_column(default=utcnow)
    unsent: Mapped[bytes | None] = mapped_column(LargeBinary)


def external_url(endpoint: str, anchor: str | None = None, **values) -> str:
    """An absolute link for mail, on BASE_URL: a request's Host is the client's to forge."""
    origin = urlsplit(current_app.config["BASE_URL"])
    adapter = current_app.url_map.bind(origin.netloc, url_scheme=origin.scheme)
    url = adapter.build(endpoint, values, force_external=True)
    return f"{url}#{quote(anchor)}" if anchor else url


def send_mail(to: str | list[str], subject: str, body: str,
              headers: dict[str, str] | None = None) -> None:
    """Queue a plain-text message to one or more addresses; it leaves after the request.

    headers adds more header fields (a reminder's List-Unsubscribe, for one). A subject
    quoting what people typed (a milestone's title) is joined onto one line.
    """
    recipients = [to] if isinstance(to, str) else list(to)
    if not recipients:
        return
    message = EmailMessage(policy=POLICY)
    message["From"] = current_app.config["MAIL_SENDER"]
    message["To"] = ", ".join(recipients)
    # A header cannot hold a line break: the policy refuses one (CR, LF, U+2028 and every
    # other break str.splitlines knows), and split() takes each of them for a space.
    message["Subject"] = " ".join(subject.split())
    message["Date"] = formatdate(usegmt=True)
    message["Message-ID"] = make_msgid(domain="learning-path-planner")
    for name, value in (headers or {}).items():
        message[name] = value
    message.set_content(body)
    if has_request_context():
        # Queued when the request is over, so its transaction is closed first and a failed
        # request (500) sends nothing about a change that was rolled back.
        g.setdefault(OUTGOING, []).append(message.as_bytes())
    else:
        _enqueue(message.as_bytes())


def _enqueue(raw: bytes) -> None:
    try:
        deliver(raw)
    except Exception as error:  # a queue that is down must not fail the change that was saved
        current_app.logger.warning("Could not queue mail, kept to queue again: %s", error)
        try:
            _keep(message_from_bytes(raw, policy=POLICY), error, unsent=raw)
        except SQLAlchemyError:  # the database is down too: the log is all that is left
            close_transaction()
            current_app.logger.exception("Could not keep mail; it is lost:\n%s", raw.decode())


def _keep(message, error, unsent: bytes | None = None) -> None:
    db.session.add(FailedMail(recipients=str(message["To"]), error=str(error)[:2000],
                              subject=str(message["Subject"])[:255], unsent=unsent))
    db.session.commit()
    close_transaction()


@huey.periodic_task(crontab(minute="*"))
def requeue_unsent() -> int:
    """Queue again the mail the queue could not take; return how many went."""
    app = current_app_for_tasks()
    with app.app_context():
        waiting = db.session.execute(
            select(FailedMail.id, FailedMail.unsent)
            .where(FailedMail.unsent.is_not(None)).limit(REQUEUE_BATCH)
        ).all()
        close_transaction()  # the queue may be remote: no database lock while it answers
        for row_id, raw in waiting:
            deliver(raw)  # raises while the queue is still down: try next minute
            db.session.execute(delete(FailedMail).where(FailedMail.id == row_id))
            db.session.commit()
            close_transaction()
        return len(waiting)


def _drop_after_server_error(response):
    if response.status_code >= 500:
        g.pop(OUTGOING, None)
    return response


def _queue_outgoing(error) -> None:
    outgoing = g.pop(OUTGOING, None)
    if not outgoing or error is not None:
        return
    close_transaction()  # before talking to the queue
    for raw in outgoing:
        _enqueue(raw)


@huey.task(retries=RETRIES, retry_delay=RETRY_DELAY, retry_backoff=RETRY_BACKOFF)
def deliver(raw: bytes) -> None:
    """Send one queued message (the worker runs this); a failure is retried with backoff."""
    app = current_app_for_tasks()
    message = message_from_bytes(raw, policy=POLICY)
    with app.app_context():
        if app.config["MAIL_SERVER"]:
            _send_smtp(message, app.config)
        else:
            _write_to_outbox(message, Path(app.config["OUTBOX_DIR"]))


@huey.signal(signals.SIGNAL_ERROR)
def _record_final_failure(signal, task, exc=None):
    if not isinstance(task, deliver.task_class) or task.retries:
        return
    message = message_from_bytes(task.args[0], policy=POLICY)
    app = current_app_for_tasks()
    with app.app_context():
        app.logger.error("Gave up on mail to %s: %s", message["To"], exc)
        _keep(message, exc)


def _send_smtp(message: EmailMessage, config) -> None:
    timeout = config["REMOTE_TIMEOUT"]
    with smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=timeout) as smtp:
        if config["MAIL_USE_TLS"]:
            smtp.starttls()
        if config["MAIL_USERNAME"]:
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"] or "")
        smtp.send_message(message)


def _write_to_outbox(message: EmailMessage, folder: Path) -> None:
    # Without a mail server, a developer reads (and clicks) the message from disk or the log.
    folder.mkdir(parents=True, exist_ok=True)
    stamp = utcnow().strftime("%Y%m%dT%H%M%S%f")  # sorts in sending order
    path = folder / f"{stamp}-{uuid.uuid4().hex[:8]}.eml"
    path.write_bytes(message.as_bytes())
    current_app.logger.info(
        "Mail to %s written to %s:\n%s", message["To"], path, message.get_content()
    )


def init_app(app: Flask) -> None:
    """Queue each request's mail once the request is over."""
    app.after_request(_drop_after_server_error)
    app.teardown_request(_queue_outgoing)
