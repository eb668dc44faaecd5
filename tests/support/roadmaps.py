"""What the roadmap tests read answers with, and the roadmap a factory made."""

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Made:
    """A roadmap made for a test: its id, its owner and its milestone ids in page order."""

    id: int
    user: object
    milestone_ids: tuple[int, ...]

    @property
    def url(self) -> str:
        """The roadmap page."""
        return f"/roadmap/{self.id}"

    def milestone_url(self, index: int = 0, action: str = "") -> str:
        """The URL of one of its milestones, optionally of an action on it."""
        url = f"/roadmap/{self.id}/milestones/{self.milestone_ids[index]}"
        return f"{url}/{action}" if action else url


def text(response) -> str:
    """The response body as text."""
    return response.get_data(as_text=True)


def ids_in(html: str) -> list[str]:
    """The milestone root ids in a piece of HTML, in document order."""
    return re.findall(r'<li id="(milestone-\d+)"', html)
