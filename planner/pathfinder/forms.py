"""The path finder's forms: the answers themselves are checked by questions.parse."""

from planner.forms import Form
from planner.idempotency import key_field


class BuildForm(Form):
    """"Build this roadmap": the answers travel as hidden inputs, with an idempotency key."""

    idempotency_key = key_field()
