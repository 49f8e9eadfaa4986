"""A headless chromium driven over the Chrome DevTools Protocol (one websocket, websocket-client),
for the site's browser tests (tests/test_site_browser.py).

`Browser.start()` returns None (with the reason in `Browser.missing`) when no chromium is
installed; the caller skips or, in CI, fails."""

from __future__ import annotations

import base64
import itertools
import json
import shutil
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

# Headless, as root (no sandbox), and none of chromium's own connections: this machine's
# network refuses them, and a test must not depend on Google's servers.
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-default-apps", "--disable-extensions", "--mute-audio",
         "--hide-scrollbars", "--window-size=1100,900"]  # fmt: skip


def chromium_path() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome", "chrome"):
        if found := shutil.which(name):
            return found
    return None


class Browser:
    """One chromium, one tab; `events` collects what the page reported since `clear()`."""

    missing = ""

    def __init__(self, proc, profile, ws):
        self.proc, self.profile, self.ws = proc, profile, ws
        self.ids = itertools.count(1)
        self.events: list[dict] = []

    @classmethod
    def start(cls, timeout: float = 30.0) -> Browser | None:
        import websocket

        exe = chromium_path()
        if exe is None:
            cls.missing = "chromium is not installed (apt-get install chromium)"
            return None
        profile = tempfile.mkdtemp(prefix="atelier-chromium-")  # a new, empty profile
        proc = subprocess.Popen(
            [exe, *FLAGS, f"--user-data-dir={profile}", "--remote-debugging-port=0",
             "about:blank"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
        port_file = Path(profile) / "DevToolsActivePort"
        deadline = time.monotonic() + timeout
        while not (port_file.is_file() and port_file.read_text().strip()):
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                shutil.rmtree(profile, ignore_errors=True)
                raise RuntimeError(f"{exe} did not start (exit {proc.poll()})")
            time.sleep(0.05)
        port = int(port_file.read_text().split()[0])
        while True:  # the first tab may take a moment to be listed
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=10) as r:
                tabs = [t for t in json.load(r) if t.get("type") == "page"]
            if tabs or time.monotonic() > deadline:
                break
            time.sleep(0.05)
        ws = websocket.create_connection(tabs[0]["webSocketDebuggerUrl"], timeout=timeout,
                                         suppress_origin=True)  # fmt: skip
        self = cls(proc, profile, ws)
        for domain in ("Page", "Runtime", "Log", "Network"):
            self.send(f"{domain}.enable")
        return self

    def close(self) -> None:
        try:
            self.ws.close()
        finally:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
            shutil.rmtree(self.profile, ignore_errors=True)

    # -- the protocol ------------------------------------------------------------------------
    def send(self, method: str, **params) -> dict:
        n = next(self.ids)
        self.ws.send(json.dumps({"id": n, "method": method, "params": params}))
        while True:
            msg = json.loads(self.ws.recv())
            if msg.get("id") == n:
                if "error" in msg:
                    raise RuntimeError(f"{method}: {msg['error']}")
                return msg.get("result", {})
            if "method" in msg:
                self.events.append(msg)

    def wait_for(self, method: str, timeout: float = 15.0) -> dict:
        """The next event `method` (among those not yet seen by wait_for)."""
        deadline = time.monotonic() + timeout
        while True:
            for e in self.events:
                if e["method"] == method and not e.get("seen"):
                    e["seen"] = True
                    return e
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError(f"no {method} within {timeout} s")
            self.ws.settimeout(left)
            msg = json.loads(self.ws.recv())
            if "method" in msg:
                self.events.append(msg)

    def clear(self) -> None:
        self.events.clear()

    # -- what a test does --------------------------------------------------------------------
    def open(self, url: str) -> None:
        """Go to `url` and wait until it has loaded (images, styles and scripts)."""
        self.clear()
        self.send("Page.navigate", url=url)
        self.wait_for("Page.loadEventFired")

    def js(self, expression: str):
        """The value of a JavaScript expression in the page (promises awaited)."""
        r = self.send("Runtime.evaluate", expression=expression, awaitPromise=True,
                      returnByValue=True)  # fmt: skip
        if "exceptionDetails" in r:
            raise RuntimeError(f"{expression[:60]}...: {r['exceptionDetails']}")
        return r["result"].get("value")

    def until(self, expression: str, timeout: float = 10.0):
        deadline = time.monotonic() + timeout
        while not (value := self.js(expression)):
            if time.monotonic() > deadline:
                raise TimeoutError(f"never true: {expression}")
            time.sleep(0.05)
        return value

    def errors(self) -> list[str]:
        """What the console would show in red since the last open/clear: script errors,
        console.error, resources that failed to load."""
        out = []
        for e in self.events:
            p = e.get("params", {})
            if e["method"] == "Runtime.exceptionThrown":
                d = p["exceptionDetails"]
                out.append(d.get("exception", {}).get("description") or d.get("text"))
            elif e["method"] == "Runtime.consoleAPICalled" and p["type"] in ("error", "assert"):
                out.append(" ".join(str(a.get("value", a.get("description"))) for a in p["args"]))
            elif e["method"] == "Log.entryAdded" and p["entry"]["level"] == "error":
                out.append(f"{p['entry']['text']} {p['entry'].get('url', '')}".strip())
            elif e["method"] == "Network.loadingFailed" and not p.get("canceled"):
                out.append(f"{p.get('errorText')} ({p.get('type')})")
        return out

    def screenshot(self, path: Path, width: int = 1100) -> Path:
        """A PNG of the whole page (not only the window), `width` CSS pixels wide."""
        height = int(self.js("Math.ceil(document.documentElement.scrollHeight)"))
        height = max(600, min(height, 6000))
        self.send("Emulation.setDeviceMetricsOverride", width=width, height=height,
                  deviceScaleFactor=1, mobile=False)  # fmt: skip
        try:
            shot = self.send("Page.captureScreenshot", format="png")
        finally:
            self.send("Emulation.clearDeviceMetricsOverride")
        path.write_bytes(base64.b64decode(shot["data"]))
        return path
