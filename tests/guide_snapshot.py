"""The guide text as the pages render it, and the recorded copy it must keep matching.

The copy, tests/data/guide_sections.json, was recorded from the pages as they were before the
content format changed. Re-record it only on purpose, after a deliberate change of wording:
    APP_ENV=testing .venv/bin/python -m tests.guide_snapshot
"""

import json
import re
import sys
from html import escape
from html.parser import HTMLParser
from pathlib import Path

SNAPSHOT = Path(__file__).parent / "data" / "guide_sections.json"
# The pages whose guide text is recorded: the home page shows the comparison table.
PAGES = (
    "/",
    "/guides/micro-jobs-vs-freelancing",
    "/guides/micro-jobs",
    "/guides/freelancing",
)
# Elements that hold guide text. Roadmap and comment controls inside a guide are left out,
# so the record changes only when the guide text or its markup does.
TEXT_TAGS = frozenset({"h1", "h2", "p", "ul", "ol", "nav", "table"})
LEFT_OUT = frozenset({"add-step", "comment-discussion", "comment-thread", "toc-count",
                      "call-to-action", "path-invite"})
VOID_TAGS = frozenset({"area", "br", "col", "hr", "img", "input", "link", "meta", "source", "wbr"})


class _GuideText(HTMLParser):
    """Collects the text elements inside <main>, grouped by the section that holds them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.sections: dict[str, list[str]] = {}
        self._stack: list[tuple[str, bool, str]] = []  # (tag, starts a block, section before)
        self._skipping = 0  # open elements that are left out, with all they hold
        self._main = False
        self._section = "page"
        self._block: list[str] | None = None

    def handle_starttag(self, tag, attrs) -> None:
        """Note where we are; start or extend a recorded element."""
        attrs = dict(attrs)
        classes = set((attrs.get("class") or "").split())
        void = tag in VOID_TAGS
        starts, before = False, self._section
        if tag == "main":
            self._main = True
        elif tag == "section" and attrs.get("id") and self._block is None:
            self._section = attrs["id"]
        if self._skipping or classes & LEFT_OUT or tag == "form":
            self._skipping += 0 if void else 1
            return
        if self._main and self._block is None and (tag in TEXT_TAGS or "table-wrap" in classes):
            self._block, starts = [], True
        if self._block is not None:
            shown = "".join(f' {k}="{escape(v or "", quote=True)}"' for k, v in attrs.items())
            self._block.append(f"<{tag}{shown}>")
        if not void:
            self._stack.append((tag, starts, before))

    def handle_endtag(self, tag) -> None:
        """Close an element; a recorded one is stored with its spaces tidied."""
        if tag in VOID_TAGS:
            return
        if self._skipping:
            self._skipping -= 1
            return
        if not self._stack:
            return
        _, starts, self._section = self._stack.pop()
        if tag == "main":
            self._main = False
        if self._block is None:
            return
        self._block.append(f"</{tag}>")
        if starts:
            # Template indentation is not text: only spaces between two tags are dropped.
            html = re.sub(r">\s+<", "><", re.sub(r"\s+", " ", "".join(self._block)))
            self.sections.setdefault(self._section, []).append(html)
            self._block = None

    def handle_data(self, data) -> None:
        """Copy text inside a recorded element, escaped as the page has it."""
        if self._block is not None and not self._skipping:
            self._block.append(escape(data, quote=False))


def page_sections(html: str) -> list[dict]:
    """The text elements of a page's main part, section by section, in page order.

    Each entry is {"section": id, "blocks": [markup, ...]}; "page" stands for no section.
    """
    parser = _GuideText()
    parser.feed(html)
    parser.close()
    return [{"section": key, "blocks": blocks} for key, blocks in parser.sections.items()]


def render_pages(client) -> dict[str, list[dict]]:
    """Fetch every recorded page as an anonymous visitor and collect its guide text."""
    pages = {}
    for url in PAGES:
        response = client.get(url)
        assert response.status_code == 200, url
        pages[url] = page_sections(response.get_data(as_text=True))
    return pages


def recorded() -> dict[str, list[dict]]:
    """The guide text as recorded."""
    return json.loads(SNAPSHOT.read_text(encoding="utf-8"))


def _record() -> None:
    """Write the current pages' guide text to the snapshot file."""
    from planner import create_app
    from planner.extensions import db

    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite:///:memory:"})
    with app.app_context():
        db.create_all()
    pages = render_pages(app.test_client())
    SNAPSHOT.parent.mkdir(exist_ok=True)
    SNAPSHOT.write_text(json.dumps(pages, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {SNAPSHOT}", file=sys.stderr)


if __name__ == "__main__":
    _record()
