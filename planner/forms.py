"""The base of every form: it reads only the text parts of a post; empty controls remembered."""

from flask import request
from flask_wtf import FlaskForm
from markupsafe import Markup

SUBMIT_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
_FROM_REQUEST = object()
NUL_MESSAGE = "Remove the invisible control characters."


class Form(FlaskForm):
    """A FlaskForm fed from request.form alone.

    Flask-WTF would also feed it uploaded files and JSON bodies, so a client could hand a text
    field a file or a nested object; no form here takes either.
    """

    def __init__(self, formdata=_FROM_REQUEST, **kwargs):
        if formdata is _FROM_REQUEST:
            submitted = request.method in SUBMIT_METHODS
            formdata = (request.form or None) if submitted else None
        super().__init__(formdata=formdata, **kwargs)

    def validate(self, extra_validators=None) -> bool:
        """The fields' own checks, then: no text with NUL, which PostgreSQL cannot store."""
        valid = super().validate(extra_validators)
        for field in self:
            if isinstance(field.data, str) and "\x00" in field.data and not field.errors:
                field.errors = [NUL_MESSAGE]
                valid = False
        return valid


# (form class, field name, field id, attributes) -> the markup of that field left empty
_EMPTY_CONTROLS: dict[tuple, Markup] = {}
EMPTY_CONTROLS_MAX = 256  # a few forms' fields at a few ids each; past that, start again


def empty_control(field, **attrs) -> Markup:
    """field(**attrs), remembered while the field is empty: with no data and no errors its
    markup depends only on its form's class, its name and attrs, so a page that shows the
    same empty form several times (the roadmap's add forms) renders each control once."""
    if field.errors or field.raw_data or field.data not in (None, ""):
        return field(**attrs)
    key = (type(field._form), field.name, field.id, tuple(sorted(attrs.items())))
    found = _EMPTY_CONTROLS.get(key)
    if found is None:
        if len(_EMPTY_CONTROLS) >= EMPTY_CONTROLS_MAX:
            _EMPTY_CONTROLS.clear()
        found = _EMPTY_CONTROLS[key] = field(**attrs)
    return found
