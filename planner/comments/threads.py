"""Reading threads for display, in a fixed number of queries whatever their size."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from markupsafe import Markup
from sqlalchemy import ColumnElement, and_, case, false, func, or_, select

from planner.comments import text
from planner.comments.models import Comment
from planner.comments.policy import ModerationRules
from planner.comments.status import CommentStatus
from planner.comments.viewer import Viewer
from planner.extensions import db


@dataclass
class Node:
    """A comment with the replies shown under it."""

    comment: Comment
    children: list["Node"] = field(default_factory=list)
    more_replies: int | None = None  # the page of further replies, when there are more


@dataclass
class Page:
    """One page of top-level comments of a section, with their replies; or, as kept for
    everybody (thread_pages.py), its markup alone, with no nodes."""

    guide_slug: str
    section_key: str
    number: int
    nodes: list[Node]
    has_more: bool
    html: Markup | None = None
    shown: int = 0  # top-level comments on the page
    first_id: int | None = None

    def __post_init__(self) -> None:
        if self.html is None:
            self.shown = len(self.nodes)
            self.first_id = self.nodes[0].comment.id if self.nodes else None


@dataclass
class Replies:
    """One page of the direct replies to a comment, each with its own first replies."""

    parent: Comment
    number: int
    nodes: list[Node]
    has_more: bool


@dataclass(frozen=True)
class SectionCount:
    """A section's comments as one viewer counts them: the approved ones everybody sees, and
    the viewer's own that wait for moderation (shown to them alone, never in the public count)."""

    approved: int = 0
    own_pending: int = 0

    @property
    def title(self) -> str:
        """The title over the opened thread."""
        return text.thread_title(self.approved, self.own_pending)

    @property
    def fold(self) -> str:
        """The line of the folded thread."""
        return text.fold_label(self.approved, self.own_pending)


@dataclass
class Thread:
    """What an opened thread shows: its counts and a page of comments."""

    count: SectionCount
    page: Page


def visible_to(viewer: Viewer) -> ColumnElement[bool]:
    """Approved comments, plus the viewer's own that still wait for moderation."""
    own = []
    if viewer.user_id is not None:
        own.append(Comment.user_id == viewer.user_id)
    if viewer.own_ids:
        own.append(Comment.id.in_(viewer.own_ids))
    if not own:
        return Comment.status == CommentStatus.APPROVED
    return or_(
        Comment.status == CommentStatus.APPROVED,
        and_(Comment.status == CommentStatus.PENDING, or_(*own)),
    )


def shown_to(comment_id: int, viewer: Viewer) -> Comment | None:
    """The comment if viewer may see it on its thread (admins: any they moderate), in one query."""
    query = select(Comment).where(Comment.id == comment_id)
    if not viewer.is_admin:
        query = query.where(visible_to(viewer))
    return db.session.scalar(query)


def newest_first():
    """Order of top-level comments: new ones on top, where the reply form puts them."""
    return (Comment.created_at.desc(), Comment.id.desc())


def load_page(
    guide_slug: str, section_key: str, number: int, viewer: Viewer, rules: ModerationRules
) -> Page:
    """Page number of a section's top-level comments with their replies, in two queries."""
    comments = list(
        db.session.scalars(
            select(Comment)
            .where(
                Comment.guide_slug == guide_slug,
                Comment.section_key == section_key,
                Comment.parent_id.is_(None),
                visible_to(viewer),
            )
            .order_by(*newest_first())
            .offset((number - 1) * rules.per_page)
            .limit(rules.per_page + 1)
        )
    )
    shown = comments[: rules.per_page]
    replies = load_replies(guide_slug, section_key, [c.id for c in shown], viewer,
                           rules.per_page)
    nodes = build_trees(shown, replies, rules.per_page)
    return Page(
        guide_slug, section_key, number, [nodes[c.id] for c in shown], len(comments) > len(shown)
    )


