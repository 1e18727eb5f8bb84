"""The web app in a real browser: Debian's Chromium, driven by Playwright, against the app served
on loopback. Keyboard-only use, phone width, and the three main forms."""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
playwright = pytest.importorskip("playwright.sync_api", reason="playwright is a test extra")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="Chromium is not installed (scripts/ensure-chromium.sh installs it)"
)


SCREENSHOTS = os.environ.get("IMPNAV_SCREENSHOT_DIR")


def snapshot(page, name: str, tmp_path: Path) -> None:
    """Keep a screenshot of each page: in tmp, or in docs/screenshots when asked to."""
    target = Path(SCREENSHOTS) if SCREENSHOTS else tmp_path
    target.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(target / f"{name}.png"))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


PASSWORD = "correct horse battery"


def _firm_database(root: Path) -> str:
    """A fresh SQLite database with one consultant (password set, weekdays 09:00-17:00)."""
    from impnav.store.accounts import set_consultant_password
    from impnav.store.bookings import WEEKDAYS, add_availability, add_consultant
    from impnav.store.db import session_scope, upgrade

    url = f"sqlite:///{root / 'impnav.sqlite3'}"
    upgrade(url)
    from impnav.store.db import engine_for

    with session_scope(engine_for(url)) as session:
        dana, _ = add_consultant(session, "R123456", "Dana Roy", "dana@firm.example", ["en"],
                                 "America/Toronto")  # fmt: skip
        for day in WEEKDAYS[:5]:
            add_availability(session, dana.id, day, "09:00", "17:00")
        set_consultant_password(session, "R123456", PASSWORD)
    return url


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    import uvicorn

    from impnav.api.app import create_app

    saved = os.environ.get("IMPNAV_DATABASE_URL")
    os.environ["IMPNAV_DATABASE_URL"] = _firm_database(tmp_path_factory.mktemp("db"))
    port = _free_port()
    config = uvicorn.Config(create_app(), host="127.0.0.1", port=port, log_level="warning")
    instance = uvicorn.Server(config)
    thread = threading.Thread(target=instance.run, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            with urllib.request.urlopen(f"{base}/healthz", timeout=1) as response:
                if response.status == 200:
                    break
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.1)
    yield base
    instance.should_exit = True
    thread.join(timeout=10)
    if saved is None:
        os.environ.pop("IMPNAV_DATABASE_URL", None)
    else:
        os.environ["IMPNAV_DATABASE_URL"] = saved


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with playwright.sync_playwright() as p:
        chromium = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"],
        )  # fmt: skip
        yield chromium
        chromium.close()


def test_interview_by_keyboard_to_results(server: str, browser, tmp_path: Path) -> None:
    page = browser.new_page()
    page.goto(f"{server}/")
    page.keyboard.press("Tab")  # skip to the first link and follow "Find my stream"
    page.get_by_role("link", name="Find my stream").first.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(f"{server}/interview")
    page.get_by_label("Your citizenships").fill("US")
    page.keyboard.press("Enter")
    page.wait_for_selector("input[type=date]")
    page.locator("input[type=date]").fill("1990-04-12")
    page.get_by_role("button", name="Next").click()
    page.get_by_label("Are you the spouse").select_option("none")
    page.get_by_role("button", name="Next").click()
    assert page.locator("p.help").first.inner_text().startswith("Question 4")
    snapshot(page, "interview", tmp_path)
    page.get_by_role("button", name="See results now").click()
    assert page.get_by_role("heading", name="Your streams").is_visible()
    assert page.get_by_role("heading", name="Not eligible", exact=False).count() >= 1
    snapshot(page, "results", tmp_path)
    with page.expect_download() as download:
        page.get_by_role("button", name="Download PDF report").click()
    saved = tmp_path / "report.pdf"
    download.value.save_as(saved)
    assert saved.read_bytes().startswith(b"%PDF")


def test_pages_fit_a_phone(server: str, browser) -> None:
    page = browser.new_page(viewport={"width": 375, "height": 800})
    for path in ("/", "/interview", "/noc", "/crs", "/offer"):
        page.goto(f"{server}{path}")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 376, (path, width)


def test_home_page(server: str, browser, tmp_path: Path) -> None:
    page = browser.new_page()
    page.goto(f"{server}/")
    assert page.get_by_role("heading", level=1).is_visible()
    snapshot(page, "home", tmp_path)


