"""Routes for a roadmap over time: its history, its progress page and time spent on milestones."""

from flask import abort, flash, request
from flask_login import current_user, login_required

from planner import htmx, idempotency
from planner.accounts.preferences import locale_of, zone_of
from planner.params import parse_page
from planner.roadmaps import activity, answers, history, milestones, rules, service, time_spent
from planner.roadmaps.forms import TimeForm
from planner.roadmaps.timeline import format_minutes
from planner.roadmaps.views import MILESTONE, bp


@bp.get("/<id:roadmap_id>/history")
@login_required
def history_page(roadmap_id: int):
    """A roadmap's changes, newest first, a page at a time; another user's roadmap is a 404."""
    page_number = parse_page(request.args.get("page", "1"))
    if page_number is None:
        abort(404)
    roadmap = service.get_roadmap_or_404(roadmap_id, current_user)
    page = history.history_page(roadmap.id, page_number)
    if not page.events and page_number > 1:
        abort(404)
    return htmx.render("roadmaps/history.html", "roadmaps/_history.html", roadmap=roadmap,
                       history=page)


@bp.get("/<id:roadmap_id>/progress")
@login_required
def progress_page(roadmap_id: int):
    """A roadmap over time: the streak, a year's calendar and the weekly chart."""
    roadmap = service.get_roadmap_or_404(roadmap_id, current_user)
    shown = activity.over_time_of(roadmap, zone_of(current_user), locale_of(current_user))
    return htmx.render("roadmaps/progress.html", "roadmaps/_over_time.html", roadmap=roadmap,
                       over_time=shown)


@bp.route(MILESTONE + "/time", methods=["GET", "POST"])
@login_required
def log_time(roadmap_id: int, milestone_id: int):
    """Show the time spent on one's own milestone, and add the minutes sent to its total."""
    form = TimeForm()
    if form.validate_on_submit():
        minutes, key = form.minutes.data, form.idempotency_key.data
        if idempotency.first_result(key, current_user.id, time_spent.LOG_TIME) is not None:
            return _logged_before(roadmap_id, milestone_id)
        try:
            found, progress = time_spent.log_time(current_user, roadmap_id, milestone_id,
                                                  minutes, key)
        except idempotency.AlreadyDone:
            return _logged_before(roadmap_id, milestone_id)
        except time_spent.NotLogged:
            form.minutes.errors = [rules.MINUTES_FULL]  # unless not owner's: 404 below
        else:
            flash(f"Logged {format_minutes(minutes)} on “{found.title}”: "
                  f"{format_minutes(found.minutes_spent)} in all.", "success")
            return answers.milestone_answer(found, progress, focus="time")
    found = milestones.get_milestone_or_404(roadmap_id, milestone_id, current_user)
    status = 422 if form.is_submitted() else 200
    return htmx.render("roadmaps/log_time.html", "roadmaps/_milestone_time.html", status=status,
                       milestone=found, form=form)


def _logged_before(roadmap_id: int, milestone_id: int):
    """The same form sent again: nothing is added twice; show the milestone as it is."""
    found = milestones.get_milestone_or_404(roadmap_id, milestone_id, current_user)
    flash(f"That time was already logged on “{found.title}”.", "info")
    return answers.milestone_answer(found, milestones.roadmap_progress(roadmap_id),
                                    focus="time")
