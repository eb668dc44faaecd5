"""Settings, read from the environment here and nowhere else."""

import os
import secrets
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

BASE_DIR = Path(__file__).resolve().parent
INSTANCE_DIR = BASE_DIR / "instance"
# More proxy hops than this in front of one app is a mistake in the setting, not a set-up.
MAX_TRUSTED_PROXIES = 5
# A request waiting on the database this long has already outlived gunicorn's worker timeout.
MAX_DATABASE_WAIT = 30


def database_url(url: str | None) -> str:
    """Return a SQLAlchemy URL, defaulting to SQLite and picking psycopg 3 for PostgreSQL."""
    if not url:
        return f"sqlite:///{INSTANCE_DIR / 'planner.db'}"
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    sqlite, _, path = url.partition(":///")
    if sqlite.startswith("sqlite") and path and not path.startswith(("/", ":memory:")):
        # Relative to the project, as a reader expects, not to instance/ as Flask-SQLAlchemy
        # would take it (which made sqlite:///instance/planner.db land in instance/instance/).
        return f"{sqlite}:///{BASE_DIR / path}"
    return url


def engine_options(url: str, timeout: int) -> dict:
    """Return engine options suited to the database behind url; timeout is in seconds."""
    if url.startswith("sqlite"):
        # The busy timeout lets a writer wait for another instead of failing with "locked".
        return {"connect_args": {"timeout": 15}}
    # A database that stops answering must cost a request seconds, not the worker's life:
    # connect and dead-peer limits here; the statement limit and each request's deadline on
    # a server that stopped answering are set per connection (planner/database.py).
    return {
        "pool_pre_ping": True,
        "pool_recycle": 1800,
        "pool_timeout": timeout,
        "connect_args": {
            "connect_timeout": timeout,
            "keepalives": 1,
            "keepalives_idle": 10,
            "keepalives_interval": 5,
            "keepalives_count": 3,
            "tcp_user_timeout": timeout * 1000,
        },
    }


def rate_limit_storage_uri(uri: str | None) -> str:
    """Where rate-limit counts live: a SQLite file in instance/ unless a store is named.

    Every gunicorn worker of this machine opens the same file, so a limit holds across
    workers, not once per worker (memory:// would count in each process on its own).
    """
    return uri or f"sqlite:///{INSTANCE_DIR / 'ratelimits.sqlite'}"


def rate_limit_storage_options(uri: str, timeout: int) -> dict:
    """Options for the rate-limit store: Redis gets timeouts, so a lost server cannot stall
    requests (the limiter then falls back to per-process counts and logs a warning)."""
    if uri.split(":", 1)[0] in ("redis", "rediss", "redis+unix"):
        return {"socket_connect_timeout": timeout, "socket_timeout": timeout}
    return {}


def development_secret_key() -> str:
    """Return a key kept in instance/ so development sessions survive a restart."""
    path = INSTANCE_DIR / "secret_key"
    if not path.exists():
        INSTANCE_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


def env_int(name: str, default: int | None) -> int | None:
    """Read an integer setting, failing start-up with a clear message when it is not one."""
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise RuntimeError(f"{name} must be a whole number, not {raw!r}") from None


def env_bool(name: str, default: bool | None) -> bool | None:
    """Read a yes/no setting: true/false, yes/no, on/off or 1/0."""
    raw = os.environ.get(name, "").strip().lower()
    if not raw:
        return default
    if raw in ("1", "true", "yes", "on"):
        return True
    if raw in ("0", "false", "no", "off"):
        return False
    raise RuntimeError(f"{name} must be true or false, not {raw!r}")


def base_url(url: str) -> str:
    """Check that url is a bare http(s) origin and return it without a trailing slash."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise RuntimeError(f"BASE_URL must be an http(s) origin such as https://example.org, "
                           f"not {url!r}")
    if parts.path.strip("/") or parts.query or parts.fragment:
        raise RuntimeError(f"BASE_URL must be an origin without a path, not {url!r}")
    return f"{parts.scheme}://{parts.netloc}"


def trusted_hosts(origin: str, extra: tuple[str, ...], local: bool) -> list[str]:
    """The Host values answered: BASE_URL's, the extra ones, and loopback outside production."""
    hosts = [urlsplit(origin).hostname, *extra]
    if local:
        hosts += ["127.0.0.1", "localhost"]
    return list(dict.fromkeys(hosts))


