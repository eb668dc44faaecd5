"""What the comment templates are given: one CommentsView per page, built for its viewer."""

from dataclasses import dataclass, field
from datetime import datetime

from flask import url_for

from planner.accounts.service import admin_ids
from planner.comments.forms import CommentForm, blank_form
from planner.comments.models import Comment
from planner.comments.policy import ModerationRules
from planner.comments.rule_store import current_rules
from planner.comments.threads import SectionCount, section_counts
from planner.comments.viewer import Viewer, current_viewer, saved_details
from planner.content import Guide
from planner.database import utcnow
from planner.idempotency import new_key


@dataclass
class CommentsView:
    """Everything the comment templates need besides the comments themselves.

    page_number is the page of comments shown (reply links come back to it); heading_level
    is None for a thread opened in place on a guide page (its title an h3, its forms under
    h4), else the level of the headings on a page of its own. focus_thread puts the focus on
    the title of a thread just opened; landed is the comment a plain form post lands on, which
    shows the message beside it.
    """

    guide: Guide
    viewer: Viewer
    rules: ModerationRules
    form: CommentForm
    reply_to: int | None = None
    forms: dict[str, CommentForm] = field(default_factory=dict)
    focus: int | None = None
    page_number: int = 1
    heading_level: int | None = None
    focus_thread: bool = False
    landed: int | None = None
    now: datetime = field(default_factory=utcnow)
    admin_ids: frozenset[int] = frozenset()  # authors whose comments carry the admin badge
    _urls: dict = field(default_factory=dict, repr=False)
    _keys: dict = field(default_factory=dict, repr=False)

    @property
    def thread_heading_level(self) -> int:
        """The level of a thread's title: under its section's h2 on a guide page."""
        return self.heading_level or 3

    @property
    def reply_heading_level(self) -> int:
        """The level of the heading over a reply form: on a guide page, below its thread's."""
        return self.heading_level or 4

    def focus_field(self, slot, parent: Comment | None) -> str | None:
        """The field of a form that takes the focus: the first one needing a fix, else the
        comment box of a reply form just opened."""
        form = self.form_for(slot)
        names = ["comment"] + ([] if self.viewer.signed_in else ["author", "email", "url"])
        invalid = [name for name in names if form[name].errors]
        if invalid:
            return invalid[0]
        return "comment" if parent is not None and self.reply_to == parent.id else None

    def form_for(self, slot) -> CommentForm:
        """The form shown in a slot: the one with errors if it was just sent, else blank."""
        return self.forms.get(str(slot), self.form)

    def form_key(self, slot) -> str:
        """The idempotency key of the form in a slot: the one it was sent with if it comes
        back with errors, else a fresh one per form, as the page's forms share one blank."""
        sent = self.forms.get(str(slot))
        if sent is not None and sent.idempotency_key.data:
            return sent.idempotency_key.data
        return self._keys.setdefault(str(slot), new_key())

    def can_reply(self, comment: Comment) -> bool:
        """Replies go under approved comments, when threads may nest at all."""
        return comment.is_approved and self.rules.thread_depth > 1

    def page_url(self, section_key: str, number: int, **args) -> str:
        """Where page number of a section's thread lives: the thread's own page."""
        if number > 1:
            args["page"] = number
        return url_for("comments.index", slug=self.guide.slug, section_key=section_key, **args)

    def reply_url(self, comment: Comment) -> str:
        """The no-JavaScript link that shows the reply form under a comment."""
        number = self.page_number
        # Built once per page and section, then completed per comment: url_for for every
        # comment of a long thread costs more than the rest of its markup.
        key = ("reply-link", comment.section_key, number)
        if key not in self._urls:
            base = self.page_url(comment.section_key, number, replytocom=0)
            self._urls[key] = base[: -len("replytocom=0")] + "replytocom="
        return f"{self._urls[key]}{comment.id}#respond-{comment.id}"

    def comment_url(self, comment: Comment) -> str:
        """The lasting link to a comment: it answers with the page of its thread showing it
        now, however many comments came since (a plain link, so the browser keeps the
        #comment-<id> of the redirect)."""
        key = ("permalink", comment.section_key)
        if key not in self._urls:
            self._urls[key] = url_for(
                "comments.permalink",
                slug=self.guide.slug,
                section_key=comment.section_key,
                comment_id=0,
            )[:-1]
        return f"{self._urls[key]}{comment.id}"

    def reply_route(self, comment: Comment) -> str:
        """The URL htmx asks for the reply form under a comment."""
        key = ("reply-route", comment.section_key)
        if key not in self._urls:
            self._urls[key] = url_for(
                "comments.reply",
                slug=self.guide.slug,
                section_key=comment.section_key,
                comment_id=0,
            )[:-1]
        return f"{self._urls[key]}{comment.id}"


def comments_view(guide: Guide, **overrides) -> CommentsView:
    """A CommentsView for this request's viewer, with the blank form they would see."""
    viewer = current_viewer()
    form = blank_form(viewer.signed_in, saved_details())
    overrides.setdefault("admin_ids", admin_ids())
    return CommentsView(guide, viewer, current_rules(), form, **overrides)


def guide_counts(guide: Guide) -> dict[str, SectionCount]:
    """The folded line of every section of a guide page, as this viewer counts: one query."""
    counts = section_counts(guide.slug, current_viewer())
    return {s.key: counts.get(s.key, SectionCount()) for s in guide.sections}
