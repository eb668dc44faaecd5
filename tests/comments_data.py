"""Values shared by the comment tests (plain constants, safe to import anywhere)."""

import re

GUIDE = "micro-jobs-vs-freelancing"
SECTION = "introduction"
GUIDE_URL = f"/guides/{GUIDE}"
THREAD_URL = f"{GUIDE_URL}/{SECTION}/comments"


def comment_ids(html: str) -> list[int]:
    """Ids of the comments shown in html, in page order."""
    return [int(i) for i in re.findall(r'<li id="comment-(\d+)"', html)]
