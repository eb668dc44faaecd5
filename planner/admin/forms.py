"""Forms of the console: the rules, editing a comment, an admin's reply."""

from wtforms import BooleanField, IntegerField, TextAreaField
from wtforms.validators import InputRequired, Length, NumberRange

from planner.comments.forms import body_field, email_field, name_field, too_long, website_field
from planner.forms import Form

WORDS_MAX = 20_000


def whole_number(label: str, low: int, high: int, unit: str = "") -> IntegerField:
    """An integer field with a range and messages that say what is allowed."""
    allowed = f"Enter a whole number from {low} to {high}{unit}."
    return IntegerField(
        label,
        validators=[InputRequired(allowed), NumberRange(low, high, allowed)],
    )


class RulesForm(Form):
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


class EditForm(Form):
    """An admin's corrections to a comment."""

    body = body_field("Comment", "The comment cannot be empty.")
    author_name = name_field("Enter the author's name.")
    author_email = email_field("Enter the author's email address.")
    author_url = website_field()


class ReplyForm(Form):
    """An admin's reply, published at once."""

    body = body_field("Your reply", "Write your reply before sending it.")