def env_words(name: str) -> tuple[str, ...]:
    """Read a list of words or phrases separated by commas or new lines."""
    raw = os.environ.get(name, "")
    return tuple(w.strip() for w in raw.replace("\n", ",").split(",") if w.strip())


class Config:
    """Settings shared by every environment; production values unless overridden."""

    ENV_NAME = "production"
    TESTING = False
    SECRET_KEY = os.environ.get("SECRET_KEY")
    SQLALCHEMY_DATABASE_URI = database_url(os.environ.get("DATABASE_URL"))
    # Several machines share Redis (redis://host:6379/0); see planner/ratelimit_store.py.
    RATELIMIT_STORAGE_URI = rate_limit_storage_uri(os.environ.get("RATELIMIT_STORAGE_URI"))
    # No X-RateLimit-* headers: Flask-Limiter would also stamp its own window on Retry-After,
    # overriding the flood rule's shorter wait. Our 429 page sets Retry-After itself.
    RATELIMIT_HEADERS_ENABLED = False
    RATELIMIT_ENABLED = True
    RATELIMIT_KEY_PREFIX = os.environ.get("RATELIMIT_KEY_PREFIX", "planner")
    # An unreachable store must not take the site down: count in memory and log a warning.
    RATELIMIT_SWALLOW_ERRORS = True
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True
    # Wrong passwords allowed per account and per client address, on the log-in form and on
    # the settings forms that ask for the password again; resets of a password.
    LOGIN_LIMIT_ACCOUNT = os.environ.get("LOGIN_LIMIT_ACCOUNT", "5 per minute; 20 per hour")
    LOGIN_LIMIT_ADDRESS = os.environ.get("LOGIN_LIMIT_ADDRESS", "20 per minute; 100 per hour")
    RESET_LIMIT = os.environ.get("RESET_LIMIT", "5 per hour")
    # Verification links asked for again, per account (each one is a mail to its address).
    VERIFY_LIMIT = os.environ.get("VERIFY_LIMIT", "5 per hour")
    # Imports of a data export, per account: one may add 10,000 milestones in one transaction.
    IMPORT_LIMIT = os.environ.get("IMPORT_LIMIT", "10 per hour")
    # Registration attempts per client address.
    REGISTER_LIMIT_ADDRESS = os.environ.get("REGISTER_LIMIT_ADDRESS", "5 per minute; 20 per hour")
    # Comments stored per client address, members' and guests' alike. Loose on purpose:
    # families and mobile carriers put many people behind one address; the flood interval
    # (COMMENT_FLOOD_SECONDS) is what holds each person back.
    COMMENT_LIMIT_ADDRESS = os.environ.get(
        "COMMENT_LIMIT_ADDRESS", "10 per minute; 60 per hour"
    )
    # Number of proxies in front of the app whose X-Forwarded-For may be trusted.
    TRUSTED_PROXIES = env_int("TRUSTED_PROXIES", 0)
    # Links in mail are built on this origin, never on the request's Host, which a client
    # chooses; requests naming any other host are refused with 400.
    BASE_URL = os.environ.get("BASE_URL")
    EXTRA_TRUSTED_HOSTS = env_words("TRUSTED_HOSTS")
    # Comments are capped at 65,525 characters. Browsers percent-encode form posts, so one
    # character can take 4 bytes x 3 = 12 bytes on the wire: 786,300 bytes for the longest
    # comment in emoji, plus the other fields. Both limits must let that through.
    MAX_CONTENT_LENGTH = 1024 * 1024
    MAX_FORM_MEMORY_SIZE = 1024 * 1024
    # Pages and htmx answers go out compressed (static files come compressed already, from
    # WhiteNoise). Streamed answers never are: they must reach the reader as they are written.
    COMPRESS_MIMETYPES = ["text/html", "application/json", "text/plain"]
    COMPRESS_STREAMS = False
    # Brotli at quality 5 is a sixth smaller than zstd or gzip on our pages, at gzip's speed.
    COMPRESS_ALGORITHM = ["br", "gzip"]
    COMPRESS_BR_LEVEL = 5
    # The __Host- prefix makes browsers refuse these cookies unless they are Secure, for the
    # whole site and for this host only, so a sibling subdomain cannot plant or read them.
    SESSION_COOKIE_NAME = "__Host-session"
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_NAME = "__Host-remember"
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_SECURE = True
    REMEMBER_COOKIE_DURATION = timedelta(days=30)
    PERMANENT_SESSION_LIFETIME = timedelta(days=14)
    WTF_CSRF_TIME_LIMIT = None  # the token lives as long as the session that holds it
    HSTS = True
    MAIL_SERVER = os.environ.get("MAIL_SERVER")
    MAIL_PORT = env_int("MAIL_PORT", 587)
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME")
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD")
    MAIL_USE_TLS = os.environ.get("MAIL_USE_TLS", "true").lower() != "false"
    MAIL_SENDER = os.environ.get("MAIL_SENDER", "Learning-Path Planner <no-reply@localhost>")
    OUTBOX_DIR = str(INSTANCE_DIR / "outbox")
    # Where queued mail waits for the worker: SQLite beside the database, or redis://...
    TASK_QUEUE_URL = os.environ.get("TASK_QUEUE_URL", f"sqlite:///{INSTANCE_DIR / 'tasks.db'}")
    # Seconds any remote call (SMTP, Redis, the queue's store) may take before it gives up.
    REMOTE_TIMEOUT = env_int("REMOTE_TIMEOUT", 5)
    # A TrueType/OpenType font for the progress card (for example a Noto font covering the
    # scripts of your users' roadmap names); unset, Pillow's own font draws it (ASCII only,
    # other letters left out). A file that cannot be read falls back to that one too.
    CARD_FONT = os.environ.get("CARD_FONT", "")
    LOG_FORMAT = os.environ.get("LOG_FORMAT", "text").lower()  # text, or json: one object a line
    # The longest one SQL statement may run on PostgreSQL, in seconds (0: no limit).
    STATEMENT_TIMEOUT = env_int("STATEMENT_TIMEOUT", 10)
    # The longest a request waits on PostgreSQL for a connection or for any one answer, in
    # seconds: past it the request answers 503 and the connection is dropped. Unlike the
    # statement timeout this also holds when the server is frozen and cannot cancel anything.
    DATABASE_WAIT_SECONDS = env_int("DATABASE_WAIT_SECONDS", 5)
    # SQLite's PRAGMA synchronous in WAL mode: FULL survives a power cut with every
    # acknowledged commit; NORMAL is faster and may lose the last commits (never corrupts).
    SQLITE_SYNCHRONOUS = os.environ.get("SQLITE_SYNCHRONOUS", "FULL").upper()
    # Comment moderation: unset means the policy's own default (planner.comments.policy);
    # planner.comments.rule_store.current_rules() gathers these in one place.
    COMMENT_LINK_THRESHOLD = env_int("COMMENT_LINK_THRESHOLD", None)
    COMMENT_MODERATION_WORDS = env_words("COMMENT_MODERATION_WORDS")
    COMMENT_DISALLOWED_WORDS = env_words("COMMENT_DISALLOWED_WORDS")
    COMMENT_FLOOD_SECONDS = env_int("COMMENT_FLOOD_SECONDS", None)
    COMMENT_THREAD_DEPTH = env_int("COMMENT_THREAD_DEPTH", None)
    COMMENT_PER_PAGE = env_int("COMMENT_PER_PAGE", None)
    COMMENT_REQUIRE_APPROVED_AUTHOR = env_bool("COMMENT_REQUIRE_APPROVED_AUTHOR", None)
    # Where the rendered public part of each thread page is kept, by thread version:
    # memory:// (each process, the THREAD_CACHE_SIZE pages used last), redis://host:6379/N
    # (shared by every process and machine, each page kept THREAD_CACHE_TTL seconds), or
    # none:// (rendered on every view). See planner/comments/thread_cache.py.
    THREAD_CACHE_URL = os.environ.get("THREAD_CACHE_URL", "memory://")
    THREAD_CACHE_SIZE = env_int("THREAD_CACHE_SIZE", 128)
    THREAD_CACHE_TTL = env_int("THREAD_CACHE_TTL", 24 * 3600)
    THREAD_CACHE_PREFIX = os.environ.get("THREAD_CACHE_PREFIX", "planner:thread:")
    # A cache is worth waiting for only briefly: past this a page is rendered instead, and
    # Redis is left alone for THREAD_CACHE_RETRY_SECONDS.
    THREAD_CACHE_TIMEOUT_MS = env_int("THREAD_CACHE_TIMEOUT_MS", 200)
    THREAD_CACHE_RETRY_SECONDS = env_int("THREAD_CACHE_RETRY_SECONDS", 30)
    # The guides' own text is rendered once per process; False renders it on every view.
    GUIDE_TEXT_CACHE = env_bool("GUIDE_TEXT_CACHE", True)


