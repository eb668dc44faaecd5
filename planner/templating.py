"""Everything templates can use beyond what a view passes: filters, tests, globals and
context processors, registered here for the whole app so a reader finds them in one place."""

from flask import Flask, has_request_context, url_for
from flask_login import current_user
from werkzeug.local import LocalProxy

from planner import assets, dates, htmx
from planner.accounts.preferences import viewer_locale, viewer_zone
from planner.admin.console import place, queue_url
from planner.comments import text
from planner.comments.status import (
    BULK_ACTIONS,
    EMPTIABLE,
    QUEUE_TABS,
    SHORTCUTS,
    STATUSES,
    TRANSITIONS,
    CommentStatus,
)
from planner.earnings import money
from planner.forms import empty_control
from planner.guides.text import section_text
from planner.roadmaps import over_time, timeline
from planner.roadmaps import rules as roadmap_rules
from planner.roadmaps.glance import nav_glance
from planner.roadmaps.rows import RowKit
from planner.security import csp_nonce


def _exact_time(moment):
    """exact_time in the reader's locale and time zone."""
    return dates.exact_time(moment, locale=viewer_locale(), zone=viewer_zone())


def _long_date(day):
    """long_date in the reader's locale and time zone."""
    return dates.long_date(day, locale=viewer_locale(), zone=viewer_zone())


def _short_date(day):
    """short_date in the reader's locale and time zone."""
    return dates.short_date(day, locale=viewer_locale(), zone=viewer_zone())


def _day_label(day):
    """day_label in the reader's locale: "3 Dec 2026"."""
    return dates.day_label(day, locale=viewer_locale())


def _month_label(day):
    """month_label in the reader's locale: "Dec 2026"."""
    return dates.month_label(day, locale=viewer_locale())


def _change_line(event):
    """A history event in a sentence, dates in the reader's locale."""
    return timeline.describe(event.kind, event.field, event.old_value, event.new_value,
                             event.track, locale=viewer_locale())


def _relative_time(then, now):
    """relative_time in the reader's locale."""
    return dates.relative_time(then, now, locale=viewer_locale())


def _money(minor: int, currency: str) -> str:
    """An amount in minor units as the reader's locale writes it: "Rs 1,500.00"."""
    return money.format_money(minor, currency, locale=viewer_locale())


def _money_totals(totals) -> str:
    """Totals per currency (a dict or (currency, amount) pairs) in the reader's locale."""
    pairs = totals.items() if isinstance(totals, dict) else totals
    return money.format_totals(pairs, locale=viewer_locale())


FILTERS = {
    "comment_html": text.render_comment,
    "initials": text.initials,
    "avatar_colour": text.avatar_colour,
    "count_label": text.count_label,
    "exact_time": _exact_time,
    "iso_time": dates.iso_time,
    "long_date": _long_date,
    "short_date": _short_date,
    "money": _money,
    "money_totals": _money_totals,
    "day_label": _day_label,
    "change_line": _change_line,
    "month_label": _month_label,
    "done_words": over_time.done_words,
    "minutes": timeline.format_minutes,
}
TESTS = {"http_url": text.is_http_url}
GLOBALS = {
    # The proxy, not the user: a template that never reads it never loads the user.
    "current_user": current_user,
    "asset_url": assets.asset_url,
    "csp_nonce": csp_nonce,
    "htmx_config": htmx.CONFIG,
    "relative_time": _relative_time,
    "section_text": section_text,
    # Comment statuses and console actions: tabs, bulk menus and row buttons read these.
    "CommentStatus": CommentStatus,
    "comment_statuses": STATUSES,
    "queue_tabs": QUEUE_TABS,
    "bulk_actions": BULK_ACTIONS,
    "emptiable": EMPTIABLE,
    "transitions": TRANSITIONS,
    "shortcuts": SHORTCUTS,
    "place": place,
    "queue_url": queue_url,
    "roadmap_rules": roadmap_rules,
    "nav_glance": nav_glance,
    "row_kit": RowKit,
    "empty_control": empty_control,
    "calendar_levels": over_time.LEVEL_LABELS,
}


def init_app(app: Flask) -> None:
    """Register the filters, tests, globals and per-request values."""
    app.jinja_env.filters.update(FILTERS)
    app.jinja_env.tests.update(TESTS)
    app.jinja_env.globals.update(GLOBALS)
    app.context_processor(per_request)


def per_request() -> dict:
    """Values that depend on the request: where "build my roadmap" leads, and whether a
    form is shown in place (forms swapped in by htmx take the focus; pages do not)."""
    if not has_request_context():  # mail rendered outside a request
        return {}
    return {
        # Worked out when a template shows it: it needs the user, and partials never do.
        "roadmap_url": LocalProxy(_roadmap_url),
        "inline": htmx.is_partial(),
    }


def _roadmap_url() -> str:
    """A visitor registers, then lands on the builder; a member goes to the roadmap they have
    (the list builds one when there is none)."""
    if getattr(current_user, "is_authenticated", False):
        return url_for("roadmaps.index")
    return url_for("accounts.register", next=url_for("roadmaps.new"))
