"""Routes of the path finder: ask the questions, show the advice, build the roadmap."""

from flask import Blueprint, abort, flash, request, url_for
from flask_login import current_user

from planner import htmx, idempotency
from planner.content.lookup import get_library
from planner.database import utcnow
from planner.params import parse_number
from planner.pathfinder import questions, service
from planner.pathfinder.forms import BuildForm
from planner.roadmaps.service import CREATE_ROADMAP

bp = Blueprint("pathfinder", __name__, url_prefix="/path-finder")

# The guide section whose question the path finder answers; it links here.
INVITING_SECTION = "which-is-better"
NO_SUCH_QUESTION = "There is no such question. Start again from the first one."


@bp.app_context_processor
def inject_invitation() -> dict:
    """Tell the guide pages which section invites readers to the path finder."""
    return {"path_finder_section": INVITING_SECTION}


@bp.context_processor
def inject_questions() -> dict:
    """The questions, and whether the answer is a piece swapped in place (htmx)."""
    return {"questions": questions.QUESTIONS, "total": questions.QUESTION_COUNT,
            "inline": htmx.is_partial(), "encode": questions.encode}


@bp.route("", methods=["GET", "POST"])
def ask():
    """The questions: all in one form, or one at a time when a step is asked for."""
    source = request.form if request.method == "POST" else request.args
    step = _step(source.get("step"))
    parsed = questions.parse(source)
    if request.method == "POST":  # CSRF is checked for every post before any view runs
        parsed = questions.require_all(parsed)
        if parsed.answers is not None:
            if current_user.is_authenticated:
                service.save_answers(current_user, parsed.answers)
            return htmx.navigate(result_url(parsed.answers))
        return _questions(parsed, step, status=422)
    if not source and current_user.is_authenticated:
        saved = service.saved_answers(current_user)
        parsed = questions.parse(saved.as_dict() if saved else {})
    return _questions(parsed, step)


def _step(raw: str | None) -> int | None:
    """The question number asked for, None for the whole form; 404 for one that is not there."""
    if raw is None:
        return None
    number = parse_number(raw, questions.QUESTION_COUNT)
    if number is None:
        abort(404, description=NO_SUCH_QUESTION)
    return number


def _questions(parsed: questions.Parsed, step: int | None, status: int = 200):
    """Render every question, or one step; a step still missing an answer comes back 422."""
    if step is None:
        return htmx.render("pathfinder/ask.html", "pathfinder/_questions.html", status=status,
                           parsed=parsed, step=None)
    missing = parsed.first_unanswered(before=step)
    if missing is not None and missing < step:
        # Going on without an answer: the unanswered question again, with its message.
        parsed = questions.require_all(parsed)
        step, status = missing, 422
    elif status == 200:
        # Only the errors of the question on screen are shown.
        parsed = questions.Parsed(parsed.given, {})
    push = False if status != 200 else None  # an error answer keeps the address bar as it was
    return htmx.render("pathfinder/ask.html", "pathfinder/_step.html", status=status,
                       push_url=push, parsed=parsed, step=step)


def result_url(answers: questions.Answers, **values) -> str:
    """The shareable address of the advice for a set of answers: the answers and nothing else."""
    return url_for("pathfinder.result", **answers.as_dict(), **values)


@bp.get("/result")
def result():
    """The advice for the answers in the address, the roadmap it suggests, and a way to build it."""
    parsed = questions.require_all(questions.parse(request.args))
    answers = parsed.answers
    if answers is None:
        return _questions(parsed, None, status=422)
    advice, made = service.advise(answers, get_library(), utcnow().date())
    signed_in = current_user.is_authenticated
    here = result_url(answers)
    return htmx.render(
        "pathfinder/result.html", "pathfinder/_result.html",
        answers=answers, advice=advice, plan=made, share_url=result_url(answers, _external=True),
        change_url=url_for(".ask", **answers.as_dict()),
        form=BuildForm(formdata=None) if signed_in else None,
        built=service.built_from(current_user, answers) if signed_in else None,
        register_url=url_for("accounts.register", next=here + "#build"),
        login_url=url_for("accounts.login", next=here + "#build"),
    )


@bp.post("/build")
def build():
    """Build the suggested roadmap in one step; a visitor signs up first and comes back."""
    parsed = questions.require_all(questions.parse(request.form))
    answers = parsed.answers
    if answers is None:
        abort(422, description="Those answers are incomplete. Answer the questions again.")
    if not current_user.is_authenticated:
        flash("Create an account (or log in) to build your roadmap: your answers are kept.",
              "info")
        return htmx.navigate(url_for("accounts.register", next=result_url(answers) + "#build"))
    form = BuildForm()
    if not form.validate():
        abort(422, description="That form was damaged. Reload the page and try again.")
    key = form.idempotency_key.data
    roadmap_id = idempotency.first_result(key, current_user.id, CREATE_ROADMAP)
    if roadmap_id is None:
        try:
            roadmap_id = service.build(
                current_user, answers, get_library(), utcnow().date(), key
            ).id
        except idempotency.AlreadyDone as twin:
            roadmap_id = twin.result_id
    flash("Your roadmap is ready: it follows the path your answers suggested.", "success")
    return htmx.navigate(url_for("roadmaps.show", roadmap_id=roadmap_id))
