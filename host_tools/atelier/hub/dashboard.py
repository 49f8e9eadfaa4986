"""The hub's live dashboard: one page (French at /, English at /en/), its script and style
(static/, no framework, nothing from the Internet), an event stream (/events, Server-Sent
Events: a snapshot, then the readings as they arrive and each board's state), the state as
JSON (/state.json) and the whole session as CSV (/export.csv)."""

from __future__ import annotations

import asyncio
import errno
import json
from html import escape
from pathlib import Path

from aiohttp import web

from atelier.errors import UserError
from atelier.hub.store import csv_lines
from atelier.i18n import _

STATIC = Path(__file__).with_name("static")

# The page's words, French first. The script takes its own from the page (id="texts").
TEXTS = {
    "fr": {
        "title": "Tableau de bord de la classe",
        "other": "English",
        "export": "Exporter la séance (CSV)",
        "boards": "Cartes de la classe",
        "waiting": "En attente des cartes : elles publient sur classe/<nom>/<grandeur>.",
        "hub_ok": "Hub connecté au broker MQTT.",
        "hub_lost": "Le hub a perdu le broker MQTT ; il réessaie.",
        "page_lost": "Connexion au hub perdue ; nouvel essai…",
        "online": "en ligne",
        "offline_will": "hors ligne (connexion perdue)",
        "offline_silent": "hors ligne (aucun message depuis {s} s)",
        "duplicate": "Deux cartes portent ce nom : donnez à chacune le sien.",
        "summary": "{n} cartes, {off} hors ligne, {dup} noms en double",
        "offline_list": "Hors ligne : ",
        "chart": "Courbe de {label}",
        "last": "dernier message à {time}",
    },
    "en": {
        "title": "Class dashboard",
        "other": "Français",
        "export": "Export the session (CSV)",
        "boards": "The class's boards",
        "waiting": "Waiting for the boards: they publish to classe/<label>/<quantity>.",
        "hub_ok": "Hub connected to the MQTT broker.",
        "hub_lost": "The hub lost the MQTT broker; it is trying again.",
        "page_lost": "Lost the hub; trying again…",
        "online": "online",
        "offline_will": "offline (connection lost)",
        "offline_silent": "offline (no message for {s} s)",
        "duplicate": "Two boards carry this label: give each its own.",
        "summary": "{n} boards, {off} offline, {dup} duplicate labels",
        "offline_list": "Offline: ",
        "chart": "Chart of {label}",
        "last": "last message at {time}",
    },
}

PAGE = """<!doctype html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} — atelier</title>
<link rel="stylesheet" href="/static/hub.css">
<link rel="icon" href="/static/hub.svg" type="image/svg+xml">
<script src="/static/hub.js" defer></script>
</head>
<body>
<header>
<h1>{title}</h1>
<nav><a href="{other_href}" hreflang="{other_lang}" lang="{other_lang}">{other}</a>
<a href="/export.csv" download id="export">{export}</a></nav>
</header>
<main>
<p id="hub" role="status" aria-live="polite"></p>
<p id="summary" aria-live="polite">{waiting}</p>
<p id="offline-list"></p>
<ul id="boards" class="boards" aria-label="{boards}"></ul>
</main>
<script type="application/json" id="texts">{texts}</script>
</body>
</html>
"""


def page(lang: str) -> str:
    t = TEXTS[lang]
    other_lang = "en" if lang == "fr" else "fr"
    texts = json.dumps({"lang": lang, **t}, ensure_ascii=False).replace("</", "<\\/")
    return PAGE.format(
        lang=lang, title=escape(t["title"]), other=escape(t["other"]), other_lang=other_lang,
        other_href="/en/" if lang == "fr" else "/", export=escape(t["export"]),
        boards=escape(t["boards"]), waiting=escape(t["waiting"]), texts=texts,
    )  # fmt: skip


def make_app(hub) -> web.Application:
    app = web.Application()

    async def french(_request):
        return web.Response(text=page("fr"), content_type="text/html")

    async def english(_request):
        return web.Response(text=page("en"), content_type="text/html")

    async def state(_request):
        return web.json_response(hub.snapshot())

    async def export(_request):
        def build() -> str:
            # a connection of its own (sqlite3 wants one per thread), the same file
            return "".join(csv_lines(hub.store.readings()))

        body = await asyncio.to_thread(build)
        name = hub.store.path.with_suffix(".csv").name
        disposition = f'attachment; filename="{name}"'
        return web.Response(text=body, content_type="text/csv", charset="utf-8",
                            headers={"Content-Disposition": disposition})  # fmt: skip

    async def events(request):
        resp = web.StreamResponse(headers={"Content-Type": "text/event-stream",
                                           "Cache-Control": "no-cache"})  # fmt: skip
        await resp.prepare(request)
        q = hub.page_opened()
        try:
            await resp.write(_event("snapshot", hub.snapshot()))
            while True:
                try:
                    ev = await asyncio.wait_for(q.get(), 15)
                except TimeoutError:
                    await resp.write(b": ping\n\n")  # keeps proxies and the browser patient
                    continue
                chunks = []
                while ev is not None:
                    chunks.append(_event(*ev))
                    if q.empty() or len(chunks) >= 500:
                        break
                    ev = q.get_nowait()
                if chunks:
                    await resp.write(b"".join(chunks))
                if ev is None:  # the hub stops, or this page fell behind
                    break
        except (ConnectionResetError, asyncio.CancelledError):
            pass
        finally:
            hub.page_closed(q)
        return resp

    app.router.add_get("/", french)
    app.router.add_get("/en/", english)
    app.router.add_get("/en", english)
    app.router.add_get("/state.json", state)
    app.router.add_get("/export.csv", export)
    app.router.add_get("/events", events)
    app.router.add_static("/static/", STATIC)
    return app


def _event(kind: str, data) -> bytes:
    return f"event: {kind}\ndata: {json.dumps(data, separators=(',', ':'))}\n\n".encode()


async def start_dashboard(hub, host: str, port: int):
    """The dashboard served on host:port: (the aiohttp runner, the real port)."""
    runner = web.AppRunner(make_app(hub), access_log=None, shutdown_timeout=2.0)
    await runner.setup()
    site = web.TCPSite(runner, host, port)
    try:
        await site.start()
    except OSError as e:
        await runner.cleanup()
        if e.errno in (errno.EADDRINUSE, 10048):
            raise UserError(_("port {port} is taken: choose another for the dashboard with "
                              "--http-port").format(port=port)) from e  # fmt: skip
        raise UserError(_("the dashboard cannot listen on {host}:{port}: {error}").format(
            host=host, port=port, error=e.strerror or e)) from e  # fmt: skip
    return runner, runner.addresses[0][1]  # the real port (--http-port 0: any free one)
