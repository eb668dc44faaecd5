"""The editable moderation rules."""

from flask import flash, request
from flask_login import current_user

from planner import htmx
from planner.accounts.decorators import admin_required
from planner.admin import settings
from planner.admin.blueprint import bp
from planner.admin.forms import SettingsForm


@bp.route("/admin/settings", methods=["GET", "POST"])
@admin_required
def settings_page():
    """Show and save the rules; the comments policy applies them from the next comment on."""
    if request.method == "GET":
        form = SettingsForm(data=settings.current_values())
        return htmx.render("admin/settings.html", "admin/_settings_form.html", form=form)
    form = SettingsForm()
    if not form.validate_on_submit():
        return htmx.render(
            "admin/settings.html", "admin/_settings_form.html", status=422, form=form
        )
    changed = settings.save_settings(form.data, current_user)
    message = "Rules saved." if changed else "Nothing changed."
    flash(message, "success")
    if not htmx.is_partial():
        return htmx.see_other(request.path)
    return htmx.render(
        "admin/settings.html",
        "admin/_settings_form.html",
        trigger="settings-saved",
        form=form,
    )
