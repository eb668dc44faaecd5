"""The soak's people: members who write to their roadmaps and threads, and one moderating admin.

Each sends what a browser sends (a form token read from the page it posted from, the creating
forms' hidden idempotency key) and repeats a write that got no answer or a 5xx until one comes,
as a person pressing the button again would. Each write and its acknowledgement go into the
ledger. A repeat may find the first try's work done: a comment answers 409 "already posted", a
deleted milestone 404, a taken username 422, a moderated comment 409; these count as
acknowledged only when an earlier try went unanswered (it may have committed and died).
"""

import random
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode

from planner.comments.status import TRANSITIONS
from planner.roadmaps import rules
from tests.perf.soak_check import UNKNOWN, Addition, Build, Ledger
from tests.perf.soak_http import Answer, Browser, form_key, idempotency_keys

PASSWORD = "quiet harbour lantern 2931"  # passes the password rules; soak accounts only
RETRY_FOR = 30  # seconds after the deadline that an unanswered write is still repeated
KEEP = 3  # milestones a member never deletes below, so there is always one to write to
WEIGHTS = {"status": 30, "edit": 14, "add": 14, "delete": 10, "comment": 16, "build": 10,
           "register": 3}
OPENING = ("status", "edit", "add", "delete", "comment", "build", "register")
ACTIONS = {"pending": ("approve", "spam", "trash"), "approved": ("unapprove", "spam", "trash")}
QUEUE_ROW = re.compile(r'id="comment-row-(\d+)"')
MILESTONE_ANCHOR = re.compile(r"#milestone-(\d+)$")
ROADMAP_PATH = re.compile(r"^/roadmap/(\d+)$")
COMMENT_PREFIX = "Soak comment"
SIGN_IN = "sign-in"  # logging in with a new account: not a write, but through the limiter


@dataclass
class Person:
    """What a signed-in client starts with: its browser, its roadmap and its milestones."""

    browser: Browser
    roadmap_id: int
    milestones: dict[int, str]  # id -> title (the edit form sends the title back)
    comment_path: str


class Client:
    """Common to members and the admin: sending a write until it is acknowledged."""

    def __init__(self, person: Person, ledger: Ledger, number: int):
        self.person = person
        self.browser = person.browser
        self.ledger = ledger
        self.number = number
        self.random = random.Random(number)
        self.give_up = float("inf")

    def send(self, method: str, path: str, fields: dict | None = None,
             htmx: bool = False, browser: Browser | None = None) -> Answer:
        """One request, counted."""
        answer = (browser or self.browser).send(method, path, fields, htmx)
        with self.ledger.lock:
            self.ledger.requests += 1
            self.ledger.answers[answer.status] += 1
        return answer

    def page(self, path: str, browser: Browser | None = None) -> str | None:
        """GET a page until it answers 200 (a worker may be dying); None when time is up."""
        while time.monotonic() < self.give_up:
            answer = self.send("GET", path, browser=browser)
            if answer.status == 200:
                return answer.body
            time.sleep(0.2)
        return None

    def write(self, kind: str, send: Callable[[], Answer],
              accept: Callable[[Answer, bool], bool]) -> Answer | str | None:
        """Repeat send until an answer; the acknowledging Answer, None if refused, or UNKNOWN.

        accept(answer, unanswered) says whether an answer acknowledges the write; unanswered
        tells it an earlier try got no answer at all, so may have committed. A repeat that
        finds the work of a try answered 5xx already done is counted in saved_but_5xx.
        """
        unanswered = errored = False
        while time.monotonic() < self.give_up:
            answer = send()
            if not answer.answered:
                unanswered = True
            elif answer.status >= 500:  # "try again": it must have saved nothing
                errored = True
            else:
                with self.ledger.lock:
                    if accept(answer, unanswered):
                        self.ledger.acknowledged[kind] += 1
                        return answer
                    if errored and accept(answer, True):
                        # The repeat found the work done: the 5xx answered a saved write.
                        self.ledger.acknowledged[kind] += 1
                        self.ledger.saved_but_5xx[kind] += 1
                        return answer
                    self.ledger.refused[(kind, answer.status)] += 1
                    return None
            time.sleep(0.2)
        with self.ledger.lock:
            self.ledger.unknown[kind] += 1
        return UNKNOWN


