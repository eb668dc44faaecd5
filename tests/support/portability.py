"""What the export and import tests share: a seeder of one user's data, uploads, documents."""

import io
import json
from datetime import date, timedelta

from sqlalchemy import func, select

from planner import idempotency
from planner.comments.models import Comment
from planner.database import utcnow
from planner.earnings.models import CashOut, Earning, EarningsSettings, FundSpend
from planner.extensions import db
from planner.pathfinder.models import SavedAnswers
from planner.roadmaps.models import Milestone, Roadmap
from planner.roadmaps.service import create_roadmap
from tests.support.comments import GUIDE, SECTION
from tests.support.forms import submit

FORMAT = {"format": "learning-path-planner", "version": 1}
SECRET_NOTE = "Ask Sana about the logo job"
EVIDENCE = "https://example.org/my-first-task"


def seed_data(app, user, n: int = 1) -> None:
    """n roadmaps (one custom milestone each), 3n comments, 5n earnings rows, fund rule, answers.

    Every value a section exports is set somewhere: notes, evidence, target dates, each status.
    """
    library = app.extensions["library"]
    start = date(2026, 1, 1)
    with app.app_context():
        for i in range(n):
            roadmap = create_roadmap(user, f"Plan {i}", "recommended", library)
            first, second, third = roadmap.milestones[:3]
            first.status, first.done_at = "done", utcnow() - timedelta(days=i + 1)
            first.notes, first.evidence_url = SECRET_NOTE, EVIDENCE
            second.status, second.target_date = "doing", start + timedelta(days=i)
            third.status, third.skipped_at = "skipped", utcnow()
            db.session.add(Milestone(roadmap_id=roadmap.id, track="custom", position=1,
                                     title=f"Own milestone {i}", notes="line one\nline two"))
            for status in ("approved", "pending", "spam"):
                db.session.add(Comment(
                    guide_slug=GUIDE, section_key=SECTION, user_id=user.id,
                    author_name=user.display_name, author_email=user.email,
                    author_ip="10.0.0.9", body=f"{status} comment {i}", status=status))
            day = start + timedelta(days=i)
            db.session.add_all([
                Earning(user_id=user.id, day=day, platform="Clickworker", kind="data-entry",
                        amount=1500 + i, currency="PKR", minutes=45),
                Earning(user_id=user.id, day=day, platform="Appen", kind="app-testing",
                        amount=250, currency="USD"),
                CashOut(user_id=user.id, day=day, platform="Clickworker",
                        destination="mobile-wallet", amount=1000, currency="PKR",
                        fund_share=200),
                FundSpend(user_id=user.id, day=day, label="Design book", amount=100,
                          currency="PKR"),
            ])
        if db.session.get(EarningsSettings, user.id) is None:
            db.session.add(EarningsSettings(user_id=user.id, currency="PKR", percent=20,
                                            goal_label="Design course", goal_amount=1_500_000,
                                            goal_currency="PKR"))
            db.session.add(SavedAnswers(user_id=user.id,
                                        answers="skill=writing&money=this-week"))
        db.session.commit()


def upload(post, raw: bytes | str | dict, htmx: bool = False, key: str | None = None,
           name: str = "export.json", **request):
    """Send the import form with raw (bytes, text or a document) as the file."""
    if isinstance(raw, dict):
        raw = json.dumps(raw)
    if isinstance(raw, str):
        raw = raw.encode("utf-8", "surrogatepass")
    data = {"file": (io.BytesIO(raw), name),
            "idempotency_key": key or idempotency.new_key()}
    return post("/account/import", data, htmx=htmx, **request)


def upload_from(client, raw, htmx: bool = False, key: str | None = None):
    """upload() from a given test client."""
    return upload(lambda url, data, htmx, **r: submit(client, url, data, htmx, **r),
                  raw, htmx=htmx, key=key)


def document(*roadmaps: dict, **sections) -> dict:
    """An export holding the given roadmaps and sections."""
    return {**FORMAT, "roadmaps": list(roadmaps), **sections}


def roadmap(*milestones: dict, **fields) -> dict:
    """A roadmap of an export, with the given milestones."""
    return {"name": "Imported plan", "milestones": list(milestones), **fields}


def milestone(**fields) -> dict:
    """A custom milestone of an export."""
    return {"title": "Own step", "track": "custom", "status": "todo", **fields}


def counts(app, user_id: int) -> dict[str, int]:
    """How many roadmaps, milestones and earnings rows user_id has."""
    with app.app_context():
        def count(model, *where):
            return db.session.scalar(select(func.count()).select_from(model).where(*where))
        return {
            "roadmaps": count(Roadmap, Roadmap.user_id == user_id),
            "milestones": count(Milestone, Milestone.roadmap_id.in_(
                select(Roadmap.id).where(Roadmap.user_id == user_id))),
            "entries": count(Earning, Earning.user_id == user_id),
            "cash_outs": count(CashOut, CashOut.user_id == user_id),
            "spending": count(FundSpend, FundSpend.user_id == user_id),
        }


def without_ids(roadmaps: list[dict]) -> list[dict]:
    """The roadmaps of an export as another account would hold them: ids left out."""
    return [
        {**{k: v for k, v in r.items() if k != "id"},
         "milestones": [{k: v for k, v in m.items() if k != "id"} for m in r["milestones"]]}
        for r in roadmaps
    ]
