"""The path finder's saved state: a user's last answers, and roadmaps built from answers."""

from datetime import date

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite

from planner.content import Library
from planner.database import utcnow
from planner.extensions import db
from planner.pathfinder import questions
from planner.pathfinder.models import RoadmapAnswers, SavedAnswers
from planner.pathfinder.plan import Plan, plan
from planner.pathfinder.recommend import Recommendation, recommend
from planner.roadmaps import service as roadmaps
from planner.roadmaps.models import Roadmap


def guide_steps(library: Library) -> dict[str, tuple[tuple[str, str], ...]]:
    """The step-by-step guides' steps as (key, title) pairs per track."""
    return {g.track: tuple((s.key, s.title) for s in g.steps) for g in library.guides if g.track}


def advise(answers: questions.Answers, library: Library, today: date
           ) -> tuple[Recommendation, Plan]:
    """The recommendation for the answers and the roadmap it suggests."""
    advice = recommend(answers)
    return advice, plan(answers, advice.path, guide_steps(library), today)


def saved_answers(user) -> questions.Answers | None:
    """The user's last answers, if they still fit today's questions."""
    stored = db.session.scalar(select(SavedAnswers.answers).where(SavedAnswers.user_id == user.id))
    return questions.decode(stored) if stored else None


def save_answers(user, answers: questions.Answers) -> None:
    """Remember the user's answers, replacing earlier ones (one row per user, race-free)."""
    _upsert(user.id, questions.encode(answers))
    db.session.commit()


def _upsert(user_id: int, encoded: str) -> None:
    """Insert or replace a user's saved answers in one statement."""
    dialect = db.session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    now = utcnow()
    statement = insert(SavedAnswers).values(user_id=user_id, answers=encoded, updated_at=now)
    db.session.execute(statement.on_conflict_do_update(
        index_elements=[SavedAnswers.user_id], set_={"answers": encoded, "updated_at": now},
    ))


def build(owner, answers: questions.Answers, library: Library, today: date,
          key: str | None = None) -> Roadmap:
    """Build the roadmap the answers suggest, remembering the answers with it.

    With a form's idempotency key, a twin submission that committed first raises AlreadyDone.
    """
    advice, made = advise(answers, library, today)
    encoded = questions.encode(answers)
    specs = [roadmaps.MilestoneSpec(m.title, m.track, m.step_key, m.target_date)
             for m in made.milestones]

    def attach(roadmap: Roadmap) -> None:
        db.session.add(RoadmapAnswers(roadmap_id=roadmap.id, answers=encoded, path=advice.path))
        _upsert(owner.id, encoded)

    return roadmaps.build_roadmap(owner, made.name, made.template, specs, key, attach=attach)


def built_from(owner, answers: questions.Answers) -> tuple[int, str] | None:
    """The newest of owner's roadmaps built from exactly these answers, as (id, name)."""
    row = db.session.execute(
        select(Roadmap.id, Roadmap.name)
        .join(RoadmapAnswers, RoadmapAnswers.roadmap_id == Roadmap.id)
        .where(Roadmap.user_id == owner.id, RoadmapAnswers.answers == questions.encode(answers))
        .order_by(Roadmap.created_at.desc(), Roadmap.id.desc())
        .limit(1)
    ).first()
    return (row[0], row[1]) if row else None
