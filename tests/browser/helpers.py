"""What browser tests do to a page: sign in, run axe-core, walk it with the Tab key."""

AXE_URL = "/__test__/axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


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
            // checkVisibility() also sees the hidden content of a closed <details>.
            (el.checkVisibility({visibilityProperty: true}) ||
             el.classList.contains('skip-link')) &&
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


def wire_weight(page, url: str) -> tuple[int, int]:
    """Load url and return (bytes on the wire, requests that reached the network) for it and
    everything it pulled in, as Chromium's network layer counts them (headers included)."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    cached: set[str] = set()
    sizes: dict[str, int] = {}
    cdp.on("Network.requestServedFromCache", lambda e: cached.add(e["requestId"]))
    cdp.on(
        "Network.responseReceived",
        lambda e: cached.add(e["requestId"]) if e["response"].get("fromDiskCache") else None,
    )
    cdp.on(
        "Network.loadingFinished",
        lambda e: sizes.__setitem__(e["requestId"], int(e["encodedDataLength"])),
    )
    page.goto(url, wait_until="load")
    page.wait_for_load_state("networkidle")
    cdp.detach()
    fetched = {rid: size for rid, size in sizes.items() if rid not in cached}
    return sum(fetched.values()), len(fetched)


def in_view(page, selector: str) -> bool:
    """Whether the element's top is inside the viewport (to within a pixel's rounding)."""
    return page.evaluate(
        "s => { const r = document.querySelector(s).getBoundingClientRect();"
        " return r.top > -1 && r.top < window.innerHeight; }", selector)


def horizontal_overflow(page) -> list[str]:
    """What sticks out sideways: the page itself, or any box that scrolls sideways."""
    return page.evaluate(
        """() => {
            const out = [];
            const root = document.documentElement;
            if (root.scrollWidth > window.innerWidth) out.push(`page ${root.scrollWidth}px`);
            for (const el of document.querySelectorAll('body *')) {
                const style = getComputedStyle(el);
                if (['auto', 'scroll'].includes(style.overflowX) &&
                    el.scrollWidth > el.clientWidth + 1) {
                    out.push(`${el.tagName.toLowerCase()}.${el.className} scrolls`);
                }
            }
            return out;
        }"""
    )


# The contrast of the focused element's outline against what lies behind it (WCAG 1.4.11).
FOCUS_RING_JS = """() => {
    const el = document.activeElement;
    const style = getComputedStyle(el);
    const rgb = text => (text.match(/[\\d.]+/g) || []).map(Number);
    const lum = ([r, g, b]) => {
        const c = [r, g, b].map(v => v / 255).map(
            v => v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
        return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
    };
    // With an offset the ring is drawn on the parent's fill; without, on the element's own.
    let box = parseFloat(style.outlineOffset) > 0 ? el.parentElement : el;
    let fill = [255, 255, 255];
    for (; box; box = box.parentElement) {
        const c = rgb(getComputedStyle(box).backgroundColor);
        if (c.length === 3 || (c.length === 4 && c[3] > 0)) { fill = c.slice(0, 3); break; }
    }
    const ring = rgb(style.outlineColor).slice(0, 3);
    const [a, b] = [lum(ring), lum(fill)].sort((x, y) => y - x);
    return {
        style: style.outlineStyle,
        width: parseFloat(style.outlineWidth),
        contrast: (a + 0.05) / (b + 0.05),
    };
}"""


def weak_focus_rings(page, limit: int = 250) -> list[str]:
    """Tab through the page; describe each stop whose ring is missing, thin or faint."""
    weak = []
    for label in tab_stops_with(page, FOCUS_RING_JS, limit):
        stop, ring = label
        if ring["style"] == "none" or ring["width"] < 2 or ring["contrast"] < 3:
            weak.append(f"{stop}: {ring}")
    return weak


def tab_stops_with(page, probe: str, limit: int) -> list[tuple[str, dict]]:
    """Tab round the page once, running probe on each focused element."""
    page.evaluate("document.activeElement && document.activeElement.blur()")
    seen: list[tuple[str, dict]] = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        label = page.evaluate(
            """() => {
                const el = document.activeElement;
                if (!el || el === document.body) return null;
                return el.tagName.toLowerCase() + '#' + el.id + ' ' +
                    (el.textContent || el.value || '').trim().slice(0, 30);
            }"""
        )
        if label is None or (seen and label == seen[0][0]):
            break
        seen.append((label, page.evaluate(probe)))
    return seen


def htmx_settled(page) -> None:
    """Wait until htmx has settled what it swapped in: until then the new forms are not yet
    htmx's, and a key pressed on one submits it as a plain form."""
    page.wait_for_function(
        "() => !document.querySelector('.htmx-request, .htmx-swapping, .htmx-added,"
        " .htmx-settling')")
