"""The moderation policy on its own: plain values in, a decision out."""

from pathlib import Path

import pytest

from planner.comments.policy import (
    Action,
    AuthorFacts,
    Candidate,
    ModerationRules,
    count_links,
    first_word_found,
    judge_new_comment,
)

RULES = ModerationRules(
    moderation_words=("casino", "free money"),
    disallowed_words=("viagra", "203.0.113.9"),
)
PLAIN = Candidate(body="Thanks, this helped me pick micro jobs first.", author_name="Ana")
TRUSTED = AuthorFacts(has_approved_comment=True)
NEWCOMER = AuthorFacts()


def decide(candidate=PLAIN, facts=TRUSTED, rules=RULES):
    return judge_new_comment(candidate, facts, rules)


def test_a_trusted_author_is_approved():
    decision = decide()
    assert decision.action == Action.APPROVE
    assert decision.status == "approved"
    assert "earlier approved comment" in decision.reason


def test_a_first_time_author_is_held():
    decision = decide(facts=NEWCOMER)
    assert decision.action == Action.HOLD
    assert decision.status == "pending"
    assert decision.reason == "held: first comment by this author"


def test_first_time_authors_pass_when_the_rule_is_off():
    rules = ModerationRules(require_approved_author=False)
    assert decide(facts=NEWCOMER, rules=rules).action == Action.APPROVE


def test_an_admin_is_approved_even_as_a_first_time_author_with_links():
    candidate = Candidate(body="See http://a.example and http://b.example, casino")
    decision = decide(candidate, AuthorFacts(is_admin=True))
    assert decision.action == Action.APPROVE
    assert decision.reason == "approved: written by an admin"


@pytest.mark.parametrize(("links", "action"), [(0, Action.APPROVE), (1, Action.APPROVE),
                                               (2, Action.HOLD), (3, Action.HOLD)])
def test_two_or_more_links_hold_even_a_trusted_author(links, action):
    body = "Look: " + " ".join(f"https://site{n}.example/page" for n in range(links))
    decision = decide(Candidate(body=body))
    assert decision.action == action
    if action == Action.HOLD:
        assert decision.reason == f"held: {links} links (hold from 2)"


def test_a_link_threshold_of_zero_turns_the_link_rule_off():
    body = " ".join(f"http://x{n}.example" for n in range(5))
    assert decide(Candidate(body=body), rules=ModerationRules(link_threshold=0)).action == (
        Action.APPROVE
    )


@pytest.mark.parametrize(
    "candidate",
    [
        Candidate(body="Try the CASINO bonus"),
        Candidate(body="Hello", author_name="Casino King"),
        Candidate(body="Hello", author_url="https://casino.example"),
        Candidate(body="Hello", author_email="me@casino.example"),
    ],
)
def test_a_moderation_word_in_any_field_holds(candidate):
    decision = decide(candidate)
    assert decision.action == Action.HOLD
    assert decision.reason == "held: contains the moderation word 'casino'"


def test_a_moderation_phrase_holds_as_written():
    assert decide(Candidate(body="Get FREE MONEY today")).action == Action.HOLD
    assert decide(Candidate(body="free, and money")).action == Action.APPROVE


def test_words_match_whole_words_only():
    # "casinos" and "occasional" do not contain the whole word "casino".
    assert decide(Candidate(body="An occasional task, no casinos.")).action == Action.APPROVE


@pytest.mark.parametrize(
    "candidate",
    [
        Candidate(body="cheap VIAGRA here"),
        Candidate(body="hello", author_ip="203.0.113.9"),
        Candidate(body="hello", user_agent="Viagra-bot/1.0"),
    ],
)
def test_a_disallowed_word_marks_spam(candidate):
    decision = decide(candidate)
    assert decision.action == Action.SPAM
    assert decision.status == "spam"
    assert decision.reason.startswith("spam: contains the disallowed word")


def test_a_filled_honeypot_marks_spam_even_for_a_trusted_author():
    decision = decide(Candidate(body="hello", honeypot="buy now"))
    assert decision.action == Action.SPAM
    assert decision.reason == "spam: the hidden field was filled in"


def test_a_blank_honeypot_is_ignored():
    assert decide(Candidate(body="hello", honeypot="   ")).action == Action.APPROVE


def test_disallowed_beats_moderation_words():
    assert decide(Candidate(body="casino viagra")).action == Action.SPAM


@pytest.mark.parametrize(("waited", "refused"), [(0.0, True), (14.9, True), (15.0, False),
                                                 (3600.0, False), (None, False)])
def test_a_second_comment_within_fifteen_seconds_is_refused(waited, refused):
    decision = decide(facts=AuthorFacts(has_approved_comment=True,
                                        seconds_since_last_comment=waited))
    assert (decision.action == Action.REFUSE_FLOOD) is refused
    if refused:
        assert decision.refused and decision.status is None
        assert 1 <= decision.retry_after <= 15


def test_the_flood_wait_is_rounded_up():
    facts = AuthorFacts(seconds_since_last_comment=10.2)
    assert decide(facts=facts).retry_after == 5


def test_admins_are_not_held_back_by_the_flood_rule():
    facts = AuthorFacts(is_admin=True, seconds_since_last_comment=1.0)
    assert decide(facts=facts).action == Action.APPROVE


def test_an_exact_duplicate_is_refused_before_anything_else():
    facts = AuthorFacts(is_admin=True, has_identical_comment=True, seconds_since_last_comment=1)
    decision = decide(Candidate(body="x", honeypot="bot"), facts)
    assert decision.action == Action.REFUSE_DUPLICATE
    assert decision.refused
    assert decision.reason == "refused: exact duplicate of an earlier comment"


def test_flooding_is_checked_before_spam_rules():
    facts = AuthorFacts(seconds_since_last_comment=2)
    assert decide(Candidate(body="viagra"), facts).action == Action.REFUSE_FLOOD


def test_links_are_checked_before_trust_and_words_after_links():
    body = "casino http://a.example http://b.example"
    assert decide(Candidate(body=body)).reason.startswith("held: 2 links")


@pytest.mark.parametrize(
    ("text", "expected"),
    [("", 0), ("http://a.example", 1), ("HTTPS://A.EXAMPLE and http://b", 2),
     ("javascript:alert(1) data:text/html,x ftp://x", 0), ("www.example.com", 0)],
)
def test_count_links_counts_http_addresses_only(text, expected):
    assert count_links(text) == expected


def test_first_word_found_skips_blank_entries_and_ignores_case():
    assert first_word_found(("", "  ", "Spam"), ("this is SPAM",)) == "Spam"
    assert first_word_found(("", "  "), ("anything at all",)) is None


@pytest.mark.parametrize(
    "values",
    [{"thread_depth": 0}, {"per_page": 0}, {"flood_seconds": -1}, {"link_threshold": -1}],
)
def test_rules_refuse_values_that_make_no_sense(values):
    with pytest.raises(ValueError):
        ModerationRules(**values)


def test_the_policy_module_knows_nothing_of_flask_or_the_database():
    import planner.comments.policy as policy

    imports = [
        line for line in Path(policy.__file__).read_text().splitlines()
        if line.startswith(("import ", "from "))
    ]
    assert imports and not [line for line in imports if "flask" in line or "sqlalchemy" in line]
    # Only the statuses, plain data like the policy itself.
    planner_imports = [line for line in imports if "planner" in line]
    assert planner_imports == ["from planner.comments.status import CommentStatus"]
