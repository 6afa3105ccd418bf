"""The web UI in a real browser: `newsgraph serve` (uvicorn) over the sample corpus, driven with
Playwright through Debian's Chromium (/usr/bin/chromium; Playwright's own browser download is not
used). What a user does: the overview's chart, a search and its first hit, the article's layer
toggles and record panel, an actor's page with its timeline and map; and on every page, no console
error, no uncaught exception, no failed request and no Content-Security-Policy violation.

Full-page screenshots go to $NEWSGRAPH_SCREENSHOTS (default: a pytest temporary directory, printed),
to look at: overview.png, article.png, entity.png, plus timeline.png and map.png (the two charts)."""
from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]

pytestmark = [pytest.mark.browser, pytest.mark.model]

# Records every CSP violation the page sees (its listener is added before any page script runs).
CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", function (e) {
  window.__cspViolation(e.violatedDirective + " blocked " + (e.blockedURI || "inline") + " at " + e.sourceFile);
});
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(examples_db):
    """`newsgraph serve` in its own process group on a free port; the base URL."""
    import httpx

    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "newsgraph", "serve", "--db", str(examples_db), "--port", str(port)],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            assert proc.poll() is None, proc.stdout.read().decode(errors="replace")
            try:
                if httpx.get(base + "/", timeout=5).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert time.monotonic() < deadline, "the server did not answer within 60 s"
            time.sleep(0.2)
        yield base
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium); CI installs it")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is a dev extra: pip install -e '.[dev]'")
    with sync_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def shots(tmp_path_factory) -> Path:
    where = os.environ.get("NEWSGRAPH_SCREENSHOTS")
    path = Path(where) if where else tmp_path_factory.mktemp("screenshots")
    path.mkdir(parents=True, exist_ok=True)
    print(f"\nscreenshots: {path}")
    return path


class Tab:
    """A page with everything that went wrong on it recorded: console errors, uncaught exceptions,
    failed requests, answers of 400 and above, CSP violations."""

    def __init__(self, context, base: str):
        self.base = base
        self.problems: list[str] = []
        self.csp: list[str] = []
        context.expose_function("__cspViolation", lambda report: self.csp.append(report))
        context.add_init_script(CSP_LISTENER)
        self.page = page = context.new_page()
        page.on("console", lambda m: m.type == "error" and self.problems.append(f"console: {m.text} ({page.url})"))
        page.on("pageerror", lambda e: self.problems.append(f"exception: {e} ({page.url})"))
        page.on("requestfailed", lambda r: self.problems.append(f"failed: {r.url} {r.failure}"))
        page.on("response", lambda r: r.status >= 400 and self.problems.append(f"{r.status}: {r.url}"))

    def goto(self, path: str):
        response = self.page.goto(self.base + path)
        assert response.status == 200, (path, response.status)
        return response

    def assert_clean(self) -> None:
        self.page.wait_for_load_state("load")
        assert not self.csp, self.csp
        assert not self.problems, self.problems


@pytest.fixture
def tab(browser, server):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        yield Tab(context, server)
    finally:
        context.close()


def box(locator) -> dict:
    b = locator.bounding_box()
    assert b and b["width"] > 0 and b["height"] > 0, b
    return b


def style(locator, prop: str) -> str:
    return locator.evaluate(f"el => getComputedStyle(el).{prop}")


def test_the_csp_listener_catches_a_violation(tab):
    """The 'no CSP violation' checks below can fail: an inline script is refused and reported."""
    tab.goto("/")
    tab.page.evaluate("() => { const s = document.createElement('script'); s.textContent = 'window.ran = 1';"
                      " document.body.appendChild(s); }")
    tab.page.wait_for_function("() => true")
    assert tab.page.evaluate("() => window.ran") is None  # refused
    deadline = time.monotonic() + 5
    while not tab.csp and time.monotonic() < deadline:
        tab.page.wait_for_timeout(50)
    assert tab.csp and "script-src" in tab.csp[0]


def test_the_overview_draws_its_daily_bars(tab, shots):
    tab.goto("/")
    assert tab.page.locator("h1").inner_text() == "Overview"
    chart = tab.page.locator("svg.ng-bars")
    assert chart.count() == 1
    b = box(chart)
    assert b["width"] > 300 and b["height"] > 100
    bars = chart.locator("g.bars rect")
    assert bars.count() > 5
    box(bars.first)
    assert tab.page.locator("dl.counts dd").first.inner_text().strip() == "36"  # articles
    tab.page.screenshot(path=shots / "overview.png", full_page=True)
    tab.assert_clean()


