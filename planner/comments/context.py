"""The request side of comments: who is looking, saved details, and what templates need."""

from dataclasses import dataclass, field
from datetime import datetime

from flask import Response, current_app, request, session, url_for
from flask_login import current_user
from itsdangerous import BadSignature, URLSafeSerializer

from planner.accounts.service import admin_ids
from planner.comments.forms import CommentForm, blank_form
from planner.comments.models import Comment
from planner.comments.policy import ModerationRules
from planner.comments.rules import current_rules
from planner.comments.threads import OWN_COMMENTS_KEPT, Thread, Viewer, load_threads
from planner.content import Guide
from planner.database import utcnow
from planner.params import parse_id

DETAILS_COOKIE = "comment_author"
DETAILS_SALT = "comment-details"
DETAILS_MAX_AGE = 365 * 24 * 3600
DETAILS_FIELDS = ("author", "email", "url")
OWN_KEY = "own_comments"


def current_viewer() -> Viewer:
    """The viewer of this request, with the comments this browser session posted."""
    own = tuple(int(i) for i in session.get(OWN_KEY, ()) if isinstance(i, int))
    if current_user.is_authenticated:
        return Viewer(current_user.id, current_user.is_admin, current_user.display_name, own)
    return Viewer(own_ids=own)


def remember_own(comment_id: int) -> None:
    """Let this browser session see the comment while it waits for moderation."""
    own = [i for i in session.get(OWN_KEY, []) if isinstance(i, int)]
    session[OWN_KEY] = [*own, comment_id][-OWN_COMMENTS_KEPT:]


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=DETAILS_SALT)


def saved_details() -> dict | None:
    """The name, email and website this browser asked us to remember, if any."""
    raw = request.cookies.get(DETAILS_COOKIE)
    if not raw:
        return None
    try:
        data = _serializer().loads(raw)
    except BadSignature:
        return None
    if not isinstance(data, dict):
        return None
    return {k: str(data.get(k) or "") for k in DETAILS_FIELDS}


def store_details(response: Response, details: dict | None) -> None:
    """Keep the details in a signed, HttpOnly cookie for a year, or clear it when None."""
    secure = current_app.config["SESSION_COOKIE_SECURE"]
    if details is None:
        if DETAILS_COOKIE in request.cookies:
            response.delete_cookie(DETAILS_COOKIE, httponly=True, secure=secure, samesite="Lax")
        return
    response.set_cookie(
        DETAILS_COOKIE,
        _serializer().dumps({k: details.get(k) or "" for k in DETAILS_FIELDS}),
        max_age=DETAILS_MAX_AGE,
        httponly=True,
        secure=secure,
        samesite="Lax",
    )


def has_personal_data() -> bool:
    """True when this request's pages show something only this browser may see."""
    return DETAILS_COOKIE in request.cookies or bool(session.get(OWN_KEY))


@dataclass
class CommentsView:
    """Everything the comment templates need besides the comments themselves."""

    guide: Guide
    viewer: Viewer
    rules: ModerationRules
    form: CommentForm
    threads: dict[str, Thread] = field(default_factory=dict)
    reply_to: int | None = None
    forms: dict[str, CommentForm] = field(default_factory=dict)
    focus: int | None = None
    now: datetime = field(default_factory=utcnow)
    admin_ids: frozenset[int] = frozenset()  # authors whose comments carry the admin badge
    _urls: dict = field(default_factory=dict, repr=False)

    def form_for(self, slot) -> CommentForm:
        """The form shown in a slot: the one with errors if it was just sent, else blank."""
        return self.forms.get(str(slot), self.form)

    def can_reply(self, comment: Comment) -> bool:
        """Replies go under approved comments, when threads may nest at all."""
        return comment.is_approved and self.rules.thread_depth > 1

    def page_url(self, section_key: str, number: int, **args) -> str:
        """Where page number of a section's comments lives without JavaScript."""
        if number == 1:
            return url_for("guides.show", slug=self.guide.slug, **args)
        return url_for(
            "comments.index", slug=self.guide.slug, section_key=section_key, page=number, **args
        )

    def reply_url(self, comment: Comment, number: int) -> str:
        """The no-JavaScript link that shows the reply form under a comment."""
        # Built once per page and section, then completed per comment: url_for for every
        # comment of a long thread costs more than the rest of its markup.
        key = ("reply-link", comment.section_key, number)
        if key not in self._urls:
            base = self.page_url(comment.section_key, number, replytocom=0)
            self._urls[key] = base[: -len("replytocom=0")] + "replytocom="
        return f"{self._urls[key]}{comment.id}#respond-{comment.id}"

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


def guide_threads(guide: Guide) -> CommentsView:
    """All threads of a guide page, loaded in a constant number of queries."""
    view = comments_view(guide, reply_to=parse_id(request.args.get("replytocom")))
    keys = [s.key for s in guide.sections]
    view.threads = load_threads(guide.slug, keys, view.viewer, view.rules)
    return view
