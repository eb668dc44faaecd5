"""Read a page as a browser would: the attributes of one element, whatever their order."""

from html.parser import HTMLParser


class _FirstMatch(HTMLParser):
    """Keeps the attributes of the first start tag that has all the wanted ones."""

    def __init__(self, wanted: dict[str, str]):
        super().__init__()
        self.wanted = wanted
        self.found: dict[str, str | None] | None = None

    def handle_starttag(self, tag, attrs):
        """Remember this tag's attributes if it is the first that matches."""
        attributes = dict(attrs)
        if self.found is None and all(attributes.get(k) == v for k, v in self.wanted.items()):
            self.found = attributes


def attributes(html: str, **wanted: str) -> dict[str, str | None]:
    """The attributes of the first element having the wanted ones, e.g. name="email"."""
    parser = _FirstMatch(wanted)
    parser.feed(html)
    parser.close()
    assert parser.found is not None, f"no element with {wanted}"
    return parser.found
