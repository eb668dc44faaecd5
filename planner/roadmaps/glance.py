"""A signed-in user's roadmap at a glance: "3 of 9 done · next: …", for the home page and the
navigation of every page."""

from dataclasses import dataclass
from functools import cache

from flask import g
from flask_login import current_user
from sqlalchemy import bindparam, case, func, select
from sqlalchemy.orm import aliased

from planner.extensions import db
from planner.roadmaps import rules
from planner.roadmaps.models import Milestone, Roadmap


@dataclass(frozen=True)
class Glance:
    """A user's newest roadmap in one line: how far along, and what comes next."""

    roadmap_id: int
    name: str
    done: int
    total: int
    next_title: str | None
    count: int  # how many roadmaps the user keeps


@cache
def _statement():
    """The glance's one query, built once: building it (aliases, correlated subqueries) costs
    more than running it, and every signed-in page's navigation runs it."""
    milestone, kept = aliased(Milestone), aliased(Roadmap)
    of_it = milestone.roadmap_id == Roadmap.id
    owner = bindparam("owner")

    def count(*where):
        return (select(func.count()).select_from(milestone).where(of_it, *where)
                .correlate(Roadmap).scalar_subquery())

    order = case({track: n for n, track in enumerate(rules.TRACKS)}, value=milestone.track)
    next_title = (
        select(milestone.title)
        .where(of_it, milestone.status.in_((rules.DOING, rules.TODO)))
        .order_by(milestone.status != rules.DOING, order, milestone.position, milestone.id)
        .limit(1).correlate(Roadmap).scalar_subquery()
    )
    roadmaps = select(func.count()).select_from(kept).where(kept.user_id == owner)
    return (
        select(Roadmap.id, Roadmap.name, count(milestone.status == rules.DONE), count(),
               next_title, roadmaps.scalar_subquery())
        .where(Roadmap.user_id == owner)
        .order_by(Roadmap.created_at.desc(), Roadmap.id.desc())
        .limit(1)
    )


def glance(owner) -> Glance | None:
    """The newest of owner's roadmaps at a glance (one query), or None without one."""
    row = db.session.execute(_statement(), {"owner": owner.id}).first()
    return Glance(*row) if row is not None else None


def nav_glance() -> Glance | None:
    """The signed-in user's glance for the navigation, read at most once per request (and
    only by a page that shows it)."""
    if "nav_glance" not in g:
        g.nav_glance = glance(current_user) if current_user.is_authenticated else None
    return g.nav_glance
