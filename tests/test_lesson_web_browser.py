"""The page the ESP32 serves (lessons/page-web-carte) in a real browser: Debian's chromium,
headless (tests/headless.py), opens it from the simulated board's server, a real click on
"Allumer" switches the LED on in the simulator and the page shown says so, "Éteindre" switches
it off; the page shows the board's temperature, and the console shows no error.

The board runs while the browser waits (board.run_while: its clock follows the wall clock, as a
real board's does while a browser talks to it). Deselect with `-m "not browser"`; without
chromium they skip, except in CI (env CI set), where .ci/run installs it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import needs_vm
from headless import Browser

from atelier.sim import simulate

pytestmark = [pytest.mark.browser, needs_vm]
LESSON = Path(__file__).resolve().parents[1] / "lessons" / "page-web-carte"


@pytest.fixture(scope="module")
def browser():
    b = Browser.start()
    if b is None:
        if os.environ.get("CI"):  # .ci/run installs chromium: missing is a failure
            pytest.fail(f"{Browser.missing}: .ci/run should have installed it")
        pytest.skip(Browser.missing)
    yield b
    b.close()


@pytest.fixture
def board():
    with simulate(LESSON, board="esp32") as b:
        b.world.temperature = 23.4
        b.run(3)  # joined, listening on its port 80
        yield b


def click(browser, text: str) -> None:
    """A real mouse click (pressed and released) in the middle of the link that says `text`,
    then wait for the page it opens."""
    box = browser.js(
        "(() => { const a = [...document.querySelectorAll('a')].find("
        f"e => e.textContent.trim() === {text!r}); if (!a) return null;"
        " const r = a.getBoundingClientRect();"
        " return [r.left + r.width / 2, r.top + r.height / 2]; })()"
    )
    assert box, f"no link {text!r} on the page"
    browser.clear()
    for kind in ("mouseMoved", "mousePressed", "mouseReleased"):
        browser.send("Input.dispatchMouseEvent", type=kind, x=box[0], y=box[1], button="left",
                     clickCount=0 if kind == "mouseMoved" else 1)  # fmt: skip
    browser.wait_for("Page.loadEventFired")


def text(browser) -> str:
    return browser.js("document.body.innerText")


def test_the_page_in_chromium_switches_the_led(browser, board):
    host, port = board.host_address(80)
    board.run_while(lambda: browser.open(f"http://{host}:{port}/"))
    page = text(browser)
    assert "Température : 23.4 °C" in page, page
    assert "LED : éteinte" in page and not board.relay.on
    assert browser.js("document.title") == "Ma carte"

    board.run_while(lambda: click(browser, "Allumer"))
    assert board.relay.on  # the LED is on on the board
    assert "LED : allumée" in text(browser)
    assert browser.js("location.pathname") == "/allumer"

    board.world.temperature = 19.0
    board.run_while(lambda: click(browser, "Éteindre"))
    assert not board.relay.on
    page = text(browser)
    assert "LED : éteinte" in page and "Température : 19.0 °C" in page, page
    assert browser.errors() == []
    assert board.error is None


def test_an_unknown_page_in_chromium_and_back(browser, board):
    host, port = board.host_address(80)
    board.run_while(lambda: browser.open(f"http://{host}:{port}/cuisine"))
    assert "Cette page n'existe pas" in text(browser)
    board.run_while(lambda: click(browser, "Retour"))
    assert browser.js("location.pathname") == "/"
    assert "LED : éteinte" in text(browser)
    assert browser.errors() == []  # (the 404 itself was before the click)
