"""Settings: URLs, secrets and environment selection."""

import pytest

import config


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("postgres://u@h/db", "postgresql+psycopg://u@h/db"),
        ("postgresql://u@h/db", "postgresql+psycopg://u@h/db"),
        ("postgresql+psycopg://u@h/db", "postgresql+psycopg://u@h/db"),
        ("sqlite:////tmp/x.db", "sqlite:////tmp/x.db"),
    ],
)
def test_database_url_picks_psycopg_for_postgresql(given, expected):
    assert config.database_url(given) == expected


def test_database_url_defaults_to_sqlite_in_instance():
    assert config.database_url(None) == f"sqlite:///{config.INSTANCE_DIR / 'planner.db'}"


def test_engine_options_differ_by_database():
    assert config.engine_options("sqlite:///x.db", 5) == {"connect_args": {"timeout": 15}}
    assert config.engine_options("postgresql+psycopg://h/db", 5)["pool_pre_ping"] is True


def test_production_refuses_to_start_without_a_secret_key():
    settings = {"ENV_NAME": "production", "SECRET_KEY": None,
                "SQLALCHEMY_DATABASE_URI": "sqlite://"}
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        config.finalize(settings)


def test_unknown_app_env_is_refused(monkeypatch):
    monkeypatch.setenv("APP_ENV", "staging")
    with pytest.raises(RuntimeError, match="APP_ENV"):
        config.select_config()


def test_env_int_rejects_words(monkeypatch):
    monkeypatch.setenv("MAIL_PORT", "many")
    with pytest.raises(RuntimeError, match="MAIL_PORT"):
        config.env_int("MAIL_PORT", 587)
    monkeypatch.setenv("MAIL_PORT", "2525")
    assert config.env_int("MAIL_PORT", 587) == 2525


def test_cookies_are_locked_down_outside_development():
    assert config.Config.SESSION_COOKIE_SECURE and config.Config.REMEMBER_COOKIE_SECURE
    assert config.Config.SESSION_COOKIE_HTTPONLY and config.Config.SESSION_COOKIE_SAMESITE == "Lax"
    assert config.Config.HSTS and not config.DevelopmentConfig.HSTS


def test_rate_limits_default_to_a_file_every_worker_shares():
    uri = config.rate_limit_storage_uri(None)
    assert uri == f"sqlite:///{config.INSTANCE_DIR / 'ratelimits.sqlite'}"
    assert config.rate_limit_storage_uri("redis://h:6379/0") == "redis://h:6379/0"
    if not config.os.environ.get("RATELIMIT_STORAGE_URI"):
        for environment in ("production", "development"):
            assert uri == config.CONFIGS[environment].RATELIMIT_STORAGE_URI


def test_the_limiter_fails_open_and_redis_answers_quickly():
    assert config.Config.RATELIMIT_SWALLOW_ERRORS is True
    assert config.Config.RATELIMIT_IN_MEMORY_FALLBACK_ENABLED is True
    options = config.rate_limit_storage_options("redis://h:6379/0", 3)
    assert options == {"socket_timeout": 3, "socket_connect_timeout": 3}
    assert config.rate_limit_storage_options("sqlite:////tmp/limits.sqlite", 3) == {}
