"""The guides' own text is rendered once per process, and the page reads exactly as when it
was rendered on every view, for a visitor and for a member."""

import pytest

from tests.support.comments import GUIDE_URL
from tests.support.thread_pages import normalised

STEP_GUIDE_URL = "/guides/freelancing"


@pytest.fixture
def templates_loaded(app, monkeypatch):
    """The names of the templates the app looks up while a with-block runs."""
    names: list[str] = []
    original = app.jinja_env.get_template

    def spy(name, *args, **kwargs):
        names.append(getattr(name, "name", name))
        return original(name, *args, **kwargs)

    monkeypatch.setattr(app.jinja_env, "get_template", spy)
    return names


@pytest.mark.parametrize("url", [GUIDE_URL, STEP_GUIDE_URL])
def test_a_second_view_renders_no_guide_text_again(client, templates_loaded, url):
    client.get(url)
    templates_loaded.clear()
    assert client.get(url).status_code == 200
    assert "guides/_block.html" not in templates_loaded
    assert "guides/_section_text.html" not in templates_loaded


@pytest.mark.parametrize("url", [GUIDE_URL, STEP_GUIDE_URL])
@pytest.mark.parametrize("member", [False, True])
def test_the_page_is_the_one_rendered_on_every_view(app, client, auth, ana, make_comment,
                                                    url, member):
    make_comment(body="Counted in the contents and the fold.")
    if member:
        auth.login(ana)
    app.config["GUIDE_TEXT_CACHE"] = False
    fresh = client.get(url).get_data(as_text=True)
    app.config["GUIDE_TEXT_CACHE"] = True
    client.get(url)  # renders and keeps the text
    kept = client.get(url).get_data(as_text=True)
    assert kept.count('class="guide-section') >= 4
    assert normalised(kept) == normalised(fresh)
    assert ('action="/logout"' in kept) is member


def test_the_kept_text_holds_nothing_of_a_reader(app, client, auth, ana):
    auth.login(ana)
    client.get(STEP_GUIDE_URL)
    kept = "".join(app.extensions["guide_text"].values())
    assert "nonce" not in kept and "csrf" not in kept and "idempotency" not in kept
    assert "<form" not in kept and "Ana" not in kept
