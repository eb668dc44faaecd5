"""Routes for roadmaps and milestones: parse the form, call a domain function, render."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from planner import htmx, idempotency
from planner.accounts.preferences import zone_of
from planner.content.lookup import get_library
from planner.roadmaps import activity, answers, milestones, rules, service
from planner.roadmaps.forms import (
    AddStepForm,
    BuilderForm,
    ConfirmForm,
    MilestoneForm,
    MoveForm,
    NameForm,
    NewMilestoneForm,
    StatusForm,
    TrackForm,
)
from planner.roadmaps.history import Actor

bp = Blueprint("roadmaps", __name__, url_prefix="/roadmap")

UPDATED = answers.UPDATED
MILESTONE = "/<id:roadmap_id>/milestones/<id:milestone_id>"
FOCUS_TARGETS = ("edit", "delete", "time")


@bp.get("")
@login_required
def index():
    """List the user's roadmaps with their progress; open the only one, or the builder."""
    summaries = service.list_roadmaps(current_user)
    if not summaries:
        return redirect(url_for(".new"))
    if len(summaries) == 1:
        return redirect(url_for(".show", roadmap_id=summaries[0].roadmap.id))
    return render_template("roadmaps/index.html", summaries=summaries)


@bp.route("/new", methods=["GET", "POST"])
@login_required
def new():
    """Build a roadmap from a name and a template."""
    form = BuilderForm()
    if form.validate_on_submit():
        key = form.idempotency_key.data
        roadmap_id = idempotency.first_result(key, current_user.id, service.CREATE_ROADMAP)
        if roadmap_id is None:
            try:
                roadmap_id = service.create_roadmap(
                    current_user, form.name.data, form.template.data, get_library(), key
                ).id
            except idempotency.AlreadyDone as twin:
                roadmap_id = twin.result_id
        flash(f"Your roadmap “{form.name.data}” is ready.", "success")
        return htmx.navigate(url_for(".show", roadmap_id=roadmap_id))
    status = 422 if form.is_submitted() else 200
    guides = {track: service.guide_for_track(get_library(), track) for track in rules.GUIDE_TRACKS}
    # A form swapped in place takes the focus to its mistake; a page leaves it to the browser.
    focus = "name" if htmx.is_partial() and form.name.errors else None
    return htmx.render("roadmaps/new.html", "roadmaps/_builder.html", status=status, form=form,
                       guides=guides, focus=focus)


@bp.get("/<id:roadmap_id>")
@login_required
def show(roadmap_id: int):
    """Show a roadmap: progress, then its milestones grouped by track."""
    page = service.load_roadmap_page(roadmap_id, current_user)
    streak = activity.streak_of(roadmap_id, zone_of(current_user))
    # After a plain form post the page lands on what changed, with the message beside it.
    return render_template("roadmaps/show.html", page=page, forms=answers.add_forms(),
                           streak=streak, landed=request.args.get("landed"))


@bp.route("/<id:roadmap_id>/edit", methods=["GET", "POST"])
@login_required
def edit(roadmap_id: int):
    """Rename a roadmap."""
    roadmap = service.get_roadmap_or_404(roadmap_id, current_user)
    form = NameForm(obj=roadmap)
    if form.validate_on_submit():
        service.rename_roadmap(roadmap, form.name.data)
        flash(f"Renamed the roadmap to “{form.name.data}”.", "success")
        if htmx.is_partial():
            return htmx.render_fragment("roadmaps/_header.html", trigger="roadmap-renamed",
                                        roadmap=roadmap, focus="rename")
        return htmx.see_other(url_for(".show", roadmap_id=roadmap_id))
    status = 422 if form.is_submitted() else 200
    return htmx.render(
        "roadmaps/edit.html", "roadmaps/_rename.html", status=status, form=form, roadmap=roadmap
    )


