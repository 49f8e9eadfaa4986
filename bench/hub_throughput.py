"""What `atelier hub` holds with a class of 30 boards: readings a second before it falls behind,
and the latency from a board's publish to the dashboard (at the page's event stream, and in
headless chromium when it is installed).

30 paho-mqtt clients (in a separate process, so they do not share the hub's interpreter)
publish to the hub's embedded broker at a rising rate each; every payload is the time it was
sent, so whoever receives it knows its latency. A rate is held when every reading published is
in the session file less than a second after the last was sent and the stream's 95th percentile
latency is under a second. Baseline, measured in the same run: the same broker (amqtt) and the
same publishers with a bare paho subscriber that only counts (no session file, no dashboard);
the ratio is the hub's highest held rate over the baseline's.
Run: python bench/hub_throughput.py [--boards 30] [--rates 1,2,5,10,20,50] [--seconds 3]
     [--qos 1] [--no-browser]
"""

from __future__ import annotations

import argparse
import asyncio
import http.client
import json
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import paho.mqtt.client as mqtt

from atelier.hub.broker import start_broker
from atelier.hub.service import HubOptions, HubThread

HERE = Path(__file__).resolve().parent


# -- the class: a separate process ------------------------------------------------------------
def publish(port: int, boards: int, rate: float, seconds: float, qos: int) -> None:
    """Run in the child process: `boards` clients, each `rate` readings a second."""
    clients = []
    for i in range(boards):
        c = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, client_id=f"bench-{i}")
        c.max_inflight_messages_set(1000)
        c.connect("127.0.0.1", port)
        c.loop_start()
        clients.append(c)
    while not all(c.is_connected() for c in clients):
        time.sleep(0.01)
    n = int(rate * seconds)
    last = []
    t0 = time.time()

    def board(i: int, c) -> None:
        info = None
        for k in range(n):
            due = t0 + k / rate
            if (wait := due - time.time()) > 0:
                time.sleep(wait)
            info = c.publish(f"classe/Poste {i + 1:02d}/temps", repr(time.time()), qos=qos)
        last.append(info)

    threads = [threading.Thread(target=board, args=(i, c)) for i, c in enumerate(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    sent = time.time()
    for info in last:
        if info is not None and qos:
            info.wait_for_publish(30)
    for c in clients:
        c.disconnect()
        c.loop_stop()
    print(json.dumps({"published": n * boards, "seconds": sent - t0, "sent": sent}))


def run_class(port: int, args, rate: float) -> dict:
    cmd = [sys.executable, __file__, "--publish", str(port), str(args.boards), str(rate),
           str(args.seconds), str(args.qos)]  # fmt: skip
    out = subprocess.run(cmd, capture_output=True, text=True, check=True, timeout=300).stdout
    return json.loads(out.strip().splitlines()[-1])


# -- who receives -------------------------------------------------------------------------------
class Latencies:
    def __init__(self):
        self.count = 0
        self.lags: list[float] = []
        self.lock = threading.Lock()

    def take(self, sent: float) -> None:
        with self.lock:
            self.count += 1
            self.lags.append(time.time() - sent)

    def window(self) -> list[float]:
        with self.lock:
            lags, self.lags = self.lags, []
        return lags


def stream(port: int, into: Latencies, stop: threading.Event) -> None:
    """The dashboard's event stream, read as the page reads it."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    conn.request("GET", "/events")
    resp = conn.getresponse()
    kind = ""
    while not stop.is_set():
        line = resp.fp.readline()
        if not line:
            break
        line = line.decode().rstrip("\n")
        if line.startswith("event: "):
            kind = line[7:]
        elif line.startswith("data: ") and kind == "readings":
            for reading in json.loads(line[6:]):
                into.take(reading[3])
    conn.close()


def bare_subscriber(port: int, into: Latencies) -> mqtt.Client:
    c = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, client_id="bench-bare")
    c.on_connect = lambda cl, *_a: cl.subscribe("classe/#", qos=1)
    c.on_message = lambda _c, _u, msg: into.take(float(msg.payload))
    c.connect("127.0.0.1", port)
    c.loop_start()
    while not c.is_connected():
        time.sleep(0.01)
    time.sleep(0.2)
    return c


def p(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    return statistics.quantiles(values, n=100)[int(q) - 1] if len(values) > 1 else values[0]


# -- one measurement: rising rates until it falls behind ---------------------------------------
def climb(name: str, port: int, args, received, stream_lat: Latencies, page=None) -> float:
    held = 0.0
    for rate in args.rates:
        before = received()
        stream_lat.window()
        page_lags = []
        done = {}
        worker = threading.Thread(target=lambda d=done, r=rate: d.update(run_class(port, args, r)))
        worker.start()
        while worker.is_alive():
            time.sleep(0.2)
        worker.join()
        deadline = done["sent"] + 1.0
        while received() - before < done["published"] and time.time() < deadline:
            time.sleep(0.01)
        got = received() - before
        drained = time.time() - done["sent"]
        lags = stream_lat.window()
        if page is not None:
            page_lags = page.js("window.benchLags.splice(0)")
        offered = done["published"] / done["seconds"]
        ok = got >= done["published"] and (not lags or p(lags, 95) < 1.0)
        page_txt = ""
        if page_lags:
            page_txt = (f"  page p50 {p(page_lags, 50) * 1000:7.1f} ms "
                        f"p95 {p(page_lags, 95) * 1000:7.1f} ms")  # fmt: skip
        print(f"{name:5} {rate:6g}/s a board {offered:8.0f}/s offered  {got:6d}/"
              f"{done['published']:<6d} received  {'held' if ok else 'BEHIND':6}  "
              f"latency p50 {p(lags, 50) * 1000:7.1f} ms p95 {p(lags, 95) * 1000:7.1f} ms"
              f"{page_txt}  (drained {drained:.2f} s after the last)", flush=True)  # fmt: skip
        if not ok:
            break
        held = offered
        time.sleep(0.5)
    return held


def measure_hub(args) -> float:
    with tempfile.TemporaryDirectory() as tmp:
        options = HubOptions(port=0, http_port=0, host="127.0.0.1", out=Path(tmp) / "b.sqlite",
                             offline_after=3600)  # fmt: skip
        with HubThread(options) as h:
            lat, stop = Latencies(), threading.Event()
            threading.Thread(target=stream, args=(h.hub.http_port, lat, stop), daemon=True).start()
            page = open_page(h.url) if args.browser else None
            try:
                time.sleep(0.3)
                return climb("hub", h.hub.broker_port, args, lambda: h.hub.received, lat, page)
            finally:
                stop.set()
                if page is not None:
                    page.close()


def open_page(url: str):
    sys.path.insert(0, str(HERE.parent / "tests"))
    from headless import Browser

    page = Browser.start()
    if page is None:
        print(f"(no page latency: {Browser.missing})")
        return None
    page.open(url)
    page.js(PAGE_WATCH)
    return page


# Each time the page draws (its board list changes), the age of the newest reading it holds:
# the payload is the time the board sent it, so that is the latency publish -> page.
PAGE_WATCH = """window.benchLags = [];
new MutationObserver(function () {
  if (hubStats.last) benchLags.push(Date.now() / 1000 - hubStats.last[3]);
}).observe(document.getElementById('boards'), {childList: true, subtree: true,
                                                characterData: true})"""


def measure_bare(args) -> float:
    loop = asyncio.new_event_loop()
    threading.Thread(target=loop.run_forever, daemon=True).start()
    broker = asyncio.run_coroutine_threadsafe(start_broker("127.0.0.1", 0), loop).result(30)
    lat = Latencies()
    sub = bare_subscriber(broker.port, lat)
    try:
        return climb("bare", broker.port, args, lambda: lat.count, lat)
    finally:
        sub.disconnect()
        sub.loop_stop()
        asyncio.run_coroutine_threadsafe(broker.stop(), loop).result(30)
        loop.call_soon_threadsafe(loop.stop)


def main() -> int:
    if len(sys.argv) > 1 and sys.argv[1] == "--publish":
        port, boards, rate, seconds, qos = sys.argv[2:7]
        publish(int(port), int(boards), float(rate), float(seconds), int(qos))
        return 0
    ap = argparse.ArgumentParser()
    ap.add_argument("--boards", type=int, default=30)
    ap.add_argument("--rates", default="1,2,5,10,20,50,100",
                    help="readings a second per board, tried in turn")  # fmt: skip
    ap.add_argument("--seconds", type=float, default=3.0)
    ap.add_argument("--qos", type=int, choices=(0, 1), default=1)
    ap.add_argument("--no-browser", dest="browser", action="store_false")
    args = ap.parse_args()
    args.rates = [float(r) for r in args.rates.split(",")]
    print(f"{args.boards} boards, QoS {args.qos}, {args.seconds:g} s a rate")
    hub = measure_hub(args)
    bare = measure_bare(args)
    ratio = hub / bare if bare else float("nan")
    print(f"hub + dashboard hold {hub:.0f} readings/s from {args.boards} boards; the bare broker "
          f"and subscriber {bare:.0f}/s; ratio {ratio:.2f}")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
