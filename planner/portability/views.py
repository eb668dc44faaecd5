"""Routes of the account page's "Your data": download the export, download the milestones
as CSV, import an export. Parse, call, render."""

import json

from flask import Blueprint, Response, flash, url_for
from flask_login import current_user, login_required
from werkzeug.exceptions import RequestEntityTooLarge

from planner import errors, htmx, idempotency, schema, security
from planner.accounts.forms import ImportForm
from planner.accounts.settings import render_settings
from planner.accounts.throttle import signed_in_account_key
from planner.content.lookup import get_library
from planner.database import utcnow
from planner.extensions import limit_setting, limiter
from planner.portability import importing, spreadsheet
from planner.portability.sections import build_export
from planner.roadmaps.export import CSV_HEADER, milestone_rows

bp = Blueprint("portability", __name__, url_prefix="/account")

IMPORT_PARTIAL = "accounts/_import_form.html"
REPEATED = "That file was imported already; nothing was added twice."


def download(body: str, mimetype: str, extension: str) -> Response:
    """A file to save, never kept by any cache: planner-USERNAME-DATE.EXTENSION."""
    name = f"planner-{current_user.username}-{utcnow().date().isoformat()}.{extension}"
    response = Response(body, mimetype=mimetype)
    # Usernames are ASCII letters, digits, _ and -: the name needs no quoting rules.
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return security.no_store(response)


@bp.get("/export.json")
@login_required
def export_json():
    """Download all of the user's data as one JSON file."""
    # Compact: the file must fit through MAX_CONTENT_LENGTH again to be imported.
    body = json.dumps(build_export(current_user.id), ensure_ascii=False, separators=(",", ":"))
    return download(body, "application/json", "json")


@bp.get("/milestones.csv")
@login_required
def export_csv():
    """Download every milestone of every roadmap as CSV, one row each."""
    body = spreadsheet.csv_text(CSV_HEADER, milestone_rows(current_user.id))
    return download(body, "text/csv", "csv")


def refused(form: ImportForm, message: str, status: int = 422):
    """The import form again, its message beside the file field; nothing was saved."""
    form.file.errors = [*form.file.errors, message]
    return render_settings(status, IMPORT_PARTIAL, import_form=form)


@bp.post("/import")
@limiter.limit(limit_setting("IMPORT_LIMIT"), key_func=signed_in_account_key)
@login_required
def import_data():
    """Recreate the roadmaps (and earnings) of an uploaded export in this account."""
    form = ImportForm()
    key = form.idempotency_key.data
    if importing.already_imported(current_user, key):
        return repeated()
    if not form.validate():
        return render_settings(422, IMPORT_PARTIAL, import_form=form)
    try:
        checked = importing.check_upload(form.file.data.read(), get_library())
    except schema.Invalid as problem:
        return refused(form, f"Nothing was imported. {problem}")
    try:
        said = importing.import_checked(current_user, checked, key)
    except idempotency.AlreadyDone:
        return repeated()
    if not said:
        flash(importing.NOTHING, "info")
        return htmx.navigate(url_for("accounts.settings", _anchor="your-data"))
    flash(f"Imported {'; '.join(said)}.", "success")
    made_roadmaps = any(importer.name == "roadmaps" and data
                        for importer, data in checked.sections)
    return htmx.navigate(url_for("roadmaps.index") if made_roadmaps
                         else url_for("accounts.settings", _anchor="your-data"))


def repeated():
    """The same form sent again after it was saved: say so, add nothing."""
    flash(REPEATED, "info")
    return htmx.navigate(url_for("accounts.settings", _anchor="your-data"))


@bp.errorhandler(RequestEntityTooLarge)
def too_large(error: RequestEntityTooLarge):
    """An upload past MAX_CONTENT_LENGTH: the form again, saying the limit."""
    if not current_user.is_authenticated:  # refused before login_required could answer
        return errors.handle_http_error(error)
    # The request's body cannot be read, so the form starts afresh, with a new key.
    form = ImportForm(formdata=None)
    return refused(form, f"Nothing was imported: the file is larger than "
                         f"{form.size_limit()}, the most one upload may be.", status=413)
