"""Every form and query parameter, sent hostile values: the answer is never a 500.

The forms are found by reading the pages a visitor and an admin see, so a new form is
covered without being listed here. Each field gets each hostile class in turn while the
other fields keep the values the page offered.
"""

import io
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import quote, unquote, urlsplit

import pytest
from werkzeug.datastructures import MultiDict
from werkzeug.routing.converters import NumberConverter

from planner.extensions import db
from planner.reminders.tokens import make_token
from planner.roadmaps.service import create_roadmap
from planner.sharing.feeds import create_feed
from planner.sharing.links import create_link
from tests.support.comments import THREAD_URL

# Raw, already percent-encoded values, so bytes that are not UTF-8 can be sent too.
HOSTILE = {
    "over-long": quote("x" * 70_000),
    "nul": "a%00b",
    "invalid-utf8": "%FF%FE%C3",
    "surrogate": "%ED%A0%80",
    "huge-number": "9" * 40,
    "int64-overflow": str(2**63),
    "int32-overflow": str(2**31),
    "negative": "-1",
    "float": "1e309",
    "control": "%1B%5B31m%07",
}
HOSTILE_IDS = [2**31, 2**63, 2**64, 10**30]
SKIPPED_ACTIONS = ("/logout",)  # ends the session the rest of the run needs
# Pages of one view visited at most: the crawl's budget goes to every kind of page rather
# than to the twenty threads of the guides.
PER_VIEW = 3
QUERY_PARAMS = ("page", "status", "q", "replytocom", "focus", "next", "admin", "action",
                "cancel", "fold", "landed")


@dataclass
class Form:
    """A form as the page offers it: where it goes and its fields' default values."""

    action: str
    method: str
    fields: list[tuple[str, str]] = field(default_factory=list)


class FormParser(HTMLParser):
    """Collects forms, their fields and same-site links from a page."""

    def __init__(self, page_url: str):
        super().__init__()
        self.page_url = page_url
        self.forms: list[Form] = []
        self.links: set[str] = set()
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        """Remember forms, inputs, selects' first options and local links."""
        a = dict(attrs)
        if tag == "form":
            self.forms.append(Form(a.get("action") or self.page_url,
                                   (a.get("method") or "get").lower()))
        elif tag == "a" and (a.get("href") or "").startswith("/"):
            self.links.add(a["href"].split("#")[0])
        elif self.forms and tag in ("input", "textarea", "button") and a.get("name"):
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio") and "checked" not in a and tag == "input":
                value = a.get("value", "y")
            else:
                value = a.get("value", "")
            self.forms[-1].fields.append((a["name"], value))
        elif self.forms and tag == "select" and a.get("name"):
            self._select = a["name"]
        elif tag == "option" and self._select:
            self.forms[-1].fields.append((self._select, a.get("value", "")))
            self._select = None


def encode(pairs: list[tuple[str, str]]) -> str:
    """A form body from (name, already-encoded value) pairs."""
    return "&".join(f"{quote(name)}={value}" for name, value in pairs)


@dataclass
class Site:
    """The admin of the site below, and the pages only a link or an id opens."""

    admin: object
    secret_pages: list[str]  # the shared page, its card, the feed, an unsubscribe link
    share_pages: list[str]  # a shared roadmap's share page, and an unshared one's


@pytest.fixture
def site(app, make_user, make_comment, auth) -> Site:
    """An admin with a shared roadmap, a calendar feed and comments: every kind of page has
    something to show."""
    app.config["IMPORT_LIMIT"] = "100000 per hour"  # the import form is sent many times over
    admin = make_user(username="boss", email="boss@example.com", role="admin",
                      remind_weekly=True)
    library = app.extensions["library"]
    with app.app_context():
        shared = create_roadmap(admin, "Plan", "recommended", library)
        # Not shared: its share page offers the form that makes a link.
        unshared = create_roadmap(admin, "Other plan", "empty", library)
        db.session.commit()
        link = f"/s/{create_link(shared, None).token}"
        feed = f"/feed/{create_feed(admin, None).token}.ics"
        db.session.commit()
        share_pages = [f"/roadmap/{shared.id}/share", f"/roadmap/{unshared.id}/share"]
    parent = make_comment()
    make_comment(parent=parent)
    make_comment(status="pending")
    stop = f"/reminders/stop/{make_token_for(app, admin.id)}"
    secret = [link, f"{link}/card.png", feed, stop, THREAD_URL, f"{THREAD_URL}/reply/{parent.id}"]
    return Site(admin, secret, share_pages)


