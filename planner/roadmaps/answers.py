"""What roadmap routes answer after acting: the htmx partials, or the page to land on."""

from dataclasses import dataclass

from flask import abort, flash, render_template, url_for
from flask_login import current_user

from planner import htmx
from planner.accounts.preferences import zone_of
from planner.content.lookup import get_library
from planner.roadmaps import activity, rules, service
from planner.roadmaps.activity import Streak
from planner.roadmaps.forms import NewMilestoneForm
from planner.roadmaps.glance import Glance, glance

UPDATED = "milestone-updated"


def step_added(guide, step, added, back: str):
    """Say where the step went: the updated control for htmx, back to the guide otherwise."""
    verb = "Added" if added.created else "Already had"
    flash(f"{verb} “{step.title}” in “{added.roadmap_name}”.", "success")
    if not htmx.is_partial():
        return htmx.see_other(back)
    picker = service.step_picker(guide, current_user)
    # The focus lands on the first roadmap now holding the step, where the added one is named.
    holders = picker.holders(step.key) if picker else []
    return htmx.render_fragment("roadmaps/_add_step.html", trigger="milestone-added",
                                guide=guide, section=step, roadmap_steps=picker,
                                focus_holder=holders[0][0] if holders else None)


def step_status_answer(changed):
    """A tick on a guide page: the step's control again for htmx, else back to the step."""
    guide, step = service.find_step_or_404(get_library(), changed.track, changed.step_key)
    if not htmx.is_partial():
        return htmx.see_other(url_for("guides.show", slug=guide.slug, _anchor=step.key))
    picker = service.step_picker(guide, current_user)
    body = render_template("roadmaps/_add_step.html", guide=guide, section=step,
                           roadmap_steps=picker, focus_tick=changed.id)
    return htmx.fragment(body + nav_oob(), trigger=UPDATED)


def add_forms(bound: NewMilestoneForm | None = None) -> dict:
    """An empty add form per track, or the one just submitted in its own track."""
    forms = {track: NewMilestoneForm(formdata=None) for track in rules.TRACKS}
    if bound is not None:
        forms[bound.track.data] = bound
    return forms


@dataclass(frozen=True)
class Beside:
    """What an htmx status answer shows out of band, read before the change commits."""

    glance: Glance | None
    streak: Streak | None = None


def reads_beside(roadmap_id: int, status: str):
    """What set_status should read for the answer in its transaction, or None for a page."""
    if not htmx.is_partial():
        return None

    def read() -> Beside:
        # Only a milestone done can lengthen the streak, so only then is it read again.
        streak = activity.streak_of(roadmap_id, zone_of(current_user)) \
            if status == rules.DONE else None
        return Beside(glance(current_user), streak)

    return read


def progress_oob(progress, beside: Beside | None = None) -> str:
    """The progress panel, and the navigation's line about the newest roadmap, as
    out-of-band swaps."""
    return (render_template("roadmaps/_progress.html", progress=progress, oob=True)
            + nav_oob(beside.glance if beside else glance(current_user)))


def nav_oob(found: Glance | None = None) -> str:
    """The navigation's "N of M done · next: …" line as an out-of-band swap (one query unless
    found is given)."""
    if found is None:
        found = glance(current_user)
    if found is None:
        return ""
    return render_template("roadmaps/_nav_progress.html", glance=found, oob=True)


def streak_oob(roadmap_id: int, streak: Streak | None = None) -> str:
    """The streak line as an out-of-band swap, read again unless given (one query); "" without
    htmx."""
    if not htmx.is_partial():
        return ""
    if streak is None:
        streak = activity.streak_of(roadmap_id, zone_of(current_user))
    return render_template("roadmaps/_streak.html", streak=streak, roadmap_id=roadmap_id,
                           oob=True)


def milestone_answer(found, progress, focus: str | None = None, also: str = "",
                     beside: Beside | None = None):
    """After a change: the milestone and the progress for htmx (with also, more out-of-band
    markup; beside, what was read for it already), else back to the page."""
    if not htmx.is_partial():
        return landing(found.roadmap_id, f"milestone-{found.id}")
    body = render_template("roadmaps/_milestone.html", milestone=found, focus=focus)
    return htmx.fragment(body + progress_oob(progress, beside) + also, trigger=UPDATED)


def landing(roadmap_id: int, anchor: str):
    """The no-JS answer: back to the page, landing on anchor with the message beside it."""
    location = url_for("roadmaps.show", roadmap_id=roadmap_id, landed=anchor, _anchor=anchor)
    return htmx.see_other(location)


def move_focus(change, direction: str) -> str:
    """After a move the focus stays on the same button, or on the menu at a track's end."""
    ids = [m.id for m in change.milestones]
    index = ids.index(change.milestone.id)
    if (direction == "up" and index > 0) or (direction == "down" and index < len(ids) - 1):
        return direction
    return "more"


def track_answer(change, anchor: str, add_open: bool = False, focus: str | None = None,
                  also: tuple | None = None):
    """After an insert or a move: the whole track and the progress for htmx, else the page.

    also is (track, milestones), a second track that changed: it comes out of band, and the
    main answer goes to the track the milestone is in now.
    """
    if not htmx.is_partial():
        return landing(change.roadmap_id, anchor)
    body = render_template(
        "roadmaps/_track.html", track=change.track, milestones=change.milestones,
        roadmap_id=change.roadmap_id, forms=add_forms(),
        add_open=change.track if add_open else None,
        focus=focus, focus_milestone=change.milestone.id,
    )
    if also is None:
        return htmx.fragment(body + progress_oob(change.progress), trigger=UPDATED)
    other = render_template("roadmaps/_track.html", track=also[0], milestones=also[1],
                            roadmap_id=change.roadmap_id, forms=add_forms(), oob=True)
    body += other + progress_oob(change.progress) + htmx.render_messages_oob()
    return htmx.respond(body, trigger=UPDATED, retarget=f"#track-{change.track}",
                        reswap="outerHTML")


def milestone_invalid(found, message: str):
    """A status or move request we cannot act on: 422 with the message, nothing changed."""
    if htmx.is_partial():
        return htmx.render_fragment("roadmaps/_milestone.html", status=422, milestone=found,
                                    error=message)
    flash(message, "error")
    return roadmap_page(found.roadmap_id), 422


def roadmap_page(roadmap_id: int, **context) -> str:
    """The whole roadmap page, rendered (for answers that stay on it, 422s mostly)."""
    page = service.load_roadmap_page(roadmap_id, current_user)
    streak = activity.streak_of(roadmap_id, zone_of(current_user))
    context.setdefault("forms", add_forms())
    return render_template("roadmaps/show.html", page=page, streak=streak, **context)


def add_form_invalid(roadmap_id: int, form: NewMilestoneForm):
    """The add form back with its messages: 422, and nothing saved."""
    if form.track.data not in rules.TRACKS:
        abort(422, description=form.track.errors[0])
    track = form.track.data
    if htmx.is_partial():
        page = service.load_roadmap_page(roadmap_id, current_user)
        body = render_template("roadmaps/_add_form.html", form=form, track=track,
                               roadmap_id=roadmap_id, milestones=dict(page.tracks)[track],
                               add_open=track, focus_track=track)
        return htmx.respond(body, 422, retarget=f"#add-{track}", reswap="outerHTML")
    return roadmap_page(roadmap_id, forms=add_forms(form), add_open=track), 422
