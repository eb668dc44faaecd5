"""A user's roadmaps and their milestones."""

from datetime import date, datetime

from sqlalchemy import (
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from planner.database import utcnow
from planner.extensions import db
from planner.roadmaps import rules, timeline


def _one_of(column: str, values: tuple[str, ...]) -> str:
    """SQL for a CHECK that column holds one of values (our own constants, never input)."""
    quoted = ", ".join(f"'{value}'" for value in values)
    return f"{column} IN ({quoted})"


class Roadmap(db.Model):
    """A named, ordered plan belonging to one user."""

    __tablename__ = "roadmaps"
    __table_args__ = (CheckConstraint(_one_of("template", rules.TEMPLATE_NAMES), name="template"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # Deleting an account removes its roadmaps (and, through them, their milestones).
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(rules.NAME_MAX))
    template: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    milestones: Mapped[list["Milestone"]] = relationship(
        back_populates="roadmap",
        order_by="(Milestone.position, Milestone.id)",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )


class Milestone(db.Model):
    """One step of a roadmap; guide steps keep their key, title and track as copied."""

    __tablename__ = "milestones"
    __table_args__ = (
        CheckConstraint(_one_of("status", rules.STATUSES), name="status"),
        CheckConstraint(_one_of("track", rules.TRACKS), name="track"),
        # NULL step keys (custom milestones) never collide, so only guide steps are unique.
        UniqueConstraint("roadmap_id", "track", "step_key", name="uq_milestones_step"),
        Index("ix_milestones_roadmap_track_position", "roadmap_id", "track", "position"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    roadmap_id: Mapped[int] = mapped_column(ForeignKey("roadmaps.id", ondelete="CASCADE"))
    position: Mapped[int]
    title: Mapped[str] = mapped_column(String(rules.TITLE_MAX))
    notes: Mapped[str] = mapped_column(Text, default="")
    target_date: Mapped[date | None] = mapped_column(Date)
    evidence_url: Mapped[str | None] = mapped_column(String(rules.URL_MAX))
    track: Mapped[str] = mapped_column(String(16))
    step_key: Mapped[str | None] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(8), default=rules.TODO)
    status_changed_at: Mapped[datetime] = mapped_column(default=utcnow)
    done_at: Mapped[datetime | None]
    skipped_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # The running total of the time logged against it; each entry is also in the history.
    # The UPDATE that adds to it keeps it within rules.MINUTES_TOTAL_MAX.
    minutes_spent: Mapped[int] = mapped_column(default=0, server_default="0")

    roadmap: Mapped[Roadmap] = relationship(back_populates="milestones")

    @property
    def is_overdue(self) -> bool:
        """True when the target date has passed (UTC) and the milestone is still open."""
        return rules.is_overdue(self.target_date, self.status, utcnow().date())

    @property
    def status_label(self) -> str:
        """The status as shown to people."""
        return rules.STATUS_LABELS[self.status]


class MilestoneEvent(db.Model):
    """One change to a milestone: who made it, what kind, which field, from what, to what, when.

    Written in the transaction of the change itself. It keeps the milestone's title and track
    as they were, so the history of a deleted milestone still reads.
    """

    __tablename__ = "milestone_events"
    __table_args__ = (
        CheckConstraint(_one_of("kind", timeline.KINDS), name="kind"),
        CheckConstraint(_one_of("actor", timeline.ACTORS), name="actor"),
        # The history page: one roadmap's changes, newest first.
        Index("ix_milestone_events_roadmap_created", "roadmap_id", "created_at", "id"),
        # The streak, the calendar and the weekly chart: one roadmap's changes of some kinds.
        Index("ix_milestone_events_roadmap_kind_created", "roadmap_id", "kind", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # Deleting a roadmap (or the account) deletes its history with it.
    roadmap_id: Mapped[int] = mapped_column(ForeignKey("roadmaps.id", ondelete="CASCADE"))
    # No foreign key: the history outlives the milestone it tells of.
    milestone_id: Mapped[int]
    # The person who made the change; None for changes the app made by itself.
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    actor: Mapped[str] = mapped_column(String(16), default=timeline.PERSON)
    kind: Mapped[str] = mapped_column(String(16))
    field: Mapped[str | None] = mapped_column(String(16))
    old_value: Mapped[str | None] = mapped_column(Text)
    new_value: Mapped[str | None] = mapped_column(Text)
    title: Mapped[str] = mapped_column(String(rules.TITLE_MAX))
    track: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    @property
    def automatic(self) -> bool:
        """True for a change the app made by itself (the earnings loop), not a person."""
        return self.actor == timeline.AUTOMATIC
