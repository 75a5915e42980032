"""Browser tests: Playwright drives Debian's Chromium against pytest-django's live server.

Each journey records every page it visits in a `Journey`: an axe-core check (no serious or
critical violation), a screenshot at desktop width and one at phone width (360 px, where
the page must not scroll sideways). Screenshots go to test-results/e2e/<journey>/ (or
E2E_SCREENSHOTS); the README shows a few of them, copied to docs/screenshots/.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from django.core.cache import cache
from django.core.management import call_command

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("E2E_CHROMIUM", "/usr/bin/chromium"))
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SHOTS = Path(os.environ.get("E2E_SCREENSHOTS", ROOT / "test-results" / "e2e"))
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 360, "height": 740}
PASSWORD = "demo-gewaardeerd"
BLOCKING_IMPACTS = {"serious", "critical"}
# The innermost elements that stick out on the right, to say what pushes a page sideways.
OVERFLOWING_JS = """() => [...document.querySelectorAll('body *')]
  .filter(el => el.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
  .filter(el => !el.closest('.table-scroll'))
  .filter(el => ![...el.children].some(
    c => c.getBoundingClientRect().right > document.documentElement.clientWidth + 1))
  .slice(0, 3)
  .map(el => { const path = []; for (let e = el; e && e !== document.body; e = e.parentElement)
    path.unshift(e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
      + (typeof e.className === 'string' && e.className ? '.' + e.className.split(' ')[0] : ''));
    return path.slice(-6).join(' > '); })
"""


def _missing() -> str:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is not installed (make install)"
    if not CHROMIUM.exists():
        return f"no Chromium at {CHROMIUM} (apt-get install chromium)"
    if not AXE_JS.exists():
        return "axe-core is not installed (npm ci)"
    return ""


@pytest.fixture
def browser(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """One Chromium per test. Playwright's sync API runs an event loop in this thread, so
    Django's ORM calls from the test itself need DJANGO_ALLOW_ASYNC_UNSAFE; the browser is
    closed with the test so no other test runs beside that loop."""
    why = _missing()
    if why:
        if os.environ.get("CI"):
            pytest.fail(why)
        pytest.skip(why)
    from playwright.sync_api import sync_playwright

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture(autouse=True)
def _page_cache_on(settings: Any) -> Iterator[None]:
    """The journeys run with the page cache on, as a deployment with CACHE_URL does: a page
    that stayed stale after a change would show in them."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": f"e2e-{uuid.uuid4().hex}",
        }
    }
    settings.PAGE_CACHE_SECONDS = 300
    yield
    cache.clear()


@pytest.fixture
def demo(settings: Any) -> None:
    """The demo data of `seed_demo` (its three log-ins, 20 companies, 12 organisations)."""
    settings.DEMO_PASSWORD = PASSWORD
    call_command("seed_demo", "--force", verbosity=0)


@dataclass
class Journey:
    """A person's way through the site: every page visited is checked and photographed."""

    name: str
    page: Any
    base_url: str
    violations: list[dict[str, Any]] = field(default_factory=list)
    pages: list[str] = field(default_factory=list)
    overflows: list[str] = field(default_factory=list)
    step: int = 0

    def __post_init__(self) -> None:
        self.folder = SHOTS / self.name
        shutil.rmtree(self.folder, ignore_errors=True)
        self.folder.mkdir(parents=True, exist_ok=True)

    def url(self, path: str) -> str:
        return self.base_url + path

    def check(self, label: str, *, phone: bool = True) -> None:
        """axe-core on the page as it is now, then screenshots at desktop and phone width."""
        page = self.page
        page.wait_for_load_state("load")
        self.step += 1
        slug = f"{self.step:02d}-{re.sub(r'[^a-z0-9]+', '-', label.lower()).strip('-')}"
        self.pages.append(f"{slug}: {page.url.removeprefix(self.base_url)}")
        # page.evaluate is a DevTools evaluation: the site's CSP (no inline script) allows it.
        page.evaluate(AXE_JS.read_text(encoding="utf-8"))
        result = page.evaluate(
            "async () => { const r = await axe.run(document, {resultTypes: ['violations']});"
            " return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,"
            " nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5)})); }"
        )
        for violation in result:
            violation["page"] = slug
            self.violations.append(violation)
        page.screenshot(path=str(self.folder / f"{slug}.png"), full_page=True)
        if phone:
            size = page.viewport_size
            page.set_viewport_size(PHONE)
            wide = page.evaluate(
                "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            if wide > 1:
                culprits = page.evaluate(OVERFLOWING_JS)
                self.overflows.append(f"{slug}: {wide}px too wide at 360px: {culprits}")
            page.screenshot(path=str(self.folder / f"{slug}-phone.png"), full_page=True)
            page.set_viewport_size(size)

    def blocking(self) -> list[dict[str, Any]]:
        return [v for v in self.violations if v["impact"] in BLOCKING_IMPACTS]

    def finish(self) -> None:
        """Write what axe found and fail on any serious or critical violation."""
        report = {
            "journey": self.name,
            "pages": self.pages,
            "violations": self.violations,
            "phone_overflows": self.overflows,
        }
        (self.folder / "axe.json").write_text(json.dumps(report, indent=2), encoding="utf-8")
        blocking = self.blocking()
        assert not blocking, json.dumps(blocking, indent=2)
        assert not self.overflows, self.overflows


@pytest.fixture
def journey_factory(browser: Any, live_server: Any) -> Iterator[Any]:
    contexts: list[Any] = []

    def make(name: str, *, locale: str = "nl-BE") -> Journey:
        context = browser.new_context(viewport=DESKTOP, locale=locale)
        context.set_default_timeout(15_000)
        contexts.append(context)
        return Journey(name=name, page=context.new_page(), base_url=live_server.url)

    yield make
    for context in contexts:
        context.close()


def log_in(journey: Journey, email: str, password: str = PASSWORD) -> None:
    page = journey.page
    page.goto(journey.url("/accounts/login/"))
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", password)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state("load")


def log_out(journey: Journey) -> None:
    journey.page.locator("header form[action$='/logout/'] button").click()
    journey.page.wait_for_load_state("load")


def tab_to(page: Any, selector: str, *, limit: int = 120) -> None:
    """Press Tab until the element is focused, as a keyboard user would; its focus must be
    visible (an outline or a box shadow)."""
    target = page.locator(selector).first
    for _ in range(limit):
        page.keyboard.press("Tab")
        if target.evaluate("el => el === document.activeElement"):
            style = target.evaluate(
                "el => { const s = getComputedStyle(el);"
                " return [s.outlineStyle, s.outlineWidth, s.boxShadow]; }"
            )
            visible = (style[0] != "none" and style[1] != "0px") or style[2] != "none"
            assert visible, f"focus on {selector} is not visible: {style}"
            return
    raise AssertionError(f"{selector} not reached with {limit} presses of Tab")
