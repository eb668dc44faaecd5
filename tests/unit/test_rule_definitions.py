"""The moderation rules are defined once: the policy's dataclass gives every other list."""

import dataclasses

from wtforms.fields.core import UnboundField

from planner.admin.forms import RulesForm
from planner.comments.models import SavedRules
from planner.comments.policy import DEFAULT_RULES, RULE_NAMES, WORD_LISTS, ModerationRules
from planner.comments.rule_store import config_key, rules_from_config


def test_the_rules_page_edits_exactly_the_policy_rules():
    fields = {name for name in dir(RulesForm) if isinstance(getattr(RulesForm, name), UnboundField)}
    assert fields == set(RULE_NAMES)


def test_the_saved_row_has_a_column_per_rule_with_the_policy_default():
    columns = SavedRules.__table__.columns
    for name in RULE_NAMES:
        default = columns[name].default.arg
        expected = "" if name in WORD_LISTS else getattr(DEFAULT_RULES, name)
        assert default == expected, name


def test_unset_config_keys_give_the_policy_defaults():
    assert rules_from_config({}) == ModerationRules()
    assert rules_from_config({config_key("per_page"): 7}).per_page == 7


def test_config_values_are_coerced_to_the_rule_types():
    rules = rules_from_config({config_key("moderation_words"): ["a", "b"]})
    assert rules.moderation_words == ("a", "b")
    assert {f.name for f in dataclasses.fields(ModerationRules)} == set(RULE_NAMES)
