"""The reply form, with the field names WordPress gives it (part of the public contract)."""

from wtforms import BooleanField, EmailField, HiddenField, StringField, TextAreaField, URLField
from wtforms.validators import DataRequired, Email, Length, Optional, ValidationError

from planner.accounts.rules import normalize_email
from planner.comments.models import BODY_MAX, EMAIL_MAX, NAME_MAX, URL_MAX
from planner.comments.text import clean_text, is_http_url, normalize_website
from planner.forms import Form
from planner.idempotency import key_field

# The honeypot: a field people never see or reach, which only form-filling robots fill in.
HONEYPOT = "subject"


def clean_body(value):
    """Keep line breaks, drop control characters, trim."""
    return clean_text(value, multiline=True)


def clean_line(value):
    """One line of text: no control characters or line breaks, trimmed."""
    return clean_text(value, multiline=False)


def clean_email(value):
    """Trimmed and lower-cased, so one mailbox is one author."""
    return normalize_email(clean_line(value))


def clean_url(value):
    """Trimmed; a bare domain gets https:// in front."""
    return normalize_website(clean_line(value))


def http_url(form, field) -> None:
    """Accept only http:// and https:// addresses."""
    if field.data and not is_http_url(field.data):
        raise ValidationError("Enter a website address starting with http:// or https://.")


def too_long(limit: int) -> str:
    """The message for a field over its limit."""
    return f"Use at most {limit:,} characters."


def body_field(label: str, missing: str) -> TextAreaField:
    """A comment text with its limit; missing is the message for an empty one."""
    return TextAreaField(
        label,
        filters=[clean_body],
        validators=[DataRequired(missing), Length(max=BODY_MAX, message=too_long(BODY_MAX))],
    )


def name_field(missing: str) -> StringField:
    """An author's name with its limit."""
    return StringField(
        "Name",
        filters=[clean_line],
        validators=[DataRequired(missing), Length(max=NAME_MAX, message=too_long(NAME_MAX))],
    )


def email_field(missing: str) -> EmailField:
    """An author's email address, checked and normalised."""
    return EmailField(
        "Email",
        filters=[clean_email],
        validators=[
            DataRequired(missing),
            Length(max=EMAIL_MAX, message=too_long(EMAIL_MAX)),
            Email("Enter a valid email address, like name@example.com."),
        ],
    )


def website_field() -> URLField:
    """An optional http(s) website address."""
    return URLField(
        "Website",
        filters=[clean_url],
        validators=[Optional(), Length(max=URL_MAX, message=too_long(URL_MAX)), http_url],
    )


class CommentForm(Form):
    """What a signed-in member fills in: the comment alone."""

    comment = body_field("Comment", "Write your comment before sending it.")
    parent_id = HiddenField()
    idempotency_key = key_field()
    subject = StringField("Leave this field empty", filters=[clean_line])


class GuestCommentForm(CommentForm):
    """What a guest fills in: the comment, who they are, and whether to remember it."""

    author = name_field("Enter your name.")
    email = email_field("Enter your email address.")
    url = website_field()
    save_details = BooleanField(
        "Save my name, email, and website in this browser for the next time I comment."
    )


def submitted_form(signed_in: bool) -> CommentForm:
    """The form as posted: a member sends only the comment, a guest also who they are."""
    return CommentForm() if signed_in else GuestCommentForm()


def blank_form(signed_in: bool, details: dict | None) -> CommentForm:
    """An empty form; a guest's saved details fill it in, with the box still ticked."""
    if signed_in:
        return CommentForm(formdata=None)
    data = {**details, "save_details": True} if details else {}
    return GuestCommentForm(formdata=None, data=data)