def make_token_for(app, user_id: int) -> str:
    """The weekly summary's unsubscribe token of an account."""
    with app.app_context():
        return make_token(user_id, "weekly")


def endpoint(client, form: Form) -> str:
    """The view a form posts to: forms repeated per section or per row are tried once."""
    adapter = client.application.url_map.bind("localhost")
    try:
        return adapter.match(urlsplit(form.action).path, method=form.method.upper())[0]
    except Exception:  # an action no route serves is worth trying too
        return form.action


def distinct_views(client, pages: set[str]) -> list[str]:
    """One page per view among pages (a guide's sections share one view, for example)."""
    adapter = client.application.url_map.bind("localhost")
    chosen: dict[str, str] = {}
    for page in sorted(pages):
        chosen.setdefault(adapter.match(urlsplit(page).path)[0], page)
    return sorted(chosen.values())


def view_of(client, url: str) -> str:
    """The view that answers url (or url itself, when none does)."""
    try:
        return client.application.url_map.bind("localhost").match(urlsplit(url).path)[0]
    except Exception:
        return url


def crawl(client, start: list[str], limit: int = 60) -> tuple[list[Form], set[str]]:
    """The forms and pages reachable from start, breadth first, PER_VIEW pages of a view."""
    seen: set[str] = set()
    visits: dict[str, int] = {}
    queue = list(start)
    forms: dict[tuple, Form] = {}
    while queue and len(seen) < limit:
        url = queue.pop(0)
        if url in seen or url.startswith(("/static/", "/mail/")):
            continue
        view = view_of(client, url)
        if visits.get(view, 0) >= PER_VIEW and url not in start:
            continue
        visits[view] = visits.get(view, 0) + 1
        seen.add(url)
        response = client.get(url)
        if response.status_code != 200 or "html" not in response.content_type:
            continue
        parser = FormParser(url)
        parser.feed(response.get_data(as_text=True))
        for form in parser.forms:
            key = (endpoint(client, form), form.method, tuple(n for n, _ in form.fields))
            forms.setdefault(key, form)
        queue += sorted(parser.links - seen)
    return list(forms.values()), seen


def send(client, form: Form, pairs: list[tuple[str, str]], files=None):
    """Submit form with the given pairs (values already encoded)."""
    if form.method == "get":
        return client.get(f"{urlsplit(form.action).path}?{encode(pairs)}")
    if files:
        data = MultiDict([(n, unquote(v)) for n, v in pairs] + files)
        return client.post(form.action, data=data, content_type="multipart/form-data")
    return client.post(form.action, data=encode(pairs),
                       content_type="application/x-www-form-urlencoded")


def variants(form: Form):
    """(description, pairs, files) for every hostile value of every field."""
    safe = [(n, quote(v)) for n, v in form.fields]
    names = list(dict.fromkeys(n for n, _ in form.fields if n != "csrf_token"))
    for name in names:
        others = [(n, v) for n, v in safe if n != name]
        for label, value in HOSTILE.items():
            yield f"{name}={label}", [*others, (name, value)], None
        yield f"{name} missing", others, None
        yield f"{name} twice", [*others, (name, "1"), (name, "2")], None
        yield f"{name}[] array", [*others, (f"{name}[]", "1")], None
        yield f"{name} as a file", others, [(name, (io.BytesIO(b"\x00\xff"), "x.bin"))]


