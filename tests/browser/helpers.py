"""What browser tests do to a page: sign in, run axe-core, walk it with the Tab key."""

AXE_URL = "/__test__/axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]


def axe_violations(page) -> list[str]:
    """Run axe-core on the page and describe every violation."""
    page.add_script_tag(url=AXE_URL)
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at "
        + "; ".join(" ".join(node["target"]) for node in v["nodes"][:5])
        for v in result["violations"]
    ]


def tab_stops(page, limit: int = 200) -> list[str]:
    """Press Tab until focus comes back round; return a label for each element reached."""
    page.evaluate("document.activeElement && document.activeElement.blur()")
    seen: list[str] = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        label = page.evaluate(
            """() => {
                const el = document.activeElement;
                if (!el || el === document.body) return null;
                return el.tagName.toLowerCase() + '|' + (el.id || '') + '|' +
                    (el.getAttribute('href') || el.getAttribute('name') || '') + '|' +
                    (el.textContent || el.value || '').trim().slice(0, 40);
            }"""
        )
        if label is None or (seen and label == seen[0]):
            break
        seen.append(label)
    return seen


def focusable_count(page) -> int:
    """How many visible elements a keyboard user should be able to reach."""
    return page.evaluate(
        """() => [...document.querySelectorAll(
            'a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex]'
        )].filter(el => !el.disabled && el.tabIndex >= 0 &&
            (el.offsetParent !== null || el.classList.contains('skip-link')) &&
            !el.closest('details:not([open]) > :not(summary)') &&
            !(el.type === 'radio' && !el.checked && document.querySelector(
                `input[type=radio][name="${el.name}"]:checked`))).length"""
    )


def sign_in(page, live_server, user) -> None:
    """Give the page's browser context a session cookie of user's, as login would."""
    app = live_server.app
    serializer = app.session_interface.get_signing_serializer(app)
    value = serializer.dumps({"_user_id": user.session_token, "_fresh": True})
    page.context.add_cookies(
        [{"name": app.config["SESSION_COOKIE_NAME"], "value": value, "url": live_server.url}]
    )
