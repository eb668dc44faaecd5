"""A log line per request, with the request id that the answer carries too."""

import json
import logging

import pytest

from planner import create_app
from planner.logs import JsonFormatter, RequestIdFilter, redact

SECRET = "eyJzZWNyZXQiOiJ0b2tlbiJ9.abc-DEF_123"


def request_lines(caplog) -> list[logging.LogRecord]:
    """The per-request records captured so far."""
    return [r for r in caplog.records if r.name == "planner.requests"]


def test_every_answer_has_a_request_id_and_one_log_line(client, caplog, make_user, auth):
    caplog.set_level(logging.INFO)
    caplog.handler.addFilter(RequestIdFilter())
    user = auth.login(make_user())
    first = client.get("/roadmap")
    second = client.get("/no-such-page")
    ids = [first.headers["X-Request-ID"], second.headers["X-Request-ID"]]
    assert len(set(ids)) == 2 and all(len(i) == 32 for i in ids)
    lines = request_lines(caplog)
    assert [line.fields["path"] for line in lines] == ["/roadmap", "/no-such-page"]
    assert [line.fields["status"] for line in lines] == [first.status_code, 404]
    assert lines[0].fields["user_id"] == user.id
    assert lines[1].fields["method"] == "GET" and lines[1].fields["duration_ms"] >= 0
    assert [line.request_id for line in lines] == ids


def test_tokens_stay_out_of_the_request_log(client, caplog):
    caplog.set_level(logging.INFO)
    client.get(f"/reset-password/{SECRET}")
    [line] = request_lines(caplog)
    assert SECRET not in line.getMessage() and "/reset-password/[token]" in line.getMessage()


@pytest.mark.parametrize(
    ("path", "logged"),
    [("/s/{t}", "/s/[token]"), ("/s/{t}/card.png", "/s/[token]/card.png"),
     ("/feed/{t}.ics", "/feed/[token]")],
)
def test_share_and_feed_tokens_stay_out_of_every_log(client, caplog, path, logged):
    caplog.set_level(logging.INFO)
    token = "Q2hhbmdlLW1lLXRvLWEtcmVhbC10b2tlbg"
    client.get(path.format(t=token))
    [line] = request_lines(caplog)
    assert token not in line.getMessage() and logged in line.getMessage()
    assert token not in json.dumps(line.fields)
    # gunicorn's access log, the Referer of the next page included
    referer = f"http://localhost{path.format(t=token)}"
    assert redact(f'"GET {path.format(t=token)} HTTP/1.1" "{referer}"').count("[token]") == 2


def test_an_error_is_logged_with_its_request_id_and_traceback(app, client, caplog):
    @app.get("/test-only/boom")
    def boom():
        raise RuntimeError("boom")

    caplog.handler.addFilter(RequestIdFilter())
    response = client.get("/test-only/boom")
    assert response.status_code == 500
    [error] = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert error.request_id == response.headers["X-Request-ID"]
    assert error.exc_info and "RuntimeError: boom" in caplog.text


@pytest.mark.parametrize(("proxies", "kept"), [(0, False), (1, True)])
def test_a_proxys_request_id_is_kept_only_behind_a_trusted_proxy(database_url, proxies, kept):
    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "TRUSTED_PROXIES": proxies})
    offered = "edge-1234-abcd"
    answered = app.test_client().get("/health", headers={"X-Request-ID": offered})
    assert (answered.headers["X-Request-ID"] == offered) is kept
    bad = app.test_client().get("/health", headers={"X-Request-ID": "x\u00e9 <script>"})
    assert bad.headers["X-Request-ID"] != "x\u00e9 <script>"


def test_json_lines_carry_the_fields():
    record = logging.LogRecord("planner.requests", logging.INFO, __file__, 1, "GET / 200", (),
                               None)
    record.fields = {"path": "/", "status": 200}
    record.request_id = "abc"
    entry = json.loads(JsonFormatter().format(record))
    assert entry["request_id"] == "abc" and entry["status"] == 200 and entry["path"] == "/"
    assert entry["message"] == "GET / 200" and entry["level"] == "INFO"


def test_an_unknown_log_format_stops_start_up(database_url):
    with pytest.raises(RuntimeError, match="LOG_FORMAT"):
        create_app({"SQLALCHEMY_DATABASE_URI": database_url, "LOG_FORMAT": "xml"})
