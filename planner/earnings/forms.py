"""Forms of the earnings page; every message says how to fix the input."""

from wtforms import DateField, IntegerField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, NumberRange, Optional, ValidationError

from planner.earnings import fund, money, rules, service
from planner.forms import Form
from planner.idempotency import key_field
from planner.roadmaps.forms import strip, too_long, year_in_range


def upper(value):
    """Currency codes in capitals, whatever was typed."""
    return value.strip().upper() if isinstance(value, str) else value


def _choices(labels: dict[str, str]) -> list[SelectChoice]:
    """The options of a select, from value -> label."""
    return [SelectChoice(value, label) for value, label in labels.items()]


class WholeNumberField(IntegerField):
    """An IntegerField that takes the digits 0-9 only: int() alone would also take "١٢",
    "1_0" and "+5", and a bad value would read "Not a valid integer value."."""

    def __init__(self, label=None, validators=None, *, message: str, **kwargs):
        super().__init__(label, validators, **kwargs)
        self.message = message

    def process_formdata(self, valuelist) -> None:
        """Read the number, or leave None with the field's own message."""
        raw = valuelist[0].strip() if valuelist else ""
        if not raw:  # Optional or InputRequired decides what empty means
            self.data = None
            return
        if not (raw.isascii() and raw.isdigit()):
            self.data = None
            raise ValueError(self.message)
        try:
            super().process_formdata([raw])
        except ValueError:  # too many digits for int()
            raise ValueError(self.message) from None


def day_field(label: str = "Date") -> DateField:
    """A calendar date within the years the app covers."""
    return DateField(label, validators=[InputRequired("Enter the date."), year_in_range],
                     format="%Y-%m-%d",
                     invalid_value_message="Enter the date as YYYY-MM-DD, for example 2026-03-05.")


def currency_field(label: str = "Currency", required: bool = True) -> StringField:
    """A three-letter ISO 4217 code."""
    first = InputRequired("Enter a currency code.") if required else Optional()
    return StringField(label, filters=[upper], validators=[first, known_currency],
                       render_kw={"maxlength": 3, "autocapitalize": "characters",
                                  "spellcheck": "false", "list": "currencies"})


def known_currency(form, field) -> None:
    """Only ISO 4217 codes."""
    if field.data and not money.is_currency(field.data):
        raise ValidationError("Enter a three-letter ISO currency code, such as PKR or USD.")


class MoneyForm(Form):
    """A form with an amount in a currency; validation leaves the amount in minor units."""

    amount = StringField("Amount", filters=[strip], render_kw={"inputmode": "decimal"},
                         validators=[InputRequired("Enter an amount, for example 12.50.")])
    currency = currency_field()
    minor: int | None = None

    def validate_amount(self, field) -> None:
        """Digits, above zero, within bounds, no more decimals than the currency has."""
        currency = upper(self.currency.data or "")
        if not money.is_currency(currency):
            currency = money.DEFAULT_CURRENCY  # the currency field reports its own error
        try:
            self.minor = money.parse_amount(field.data, currency)
        except money.AmountError as error:
            raise ValidationError(str(error)) from None


MINUTES_MESSAGE = f"Enter the minutes as a whole number from 1 to {rules.MINUTES_MAX:,}."


class EarningForm(MoneyForm):
    """One earnings entry."""

    idempotency_key = key_field()
    day = day_field()
    platform = StringField("Platform", filters=[strip], render_kw={"list": "platforms"},
                           validators=[DataRequired("Enter the platform you worked on."),
                                       too_long(rules.PLATFORM_MAX, "platform")])
    kind = SelectField("Kind of task", choices=_choices(rules.KINDS),
                       validate_choice=False, default="data-entry",
                       validators=[InputRequired("Choose a kind of task.")])
    minutes = WholeNumberField(
        "Minutes spent",
        validators=[Optional(), NumberRange(min=1, max=rules.MINUTES_MAX, message=MINUTES_MESSAGE)],
        message=MINUTES_MESSAGE, render_kw={"inputmode": "numeric"},
    )

    def validate_kind(self, field) -> None:
        """Only the kinds listed."""
        if field.data not in rules.KINDS:
            raise ValidationError("Choose one of the kinds of task listed.")

    def values(self) -> service.EarningValues:
        """The validated entry."""
        return service.EarningValues(self.day.data, self.platform.data, self.kind.data,
                                     self.minor, self.currency.data, self.minutes.data)


class CashOutForm(MoneyForm):
    """A cash-out from a platform."""

    idempotency_key = key_field()
    day = day_field()
    platform = StringField("From platform", filters=[strip], render_kw={"list": "platforms"},
                           validators=[DataRequired("Enter the platform you cashed out from."),
                                       too_long(rules.PLATFORM_MAX, "platform")])
    destination = SelectField("To", choices=_choices(rules.DESTINATIONS),
                              validate_choice=False, default="paypal",
                              validators=[InputRequired("Choose where the money went.")])

    def validate_destination(self, field) -> None:
        """Only the destinations listed."""
        if field.data not in rules.DESTINATIONS:
            raise ValidationError("Choose where the money went from the list.")

    def values(self) -> service.CashOutValues:
        """The validated cash-out."""
        return service.CashOutValues(self.day.data, self.platform.data, self.destination.data,
                                     self.minor, self.currency.data)


class SpendForm(MoneyForm):
    """Spending from the learning fund."""

    idempotency_key = key_field()
    day = day_field()
    label = StringField("Spent on", filters=[strip],
                        validators=[DataRequired("Say what you spent it on, e.g. a course."),
                                    too_long(rules.LABEL_MAX, "description")])

    def values(self) -> service.SpendValues:
        """The validated spending."""
        return service.SpendValues(self.day.data, self.label.data, self.minor, self.currency.data)


PERCENT_MESSAGE = "Enter a percentage from 0 to 100, in digits 0-9."


class SettingsForm(Form):
    """The default currency, the fund rule and the goal."""

    currency = currency_field("Default currency")
    percent = WholeNumberField(
        "Share of every cash-out for the fund (%)",
        validators=[InputRequired(PERCENT_MESSAGE),
                    NumberRange(min=fund.PERCENT_MIN, max=fund.PERCENT_MAX,
                                message=PERCENT_MESSAGE)],
        message=PERCENT_MESSAGE, render_kw={"inputmode": "numeric"},
    )
    goal_label = StringField("Goal", filters=[strip],
                             validators=[too_long(rules.LABEL_MAX, "goal")])
    goal_amount = StringField("Goal amount", filters=[strip],
                              render_kw={"inputmode": "decimal"})
    goal_currency = currency_field("Goal currency", required=False)
    goal_minor: int | None = None

    def validate_goal_amount(self, field) -> None:
        """Empty for no goal; otherwise an amount like any other, with its currency."""
        if not field.data:
            return
        currency = upper(self.goal_currency.data or "") or upper(self.currency.data or "")
        if not money.is_currency(currency):
            raise ValidationError("Enter the goal's currency as well.")
        try:
            self.goal_minor = money.parse_amount(field.data, currency)
        except money.AmountError as error:
            raise ValidationError(str(error)) from None

    def goal_currency_code(self) -> str | None:
        """The goal's currency: its own, or the default one."""
        return (self.goal_currency.data or self.currency.data) if self.goal_minor else None

