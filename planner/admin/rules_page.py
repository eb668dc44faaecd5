"""The page where admins edit the moderation rules."""

from flask import flash, request
from flask_login import current_user

from planner import htmx
from planner.admin.forms import RulesForm
from planner.comments import rule_store

PAGE, PARTIAL = "admin/rules.html", "admin/_rules_form.html"


def rules():
    """Show and save the rules; the comments policy applies them from the next comment on."""
    if request.method == "GET":
        return htmx.render(PAGE, PARTIAL, form=RulesForm(data=rule_store.current_values()))
    form = RulesForm()
    if not form.validate_on_submit():
        return htmx.render(PAGE, PARTIAL, status=422, form=form)
    changed = rule_store.save_rules(form.data, current_user)
    flash("Rules saved." if changed else "Nothing changed.", "success")
    if not htmx.is_partial():
        return htmx.see_other(request.path)
    return htmx.render(PAGE, PARTIAL, trigger="settings-saved", form=form)
