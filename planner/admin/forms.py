"""Forms of the console: the rules, editing a comment, an admin's reply."""

from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, IntegerField, StringField, TextAreaField, URLField
from wtforms.validators import DataRequired, Email, InputRequired, Length, NumberRange, Optional

from planner.comments.forms import (
    clean_body,
    clean_email,
    clean_line,
    clean_url,
    http_url,
    too_long,
)
from planner.comments.models import BODY_MAX, EMAIL_MAX, NAME_MAX, URL_MAX

WORDS_MAX = 20_000


def whole_number(label: str, low: int, high: int, unit: str = "") -> IntegerField:
    """An integer field with a range and messages that say what is allowed."""
    allowed = f"Enter a whole number from {low} to {high}{unit}."
    return IntegerField(
        label,
        validators=[InputRequired(allowed), NumberRange(low, high, allowed)],
    )


class SettingsForm(FlaskForm):
    """The moderation rules an admin may change."""

    manual_approval = BooleanField("Hold every comment for manual approval (admins excepted)")
    require_approved_author = BooleanField(
        "The author must have an earlier approved comment (otherwise hold it)"
    )
    signed_in_only = BooleanField("Only signed-in users may comment")
    link_threshold = whole_number("Hold a comment with this many links or more (0: never)", 0, 100)
    moderation_words = TextAreaField(
        "Moderation words: hold a comment containing any of them (one per line)",
        validators=[Length(max=WORDS_MAX, message=too_long(WORDS_MAX))],
    )
    disallowed_words = TextAreaField(
        "Disallowed words: mark a comment containing any of them as spam (one per line)",
        validators=[Length(max=WORDS_MAX, message=too_long(WORDS_MAX))],
    )
    flood_seconds = whole_number("Minimum seconds between two comments of one author", 0, 3600)
    thread_depth = whole_number("Thread depth (1: no replies)", 1, 10)
    per_page = whole_number("Top-level comments per page", 1, 200)


class EditForm(FlaskForm):
    """An admin's corrections to a comment."""

    body = TextAreaField(
        "Comment",
        filters=[clean_body],
        validators=[
            DataRequired("The comment cannot be empty."),
            Length(max=BODY_MAX, message=too_long(BODY_MAX)),
        ],
    )
    author_name = StringField(
        "Name",
        filters=[clean_line],
        validators=[
            DataRequired("Enter the author's name."),
            Length(max=NAME_MAX, message=too_long(NAME_MAX)),
        ],
    )
    author_email = EmailField(
        "Email",
        filters=[clean_email],
        validators=[
            DataRequired("Enter the author's email address."),
            Length(max=EMAIL_MAX, message=too_long(EMAIL_MAX)),
            Email("Enter a valid email address, like name@example.com."),
        ],
    )
    author_url = URLField(
        "Website",
        filters=[clean_url],
        validators=[Optional(), Length(max=URL_MAX, message=too_long(URL_MAX)), http_url],
    )


class ReplyForm(FlaskForm):
    """An admin's reply, published at once."""

    body = TextAreaField(
        "Your reply",
        filters=[clean_body],
        validators=[
            DataRequired("Write your reply before sending it."),
            Length(max=BODY_MAX, message=too_long(BODY_MAX)),
        ],
    )
