"""What the sharing tests read: the addresses a share page hands out, and their tokens."""

from urllib.parse import urlsplit

from tests.support.html import attributes
from tests.support.roadmaps import text


def share_url(roadmap_id: int) -> str:
    """The owner's share page of a roadmap."""
    return f"/roadmap/{roadmap_id}/share"


def address(response, field: str = "share-url") -> str:
    """The address in the page's read-only field (share-url or feed-url)."""
    return attributes(text(response), id=field)["value"]


def path_of(url: str) -> str:
    """The path of an absolute address, for the test client."""
    return urlsplit(url).path


def make_link(client, post, roadmap_id: int) -> str:
    """Create the roadmap's share link through the form; return its path (/s/<token>)."""
    assert post(share_url(roadmap_id), {}).status_code == 303
    return path_of(address(client.get(share_url(roadmap_id))))


def make_feed(client, post, roadmap_id: int) -> str:
    """Make the signed-in user's calendar feed through the form; return its path."""
    assert post(share_url(roadmap_id) + "/feed", {}).status_code == 303
    return path_of(address(client.get(share_url(roadmap_id)), "feed-url"))
