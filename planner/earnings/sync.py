"""Moving the micro-jobs milestones when the earnings data says so, and undoing a move."""

from datetime import datetime

from flask import abort
from sqlalchemy import delete, exists, func, select, update

from planner.database import utcnow
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


def _targets(user_id: int) -> list[tuple[int, moves.Target, datetime]]:
    """The user's micro-jobs milestones the data can move, each with its roadmap id and
    when its status last changed."""
    rows = db.session.execute(
        select(Milestone.roadmap_id, Milestone.id, Milestone.step_key, Milestone.status,
               Milestone.title, Milestone.status_changed_at)
        .join(Roadmap)
        .where(Roadmap.user_id == user_id, Milestone.track == moves.TRACK,
               Milestone.step_key.in_(moves.STEP_KEYS))
        .order_by(Milestone.id)
    ).all()
    return [(r.roadmap_id, moves.Target(r.id, r.step_key, r.status, r.title),
             r.status_changed_at) for r in rows]


def sync_milestones(user) -> list[str]:
    """Take back the moves the data no longer shows, make the ones it asks for (each recorded,
    once); return what was done, as messages."""
    facts = facts_of(user.id)
    found = _targets(user.id)
    roadmap_of = {target.id: roadmap_id for roadmap_id, target, _ in found}
    statuses = {target.id: target.status for _, target, _ in found}
    rows = db.session.execute(
        select(MilestoneMove.id, MilestoneMove.milestone_id, MilestoneMove.from_status,
               MilestoneMove.to_status, MilestoneMove.undone, MilestoneMove.created_at)
        .where(MilestoneMove.user_id == user.id)
    ).all()
    withdrawn = moves.withdraw(facts, _standing(rows, found), statuses)
    made = {(r.milestone_id, r.to_status) for r in rows}
    for back in withdrawn:
        made -= {(r.milestone_id, r.to_status) for r in rows if r.id == back.move_id}
        _take_back(user, roadmap_of[back.milestone_id], back)
        statuses[back.milestone_id] = back.back_to
        if back.standing_message:
            made.add((back.milestone_id, back.back_to))
    current = [moves.Target(t.id, t.step_key, statuses[t.id], t.title) for _, t, _ in found]
    decided = moves.decide(facts, current, made)
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
    return [back.message for back in withdrawn] + [move.message for move in decided]


def _standing(rows, found) -> list[moves.Standing]:
    """The moves not undone, each knowing whether its milestone was set again since."""
    targets = {target.id: (target, changed) for _, target, changed in found}
    mine = [r for r in rows if not r.undone and r.milestone_id in targets]
    # A move's own status change is stamped just before the move is written, so a milestone
    # stamped after its latest standing move had its status set since by someone else.
    latest: dict[int, datetime] = {}
    for r in mine:
        latest[r.milestone_id] = max(latest.get(r.milestone_id, r.created_at), r.created_at)
    return [moves.Standing(r.id, r.milestone_id, targets[r.milestone_id][0].step_key,
                           r.from_status, r.to_status, targets[r.milestone_id][0].title,
                           targets[r.milestone_id][1] > latest[r.milestone_id])
            for r in mine]


def _take_back(user, roadmap_id: int, back: moves.Withdrawal) -> None:
    """Put a milestone back; the move is forgotten (so the data can make it again), or
    narrowed to where the milestone now stands."""
    milestones.set_status(user, roadmap_id, back.milestone_id, back.back_to,
                          actor=history.AUTOMATIC)
    if back.standing_message:
        # Stamped after the status change, as a new move would be.
        db.session.execute(update(MilestoneMove).where(MilestoneMove.id == back.move_id)
                           .values(to_status=back.back_to, message=back.standing_message,
                                   created_at=utcnow()))
    else:
        db.session.execute(delete(MilestoneMove).where(MilestoneMove.id == back.move_id))


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
