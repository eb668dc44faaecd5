"""Static files as browsers get them: bundles under content-hashed names with gzip and brotli
copies beside them, served by WhiteNoise with a one-year immutable cache.

`make setup` runs main() writes static/dist/ and the manifest that
maps each bundle's name to its hashed file; the app reads the manifest once at start-up.
"""

import hashlib
import json
from pathlib import Path

import rcssmin
import rjsmin
from flask import Flask, current_app
from whitenoise import WhiteNoise
from whitenoise.compress import Compressor

STATIC = Path(__file__).resolve().parent.parent / "static"
DIST = "dist"
MANIFEST = "manifest.json"
URL_PREFIX = "/static/dist/"
ONE_YEAR = 365 * 24 * 60 * 60
# Browsers and feed readers ask for /favicon.ico whatever a page links to: it answers with the
# bytes of the hashed icon, cached for a week (the name does not change when the icon does).
FAVICON_URL = "/favicon.ico"
FAVICON_BUNDLE = "favicon.svg"
ONE_WEEK = 7 * 24 * 60 * 60
# Each bundle is its sources joined in order: one request per kind of file, and one more
# stylesheet on the pages that draw a roadmap over time (its calendar, chart and history).
BUNDLES = {
    "site.css": ("css/base.css", "css/app.css", "css/print.css"),
    "over-time.css": ("css/over_time.css",),
    "site.js": ("vendor/htmx.min.js", "js/app.js"),
    FAVICON_BUNDLE: ("favicon.svg",),
}


def hashed_name(name: str, content: bytes) -> str:
    """site.css and its bytes → site.<12 hex digits of SHA-256>.css."""
    stem, dot, suffix = name.rpartition(".")
    return f"{stem}.{hashlib.sha256(content).hexdigest()[:12]}{dot}{suffix}"


def minified(source: str, content: bytes) -> bytes:
    """The source's bytes without comments and spare white space (vendored .min files as
    they come)."""
    if source.endswith(".min.js"):
        return content
    if source.endswith(".css"):
        return rcssmin.cssmin(content.decode()).encode()
    if source.endswith(".js"):
        return rjsmin.jsmin(content.decode()).encode()
    return content


def build(static: Path = STATIC) -> dict[str, str]:
    """Write every bundle under its hashed name, compressed copies and the manifest."""
    dist = static / DIST
    dist.mkdir(exist_ok=True)
    for old in dist.iterdir():  # files of an earlier build would never be asked for again
        old.unlink()
    compressor = Compressor(quiet=True)
    manifest = {}
    for name, sources in BUNDLES.items():
        # A script that leaves its last statement open must not run into the next one.
        joint = b";\n" if name.endswith(".js") else b"\n"
        content = joint.join(
            minified(source, (static / source).read_bytes()).rstrip(b"\n") for source in sources
        )
        target = dist / hashed_name(name, content)
        target.write_bytes(content + b"\n")
        list(compressor.compress(str(target)))
        manifest[name] = target.name
    (dist / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n")
    return manifest


def load_manifest(static: Path = STATIC) -> dict[str, str]:
    """Read the manifest, or stop start-up saying how to make it."""
    path = static / DIST / MANIFEST
    try:
        return json.loads(path.read_text())
    except FileNotFoundError:
        raise RuntimeError(
            f"{path} is missing: run `make setup` to build the static files"
        ) from None


def asset_url(name: str) -> str:
    """The URL of a bundle's current hashed file, for templates."""
    return URL_PREFIX + current_app.extensions["assets"][name]


def _static_headers(headers, path: str, url: str) -> None:
    # The hashed name changes with the content, so a year without asking again is safe.
    headers["Cache-Control"] = f"public, max-age={ONE_YEAR}, immutable"
    if url == FAVICON_URL:
        headers["Cache-Control"] = f"public, max-age={ONE_WEEK}"
    headers["X-Content-Type-Options"] = "nosniff"


def init_app(app: Flask, static: Path = STATIC) -> None:
    """Read the manifest and put WhiteNoise in front of the app for the built files."""
    manifest = load_manifest(static)
    app.extensions["assets"] = manifest
    served = WhiteNoise(
        app.wsgi_app,
        root=str(static / DIST),
        prefix=URL_PREFIX,
        add_headers_function=_static_headers,
    )
    # Outside the app, like every built file: no session, no cookie, no no-store for members.
    served.add_file_to_dictionary(FAVICON_URL, str(static / DIST / manifest[FAVICON_BUNDLE]))
    app.wsgi_app = served


def main() -> None:
    """Build, and say which file each bundle became."""
    for bundle, file in build().items():
        print(f"{bundle} -> static/{DIST}/{file}")
