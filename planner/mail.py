"""Outgoing mail: SMTP when MAIL_SERVER is set, otherwise .eml files in the outbox folder."""

import smtplib
import uuid
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path
from urllib.parse import quote, urlsplit

from flask import current_app

from planner.database import utcnow


def external_url(endpoint: str, anchor: str | None = None, **values) -> str:
    """An absolute link for mail, on BASE_URL: a request's Host is the client's to forge."""
    origin = urlsplit(current_app.config["BASE_URL"])
    adapter = current_app.url_map.bind(origin.netloc, url_scheme=origin.scheme)
    url = adapter.build(endpoint, values, force_external=True)
    return f"{url}#{quote(anchor)}" if anchor else url


def send_mail(to: str | list[str], subject: str, body: str) -> None:
    """Send a plain-text message to one or more addresses."""
    recipients = [to] if isinstance(to, str) else list(to)
    if not recipients:
        return
    config = current_app.config
    message = EmailMessage()
    message["From"] = config["MAIL_SENDER"]
    message["To"] = ", ".join(recipients)
    message["Subject"] = subject
    message["Date"] = formatdate(usegmt=True)
    message["Message-ID"] = make_msgid(domain="learning-path-planner")
    message.set_content(body)
    if config["MAIL_SERVER"]:
        _send_smtp(message, config)
    else:
        _write_to_outbox(message, Path(config["OUTBOX_DIR"]))


def send_after_commit(to: str | list[str], subject: str, body: str, *, about: str) -> bool:
    """Send mail about a change already committed; a failure is logged, never raised, so an
    unreachable mail server cannot undo the change. Returns whether the mail left."""
    try:
        send_mail(to, subject, body)
    except Exception:  # any failure of the mail server: the change stands, the log says why
        current_app.logger.exception("Could not email %s about %s", to, about)
        return False
    return True


def _send_smtp(message: EmailMessage, config) -> None:
    with smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=10) as smtp:
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
