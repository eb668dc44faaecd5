"""Forms for building roadmaps and editing milestones; every message says how to fix it."""

from wtforms import (
    DateField,
    HiddenField,
    IntegerField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)

from planner.forms import Form
from planner.idempotency import key_field
from planner.params import MAX_ID, parse_number
from planner.roadmaps import rules
from planner.roadmaps.milestones import Details


def strip(value):
    """Trim surrounding spaces from text input."""
    return value.strip() if isinstance(value, str) else value


def one_newline(value):
    """Count a line break as one character, whatever the browser sent."""
    return value.replace("\r\n", "\n") if isinstance(value, str) else value


def too_long(limit: int, what: str) -> Length:
    """A length check whose message names the limit."""
    return Length(max=limit, message=f"Keep the {what} to {limit:,} characters or fewer.")


def year_in_range(form, field) -> None:
    """Refuse target dates outside the years a plan can sensibly cover."""
    if field.data and not rules.YEAR_MIN <= field.data.year <= rules.YEAR_MAX:
        raise ValidationError(
            f"Choose a date between the years {rules.YEAR_MIN} and {rules.YEAR_MAX}."
        )


def web_link(form, field) -> None:
    """Accept only a complete http:// or https:// address."""
    if field.data and not rules.is_web_link(field.data):
        raise ValidationError("Enter a web address starting with http:// or https://.")


class NameForm(Form):
    """A roadmap's name."""

    name = StringField(
        "Name",
        filters=[strip],
        validators=[DataRequired("Give your roadmap a name."), too_long(rules.NAME_MAX, "name")],
    )


class BuilderForm(NameForm):
    """The builder: a name and the template to start from."""

    idempotency_key = key_field()

    name = StringField(
        "Name",
        default="My roadmap",
        filters=[strip],
        validators=[DataRequired("Give your roadmap a name."), too_long(rules.NAME_MAX, "name")],
    )
    # Rendered as radio buttons by hand and checked below, so a plain text field will do.
    template = StringField(
        "Start from",
        default=rules.DEFAULT_TEMPLATE,
        validators=[InputRequired("Choose how to start your roadmap.")],
    )

    def validate_template(self, field) -> None:
        """Only the templates we offer."""
        if rules.get_template(field.data) is None:
            raise ValidationError("Choose one of the starting points listed.")


class MilestoneForm(Form):
    """The details of a milestone."""

    title = StringField(
        "Title",
        filters=[strip],
        validators=[
            DataRequired("Give the milestone a title."),
            too_long(rules.TITLE_MAX, "title"),
        ],
    )
    notes = TextAreaField(
        "Notes", filters=[one_newline, strip], validators=[too_long(rules.NOTES_MAX, "notes")]
    )
    target_date = DateField(
        "Target date",
        validators=[Optional(), year_in_range],
        format="%Y-%m-%d",
        invalid_value_message="Enter the date as YYYY-MM-DD, for example 2030-06-30.",
        render_kw={"min": f"{rules.YEAR_MIN}-01-01", "max": f"{rules.YEAR_MAX}-12-31"},
    )
    evidence_url = StringField(
        "Link to evidence",
        filters=[strip],
        validators=[Optional(), too_long(rules.URL_MAX, "link"), web_link],
    )

    def details(self) -> Details:
        """The validated values as plain data."""
        return Details(
            title=self.title.data,
            notes=self.notes.data or "",
            target_date=self.target_date.data,
            evidence_url=self.evidence_url.data or None,
        )


class NewMilestoneForm(MilestoneForm):
    """A custom milestone: its details, its track and where in the track it goes."""

    idempotency_key = key_field()

    track = StringField("Track")
    position = IntegerField(
        "Position",
        validators=[
            Optional(), NumberRange(min=1, max=MAX_ID, message="Choose a position in the list.")
        ],
    )

    def validate_track(self, field) -> None:
        """Only the three tracks a roadmap has."""
        if field.data not in rules.TRACKS:
            raise ValidationError("Choose micro jobs, freelancing or your own milestones.")


class StatusForm(Form):
    """The status the client wants; never a toggle."""

    status = StringField("Status")
    # "guide" when the tick sits on a guide page, so the answer is that step's control.
    shown_on = HiddenField("Shown on")

    def validate_status(self, field) -> None:
        """Only the four statuses."""
        if field.data not in rules.STATUSES:
            raise ValidationError("Choose to do, in progress, done or skipped.")


class MoveForm(Form):
    """Which way to move a milestone within its track."""

    direction = HiddenField("Direction")

    def validate_direction(self, field) -> None:
        """Up or down only."""
        if field.data not in ("up", "down"):
            raise ValidationError("Choose to move the milestone up or down.")


class TrackForm(Form):
    """Which track a milestone moves to."""

    track = StringField("Track")

    def validate_track(self, field) -> None:
        """Only the three tracks a roadmap has."""
        if field.data not in rules.TRACKS:
            raise ValidationError("Choose micro jobs, freelancing or your own milestones.")


class TimeForm(Form):
    """Minutes spent on a milestone, added to its total."""

    idempotency_key = key_field()
    # Read as text and checked below, so every bad entry ("abc", "0", "1e3") gets one message.
    minutes = StringField(
        "Minutes to add", filters=[strip],
        validators=[InputRequired(rules.MINUTES_MESSAGE)],
        render_kw={"type": "number", "inputmode": "numeric", "min": rules.MINUTES_MIN,
                   "max": rules.MINUTES_MAX, "step": 1},
    )

    def validate_minutes(self, field) -> None:
        """A whole number of minutes from MINUTES_MIN to MINUTES_MAX."""
        number = parse_number(field.data, rules.MINUTES_MAX)
        if number is None or number < rules.MINUTES_MIN:
            raise ValidationError(rules.MINUTES_MESSAGE)
        field.data = number


class AddStepForm(Form):
    """Which roadmap a guide step goes to (optional while the user has at most one)."""

    roadmap_id = IntegerField(
        "Roadmap",
        validators=[
            Optional(), NumberRange(min=1, max=MAX_ID, message="Choose one of your roadmaps.")
        ],
    )


class ConfirmForm(Form):
    """A confirmation with nothing to fill in but the CSRF token."""