def fuzz(client, auth, user, start: list[str]) -> tuple[int, list[str]]:
    """Send every variant of every form found from start; return (requests, failures)."""
    if user:
        auth.login(user)
    forms, pages = crawl(client, start)
    requests, failures = 0, []
    # Deleting forms last, so the pages the others post to still exist.
    forms.sort(key=lambda f: "delete" in f.action)
    for form in forms:
        if form.action.startswith(SKIPPED_ACTIONS):
            continue
        for description, pairs, files in variants(form):
            if user:
                auth.login(user)
            response = send(client, form, pairs, files)
            requests += 1
            if response.status_code >= 500:
                failures.append(f"{form.method.upper()} {form.action} {description}: "
                                f"{response.status_code}")
    for page in distinct_views(client, pages):
        for label, value in HOSTILE.items():
            separator = "&" if "?" in page else "?"
            for param in QUERY_PARAMS:
                response = client.get(f"{page}{separator}{param}={value}")
                requests += 1
                if response.status_code >= 500:
                    failures.append(f"GET {page} {param}={label}: {response.status_code}")
    return requests, failures


def test_no_form_or_query_answers_500_to_a_visitor(client, auth, site):
    starts = ["/", "/guides/", "/login", "/register", "/reset-password", *site.secret_pages]
    requests, failures = fuzz(client, auth, None, starts)
    print(f"{requests} hostile requests, {len(failures)} answered 5xx")
    assert requests > 500  # the crawl found the forms
    assert failures == [], "\n".join(failures)


def admin_starts(site: Site) -> list[str]:
    """Where the admin's crawl starts: every part of the app, the secret pages too."""
    return ["/", "/roadmap", *site.share_pages, "/account", "/account/export.json",
            "/account/milestones.csv", "/earnings/fund", "/admin/comments?status=pending",
            *site.secret_pages]


def test_no_form_or_query_answers_500_to_an_admin(client, auth, site):
    requests, failures = fuzz(client, auth, site.admin, admin_starts(site))
    print(f"{requests} hostile requests, {len(failures)} answered 5xx")
    assert requests > 500  # the crawl found the forms
    assert failures == [], "\n".join(failures)


def test_the_crawl_reaches_the_forms_of_every_part(client, auth, site):
    """The fuzz above is only as good as the forms it finds: the newer ones included."""
    auth.login(site.admin)
    forms, _ = crawl(client, admin_starts(site))
    views = {endpoint(client, form) for form in forms}
    # The feed exists, so "make a feed" is not offered: it is the same form as "make a link".
    expected = {"sharing.create", "sharing.options", "sharing.revoke", "sharing.renew_feed",
                "sharing.revoke_feed", "portability.import_data", "accounts.update_preferences",
                "accounts.update_reminders", "reminders.unsubscribe", "comments.create",
                "roadmaps.edit_milestone", "earnings.fund_settings"}
    assert expected <= views, sorted(expected - views)


def test_ids_beyond_any_column_are_404_in_every_url(app, client, auth, site):
    auth.login(site.admin)
    failures = []
    rules = [r for r in app.url_map.iter_rules()
             if any(isinstance(c, NumberConverter) for c in r._converters.values())]
    assert rules
    for rule in rules:
        for number in HOSTILE_IDS:
            path = rule.rule
            for name in rule.arguments:
                path = path.replace(f"<id:{name}>", str(number))
                path = path.replace(f"<{name}>", "x")
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                response = client.open(path, method=method)
                if response.status_code not in (400, 404, 405):
                    failures.append(f"{method} {path}: {response.status_code}")
    assert failures == [], "\n".join(failures)


def test_a_member_with_the_longest_email_can_comment(client, auth, make_user, post_comment,
                                                     all_comments):
    address = "m" * 64 + "@" + ".".join(["d" * 63, "e" * 63, "f" * 57]) + ".org"
    assert len(address) == 254
    auth.login(make_user(username="longmail", email=address))
    response = post_comment(comment="A member with a long address", author=None, email=None)
    assert response.status_code == 303
    [comment] = all_comments()
    assert comment.author_email == address
