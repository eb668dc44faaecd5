"""Which path fits one person: micro jobs, freelancing, or micro jobs while learning a skill.

One pure function decides from the answers, following the guide's own advice: quick money
without new skills points to micro jobs, a lasting career to freelancing, and many people do
micro jobs while they learn a skill. Each reason names the row of the comparison table it
rests on, and the answers that would change the advice are found by asking the same function.
"""

from dataclasses import dataclass, replace
from itertools import combinations, product

from planner.pathfinder import questions as q

MICRO_JOBS, FREELANCING, BOTH = "micro-jobs", "freelancing", "both"
PATHS = (MICRO_JOBS, FREELANCING, BOTH)
PATH_TITLES = {
    MICRO_JOBS: "Micro jobs",
    FREELANCING: "Freelancing",
    BOTH: "Micro jobs while you learn a skill",
}
# How each path is named inside a sentence ("we would suggest ...").
PATH_PHRASES = {
    MICRO_JOBS: "micro jobs",
    FREELANCING: "freelancing",
    BOTH: "micro jobs while you learn a skill",
}
MAX_REASONS = 3
MAX_CHANGES = 3

# Rows of the comparison table in the guide (their "Feature" column).
SKILL_ROW = "Skill requirement"
EARNING_ROW = "Earning potential"
PAYMENT_ROW = "Payment cycle"
GROWTH_ROW = "Career growth"
CLIENT_ROW = "Client relationship"
FLEXIBILITY_ROW = "Flexibility"
RISK_ROW = "Risk level"


@dataclass(frozen=True)
class Reason:
    """One sentence of why, and the comparison row it comes from."""

    row: str
    text: str


@dataclass(frozen=True)
class Change:
    """Different answers (one, or more when one is not enough) that would lead elsewhere."""

    answers: tuple[tuple[str, str], ...]  # (question name, answer value)
    path: str

    @property
    def text(self) -> str:
        """The change in words."""
        parts = [f"“{_answer_words(name, value)}” to “{_asked(name)}”"
                 for name, value in self.answers]
        listed = ", ".join(parts[:-1]) + " and " + parts[-1] if len(parts) > 1 else parts[0]
        return f"Answer {listed} and we would suggest {PATH_PHRASES[self.path]}."


@dataclass(frozen=True)
class Recommendation:
    """The path, why, and what would change it."""

    path: str
    summary: str
    reasons: tuple[Reason, ...]
    changes: tuple[Change, ...]

    @property
    def title(self) -> str:
        """The path as a heading."""
        return PATH_TITLES[self.path]


def decide(a: q.Answers) -> str:
    """The path for a set of answers; the first rule that applies wins."""
    if a.clients == q.NO:
        return MICRO_JOBS  # freelancing is deadlines and clients
    if not a.has_skill and a.learn == q.NO:
        return MICRO_JOBS  # freelancing needs a skill, and learning one is ruled out
    if a.goal == q.POCKET_MONEY and (not a.has_skill or a.money == q.THIS_WEEK):
        return MICRO_JOBS  # small sums paid quickly are what micro jobs do well
    if a.has_skill:
        return BOTH if a.money == q.THIS_WEEK else FREELANCING
    if a.learn == q.YES and a.money == q.NO_RUSH:
        return FREELANCING  # time to learn first, and no bills waiting
    return BOTH


def recommend(a: q.Answers) -> Recommendation:
    """The path for the answers, with two or three reasons and what would change it."""
    path = decide(a)
    return Recommendation(path, summary(a, path), reasons(a, path)[:MAX_REASONS],
                          changes(a, path))


def summary(a: q.Answers, path: str) -> str:
    """The advice in one sentence, naming the skill when there is one."""
    skill = q.SKILLS.get(a.skill)
    if path == MICRO_JOBS:
        return "Start with small online tasks that pay quickly and ask for no special skill."
    if path == FREELANCING:
        if skill:
            return f"Offer your {skill} to clients, starting with small projects."
        return "Learn a skill clients pay for, then offer it on freelancing platforms."
    if skill:
        return f"Earn with micro jobs now while your {skill} wins its first clients."
    return "Earn with micro jobs now and put part of it towards learning a skill."


def reasons(a: q.Answers, path: str) -> tuple[Reason, ...]:
    """Why the answers lead to path, the strongest reason first."""
    found = {MICRO_JOBS: _micro_reasons, FREELANCING: _freelance_reasons, BOTH: _both_reasons}
    return tuple(found[path](a))


def _skill(a: q.Answers) -> str:
    return q.SKILLS.get(a.skill, "a skill")


