"""Account forms; field names are part of the public contract (DESIGN.md)."""

from flask import current_app, request
from flask_wtf.file import FileField, FileRequired
from werkzeug.datastructures import CombinedMultiDict, MultiDict
from wtforms import (
    BooleanField,
    EmailField,
    HiddenField,
    PasswordField,
    RadioField,
    SelectChoice,
    SelectField,
    StringField,
    ValidationError,
)
from wtforms.validators import DataRequired, Email, EqualTo, InputRequired, Length, Regexp

from planner.accounts import preferences
from planner.accounts.passwords import MAX_LENGTH, password_problem
from planner.accounts.rules import EMAIL_MAX, USERNAME_PATTERN, has_control_characters, login_text
from planner.forms import SUBMIT_METHODS, Form
from planner.idempotency import key_field

USERNAME_MESSAGE = "Use 3 to 32 characters: letters, digits, _ or -."
UPLOADED = object()  # ImportForm's default: the posted fields and files


def strip(value):
    """Trim surrounding spaces from text fields (never from passwords)."""
    return value.strip() if isinstance(value, str) else value


def as_login(value):
    """The log-in name as the account lookup reads it (and the log-in limit counts it)."""
    return login_text(value) if isinstance(value, str) else value


def printable(form, field) -> None:
    """Refuse control characters: no name contains them and PostgreSQL cannot store NUL."""
    if has_control_characters(field.data or ""):
        raise ValidationError("Remove the invisible control characters.")


def email_field(label: str = "Email") -> EmailField:
    """An email address field with the checks every form shares."""
    return EmailField(
        label,
        filters=[strip],
        validators=[
            InputRequired("Enter your email address."),
            Length(max=EMAIL_MAX, message=f"Use at most {EMAIL_MAX} characters."),
            Email("Enter a valid email address, like name@example.com."),
        ],
    )


class NewPasswordMixin:
    """A new password and its confirmation, checked against the common-password list.

    Forms without username and email fields take the account they change: `account=user`.
    """

    password = PasswordField("Password", validators=[InputRequired("Choose a password.")])
    confirm = PasswordField(
        "Repeat the password",
        validators=[
            InputRequired("Repeat the password."),
            EqualTo("password", "The two passwords do not match."),
        ],
    )

    def __init__(self, *args, account=None, **kwargs):
        """Keep the account whose username and email the new password must not be."""
        super().__init__(*args, **kwargs)
        self.account = account

    def validate_password(self, field):
        """Apply the password rules, naming the username and email so they are refused."""
        username = getattr(getattr(self, "username", None), "data", "") or ""
        email = getattr(getattr(self, "email", None), "data", "") or ""
        if self.account is not None:
            username, email = self.account.username, self.account.email
        problem = password_problem(field.data or "", username=username, email=email)
        if problem:
            raise ValidationError(problem)


class RegisterForm(NewPasswordMixin, Form):
    """Create an account."""

    username = StringField(
        "Username",
        filters=[strip],
        validators=[
            InputRequired("Choose a username."),
            Regexp(f"^{USERNAME_PATTERN.pattern}$", message=USERNAME_MESSAGE),
        ],
    )
    email = email_field()
    next = HiddenField()
    # Filled in by the browser's script with its own zone; anything unknown reads as UTC.
    time_zone = HiddenField(filters=[lambda value: value if preferences.is_zone(value) else None])
    idempotency_key = key_field()


class LoginForm(Form):
    """Sign in with a username or email address."""

    login = StringField(
        "Username or email",
        filters=[as_login],
        validators=[
            DataRequired("Enter your username or email address."),
            Length(max=EMAIL_MAX, message=f"Use at most {EMAIL_MAX} characters."),
            printable,
        ],
    )
    password = PasswordField(
        "Password",
        validators=[InputRequired("Enter your password."), Length(max=MAX_LENGTH * 4)],
    )
    remember = BooleanField("Keep me signed in on this device")
    next = HiddenField()


class ProfileForm(Form):
    """Change the display name and email address."""

    display_name = StringField(
        "Display name",
        filters=[strip],
        validators=[
            DataRequired("Enter a display name."),
            Length(max=64, message="Use at most 64 characters."),
            printable,
        ],
    )
    email = email_field()
    # Three forms share the settings page: each password field needs an id of its own.
    current_password = PasswordField(
        "Current password (needed to change your email)", id="profile_current_password"
    )


class PasswordChangeForm(NewPasswordMixin, Form):
    """Change the password, proving the current one."""

    current_password = PasswordField(
        "Current password", validators=[InputRequired("Enter your current password.")]
    )


class DeleteAccountForm(Form):
    """Delete the account, choosing what happens to the comments."""

    current_password = PasswordField(
        "Your password",
        id="delete_current_password",
        validators=[InputRequired("Enter your password to confirm.")],
    )
    comments = RadioField(
        "Your comments",
        choices=[
            SelectChoice(
                "keep", "Keep them, shown as written by a former member (no name, email or link)"
            ),
            SelectChoice("delete", "Delete them"),
        ],
        default="keep",
        validators=[InputRequired("Choose what happens to your comments.")],
    )


class ResetRequestForm(Form):
    """Ask for a password reset link."""

    email = email_field()


class ResetPasswordForm(NewPasswordMixin, Form):
    """Choose a new password from a reset link."""


class PreferencesForm(Form):
    """How dates and amounts read: the time zone and the locale."""

    time_zone = SelectField(
        "Time zone",
        choices=[SelectChoice(name, name.replace("_", " ")) for name in preferences.zone_names()],
        validate_choice=False,  # checked below, with a message people can act on
        validators=[InputRequired("Choose a time zone.")],
    )
    locale = SelectField(
        "Dates and money written as",
        choices=[SelectChoice(code, label) for code, label in preferences.LOCALES.items()],
        validate_choice=False,
        validators=[InputRequired("Choose how dates and money are written.")],
    )

    def validate_time_zone(self, field) -> None:
        """Only zones this server knows."""
        if not preferences.is_zone(field.data):
            raise ValidationError("Choose a time zone from the list, like Asia/Karachi.")

    def validate_locale(self, field) -> None:
        """Only the locales on offer."""
        if field.data not in preferences.LOCALES:
            raise ValidationError("Choose one of the listed ways of writing dates and money.")


class RemindersForm(Form):
    """Turn each kind of reminder mail on or off."""

    weekly = BooleanField("A weekly summary, on Monday mornings")
    day_before = BooleanField("A reminder the day before a target date")


class ImportForm(Form):
    """A data export to import into this account: the one form that takes a file."""

    idempotency_key = key_field()
    file = FileField(
        "Data export file (.json)",
        id="import-file",
        validators=[FileRequired("Choose the .json file you exported.")],
    )

    def __init__(self, formdata=UPLOADED, **kwargs):
        """Read the uploaded file as well as the fields, unlike every other form."""
        if formdata is UPLOADED:
            formdata = None
            if request.method in SUBMIT_METHODS:
                # Only the file field reads files: a file sent under another name is no value.
                files = MultiDict([("file", f) for f in request.files.getlist("file")])
                formdata = CombinedMultiDict((files, request.form))
        super().__init__(formdata=formdata, **kwargs)

    @staticmethod
    def size_limit() -> str:
        """The largest upload the app takes (MAX_CONTENT_LENGTH), in words: "1 MB", "64 KB"."""
        size, unit = current_app.config["MAX_CONTENT_LENGTH"] / 1024, "KB"
        if size >= 1024:
            size, unit = size / 1024, "MB"
        return f"{size:,.1f}".removesuffix(".0") + f" {unit}"
