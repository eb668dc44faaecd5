"""The weight of pages on the wire, cold and on a repeat view, in Debian's Chromium.

    .venv/bin/python tests/perf/weigh.py [--comments 50]

Seeds a throw-away SQLite database (a signed-in user with a recommended roadmap, and
--comments approved comments in one section of the comparison guide), serves the app from a
thread as the browser tests do and prints, for home, the comparison guide and the roadmap:
bytes and requests of a cold load and of a repeat view in the same browser.
"""

import argparse
import logging
import os
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
# Served as the browser tests serve it: the testing configuration, a thread, no gunicorn.
os.environ["APP_ENV"] = "testing"

from playwright.sync_api import sync_playwright  # noqa: E402
from werkzeug.serving import make_server  # noqa: E402

from planner import create_app  # noqa: E402
from planner.accounts.models import User  # noqa: E402
from planner.comments.models import Comment  # noqa: E402
from planner.extensions import db  # noqa: E402
from planner.roadmaps.service import create_roadmap  # noqa: E402
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from tests.browser.helpers import sign_in, wire_weight  # noqa: E402

GUIDE = "micro-jobs-vs-freelancing"


def seed(app, comments: int) -> tuple[User, str]:
    """A user with a roadmap, and comments in the comparison's first section."""
    with app.app_context():
        db.create_all()
        user = User(username="weigher", username_key="weigher", email="w@example.com",
                    display_name="Weigher", password_hash="!", role="user")
        db.session.add(user)
        db.session.commit()
        roadmap = create_roadmap(user, "My plan", "recommended", app.extensions["library"])
        key = app.extensions["library"].get(GUIDE).sections[0].key
        db.session.add_all(
            Comment(guide_slug=GUIDE, section_key=key, author_name=f"Reader {n}",
                    author_email=f"r{n}@example.com", body=f"A thought on earning, number {n}.",
                    status="approved", moderation_reason="seeded", depth=1)
            for n in range(comments)
        )
        db.session.commit()
        db.session.expunge(user)
        return user, f"/roadmap/{roadmap.id}"


def main() -> None:
    """Serve, seed, weigh and print."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--comments", type=int, default=50)
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="planner-weigh-")
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/weigh.db"})
    user, roadmap_url = seed(app, args.comments)
    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # one line per page, not per request
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}"
    pages = [("home", "/", False), ("comparison", f"/guides/{GUIDE}", False),
             ("roadmap", roadmap_url, True)]
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        for name, url, private in pages:
            context = browser.new_context(base_url=base)
            page = context.new_page()
            if private:
                sign_in(page, type("Live", (), {"app": app, "url": base}), user)
            cold = wire_weight(page, url)
            repeat = wire_weight(page, url)
            print(f"{name:<11} cold {cold[0] / 1024:6.1f} KB in {cold[1]} requests; "
                  f"repeat {repeat[0] / 1024:6.1f} KB in {repeat[1]} requests")
            context.close()
        browser.close()
    server.shutdown()


if __name__ == "__main__":
    main()