def _micro_reasons(a: q.Answers):
    """Reasons for micro jobs alone."""
    if a.clients == q.NO:
        yield Reason(CLIENT_ROW, "You would rather not work to deadlines for clients. Micro "
                     "jobs are short one-off tasks, while freelancing means lasting client "
                     "relationships.")
        yield Reason(FLEXIBILITY_ROW, "Micro jobs let you work at any hour; freelancing is "
                     "flexible too, but its deadlines are tighter.")
    if not a.has_skill and a.learn == q.NO:
        yield Reason(SKILL_ROW, "Freelancing asks you to learn a skill before you earn, and "
                     "you would rather not. Micro jobs need almost no skill at all.")
    elif not a.has_skill:
        yield Reason(SKILL_ROW, "You have no skill to sell yet, and micro jobs need none: if "
                     "you can use the internet, you can start.")
    if a.goal == q.POCKET_MONEY:
        yield Reason(EARNING_ROW, "You want pocket money, which is what micro jobs do well: "
                     "small sums, paid quickly.")
    if a.money == q.THIS_WEEK:
        yield Reason(PAYMENT_ROW, "You need money this week, and micro-job platforms usually "
                     "pay daily or weekly.")
    yield Reason(RISK_ROW, "Micro jobs carry very little risk, so they are an easy way to see "
                 "how earning online works.")


def _freelance_reasons(a: q.Answers):
    """Reasons for freelancing straight away."""
    if a.has_skill:
        yield Reason(SKILL_ROW, f"You can already offer {_skill(a)}, the kind of skill "
                     "freelance clients pay for.")
    else:
        yield Reason(SKILL_ROW, "Freelancing needs a skill, and you are ready to learn one "
                     "before you earn, with no bills pressing.")
    if a.goal == q.CAREER:
        yield Reason(GROWTH_ROW, "You want a career, and freelancing has room to grow: every "
                     "project adds to your experience and your portfolio.")
    else:
        yield Reason(EARNING_ROW, "Freelancing pays better than micro jobs, though landing "
                     "the first clients can take a while.")
    if a.clients == q.UNSURE:
        yield Reason(RISK_ROW, "Deadlines and clients are new to you: small projects first "
                     "build the trust and reviews that bigger work needs.")
    else:
        yield Reason(PAYMENT_ROW, "You can wait a little for money, which suits clients who "
                     "pay weekly, every two weeks or per project.")


def _both_reasons(a: q.Answers):
    """Reasons for micro jobs now and freelancing next."""
    if a.money == q.THIS_WEEK:
        yield Reason(PAYMENT_ROW, "You need money this week: micro jobs pay daily or weekly, "
                     "while freelance clients often pay per project.")
    if a.has_skill:
        yield Reason(EARNING_ROW, f"Your {_skill(a)} can earn better pay as freelance work, "
                     "but winning the first clients takes time; micro jobs fill the gap.")
    else:
        yield Reason(SKILL_ROW, "Freelancing needs a skill you do not have yet. Micro jobs "
                     "need none, so they can pay while you learn one.")
    if a.goal != q.POCKET_MONEY:
        yield Reason(GROWTH_ROW, "Micro jobs alone leave little room to grow; the skill is "
                     "what turns online work into a lasting income.")
    yield Reason(RISK_ROW, "Starting with micro jobs keeps the risk low while you build "
                 "confidence.")


def changes(a: q.Answers, path: str) -> tuple[Change, ...]:
    """Different answers that would lead elsewhere: one per question, else the fewest together."""
    single = [c for c in (_first_change(a, path, (x,)) for x in q.QUESTIONS) if c]
    if single:
        return tuple(single[:MAX_CHANGES])
    for size in range(2, q.QUESTION_COUNT + 1):
        for asked in combinations(q.QUESTIONS, size):
            change = _first_change(a, path, asked)
            if change:
                return (change,)
    return ()


def _first_change(a: q.Answers, path: str, asked: tuple[q.Question, ...]) -> Change | None:
    """The first combination of other answers to these questions that changes the path."""
    others = [[o.value for o in x.options if o.value != getattr(a, x.name)] for x in asked]
    for values in product(*others):
        answers = tuple(zip((x.name for x in asked), values, strict=True))
        other = decide(replace(a, **dict(answers)))
        if other != path:
            return Change(answers, other)
    return None


def _asked(name: str) -> str:
    """The words of the question with this name."""
    return next(x.text for x in q.QUESTIONS if x.name == name)


def _answer_words(name: str, value: str) -> str:
    """How an answer is named: any skill counts the same."""
    question = next(x for x in q.QUESTIONS if x.name == name)
    if name == "skill" and value != q.NONE:
        return "a skill from the list"
    return question.label(value)
