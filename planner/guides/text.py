"""The guides' own text, rendered once per process: the library is parsed once at start-up
and never changes, and the text shows nothing of its reader or of the request."""

from flask import current_app
from markupsafe import Markup

from planner.content import Guide, Section

TEMPLATE = "guides/_section_text.html"
EXTENSION_KEY = "guide_text"


def section_text(guide: Guide, section: Section) -> Markup:
    """A section's heading and blocks as markup, rendered on first use (every time when
    GUIDE_TEXT_CACHE is off, or in debug, where templates change under a running app)."""
    app = current_app
    if not app.config["GUIDE_TEXT_CACHE"] or app.debug:
        return render(section)
    kept = app.extensions.setdefault(EXTENSION_KEY, {})
    key = (guide.slug, section.key)
    html = kept.get(key)
    if html is None:
        html = kept[key] = render(section)
    return html


def render(section: Section) -> Markup:
    """The section's text rendered from its template, which reads nothing but the section."""
    html = current_app.jinja_env.get_template(TEMPLATE).render(section=section)
    return Markup(html)  # noqa: S704 (rendered by an autoescaping template)
