"""`atelier site serve`: the built site over HTTP on this computer, for a class (the standard
library's http.server; nothing to install). Ctrl-C stops it."""

from __future__ import annotations

import functools
import http.server
from pathlib import Path

from atelier.errors import UserError
from atelier.i18n import _


class _Quiet(http.server.SimpleHTTPRequestHandler):
    """Serves files without a log line per request (a class of 30 would flood the terminal)."""

    def log_message(self, format, *args):  # noqa: A002 (the base class's name)
        pass


def make_server(folder: Path, port: int = 8000, host: str = "127.0.0.1"):
    """A server of `folder` on host:port (port 0: any free port); raises UserError for a
    folder that is not a built site or a port in use."""
    folder = Path(folder)
    if not (folder / "index.html").is_file():
        raise UserError(_("{folder}: no site there (no index.html); build it first: atelier "
                          "site build -o {folder}").format(folder=folder))  # fmt: skip
    handler = functools.partial(_Quiet, directory=str(folder))
    try:
        return http.server.ThreadingHTTPServer((host, port), handler)
    except OSError as e:
        reason = e.strerror or str(e)
        raise UserError(_("port {port}: cannot serve there ({reason}); choose another with "
                          "--port").format(port=port, reason=reason)) from None  # fmt: skip


def _lan_address() -> str:
    """This computer's address on the school's network (what pupils type), or its name."""
    import socket

    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        try:
            s.connect(("10.255.255.255", 1))  # UDP: picks the route, sends nothing
            return s.getsockname()[0]
        except OSError:
            return socket.gethostname()


def address(server) -> str:
    """The address to open: localhost, or the computer's own on the network when it listens on
    every interface (--host 0.0.0.0)."""
    host, port = server.server_address[:2]
    if host == "127.0.0.1":
        host = "localhost"
    elif host == "0.0.0.0":
        host = _lan_address()
    return f"http://{host}:{port}/"
