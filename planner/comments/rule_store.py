"""Where the moderation rule values come from and how they are saved: the admin's saved row,
else the COMMENT_* config, else the policy's defaults."""

from collections.abc import Mapping
from dataclasses import replace

from flask import current_app, g

from planner.accounts.models import User
from planner.comments.models import AuditEntry, SavedRules
from planner.comments.policy import DEFAULT_RULES, RULE_NAMES, WORD_LISTS, ModerationRules
from planner.extensions import db


def config_key(name: str) -> str:
    """The config setting that gives a rule its start-up value."""
    return "COMMENT_" + name.upper()


def rules_from_config(config: Mapping) -> ModerationRules:
    """Build the rules from COMMENT_* settings; a bad value raises ValueError."""
    values = {}
    for name in RULE_NAMES:
        raw = config.get(config_key(name))
        if raw is None:
            continue
        kind = type(getattr(DEFAULT_RULES, name))
        values[name] = tuple(raw) if kind is tuple else kind(raw)
    return replace(DEFAULT_RULES, **values)


def split_words(text: str) -> tuple[str, ...]:
    """One word or phrase per line, blanks dropped."""
    return tuple(line.strip() for line in (text or "").splitlines() if line.strip())


def rules_from_row(row: SavedRules) -> ModerationRules:
    """The rules an admin saved."""
    values = {name: getattr(row, name) for name in RULE_NAMES}
    for name in WORD_LISTS:
        values[name] = split_words(values[name])
    return ModerationRules(**values)


def current_rules() -> ModerationRules:
    """The rules in force for this request: the single place every caller asks.

    Read once per request (kept on g), so a page asks the database at most once.
    """
    if "moderation_rules" not in g:
        row = db.session.get(SavedRules, 1)
        g.moderation_rules = (
            rules_from_config(current_app.config) if row is None else rules_from_row(row)
        )
    return g.moderation_rules


def forget_current_rules() -> None:
    """Drop this request's copy after the rules change, so the new ones apply at once."""
    g.pop("moderation_rules", None)


def current_values() -> dict:
    """The values in force as the console edits them: word lists one per line."""
    rules = current_rules()
    values = {name: getattr(rules, name) for name in RULE_NAMES}
    for name in WORD_LISTS:
        values[name] = "\n".join(values[name])
    return values


def normalise_words(text: str) -> str:
    """One entry per line, trimmed, blanks and repeats dropped."""
    return "\n".join(dict.fromkeys(split_words(text)))


def save_rules(values: dict, admin: User) -> list[str]:
    """Store the rules and audit what changed; returns the names of the changed fields."""
    values = {name: values[name] for name in RULE_NAMES}
    for name in WORD_LISTS:
        values[name] = normalise_words(values[name])
    before = current_values()
    changed = [name for name in RULE_NAMES if before.get(name) != values[name]]
    row = db.session.get(SavedRules, 1) or SavedRules(id=1)
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
