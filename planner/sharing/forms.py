"""Forms of the share controls: each carries its CSRF token; the creating ones a key too."""

from wtforms import BooleanField

from planner.forms import Form
from planner.idempotency import key_field
from planner.sharing.links import Options


class CreateForm(Form):
    """Make a share link or a calendar feed: nothing to fill in but the key."""

    idempotency_key = key_field()


class OptionsForm(Form):
    """What the share link shows beyond titles, statuses and progress."""

    show_notes = BooleanField("Show notes")
    show_evidence = BooleanField("Show evidence links")
    show_earnings = BooleanField("Show my earnings summary")

    def options(self) -> Options:
        """The ticked options."""
        return Options(self.show_notes.data, self.show_evidence.data, self.show_earnings.data)
