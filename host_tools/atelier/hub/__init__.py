"""`atelier hub`: the classroom hub on the teacher's computer.

An MQTT broker (embedded, or the school's Mosquitto with --broker), one subscriber to the
class's topics (`classe/<label>/<quantity>`, docs/connected.md) that writes every reading into
a SQLite file before acknowledging it, and a live dashboard page (aiohttp, Server-Sent
Events) with every board, its last values, a chart each, who is offline, and a CSV export.

- store.py: the session's SQLite file (readings, board states, refused messages), its CSV;
- topics.py: what a topic and a payload mean (pure functions, one place for the convention);
- broker.py: the embedded amqtt broker and the subscriber (paho-mqtt, reconnecting);
- dashboard.py: the web page, its event stream and the export;
- gateway.py: the micro:bit serial gateway (radio messages <-> MQTT topics);
- service.py: the hub itself, which ties them together on one asyncio loop.
"""
