"""The weight of what goes out: built static files (hashed, pre-compressed, cached for a
year by everyone, signed in or not) and compressed pages, never a compressed stream."""

import gzip
import json
import re

import brotli
import pytest
from flask import Response, stream_with_context

from planner import assets
from planner.assets import ONE_YEAR, URL_PREFIX

HASHED = re.compile(r"^site\.[0-9a-f]{12}\.css$")


@pytest.fixture
def built(tmp_path):
    """A static folder with small sources for every bundle, built into tmp_path/dist."""
    for source in {s for sources in assets.BUNDLES.values() for s in sources}:
        path = tmp_path / source
        path.parent.mkdir(parents=True, exist_ok=True)
        css = source.endswith(".css")
        path.write_text("/* why */ body  {  color : red }\n" * 40 if css else "x;\n" * 400)
    return tmp_path, assets.build(tmp_path)


def test_build_writes_hashed_minified_and_compressed_copies(built):
    static, manifest = built
    assert HASHED.match(manifest["site.css"])
    css = static / "dist" / manifest["site.css"]
    assert b"why" not in css.read_bytes()  # comments go
    assert gzip.decompress((static / "dist" / f"{css.name}.gz").read_bytes()) == css.read_bytes()
    assert brotli.decompress((static / "dist" / f"{css.name}.br").read_bytes()) == css.read_bytes()
    assert json.loads((static / "dist" / "manifest.json").read_text()) == manifest


def test_a_changed_source_gets_a_new_name_and_the_old_file_goes(built):
    static, manifest = built
    (static / "css" / "app.css").write_text("main { color: blue }\n")
    again = assets.build(static)
    assert again["site.css"] != manifest["site.css"]
    assert not (static / "dist" / manifest["site.css"]).exists()
    assert again["site.js"] == manifest["site.js"]


def test_a_missing_manifest_stops_start_up_saying_what_to_run(tmp_path):
    with pytest.raises(RuntimeError, match=r"manifest\.json is missing: run `make setup`"):
        assets.load_manifest(tmp_path)


def page_assets(html: str) -> list[str]:
    """The built files a page links to."""
    return re.findall(rf'(?:href|src)="({re.escape(URL_PREFIX)}[^"]+)"', html)


def test_pages_link_one_stylesheet_one_script_and_the_icon(client):
    html = client.get("/").get_data(as_text=True)
    linked = page_assets(html)
    assert sorted(name.split(".")[0] for name in (u.rsplit("/", 1)[1] for u in linked)) == [
        "favicon", "site", "site"
    ]


@pytest.mark.parametrize("signed_in", [False, True])
def test_static_files_are_brotli_and_immutable_for_a_year_signed_in_or_not(
    client, auth, make_user, signed_in
):
    if signed_in:
        auth.login(make_user())
    for url in page_assets(client.get("/").get_data(as_text=True)):
        with client.get(url, headers={"Accept-Encoding": "gzip, br"}) as response:
            assert response.status_code == 200, url
            assert response.headers["Content-Encoding"] == "br", url
            assert response.headers["Cache-Control"] == f"public, max-age={ONE_YEAR}, immutable"
            assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_signed_in_pages_are_compressed_and_still_not_stored(client, auth, make_user):
    auth.login(make_user())
    response = client.get("/guides/micro-jobs-vs-freelancing", headers={"Accept-Encoding": "br"})
    assert response.headers["Content-Encoding"] == "br"
    assert response.headers["Cache-Control"] == "no-store"
    assert b"<h1" in brotli.decompress(response.data)


def test_pages_fall_back_to_gzip(client):
    response = client.get("/", headers={"Accept-Encoding": "gzip"})
    assert response.headers["Content-Encoding"] == "gzip"
    assert b"<h1" in gzip.decompress(response.data)


def test_streamed_answers_are_never_compressed(app):
    @app.get("/__test__/stream")
    def stream():
        return Response(stream_with_context(iter(["<p>one</p>" * 200, "<p>two</p>"])),
                        mimetype="text/html")

    response = app.test_client().get("/__test__/stream", headers={"Accept-Encoding": "gzip, br"})
    assert "Content-Encoding" not in response.headers
    assert response.get_data(as_text=True).endswith("<p>two</p>")


@pytest.mark.parametrize("signed_in", [False, True])
def test_favicon_ico_answers_with_the_hashed_icon_cached_for_a_week(
    app, client, auth, make_user, signed_in
):
    """Browsers ask for /favicon.ico on their own: the icon's bytes, compressed, cached, and
    never a 404 or a no-store answer (signed in or not)."""
    if signed_in:
        auth.login(make_user())
    icon = app.extensions["assets"][assets.FAVICON_BUNDLE]
    with client.get(f"{URL_PREFIX}{icon}") as hashed:
        expected = hashed.data
    with client.get("/favicon.ico", headers={"Accept-Encoding": "gzip, br"}) as response:
        assert response.status_code == 200
        assert response.headers["Content-Type"] == "image/svg+xml"
        assert response.headers["Cache-Control"] == f"public, max-age={assets.ONE_WEEK}"
        assert response.headers["Content-Encoding"] == "br"
        assert brotli.decompress(response.data) == expected
        assert "Set-Cookie" not in response.headers
    with client.get("/favicon.ico", headers={"If-None-Match": response.headers["ETag"]}) as again:
        assert again.status_code == 304