class Member(Client):
    """A signed-in member writing to their own roadmap and to a comment thread."""

    def __init__(self, person: Person, ledger: Ledger, number: int):
        super().__init__(person, ledger, number)
        for milestone_id, title in person.milestones.items():
            ledger.track(milestone_id, person.roadmap_id, title)

    def run(self, deadline: float) -> None:
        """The opening round (one write of every kind), then writes at random until deadline."""
        self.give_up = deadline + RETRY_FOR
        kinds, weights = list(WEIGHTS), list(WEIGHTS.values())
        n = 0
        while time.monotonic() < deadline:
            kind = OPENING[n] if n < len(OPENING) else self.random.choices(kinds, weights)[0]
            n += 1
            getattr(self, kind)(n)

    def pick(self) -> tuple[int, str]:
        """One of the member's milestones at random."""
        return self.random.choice(sorted(self.person.milestones.items()))

    def path(self, milestone_id: int, action: str) -> str:
        """The URL of an action on one of the member's milestones."""
        return f"/roadmap/{self.person.roadmap_id}/milestones/{milestone_id}/{action}"

    def status(self, n: int) -> None:
        """Tick a milestone to a status (idempotent: the status wanted, never a toggle)."""
        milestone_id, _ = self.pick()
        status = self.random.choice(rules.STATUSES)
        state = self.ledger.milestones[milestone_id]
        state.status = UNKNOWN
        answer = self.write("status", lambda: self.send(
            "POST", self.path(milestone_id, "status"), {"status": status}, htmx=True),
            lambda a, _: a.status == 200)
        state.status = status if isinstance(answer, Answer) else UNKNOWN

    def edit(self, n: int) -> None:
        """Edit a milestone's notes in place (the title goes back unchanged)."""
        milestone_id, title = self.pick()
        notes = f"Notes {self.number}-{n}"
        state = self.ledger.milestones[milestone_id]
        state.notes = UNKNOWN
        fields = {"title": title, "notes": notes, "target_date": "", "evidence_url": ""}
        answer = self.write("edit", lambda: self.send(
            "POST", self.path(milestone_id, "edit"), fields, htmx=True),
            lambda a, _: a.status == 200)
        state.notes = notes if isinstance(answer, Answer) else UNKNOWN

    def add(self, n: int) -> None:
        """Add a custom milestone from the form on the roadmap page (no JavaScript)."""
        roadmap_path = f"/roadmap/{self.person.roadmap_id}"
        html = self.page(roadmap_path)
        if html is None or not idempotency_keys(html):
            return
        key = idempotency_keys(html)[0]
        title = f"Soak milestone {self.number}-{n}"
        fields = {"title": title, "notes": "", "track": self.random.choice(rules.TRACKS),
                  "position": str(self.random.randint(1, 6)), "idempotency_key": key}
        self.ledger.additions[key] = addition = Addition(title, self.person.roadmap_id)
        answer = self.write("add", lambda: self.send("POST", roadmap_path + "/milestones", fields),
                            lambda a, _: a.status == 303 and
                            bool(MILESTONE_ANCHOR.search(a.location)))
        if isinstance(answer, Answer):
            addition.milestone_id = int(MILESTONE_ANCHOR.search(answer.location).group(1))
            self.ledger.track(addition.milestone_id, self.person.roadmap_id, title)
            self.person.milestones[addition.milestone_id] = title

    def delete(self, n: int) -> None:
        """Delete a milestone (htmx: the row goes, an empty answer)."""
        if len(self.person.milestones) <= KEEP:
            return self.add(n)
        milestone_id, _ = self.pick()
        del self.person.milestones[milestone_id]
        state = self.ledger.milestones[milestone_id]
        state.present = UNKNOWN
        answer = self.write("delete", lambda: self.send(
            "POST", self.path(milestone_id, "delete"), {}, htmx=True),
            lambda a, unanswered: a.status == 200 or (a.status == 404 and unanswered))
        state.present = False if isinstance(answer, Answer) else UNKNOWN

    def comment(self, n: int) -> None:
        """Post a comment from its section's form on the thread's page, key and all."""
        html = self.page(self.person.comment_path)
        key = form_key(html, self.person.comment_path) if html else None
        if key is None:
            return
        body = f"{COMMENT_PREFIX} {self.number}-{n}-{time.time_ns()}"
        self.ledger.comments[body] = False
        fields = {"comment": body, "idempotency_key": key}
        answer = self.write("comment", lambda: self.send(
            "POST", self.person.comment_path, fields, htmx=True),
            lambda a, unanswered: a.status == 200 or (a.status == 409 and unanswered))
        self.ledger.comments[body] = isinstance(answer, Answer)

    def build(self, n: int) -> None:
        """Build a roadmap from a template with the builder form (no JavaScript)."""
        html = self.page("/roadmap/new")
        if html is None or not idempotency_keys(html):
            return
        key = idempotency_keys(html)[0]
        build = Build(f"Soak roadmap {self.number}-{n}", self.random.choice(rules.TEMPLATE_NAMES))
        self.ledger.builds[key] = build
        fields = {"name": build.name, "template": build.template, "idempotency_key": key}
        answer = self.write("build", lambda: self.send("POST", "/roadmap/new", fields),
                            lambda a, _: a.status == 303 and bool(ROADMAP_PATH.match(a.location)))
        if isinstance(answer, Answer):
            build.roadmap_id = int(ROADMAP_PATH.match(answer.location).group(1))

    def register(self, n: int) -> None:
        """Register an account in a fresh browser, then sign in with it in another."""
        visitor = Browser(self.browser.port)
        html = self.page("/register", browser=visitor)
        if html is None:
            return
        visitor.remember_csrf(html)
        username = f"soak{self.number}x{n}"
        fields = {"username": username, "email": f"{username}@example.com",
                  "password": PASSWORD, "confirm": PASSWORD, "next": ""}
        self.ledger.accounts[username] = False
        answer = self.write("register", lambda: self.send("POST", "/register", fields,
                                                          browser=visitor),
                            lambda a, unanswered: a.status == 303 or (
                                a.status == 422 and unanswered and "username is taken" in a.body))
        self.ledger.accounts[username] = isinstance(answer, Answer)
        if isinstance(answer, Answer):
            self.sign_in(username)

    def sign_in(self, username: str) -> None:
        """Log in with a new account (through the rate limiter); a refusal is recorded."""
        other = Browser(self.browser.port)
        html = self.page("/login", browser=other)
        if html is None:
            return
        other.remember_csrf(html)
        fields = {"login": username, "password": PASSWORD, "next": ""}
        self.write(SIGN_IN, lambda: self.send("POST", "/login", fields, browser=other),
                   lambda a, _: a.status == 303)


