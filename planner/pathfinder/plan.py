"""The roadmap a path finder result suggests: which milestones, named how, due when.

Pure: the guides' steps come in as plain (key, title) pairs, today's date as an argument.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from planner.pathfinder import questions as q
from planner.pathfinder.recommend import BOTH, FREELANCING, MICRO_JOBS

# The roadmap template each path starts from (the builder's names).
TEMPLATES = {MICRO_JOBS: "micro-jobs", FREELANCING: "freelancing", BOTH: "recommended"}
TRACKS = {MICRO_JOBS: ("micro-jobs",), FREELANCING: ("freelancing",),
          BOTH: ("micro-jobs", "freelancing")}

# Weeks each step takes at 5 to 15 hours a week; fewer hours stretch them, more shrink them.
WEEKS = {
    "register": 1, "daily-tasks": 2, "cash-out": 2, "save-for-skills": 4,
    "learn-a-skill": 10, "build-portfolio": 4, "create-profiles": 1, "small-projects": 6,
    "grow-client-base": 12,
}
SHARPEN_WEEKS = 3  # someone who can already sell the skill only polishes it
PACE = {q.FEW_HOURS: 2.0, q.SOME_HOURS: 1.0, q.MANY_HOURS: 0.5}
# When doing both, learning starts once the daily micro-jobs habit is in place.
FREELANCING_STARTS_AFTER = "daily-tasks"


@dataclass(frozen=True)
class SkillWords:
    """How the freelancing milestones read for one skill."""

    samples: str
    projects: str


SKILL_WORDS = {
    "writing": SkillWords("Three sample articles for your portfolio", "writing"),
    "design": SkillWords("Three sample designs (a logo, a banner, a post) for your portfolio",
                         "design"),
    "video-editing": SkillWords("Three sample edits for your portfolio", "video-editing"),
    "programming": SkillWords("Three small sample projects for your portfolio", "programming"),
    "social-media": SkillWords("Three sample social media plans for your portfolio",
                               "social media"),
    "virtual-assistance": SkillWords("Three sample tasks that show how you assist",
                                     "virtual-assistance"),
}


@dataclass(frozen=True)
class PlannedMilestone:
    """One milestone of the suggested roadmap."""

    title: str
    track: str
    step_key: str
    target_date: date


@dataclass(frozen=True)
class Plan:
    """A suggested roadmap: its name, the builder template it matches and its milestones."""

    name: str
    template: str
    milestones: tuple[PlannedMilestone, ...]


def plan(a: q.Answers, path: str, steps: dict[str, tuple[tuple[str, str], ...]],
         today: date) -> Plan:
    """The roadmap for answers that led to path; steps maps a track to its (key, title)s."""
    pace = PACE[a.hours]
    milestones: list[PlannedMilestone] = []
    starts = {"micro-jobs": today, "freelancing": today}
    for track in TRACKS[path]:
        day = starts[track]
        for key, title in steps.get(track, ()):
            day += timedelta(weeks=max(1, round(_weeks(a, key) * pace)))
            milestones.append(PlannedMilestone(_title(a, key, title), track, key, day))
            if key == FREELANCING_STARTS_AFTER:
                starts["freelancing"] = day
    return Plan(_name(a, path), TEMPLATES[path], tuple(milestones))


def _weeks(a: q.Answers, key: str) -> int:
    """Weeks for a step at the middle pace."""
    if key == "learn-a-skill" and a.has_skill:
        return SHARPEN_WEEKS
    return WEEKS.get(key, 1)


def _title(a: q.Answers, key: str, title: str) -> str:
    """A freelancing step named for the chosen skill; other steps keep the guide's title."""
    words = SKILL_WORDS.get(a.skill)
    if words is None:
        return title
    skill = q.SKILLS[a.skill]
    named = {
        "learn-a-skill": f"Sharpen your {skill} for paid work",
        "build-portfolio": words.samples,
        "create-profiles": f"Create freelancer profiles offering {skill}",
        "small-projects": f"Finish your first small {words.projects} projects",
        "grow-client-base": f"Grow your list of {skill} clients",
    }
    return named.get(key, title)


def _name(a: q.Answers, path: str) -> str:
    """The roadmap's name, which the user can change later."""
    skill = q.SKILLS.get(a.skill)
    if path == MICRO_JOBS:
        return "Micro jobs for quick income"
    if path == FREELANCING:
        return f"Freelancing in {skill}" if skill else "Learn a skill, then freelance"
    if skill:
        return f"Micro jobs, then freelancing in {skill}"
    return "Micro jobs while I learn a skill"
