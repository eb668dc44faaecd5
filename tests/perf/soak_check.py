"""What the soak's clients were told was saved, and the check of it against the database.

The ledger holds every write a client tried and whether an answer acknowledged it. At the end
check() reads the database (one connection, so a test can hand it a doctored copy inside a
transaction it rolls back) and sorts what it finds into lost, duplicated and half-made writes.
"""

import threading
from collections import Counter, defaultdict
from dataclasses import dataclass, field

import sqlalchemy as sa

UNKNOWN = "unknown"  # a write whose outcome no answer told: the database may hold either state


@dataclass
class Build:
    """A roadmap built through the builder with one idempotency key."""

    name: str
    template: str
    roadmap_id: int | None = None  # set once acknowledged


@dataclass
class Addition:
    """A custom milestone added through the add form with one idempotency key."""

    title: str
    roadmap_id: int
    milestone_id: int | None = None  # set once acknowledged


@dataclass
class MilestoneState:
    """What a milestone should look like; None: never written by the soak, so not checked.

    Its roadmap and title tell it from a later milestone given the same id (SQLite hands out
    a deleted row's id again).
    """

    roadmap_id: int
    title: str
    status: str | None = None
    notes: str | None = None
    present: bool | str = True


@dataclass
class Moderation:
    """The moderation actions tried on one comment and the status the last one acknowledged."""

    tries: int = 0
    status: str | None = None


@dataclass
class Ledger:
    """Everything the clients sent and were told, shared between their threads."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    requests: int = 0
    answers: Counter = field(default_factory=Counter)  # status code or error name
    acknowledged: Counter = field(default_factory=Counter)  # write kind
    refused: Counter = field(default_factory=Counter)  # (kind, status) of final refusals
    unknown: Counter = field(default_factory=Counter)  # kind: never answered in time
    saved_but_5xx: Counter = field(default_factory=Counter)  # kind: "try again" after a commit
    builds: dict[str, Build] = field(default_factory=dict)  # idempotency key -> build
    additions: dict[str, Addition] = field(default_factory=dict)  # idempotency key -> addition
    milestones: dict[int, MilestoneState] = field(default_factory=dict)
    comments: dict[str, bool] = field(default_factory=dict)  # body -> acknowledged
    accounts: dict[str, bool] = field(default_factory=dict)  # username -> acknowledged
    moderations: dict[int, Moderation] = field(default_factory=lambda: defaultdict(Moderation))

    def track(self, milestone_id: int, roadmap_id: int, title: str) -> None:
        """Start following a milestone that exists now (seeded, or just added)."""
        self.milestones[milestone_id] = MilestoneState(roadmap_id, title)


@dataclass
class Outcomes:
    """Acknowledged writes the database lost, holds twice, or holds only in part."""

    lost: list[str] = field(default_factory=list)
    duplicated: list[str] = field(default_factory=list)
    half_made: list[str] = field(default_factory=list)


def check(conn, ledger: Ledger, template_steps: dict[str, list[tuple[str, str]]]) -> Outcomes:
    """Compare the ledger with what the database on conn holds."""
    found = Outcomes()
    rows = _read(conn)
    _check_builds(ledger, rows, template_steps, found)
    _check_milestones(ledger, rows, found)
    _check_order(rows, found)
    _check_comments(ledger, rows, found)
    _check_accounts(ledger, rows, found)
    return found


def _read(conn) -> dict:
    """The tables the soak writes to, as plain rows."""
    def rows(sql: str) -> list:
        return conn.execute(sa.text(sql)).all()

    return {
        "roadmaps": rows("SELECT id, name, template FROM roadmaps"),
        "milestones": rows("SELECT id, roadmap_id, track, position, title, notes, status, "
                           "step_key FROM milestones"),
        "keys": rows("SELECT key, action, result_id FROM idempotency_keys"),
        "comments": rows("SELECT id, body, status FROM comments"),
        "audit": dict(rows("SELECT comment_id, count(*) FROM audit_entries GROUP BY comment_id")),
        "users": rows("SELECT username FROM users"),
    }


def _check_builds(ledger: Ledger, rows: dict, template_steps: dict, found: Outcomes) -> None:
    """One roadmap per key, with its key saved and every step of its template, in order."""
    by_name = defaultdict(list)
    for roadmap in rows["roadmaps"]:
        by_name[roadmap.name].append(roadmap.id)
    keys = {row.key: row.result_id for row in rows["keys"]}
    steps = defaultdict(list)
    for m in rows["milestones"]:
        if m.step_key is not None:
            steps[m.roadmap_id].append((m.track, m.position, m.step_key))
    for key, build in ledger.builds.items():
        made = by_name.get(build.name, [])
        if len(made) > 1:
            found.duplicated.append(f"build {build.name!r}: {len(made)} roadmaps from one key")
        if build.roadmap_id is not None and build.roadmap_id not in made:
            found.lost.append(f"build {build.name!r}: acknowledged roadmap "
                              f"{build.roadmap_id} is not stored")
        if key in keys and keys[key] not in made:
            found.half_made.append(f"build {build.name!r}: its key names roadmap {keys[key]}, "
                                   f"which is not stored")
        wanted = template_steps[build.template]
        for roadmap_id in made:
            if keys.get(key) != roadmap_id:
                found.half_made.append(f"build {build.name!r}: roadmap {roadmap_id} is stored "
                                       f"without its idempotency key")
            held = in_template_order(steps[roadmap_id], wanted)
            if held != wanted:
                found.half_made.append(f"build {build.name!r}: roadmap {roadmap_id} holds "
                                       f"steps {held}, its template {wanted}")


def in_template_order(held: list[tuple[str, int, str]], wanted: list[tuple[str, str]]):
    """Step milestones as (track, step key), tracks in the template's order, by position."""
    tracks = list(dict.fromkeys(track for track, _ in wanted))
    rank = {track: n for n, track in enumerate(tracks)}
    ordered = sorted(held, key=lambda s: (rank.get(s[0], len(tracks)), s[0], s[1]))
    return [(track, key) for track, _, key in ordered]


