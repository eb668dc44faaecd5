"""Moving the micro-jobs milestones when the earnings data says so, and undoing a move."""

from flask import abort
from sqlalchemy import exists, func, select

from planner.earnings import fund, moves
from planner.earnings.models import CashOut, Earning, EarningsSettings, MilestoneMove
from planner.extensions import db
from planner.roadmaps import history, milestones
from planner.roadmaps.models import Milestone, Roadmap


def facts_of(user_id: int) -> moves.Facts:
    """What the user's records show, from three small queries."""
    earned = db.session.scalar(select(exists().where(Earning.user_id == user_id)))
    shares = dict(db.session.execute(
        select(CashOut.currency, func.sum(CashOut.fund_share))
        .where(CashOut.user_id == user_id).group_by(CashOut.currency)
    ).all())
    settings = db.session.get(EarningsSettings, user_id)
    goal = settings.goal_amount if settings else None
    saved_for_goal = shares.get(settings.goal_currency, 0) if settings else 0
    return moves.Facts(
        earned=bool(earned),
        cashed_out=bool(shares),
        saved=any(total > 0 for total in shares.values()),
        goal_reached=fund.reached(saved_for_goal or 0, goal),
    )


def _targets(user_id: int) -> list[tuple[int, moves.Target]]:
    """The user's micro-jobs milestones the data can move, each with its roadmap id."""
    rows = db.session.execute(
        select(Milestone.roadmap_id, Milestone.id, Milestone.step_key, Milestone.status,
               Milestone.title)
        .join(Roadmap)
        .where(Roadmap.user_id == user_id, Milestone.track == moves.TRACK,
               Milestone.step_key.in_(moves.STEP_KEYS))
        .order_by(Milestone.id)
    ).all()
    return [(r.roadmap_id, moves.Target(r.id, r.step_key, r.status, r.title)) for r in rows]


def sync_milestones(user) -> list[str]:
    """Make the moves the data asks for (each recorded, once); return their messages."""
    facts = facts_of(user.id)
    found = _targets(user.id)
    made = {(m, s) for m, s in db.session.execute(
        select(MilestoneMove.milestone_id, MilestoneMove.to_status)
        .where(MilestoneMove.user_id == user.id)
    )}
    roadmap_of = {target.id: roadmap_id for roadmap_id, target in found}
    decided = moves.decide(facts, [target for _, target in found], made)
    for move in decided:
        db.session.add(MilestoneMove(
            user_id=user.id, milestone_id=move.milestone_id, from_status=move.from_status,
            to_status=move.to_status, message=move.message,
        ))
        # The roadmap's own idempotent UPDATE; it commits the record above with it, and the
        # history names the app, not the user, as the one who moved the milestone.
        milestones.set_status(user, roadmap_of[move.milestone_id], move.milestone_id,
                              move.to_status, actor=history.AUTOMATIC)
    db.session.commit()
    return [move.message for move in decided]


def undo_move(user, move_id: int) -> str:
    """Put a moved milestone back (unless changed by hand since); 404 if not theirs."""
    row = db.session.execute(
        select(MilestoneMove, Milestone.roadmap_id, Milestone.status, Milestone.title)
        .join(Milestone, Milestone.id == MilestoneMove.milestone_id)
        .where(MilestoneMove.id == move_id, MilestoneMove.user_id == user.id)
    ).one_or_none()
    if row is None:
        abort(404)
    move, roadmap_id, status, title = row
    if move.undone:
        return f"“{title}” was already put back."
    move.undone = True
    if status == move.to_status:  # putting it back is the user's own change
        milestones.set_status(user, roadmap_id, move.milestone_id, move.from_status)
    else:
        db.session.commit()  # changed by hand since: leave it as the user set it
    return f"Undone: “{title}” is as it was before."