def section_counts(
    guide_slug: str, viewer: Viewer, section_key: str | None = None
) -> dict[str, SectionCount]:
    """Per section of a guide (or of one section), the approved comments and the viewer's own
    pending ones, replies included, in one grouped query."""
    pending = Comment.status == CommentStatus.PENDING  # visible_to() lets only the own through
    query = select(
        Comment.section_key,
        func.sum(case((Comment.status == CommentStatus.APPROVED, 1), else_=0)),
        func.sum(case((pending, 1), else_=0)),
    ).where(Comment.guide_slug == guide_slug, visible_to(viewer))
    if section_key is not None:
        query = query.where(Comment.section_key == section_key)
    rows = db.session.execute(query.group_by(Comment.section_key))
    return {key: SectionCount(int(approved), int(own)) for key, approved, own in rows}


def load_replies(
    guide_slug: str, section_key: str, root_ids: Sequence[int], viewer: Viewer, per_parent: int
) -> list[Comment]:
    """The first visible replies below the given comments of a section, oldest first, in one
    query: at most per_parent + 1 under each comment (the extra one says there are more)."""
    rank = (
        func.row_number()
        .over(partition_by=Comment.parent_id, order_by=(Comment.created_at, Comment.id))
        .label("rank")
    )
    ranked = (
        select(Comment.id, Comment.parent_id, rank)
        # Replies stay in their parent's section: ranking only the section's (in the order of
        # ix_comments_section_tree) keeps the cost off the rest of the guide's comments.
        .where(Comment.guide_slug == guide_slug, Comment.section_key == section_key,
               Comment.parent_id.is_not(None), visible_to(viewer))
        .subquery()
    )
    first = ranked.c.rank <= per_parent + 1
    # Always run, even for no roots, so the number of queries never depends on the data.
    start = ranked.c.parent_id.in_(root_ids) if root_ids else false()
    tree = select(ranked.c.id).where(start, first).cte("tree", recursive=True)
    tree = tree.union_all(
        select(ranked.c.id).join(tree, ranked.c.parent_id == tree.c.id).where(first)
    )
    return list(
        db.session.scalars(
            select(Comment)
            .where(Comment.id.in_(select(tree.c.id)))
            .order_by(Comment.created_at, Comment.id)
        )
    )


def load_more_replies(parent: Comment, number: int, viewer: Viewer, rules: ModerationRules
                      ) -> Replies:
    """Page number of the direct replies to parent, each with its first replies, in two
    queries."""
    direct = list(
        db.session.scalars(
            select(Comment)
            .where(Comment.guide_slug == parent.guide_slug,
                   Comment.section_key == parent.section_key,
                   Comment.parent_id == parent.id, visible_to(viewer))
            .order_by(Comment.created_at, Comment.id)
            .offset((number - 1) * rules.per_page)
            .limit(rules.per_page + 1)
        )
    )
    shown = direct[: rules.per_page]
    below = load_replies(parent.guide_slug, parent.section_key, [c.id for c in shown], viewer,
                         rules.per_page)
    nodes = build_trees(shown, below, rules.per_page)
    return Replies(parent, number, [nodes[c.id] for c in shown], len(direct) > len(shown))


def build_trees(
    roots: Iterable[Comment], replies: Iterable[Comment], per_parent: int
) -> dict[int, Node]:
    """Nodes for roots and replies, each reply attached under its parent; a parent keeps
    its first per_parent replies and notes that there are more."""
    nodes = {c.id: Node(c) for c in roots}
    replies = list(replies)
    for reply in replies:
        nodes[reply.id] = Node(reply)
    for reply in replies:
        parent = nodes.get(reply.parent_id)
        if parent is None:
            continue
        if len(parent.children) < per_parent:
            parent.children.append(nodes[reply.id])
        else:
            parent.more_replies = 2
    return nodes


def page_of(comment: Comment, viewer: Viewer, rules: ModerationRules) -> int:
    """The page of its section on which a comment (or the thread it is in) is shown."""
    root = comment
    while root.parent_id is not None:
        root = db.session.get(Comment, root.parent_id)
    newer = db.session.scalar(
        select(func.count()).where(
            Comment.guide_slug == root.guide_slug,
            Comment.section_key == root.section_key,
            Comment.parent_id.is_(None),
            visible_to(viewer),
            or_(
                Comment.created_at > root.created_at,
                and_(Comment.created_at == root.created_at, Comment.id > root.id),
            ),
        )
    )
    return newer // rules.per_page + 1
