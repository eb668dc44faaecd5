"""What the path finder keeps: a user's last answers, and the answers a roadmap came from."""

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from planner.database import utcnow
from planner.extensions import db

# Six answers as a query string ("skill=video-editing&money=this-week&..."): room to spare.
ANSWERS_MAX = 200


class SavedAnswers(db.Model):
    """A signed-in user's last answers, so the questionnaire opens with them."""

    __tablename__ = "path_answers"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    answers: Mapped[str] = mapped_column(String(ANSWERS_MAX))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class RoadmapAnswers(db.Model):
    """The answers a roadmap was built from, and the path they led to then."""

    __tablename__ = "roadmap_answers"

    roadmap_id: Mapped[int] = mapped_column(
        ForeignKey("roadmaps.id", ondelete="CASCADE"), primary_key=True
    )
    answers: Mapped[str] = mapped_column(String(ANSWERS_MAX))
    path: Mapped[str] = mapped_column(String(16))