class DevelopmentConfig(Config):
    """Local development: plain HTTP on 127.0.0.1, a key kept in instance/."""

    ENV_NAME = "development"
    BASE_URL = os.environ.get("BASE_URL") or f"http://127.0.0.1:{env_int('PORT', 5000)}"
    SESSION_COOKIE_NAME = "session"  # plain HTTP cannot carry __Host- cookies
    SESSION_COOKIE_SECURE = False
    REMEMBER_COOKIE_NAME = "remember_token"
    REMEMBER_COOKIE_SECURE = False
    HSTS = False


class TestingConfig(DevelopmentConfig):
    """The test suite: its own database, given by the fixtures."""

    ENV_NAME = "testing"
    TESTING = True
    BASE_URL = "http://localhost"
    SECRET_KEY = "testing-only-secret-key"  # noqa: S105
    RATELIMIT_STORAGE_URI = "memory://"
    TASK_QUEUE_URL = "memory://"  # the suite runs queued tasks itself (planner.tasks)


CONFIGS = {
    "production": Config,
    "development": DevelopmentConfig,
    "testing": TestingConfig,
}


def select_config() -> type[Config]:
    """Pick the config class named by APP_ENV (default production)."""
    name = os.environ.get("APP_ENV", "production")
    if name not in CONFIGS:
        raise RuntimeError(f"APP_ENV must be one of {', '.join(CONFIGS)}, not {name!r}")
    return CONFIGS[name]


