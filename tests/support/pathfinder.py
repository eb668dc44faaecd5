"""What the path finder tests share: one answer set, its addresses, database peeks."""

import re
from urllib.parse import parse_qsl, urlsplit

from sqlalchemy import select

from planner.extensions import db
from planner.pathfinder.models import SavedAnswers
from tests.support.roadmaps import text

# A writer who needs money this week and wants a career: micro jobs while freelancing grows.
WRITER = {"skill": "writing", "money": "this-week", "hours": "5-15", "goal": "career",
          "clients": "yes", "learn": "yes"}
KEY = re.compile(r'name="idempotency_key" type="hidden" value="([^"]+)"')


def query(answers: dict) -> str:
    """Answers as a query string."""
    return "&".join(f"{k}={v}" for k, v in answers.items())


def result_path(answers: dict) -> str:
    """The result page of a set of answers."""
    return "/path-finder/result?" + query(answers)


def answers_in(url: str) -> dict:
    """The query of url as a dict."""
    return dict(parse_qsl(urlsplit(url).query))


def saved(app, user_id: int) -> str | None:
    """A user's saved answers as stored, or None."""
    with app.app_context():
        return db.session.scalar(
            select(SavedAnswers.answers).where(SavedAnswers.user_id == user_id))


def build_form(client, answers=WRITER) -> dict:
    """The build form's fields as the signed-in result page renders them."""
    html = text(client.get(result_path(answers)))
    return {**answers, "idempotency_key": KEY.search(html).group(1)}