def _check_milestones(ledger: Ledger, rows: dict, found: Outcomes) -> None:
    """Each milestone as last acknowledged; each added one stored once."""
    stored = {m.id: m for m in rows["milestones"]}
    titles = Counter((m.roadmap_id, m.title) for m in rows["milestones"])
    for addition in ledger.additions.values():
        count = titles[(addition.roadmap_id, addition.title)]
        if count > 1:
            found.duplicated.append(f"add {addition.title!r}: {count} milestones from one key")
    for milestone_id, state in ledger.milestones.items():
        row = stored.get(milestone_id)
        if row is not None and (row.roadmap_id, row.title) != (state.roadmap_id, state.title):
            row = None  # the id went to another milestone after this one was deleted
        if state.present is UNKNOWN:
            continue
        if not state.present:
            if row is not None:
                found.lost.append(f"delete milestone {milestone_id}: still stored")
            continue
        if row is None:
            found.lost.append(f"milestone {milestone_id}: acknowledged but not stored")
            continue
        if state.status not in (None, UNKNOWN) and row.status != state.status:
            found.lost.append(f"status of milestone {milestone_id}: acknowledged "
                              f"{state.status}, stored {row.status}")
        if state.notes not in (None, UNKNOWN) and row.notes != state.notes:
            found.lost.append(f"edit of milestone {milestone_id}: acknowledged notes "
                              f"{state.notes!r}, stored {row.notes!r}")


def _check_order(rows: dict, found: Outcomes) -> None:
    """Every track of every roadmap numbered 1, 2, 3... with no gap and no tie."""
    positions = defaultdict(list)
    for m in rows["milestones"]:
        positions[(m.roadmap_id, m.track)].append(m.position)
    for (roadmap_id, track), held in sorted(positions.items()):
        if sorted(held) != list(range(1, len(held) + 1)):
            found.half_made.append(f"roadmap {roadmap_id}, track {track}: positions "
                                   f"{sorted(held)}")


def _check_comments(ledger: Ledger, rows: dict, found: Outcomes) -> None:
    """Each comment stored once; each moderation as last acknowledged, audited once a try."""
    bodies = defaultdict(list)
    for comment in rows["comments"]:
        bodies[comment.body].append(comment)
    for body, acknowledged in ledger.comments.items():
        stored = bodies.get(body, [])
        if len(stored) > 1:
            found.duplicated.append(f"comment {body!r}: stored {len(stored)} times")
        if acknowledged and not stored:
            found.lost.append(f"comment {body!r}: acknowledged but not stored")
    statuses = {c.id: c.status for c in rows["comments"]}
    for comment_id, moderation in ledger.moderations.items():
        entries = rows["audit"].get(comment_id, 0)
        if entries > moderation.tries:
            found.duplicated.append(f"moderation of comment {comment_id}: {entries} audit "
                                    f"entries for {moderation.tries} actions")
        if moderation.status not in (None, UNKNOWN) and statuses.get(comment_id) != \
                moderation.status:
            found.lost.append(f"moderation of comment {comment_id}: acknowledged "
                              f"{moderation.status}, stored {statuses.get(comment_id)}")


def _check_accounts(ledger: Ledger, rows: dict, found: Outcomes) -> None:
    """Each acknowledged registration stored, once."""
    names = Counter(row.username for row in rows["users"])
    for username, acknowledged in ledger.accounts.items():
        if names[username] > 1:
            found.duplicated.append(f"account {username!r}: stored {names[username]} times")
        if acknowledged and not names[username]:
            found.lost.append(f"account {username!r}: acknowledged but not stored")
