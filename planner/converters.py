"""The URL converters of `<id:...>` and `<token:...>`: shapes refused before any query runs."""

from werkzeug.routing import BaseConverter, IntegerConverter

from planner.params import MAX_ID


class IdConverter(IntegerConverter):
    """`<id:name>` in a route: an id from 1 to MAX_ID; anything else is a 404."""

    def __init__(self, url_map, *args, **kwargs):
        super().__init__(url_map, min=1, max=MAX_ID)


class TokenConverter(BaseConverter):
    """`<token:name>` in a route: a URL-safe secret of the length we make; else a 404."""

    # Refused before any query: nothing of another shape can be a token of ours.
    regex = r"[A-Za-z0-9_-]{22,86}"