@bp.route("/<id:roadmap_id>/delete", methods=["GET", "POST"])
@login_required
def delete(roadmap_id: int):
    """Ask, then delete a whole roadmap."""
    roadmap = service.get_roadmap_or_404(roadmap_id, current_user)
    form = ConfirmForm()
    if form.validate_on_submit():
        name = roadmap.name
        service.delete_roadmap(roadmap)
        flash(f"Deleted the roadmap “{name}”.", "success")
        return htmx.navigate(url_for(".index"))
    return htmx.render("roadmaps/delete.html", "roadmaps/_delete.html", roadmap=roadmap)


@bp.post("/<id:roadmap_id>/milestones")
@login_required
def add_milestone(roadmap_id: int):
    """Add a custom milestone to a track, at the position asked for."""
    roadmap = service.get_roadmap_or_404(roadmap_id, current_user, for_update=True)
    form = NewMilestoneForm()
    if not form.validate():
        return answers.add_form_invalid(roadmap_id, form)
    key = form.idempotency_key.data
    earlier = idempotency.first_result(key, current_user.id, milestones.ADD_MILESTONE)
    if earlier is None:
        try:
            change = milestones.add_milestone(
                roadmap, form.track.data, form.position.data, form.details(), key,
                Actor.person(current_user),
            )
        except idempotency.AlreadyDone as twin:
            earlier = twin.result_id
        except milestones.RoadmapFull:
            form.title.errors = [rules.ROADMAP_FULL]
            return answers.add_form_invalid(roadmap_id, form)
    if earlier is not None:  # the same form sent again: show what the first one added
        anchor = f"milestone-{earlier}"
        return htmx.navigate(url_for(".show", roadmap_id=roadmap_id, _anchor=anchor))
    label = rules.TRACK_LABELS[change.track]
    flash(f"Added “{change.milestone.title}” to {label}.", "success")
    return answers.track_answer(change, anchor=f"milestone-{change.milestone.id}", add_open=True)


@bp.get(MILESTONE)
@login_required
def milestone(roadmap_id: int, milestone_id: int):
    """One milestone: the partial for htmx, its place on the roadmap page otherwise."""
    found = milestones.get_milestone_or_404(roadmap_id, milestone_id, current_user)
    if not htmx.is_partial():
        return redirect(url_for(".show", roadmap_id=roadmap_id, _anchor=f"milestone-{found.id}"))
    focus = request.args.get("focus")
    return htmx.render_fragment("roadmaps/_milestone.html", milestone=found,
                                focus=focus if focus in FOCUS_TARGETS else None)


@bp.post(MILESTONE + "/status")
@login_required
def set_status(roadmap_id: int, milestone_id: int):
    """Give a milestone the status the client asked for (never a toggle)."""
    form = StatusForm()
    if not form.validate():
        found = milestones.get_milestone_or_404(roadmap_id, milestone_id, current_user)
        # Any field may be the one refused (a hidden one too), so say the first message.
        return answers.milestone_invalid(found, next(iter(form.errors.values()))[0])
    on_guide = form.shown_on.data == "guide"
    read = None if on_guide else answers.reads_beside(roadmap_id, form.status.data)
    change = milestones.set_status(current_user, roadmap_id, milestone_id, form.status.data,
                                   read=read)
    changed, beside = change.milestone, change.read
    label = rules.STATUS_LABELS[changed.status].lower()
    flash(f"“{changed.title}” is now {label}.", "success")
    if on_guide and changed.step_key:
        return answers.step_status_answer(changed)
    also = ""
    if changed.status == rules.DONE:
        also = answers.streak_oob(roadmap_id, beside.streak if beside else None)
    return answers.milestone_answer(changed, change.progress, also=also, beside=beside)


@bp.route(MILESTONE + "/edit", methods=["GET", "POST"])
@login_required
def edit_milestone(roadmap_id: int, milestone_id: int):
    """Edit a milestone's title, notes, target date and evidence link in place."""
    found = milestones.get_milestone_or_404(roadmap_id, milestone_id, current_user)
    form = MilestoneForm(obj=found)
    if form.validate_on_submit():
        progress = milestones.update_details(found, form.details(), Actor.person(current_user))
        flash(f"Saved “{found.title}”.", "success")
        return answers.milestone_answer(found, progress, focus="edit")
    status = 422 if form.is_submitted() else 200
    return htmx.render("roadmaps/edit_milestone.html", "roadmaps/_milestone_edit.html",
                       status=status, milestone=found, form=form)


