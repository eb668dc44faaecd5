"""The path finder's six questions, their answers, and the answers as a query string.

Plain data and functions: nothing here knows Flask or the database.
"""

from dataclasses import dataclass, fields
from itertools import product
from urllib.parse import parse_qsl, urlencode

NONE = "none"
SKILLS = {
    "writing": "writing",
    "design": "graphic design",
    "video-editing": "video editing",
    "programming": "programming",
    "social-media": "social media management",
    "virtual-assistance": "virtual assistance",
}
THIS_WEEK, IN_MONTHS, NO_RUSH = "this-week", "months", "no-rush"
FEW_HOURS, SOME_HOURS, MANY_HOURS = "under-5", "5-15", "over-15"
POCKET_MONEY, PART_TIME, CAREER = "pocket-money", "part-time", "career"
YES, UNSURE, NO = "yes", "unsure", "no"
WHILE_EARNING = "while-earning"

MISSING = "Choose one answer to go on."
UNKNOWN = "Choose one of the answers listed."


@dataclass(frozen=True)
class Option:
    """One answer to a question: the value sent in forms and URLs, and its words."""

    value: str
    label: str


@dataclass(frozen=True)
class Question:
    """A question: its field name, its words, an optional hint and its answers."""

    name: str
    text: str
    hint: str
    options: tuple[Option, ...]

    @property
    def values(self) -> tuple[str, ...]:
        """The values a form may send for this question."""
        return tuple(o.value for o in self.options)

    def label(self, value: str) -> str:
        """The words of the answer with this value."""
        return next(o.label for o in self.options if o.value == value)


QUESTIONS = (
    Question(
        "skill", "Do you have a skill you could sell today?",
        "Freelance clients pay for skills like these.",
        (*(Option(value, label.capitalize()) for value, label in SKILLS.items()),
         Option(NONE, "Not yet")),
    ),
    Question(
        "money", "How soon do you need to earn?", "",
        (Option(THIS_WEEK, "This week"), Option(IN_MONTHS, "Within the next few months"),
         Option(NO_RUSH, "There is no rush")),
    ),
    Question(
        "hours", "How many hours a week can you give it?", "",
        (Option(FEW_HOURS, "Fewer than 5"), Option(SOME_HOURS, "5 to 15"),
         Option(MANY_HOURS, "More than 15")),
    ),
    Question(
        "goal", "What are you after?", "",
        (Option(POCKET_MONEY, "Pocket money"), Option(PART_TIME, "A part-time income"),
         Option(CAREER, "A full-time career")),
    ),
    Question(
        "clients", "How do you feel about working to deadlines for clients?", "",
        (Option(YES, "Fine: I can keep to deadlines"),
         Option(UNSURE, "Unsure: I would need to get used to it"),
         Option(NO, "I would rather avoid it")),
    ),
    Question(
        "learn", "Would you learn a new skill before you earn from it?", "",
        (Option(YES, "Yes, I can learn first"),
         Option(WHILE_EARNING, "Only while I earn something"),
         Option(NO, "No, I want to earn with what I know")),
    ),
)
QUESTION_COUNT = len(QUESTIONS)


@dataclass(frozen=True)
class Answers:
    """One complete set of answers; every field holds one of its question's values."""

    skill: str
    money: str
    hours: str
    goal: str
    clients: str
    learn: str

    def as_dict(self) -> dict[str, str]:
        """The answers by question name, in the questions' order."""
        return {f.name: getattr(self, f.name) for f in fields(self)}

    @property
    def has_skill(self) -> bool:
        """True when there is a skill to sell today."""
        return self.skill != NONE


@dataclass(frozen=True)
class Parsed:
    """What a form or query string said: the valid answers, and a message per bad one."""

    given: dict[str, str]
    errors: dict[str, str]

    @property
    def answers(self) -> Answers | None:
        """The complete answers, or None while any is missing or wrong."""
        if self.errors or len(self.given) < QUESTION_COUNT:
            return None
        return Answers(**self.given)

    def first_unanswered(self, before: int = QUESTION_COUNT) -> int | None:
        """The number (from 1) of the first question before `before`+1 left unanswered."""
        for number, question in enumerate(QUESTIONS[:before], start=1):
            if question.name not in self.given:
                return number
        return None


def parse(values) -> Parsed:
    """Read the answers from a mapping (a form or a query string); unknown keys are ignored."""
    given: dict[str, str] = {}
    errors: dict[str, str] = {}
    for question in QUESTIONS:
        raw = values.get(question.name)
        if raw in question.values:
            given[question.name] = raw
        elif raw:
            errors[question.name] = UNKNOWN
    return Parsed(given, errors)


def require_all(parsed: Parsed) -> Parsed:
    """The same answers with a message for every question still unanswered."""
    errors = dict(parsed.errors)
    for question in QUESTIONS:
        if question.name not in parsed.given:
            errors.setdefault(question.name, MISSING)
    return Parsed(parsed.given, errors)


def encode(given) -> str:
    """A query string of answers (an Answers or a partial dict), in the questions' order."""
    values = given.as_dict() if isinstance(given, Answers) else given
    return urlencode([(q.name, values[q.name]) for q in QUESTIONS if q.name in values])


def decode(query: str) -> Answers | None:
    """Answers stored as a query string, or None if they no longer fit the questions."""
    return parse(dict(parse_qsl(query))).answers


def every_answer_set():
    """Every possible combination of answers (for tests and for checking the rules)."""
    names = [q.name for q in QUESTIONS]
    for values in product(*(q.values for q in QUESTIONS)):
        yield Answers(**dict(zip(names, values, strict=True)))
