"""What every milestone row of one roadmap shares, built once per render.

A row links to seven actions; url_for each time costs more than the rest of the row, so each
address is built once with a placeholder id, and each row's id is put in its place.
"""

from urllib.parse import quote

from flask import url_for
from markupsafe import Markup

from planner.params import MAX_ID

PLACEHOLDER = str(MAX_ID)  # an id no row has; it stands for each row's own
ACTIONS = {
    "row": "roadmaps.milestone",
    "status": "roadmaps.set_status",
    "move": "roadmaps.move_milestone",
    "track": "roadmaps.move_to_track",
    "time": "roadmaps.log_time",
    "edit": "roadmaps.edit_milestone",
    "delete": "roadmaps.delete_milestone",
}
# Flask quotes an anchor with these characters kept (flask.app.Flask.url_for).
ANCHOR_SAFE = "%!#$&'()*+,/:;=?@"


class RowKit:
    """The addresses of one roadmap's milestone actions and the page's CSRF field."""

    def __init__(self, roadmap_id: int, csrf_field: Markup):
        self.roadmap_id = roadmap_id
        self.csrf = csrf_field
        self._parts: dict[str, tuple[str, str]] = {}
        self._guides: dict[str, str] = {}
        self._add: str | None = None

    def urls(self, milestone_id: int) -> dict[str, str]:
        """The address of each action on that milestone, by the names of ACTIONS."""
        shown = str(milestone_id)
        return {action: self._url(action, shown) for action in ACTIONS}

    def _url(self, action: str, shown: str) -> str:
        parts = self._parts.get(action)
        if parts is None:
            built = url_for(ACTIONS[action], roadmap_id=self.roadmap_id, milestone_id=MAX_ID)
            # The last placeholder is the milestone's: the roadmap's id comes before it.
            before, _, after = built.rpartition(PLACEHOLDER)
            parts = self._parts[action] = (before, after)
        return parts[0] + shown + parts[1]

    def add_milestone(self) -> str:
        """The address the add forms post to (once per kit: three tracks share it)."""
        if self._add is None:
            self._add = url_for("roadmaps.add_milestone", roadmap_id=self.roadmap_id)
        return self._add

    def guide_step(self, track: str, step_key: str) -> str:
        """The address of a guide step a milestone came from."""
        page = self._guides.get(track)
        if page is None:
            page = self._guides[track] = url_for("guides.show", slug=track)
        return f"{page}#{quote(step_key, safe=ANCHOR_SAFE)}"
