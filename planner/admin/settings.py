"""Saving the moderation rules an admin edits; the comments policy reads them at once."""

from flask import current_app

from planner.accounts.models import User
from planner.admin.models import AuditEntry, ModerationSettings
from planner.comments.rules import forget_current_rules, rules_from_config
from planner.extensions import db

FIELDS = (
    "manual_approval",
    "require_approved_author",
    "signed_in_only",
    "link_threshold",
    "moderation_words",
    "disallowed_words",
    "flood_seconds",
    "thread_depth",
    "per_page",
)


def current_values() -> dict:
    """The values in force: the saved row, else the config defaults."""
    row = db.session.get(ModerationSettings, 1)
    if row is not None:
        return {name: getattr(row, name) for name in FIELDS}
    rules = rules_from_config(current_app.config)
    values = {name: getattr(rules, name) for name in FIELDS if hasattr(rules, name)}
    values["moderation_words"] = "\n".join(rules.moderation_words)
    values["disallowed_words"] = "\n".join(rules.disallowed_words)
    return values


def normalise_words(text: str) -> str:
    """One entry per line, trimmed, blanks and repeats dropped."""
    seen: dict[str, None] = {}
    for line in (text or "").splitlines():
        if line.strip():
            seen.setdefault(line.strip(), None)
    return "\n".join(seen)


def save_settings(values: dict, admin: User) -> list[str]:
    """Store the rules and audit what changed; returns the names of the changed fields."""
    values = {name: values[name] for name in FIELDS}
    for name in ("moderation_words", "disallowed_words"):
        values[name] = normalise_words(values[name])
    before = current_values()
    changed = [name for name in FIELDS if before.get(name) != values[name]]
    row = db.session.get(ModerationSettings, 1) or ModerationSettings(id=1)
    for name, value in values.items():
        setattr(row, name, value)
    db.session.add(row)
    if changed:
        db.session.add(
            AuditEntry(
                admin_id=admin.id,
                admin_name=admin.display_name,
                action="settings",
                detail="; ".join(describe(n, before.get(n), values[n]) for n in changed),
            )
        )
    db.session.commit()
    forget_current_rules()
    return changed


def describe(name: str, old, new) -> str:
    """A line of the audit detail: the field and its old and new value."""
    label = name.replace("_", " ")
    if isinstance(new, str):
        return f"{label}: {len(old.splitlines()) if old else 0} → {len(new.splitlines())} entries"
    return f"{label}: {old} → {new}"
