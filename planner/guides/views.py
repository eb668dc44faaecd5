"""Routes for the home page and the guides."""

from flask import Blueprint, render_template
from flask_login import current_user

from planner.comments.view_model import guide_counts
from planner.content.lookup import get_guide_or_404, get_library
from planner.roadmaps.glance import glance
from planner.roadmaps.service import step_picker

bp = Blueprint("guides", __name__)

COMPARISON_SLUG = "micro-jobs-vs-freelancing"
TABLE_KEY = "key-differences"


@bp.get("/")
def home():
    """Show what the app is, the comparison at a glance and the guides."""
    library = get_library()
    comparison = library.get(COMPARISON_SLUG)
    section = comparison.section(TABLE_KEY)
    table = next((b for b in section.blocks if b.kind == "table"), None)
    return render_template(
        "guides/home.html", comparison=comparison, table=table, guides=library.guides,
        glance=glance(current_user) if current_user.is_authenticated else None,
    )


@bp.get("/guides/")
def index():
    """List the guides."""
    return render_template("guides/index.html", guides=get_library().guides)


@bp.get("/guides/<slug>")
def show(slug: str):
    """Show one guide, section by section, with its contents, steps and comment threads."""
    guide = get_guide_or_404(slug)
    return render_template(
        "guides/show.html",
        guide=guide,
        roadmap_steps=step_picker(guide, current_user),
        comment_counts=guide_counts(guide),
    )