class Admin(Client):
    """The admin, moderating the members' comments from the queue as they come."""

    def run(self, deadline: float) -> None:
        """Approve, unapprove, spam or trash a comment from the queue until the deadline."""
        self.give_up = deadline + RETRY_FOR
        while time.monotonic() < deadline:
            status = self.random.choice(sorted(ACTIONS))
            query = urlencode({"status": status, "q": COMMENT_PREFIX})
            html = self.page(f"/admin/comments?{query}")
            if html is None:
                return
            self.browser.remember_csrf(html)
            ids = QUEUE_ROW.findall(html)
            if not ids:
                time.sleep(0.3)
                continue
            self.moderate(int(self.random.choice(ids)), self.random.choice(ACTIONS[status]))

    def moderate(self, comment_id: int, action: str) -> None:
        """One moderation action on one comment, as the row's button sends it (htmx)."""
        moderation = self.ledger.moderations[comment_id]
        moderation.tries += 1
        moderation.status = UNKNOWN
        answer = self.write("moderate", lambda: self.send(
            "POST", f"/admin/comments/{comment_id}/moderate", {"action": action}, htmx=True),
            lambda a, unanswered: a.status == 200 or (a.status == 409 and unanswered))
        if isinstance(answer, Answer):
            moderation.status = TRANSITIONS[action].target