@bp.post(MILESTONE + "/move")
@login_required
def move_milestone(roadmap_id: int, milestone_id: int):
    """Move a milestone one place up or down within its track."""
    found = milestones.get_milestone_or_404(roadmap_id, milestone_id, current_user, for_update=True)
    form = MoveForm()
    if not form.validate():
        return answers.milestone_invalid(found, form.direction.errors[0])
    direction = form.direction.data
    change, moved = milestones.move_milestone(found, direction, Actor.person(current_user))
    if moved:
        flash(f"Moved “{found.title}” {direction}.", "success")
    else:
        edge = "first" if direction == "up" else "last"
        flash(f"“{found.title}” is already {edge} in its track.", "info")
    focus = answers.move_focus(change, direction)
    return answers.track_answer(change, anchor=f"milestone-{found.id}", focus=focus)


@bp.post(MILESTONE + "/track")
@login_required
def move_to_track(roadmap_id: int, milestone_id: int):
    """Move one's own milestone to the end of another track; asking again changes nothing."""
    found = milestones.get_milestone_or_404(roadmap_id, milestone_id, current_user, for_update=True)
    form = TrackForm()
    if not form.validate():
        return answers.milestone_invalid(found, form.track.errors[0])
    if not rules.can_change_track(found.step_key):
        return answers.milestone_invalid(found, rules.STAYS_IN_TRACK)
    source = found.track
    change, left, moved = milestones.move_to_track(found, form.track.data,
                                                   Actor.person(current_user))
    label = rules.TRACK_LABELS[change.track]
    if moved:
        flash(f"Moved “{found.title}” to {label}.", "success")
    else:
        flash(f"“{found.title}” is already in {label}.", "info")
    also = (source, left) if moved else None
    return answers.track_answer(change, anchor=f"milestone-{found.id}", focus="more", also=also)


@bp.route(MILESTONE + "/delete", methods=["GET", "POST"])
@login_required
def delete_milestone(roadmap_id: int, milestone_id: int):
    """Ask, then delete a milestone."""
    posted = request.method == "POST"
    found = milestones.get_milestone_or_404(roadmap_id, milestone_id, current_user,
                                            for_update=posted)
    if posted and ConfirmForm().validate_on_submit():
        change = milestones.delete_milestone(found, Actor.person(current_user))
        flash(f"Deleted “{found.title}”.", "success")
        if htmx.is_partial():
            # An empty main answer removes the row; the progress comes out of band.
            return htmx.fragment(answers.progress_oob(change.progress), trigger=UPDATED)
        return answers.landing(roadmap_id, f"track-{found.track}")
    return htmx.render("roadmaps/delete_milestone.html", "roadmaps/_milestone_delete.html",
                       milestone=found)


@bp.route("/steps/<track>/<key>", methods=["GET", "POST"])
@login_required
def add_step(track: str, key: str):
    """Add a guide step to a roadmap; the page (where logging in leads) shows the step."""
    guide, step = service.find_step_or_404(get_library(), track, key)
    back = url_for("guides.show", slug=guide.slug, _anchor=step.key)
    status = 200
    if request.method == "POST":
        try:
            form = AddStepForm()
            if not form.validate():
                raise service.RoadmapChoiceNeeded
            added = service.add_step(current_user, track, step, form.roadmap_id.data)
        except service.RoadmapChoiceNeeded:
            flash("Choose which roadmap to add this step to.", "error")
            status = 422
        else:
            return answers.step_added(guide, step, added, back)
    return htmx.render("roadmaps/add_step.html", "roadmaps/_add_step.html", status=status,
                       guide=guide, section=step, back=back,
                       roadmap_steps=service.step_picker(guide, current_user))
