"""Small functions the roadmap tests use to read answers."""

import re


def text(response) -> str:
    """The response body as text."""
    return response.get_data(as_text=True)


def ids_in(html: str) -> list[str]:
    """The milestone root ids in a piece of HTML, in document order."""
    return re.findall(r'<li id="(milestone-\d+)"', html)
