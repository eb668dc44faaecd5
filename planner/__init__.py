"""The Learning-Path Planner: the micro jobs vs freelancing guide as a personal roadmap."""

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

import config
from planner import (
    accounts,
    admin,
    assets,
    cli,
    comments,
    earnings,
    errors,
    health,
    htmx,
    logs,
    mail,
    portability,
    reminders,
    roadmaps,
    security,
    session_cookie,
    sharing,
    tasks,
    templating,
)
from planner.content import load_library
from planner.converters import IdConverter, TokenConverter
from planner.database import close_transaction, configure_engine
from planner.extensions import compress, csrf, db, limiter, login_manager, migrate
from planner.guides.views import bp as guides_bp
from planner.pathfinder.views import bp as pathfinder_bp


def create_app(overrides: dict | None = None) -> Flask:
    """Build the application: configuration, extensions, blueprints, error pages, commands."""
    app = Flask(
        __name__,
        instance_path=str(config.INSTANCE_DIR),
        template_folder="../templates",
        static_folder="../static",
    )
    app.config.from_object(config.select_config())
    app.config.update(overrides or {})
    config.finalize(app.config)
    if app.config["TRUSTED_PROXIES"]:
        hops = app.config["TRUSTED_PROXIES"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)

    app.session_interface = session_cookie.SessionInterface()
    app.url_map.converters["id"] = IdConverter
    app.url_map.converters["token"] = TokenConverter
    # Parsed once: a malformed guide stops start-up here, naming the file and line.
    app.extensions["library"] = load_library()

    logs.init_app(app)  # first, so every later hook's records carry the request id
    db.init_app(app)
    with app.app_context():
        configure_engine(db.engine, app.config)
    migrate.init_app(app, db, directory=str(config.BASE_DIR / "migrations"))
    # current_user is a template global (templating.py), loaded only where a template reads it.
    login_manager.init_app(app, add_context_processor=False)
    csrf.init_app(app)
    compress.init_app(app)
    limiter.init_app(app)
    # Registered after the limiter, so it runs before the limiter's own after-request hook,
    # which counts refused log-ins: the store is never called with a transaction open.
    app.after_request(close_transaction)
    htmx.init_app(app)
    security.init_app(app)
    # The built static files: a missing manifest stops start-up here, saying how to build it.
    assets.init_app(app)
    templating.init_app(app)
    errors.init_app(app)
    cli.init_app(app)
    tasks.init_app(app)
    mail.init_app(app)
    register_blueprints(app)
    return app


def register_blueprints(app: Flask) -> None:
    """Attach every domain's routes."""
    app.register_blueprint(health.bp)
    app.register_blueprint(guides_bp)
    accounts.init_app(app)
    roadmaps.init_app(app)
    app.register_blueprint(pathfinder_bp)
    comments.init_app(app)
    admin.init_app(app)
    earnings.init_app(app)
    reminders.init_app(app)
    sharing.init_app(app)
    portability.init_app(app)