def test_search_an_article_its_layers_and_its_records(tab, shots):
    page = tab.page
    tab.goto("/")
    page.fill("#quick-q", "ceasefire")
    page.press("#quick-q", "Enter")
    page.wait_for_url(re.compile(r"/search\?q=ceasefire$"))
    hits = page.locator("ol.hits li")
    assert hits.count() >= 1
    assert "ceasefire" in hits.first.locator("mark").first.inner_text().lower()
    first = hits.first.locator("a.title")
    title = first.inner_text()
    first.click()
    page.wait_for_url(re.compile(r"/articles/[0-9a-f]+$"))
    assert page.locator("h1").inner_text() == title
    text = page.locator("#text")

    # A layer's toggle hides its highlights and shows them again.
    quote = text.locator(".hl-quote").first
    assert style(quote, "fontStyle") == "italic" and style(quote, "color") == "rgb(154, 52, 18)"
    toggle = page.locator('input[data-layer="quote"]')
    toggle.uncheck()
    assert "hide-quote" in text.get_attribute("class")
    assert style(quote, "fontStyle") == "normal" and style(quote, "color") != "rgb(154, 52, 18)"
    assert style(text.locator(".hl-entity").first, "backgroundColor") == "rgb(219, 234, 254)"  # others stay
    toggle.check()
    assert "hide-quote" not in text.get_attribute("class")
    assert style(quote, "fontStyle") == "italic"

    # Clicking an entity's highlight shows its record in the panel and marks all its mentions.
    records = json.loads(page.locator("#records").text_content())
    span = text.locator(".hl-entity").first
    entity_id = span.get_attribute("data-entity").split()[0]
    entity = next(e for e in records["entities"] if e["id"] == entity_id)
    span.click()
    card = page.locator("#record .card").filter(has=page.locator("h3", has_text=re.compile("^Entity$")))
    assert card.count() >= 1
    fields = dict(zip(card.first.locator("dt").all_inner_texts(), card.first.locator("dd").all_inner_texts()))
    assert fields["name"] == entity["name"] and fields["type"] == entity["type"]
    assert fields["mentions"] == str(len(entity["mentions"]))
    assert "selected" in span.get_attribute("class")
    assert text.locator(".hl-entity.selected").count() >= 1
    page.screenshot(path=shots / "article.png", full_page=True)

    # Its name in the panel links to the actor's page.
    link = card.first.locator('a[href^="/entities/"]')
    assert link.count() == 1 and entity["actor_id"]
    link.click()
    page.wait_for_url(re.compile(r"/entities/"))
    assert page.url.endswith(f"/entities/{entity['actor_id']}")
    assert page.locator("h1").inner_text().strip()
    for kind in ("timeline", "map", "network", "bars"):
        assert page.locator(f"svg.ng-{kind}").count() == 1, kind
        box(page.locator(f"svg.ng-{kind}"))
    tab.assert_clean()


def test_an_actor_page_draws_its_timeline_and_map(tab, shots):
    page = tab.page
    tab.goto("/")
    # Of the most named actors (the overview's table), the one with the most dated events, if they
    # have places: followed from its link.
    candidates = []
    for link in page.locator("main table a[href^='/entities/']").all():
        data = page.request.get(tab.base + "/api" + link.get_attribute("href")).json()
        if data["map"]:
            candidates.append((len(data["timeline"]), -len(candidates), link, data))
    assert candidates, "no actor of the sample corpus has events with places"
    n, _, link, data = max(candidates, key=lambda c: c[:2])
    assert n >= 3
    link.click()
    page.wait_for_url(re.compile(r"/entities/"))
    assert page.locator("h1").inner_text() == data["actor"]["name"]

    timeline = page.locator("svg.ng-timeline")
    b = box(timeline)
    assert b["width"] > 300
    events = timeline.locator("g.events circle")
    assert events.count() == len(data["timeline"])
    box(events.first)

    world = page.locator("svg.ng-map")
    b = box(world)
    assert b["width"] > 300 and b["height"] > 150
    assert world.locator("g.countries path").count() > 100
    points = world.locator("g.places circle")
    assert points.count() == len(data["map"]) >= 1
    box(points.first)
    assert world.locator("g.places a").count() == sum(1 for p in data["map"] if p.get("href"))

    page.screenshot(path=shots / "entity.png", full_page=True)
    timeline.screenshot(path=shots / "timeline.png")
    world.screenshot(path=shots / "map.png")
    tab.assert_clean()
