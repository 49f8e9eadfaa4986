"""The classroom hub: an MQTT broker, the micro:bit serial gateway, the live dashboard."""
