"""A real Chromium (Debian's) driving the app served on a free loopback port."""

import os
import tempfile
import threading
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest
from flask import Flask, send_file
from werkzeug.serving import make_server

from planner import create_app
from planner.accounts.models import User
from planner.extensions import db
from planner.roadmaps.service import create_roadmap
from tests.browser.helpers import AXE_URL, sign_in
from tests.support.databases import save_detached

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
ON_CI = os.environ.get("CI", "").lower() == "true"
# Without the background-networking flags Chromium keeps calling outside hosts that this
# network refuses.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(items):
    """Every test in this folder is a browser test."""
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


def missing(reason: str):
    """Skip, except under CI where a missing browser is a failure."""
    if ON_CI:
        pytest.fail(f"{reason} (CI=true: browser tests may not be skipped)")
    pytest.skip(reason)


@dataclass
class LiveServer:
    """The app under test, reachable at url."""

    app: Flask
    url: str


@pytest.fixture(scope="session")
def live_server():
    """Serve the app from a thread with its own temporary SQLite database."""
    folder = tempfile.mkdtemp(prefix="planner-browser-")
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/browser.db"})
    # axe-core is a test-only file; serving it from our origin keeps the CSP intact.
    app.add_url_rule(AXE_URL, "test_axe", lambda: send_file(AXE, mimetype="text/javascript"))
    with app.app_context():
        db.create_all()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield LiveServer(app, f"http://127.0.0.1:{server.server_port}")
    server.shutdown()
    thread.join(timeout=10)


@pytest.fixture(scope="session")
def browser():
    """One Chromium for the whole run."""
    if not CHROMIUM.exists():
        missing(f"no Chromium at {CHROMIUM}; install Debian's chromium package")
    if not AXE.exists():
        missing(f"axe-core not installed at {AXE}; run `make setup`")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing("playwright is not installed; run `make setup`")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, timeout=30_000
        )
        yield chromium
        chromium.close()


@pytest.fixture
def console_errors():
    """Console errors, page errors and CSP violations seen by the page fixtures."""
    return []


def open_context(browser, live_server, console_errors, javascript: bool):
    """A fresh browser context whose pages report their errors."""
    context = browser.new_context(base_url=live_server.url, java_script_enabled=javascript)
    context.set_default_timeout(10_000)

    def watch(page):
        page.on("console", lambda m: console_errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda error: console_errors.append(str(error)))

    context.on("page", watch)
    return context


@pytest.fixture
def page(browser, live_server, console_errors):
    """A page in a fresh context with JavaScript on."""
    context = open_context(browser, live_server, console_errors, javascript=True)
    yield context.new_page()
    context.close()


@pytest.fixture
def nojs_page(browser, live_server, console_errors):
    """A page in a fresh context with JavaScript turned off."""
    context = open_context(browser, live_server, console_errors, javascript=False)
    yield context.new_page()
    context.close()


@pytest.fixture
def live_user(live_server):
    """Factory: live_user(**overrides) saves a user in the live server's database."""

    def make(**overrides) -> User:
        name = overrides.pop("username", f"u{uuid.uuid4().hex[:10]}")
        values = {
            "username": name,
            "username_key": name.casefold(),
            "email": f"{name}@example.com",
            "display_name": name,
            "password_hash": "!",
            "role": "user",
        }
        values.update(overrides)
        return save_detached(live_server.app, User(**values))

    return make


@pytest.fixture
def live_roadmap(live_server):
    """live_roadmap(user, template=...): a roadmap in the live database; returns its URL."""

    def make(user, template="recommended", name="My plan") -> str:
        app = live_server.app
        with app.app_context():
            roadmap = create_roadmap(user, name, template, app.extensions["library"])
            return f"/roadmap/{roadmap.id}"

    return make


@pytest.fixture
def signed_in(page, live_server, live_user):
    """A signed-in user in the JavaScript page."""
    user = live_user()
    sign_in(page, live_server, user)
    return user
