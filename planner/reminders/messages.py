"""The reminder mails: a weekly summary and a day-before note, each with its unsubscribe link
in the body and in the List-Unsubscribe headers (one click, RFC 8058)."""

from flask import render_template

from planner.accounts.preferences import locale_of
from planner.accounts.reminder_settings import DAY_BEFORE, WEEKLY
from planner.dates import long_date
from planner.mail import external_url, send_mail
from planner.reminders.due import Reader, TargetDue, WeeklyDue
from planner.reminders.tokens import make_token

SUBJECT_TITLE_MAX = 80  # characters of a milestone title a subject line quotes


def unsubscribe_url(reader_id: int, kind: str) -> str:
    """The link that stops this kind of reminder for this reader, on BASE_URL."""
    return external_url("reminders.unsubscribe", token=make_token(reader_id, kind))


def _send(reader: Reader, kind: str, subject: str, template: str, **context) -> None:
    stop_url = unsubscribe_url(reader.id, kind)
    body = render_template(
        template, reader=reader, stop_url=stop_url,
        roadmaps_url=external_url("roadmaps.index"),
        settings_url=external_url("accounts.settings"), **context,
    )
    headers = {
        "List-Unsubscribe": f"<{stop_url}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }
    send_mail(reader.email, subject, body, headers=headers)


def send_weekly(due: WeeklyDue) -> None:
    """Queue one reader's weekly summary of all their roadmaps."""
    plural = "s" if len(due.roadmaps) > 1 else ""
    _send(due.reader, WEEKLY, f"Your roadmap{plural} this week", "reminders/email/weekly.txt",
          roadmaps=due.roadmaps, monday=long_date(due.week.monday, locale=locale_of(due.reader)))


def send_day_before(reader: Reader, targets: tuple[TargetDue, ...]) -> None:
    """Queue one reader's note about the milestones whose target date is tomorrow."""
    if len(targets) == 1:
        title = targets[0].title
        if len(title) > SUBJECT_TITLE_MAX:
            title = title[: SUBJECT_TITLE_MAX - 1] + "…"
        subject = f"Tomorrow: {title}"
    else:
        subject = f"Tomorrow: {len(targets)} target dates"
    _send(reader, DAY_BEFORE, subject, "reminders/email/day_before.txt", targets=targets,
          day=long_date(targets[0].target_date, locale=locale_of(reader)))