def finalize(config: dict) -> None:
    """Fill in settings derived from others and refuse to start without a secret key."""
    INSTANCE_DIR.mkdir(parents=True, exist_ok=True)
    if not config.get("SECRET_KEY"):
        if config["ENV_NAME"] == "production":
            raise RuntimeError("SECRET_KEY must be set (APP_ENV=production)")
        config["SECRET_KEY"] = development_secret_key()
    if not 1 <= config["DATABASE_WAIT_SECONDS"] <= MAX_DATABASE_WAIT:
        raise RuntimeError(f"DATABASE_WAIT_SECONDS must be a whole number from 1 to "
                           f"{MAX_DATABASE_WAIT}, not {config['DATABASE_WAIT_SECONDS']}")
    config.setdefault(
        "SQLALCHEMY_ENGINE_OPTIONS",
        engine_options(config["SQLALCHEMY_DATABASE_URI"], config["DATABASE_WAIT_SECONDS"]),
    )
    config.setdefault(
        "RATELIMIT_STORAGE_OPTIONS",
        rate_limit_storage_options(
            config.get("RATELIMIT_STORAGE_URI", ""), config.get("REMOTE_TIMEOUT", 5)
        ),
    )
    if not config.get("BASE_URL"):
        raise RuntimeError("BASE_URL must be set (APP_ENV=production), e.g. https://example.org")
    config["BASE_URL"] = base_url(config["BASE_URL"])
    config["TRUSTED_HOSTS"] = trusted_hosts(
        config["BASE_URL"], config["EXTRA_TRUSTED_HOSTS"],
        local=config["ENV_NAME"] != "production",
    )
    if config["LOG_FORMAT"] not in ("text", "json"):
        raise RuntimeError(f"LOG_FORMAT must be text or json, not {config['LOG_FORMAT']!r}")
    if not 0 <= config["TRUSTED_PROXIES"] <= MAX_TRUSTED_PROXIES:
        raise RuntimeError(f"TRUSTED_PROXIES must be a whole number from 0 to "
                           f"{MAX_TRUSTED_PROXIES}, not {config['TRUSTED_PROXIES']}")