def test_noc_finder_search_and_group_page(server: str, browser, tmp_path: Path) -> None:
    page = browser.new_page()
    page.goto(f"{server}/noc")
    page.get_by_label("Your duties or job title").fill(
        "Prepare financial statements\nAudit accounting records for clients"
    )
    page.get_by_role("button", name="Find my NOC").click()
    assert page.get_by_role("link", name="11100").is_visible()
    snapshot(page, "noc", tmp_path)
    page.get_by_role("link", name="11100").click()
    assert "Financial auditors and accountants" in page.get_by_role("heading", level=1).inner_text()


def test_crs_form_shows_score_and_chart(server: str, browser, tmp_path: Path) -> None:
    page = browser.new_page()
    page.goto(f"{server}/crs")
    page.get_by_label("Age", exact=True).fill("29")
    page.get_by_label("Highest education").select_option("bachelors_or_three_year")
    for ability in ("reading", "writing", "listening", "speaking"):
        page.locator(f"#first_{ability}").fill("9")
    page.get_by_label("Years of skilled work abroad").fill("3")
    page.get_by_role("button", name="Calculate").click()
    assert page.get_by_role("heading", name="CRS score: 429").is_visible()
    assert page.locator("svg.chart rect").count() == 4
    page.locator("#score").scroll_into_view_if_needed()
    snapshot(page, "crs", tmp_path)


def test_offer_error_appears_next_to_its_field(server: str, browser, tmp_path: Path) -> None:
    page = browser.new_page()
    page.goto(f"{server}/offer")
    page.get_by_label("Legal name").fill("Maple Analytics Inc.")
    page.get_by_label("Postal code").first.fill("12345")
    page.get_by_role("button", name="Check the offer").click()
    error = page.locator("#employer\\.address\\.postal_code ~ p.error").first
    assert "not a Canadian postal code" in error.inner_text()
    error.scroll_into_view_if_needed()
    snapshot(page, "offer", tmp_path)


def test_save_a_case_book_and_the_consultant_sees_it(server: str, browser, tmp_path) -> None:
    blocked: list[str] = []
    applicant = browser.new_context()
    page = applicant.new_page()
    page.on("console", lambda m: blocked.append(m.text) if "Content Security" in m.text else None)
    page.goto(f"{server}/interview")
    page.get_by_label("Your citizenships").fill("US")
    page.keyboard.press("Enter")
    page.get_by_role("button", name="See results now").click()
    page.get_by_role("button", name="Save as a case").click()
    assert page.get_by_role("heading", name="Your case is saved").is_visible()
    link = page.locator("#case-link").inner_text()
    assert "/open?key=" in link
    page.get_by_role("link", name="Go to my case").click()
    page.get_by_role("link", name="Book a consultation").click()
    page.get_by_label("Consultation").select_option("strategy")
    page.get_by_role("button", name="Show free times").click()
    page.locator("input[name=starts_at]").nth(20).check()  # a day or more ahead
    page.get_by_label("Your e-mail").fill("applicant@example.com")
    page.evaluate("window.scrollTo(0, 0)")
    snapshot(page, "booking", tmp_path)
    page.get_by_role("button", name="Book this time").click()
    assert page.get_by_role("heading", name="Your consultation is booked").is_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="Add to calendar").click()
    saved = tmp_path / "consultation.ics"
    download.value.save_as(saved)
    assert "BEGIN:VEVENT" in saved.read_text()

    stranger = browser.new_context().new_page()  # another browser: the case does not open...
    stranger.goto(link.split("/open?")[0])
    assert stranger.get_by_role("heading", name="This page does not exist").is_visible()
    stranger.goto(link)  # ...until the private link is followed
    assert stranger.get_by_role("heading", name="My case").is_visible()

    consultant = browser.new_context().new_page()
    consultant.goto(f"{server}/consultant")
    consultant.get_by_label("CICC licence number").fill("R123456")
    consultant.get_by_label("Password").fill(PASSWORD)
    consultant.get_by_role("button", name="Log in").click()
    assert consultant.get_by_role("heading", name="Upcoming consultations").is_visible()
    snapshot(consultant, "consultant-dashboard", tmp_path)
    consultant.get_by_role("link", name="Open case").click()
    assert consultant.get_by_role("heading", name="Case of a client").is_visible()
    assert blocked == []
