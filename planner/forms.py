"""The base of every form: it reads only the text parts of a post."""

from flask import request
from flask_wtf import FlaskForm

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
