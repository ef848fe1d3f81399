"""The preview's HTTP side: the output folder's files, the overlay, findings and the event stream.

Only GET and HEAD are answered. HTML is served with two tags added before ``</head>`` (the
overlay's script and style sheet); the files in the output folder are never changed. Every
response says ``Cache-Control: no-store`` so a reload always shows the latest build.
"""

from __future__ import annotations

import contextlib
import json
import mimetypes
import queue
import re
import socket
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, urlsplit

from pipeline.serve.paths import page_key, site_target

if TYPE_CHECKING:
    from pipeline.serve.server import PreviewServer

PREFIX = "/__leaflets/"
INJECTED = (b'<link rel="stylesheet" href="/__leaflets/overlay.css">'
            b'<script src="/__leaflets/overlay.js" defer></script>')
HEAD_END = re.compile(rb"</head\s*>", re.IGNORECASE)
ASSETS = {"overlay.js": ("serve_overlay.js", "text/javascript; charset=utf-8"),
          "overlay.css": ("serve_overlay.css", "text/css; charset=utf-8")}
# A comment line every so often keeps the event stream open through idle time and lets a
# handler notice a page that has gone (the write fails) without waiting for the next build.
KEEPALIVE_SECONDS = 10.0
LOOPBACK = ("127.0.0.1", "localhost", "::1", "[::1]")


def inject(html: bytes) -> bytes:
    """The page with the overlay's style sheet and script added at the end of its head."""
    found = HEAD_END.search(html)
    if found is None:
        return INJECTED + html
    return html[: found.start()] + INJECTED + html[found.start():]


def not_found_page(key: str, refused: bool) -> bytes:
    """A small page for a path with no file: it carries the overlay, so the build's problems and
    the reload still reach it (a page whose leaflet cannot be built yet appears once it can)."""
    from html import escape

    what = "is outside the site and is not served" if refused else "is not in the site"
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Not found - leaflets serve'
            f'</title></head><body><main><h1>Not found</h1><p>{escape(key or "This path")} {what}.</p>'
            '<p><a href="/">The catalogue</a></p></main></body></html>').encode()


class PreviewHTTPServer(ThreadingHTTPServer):
    """A threading HTTP server that knows its preview and can end every open connection.

    Handler threads are not daemons and are joined on close; ``close_connections`` shuts every
    open socket first, so a stalled or idle browser connection cannot hold the shutdown.
    """

    daemon_threads = False
    block_on_close = True
    allow_reuse_port = False  # two servers on one port would split the requests between them

    def __init__(self, address: tuple[str, int], preview: PreviewServer, ipv6: bool = False) -> None:
        if ipv6:
            self.address_family = socket.AF_INET6
        self.preview = preview
        self._open: set[socket.socket] = set()
        super().__init__(address, PreviewHandler)

    def process_request(self, request: Any, client_address: Any) -> None:
        """Track the connection, then handle it in a thread."""
        with self.preview.lock:
            self._open.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request: Any) -> None:
        """Forget the connection and close it."""
        with self.preview.lock:
            self._open.discard(request)
        super().shutdown_request(request)

    def close_connections(self) -> None:
        """Shut every open connection, so reads and writes blocked on them return at once."""
        with self.preview.lock:
            sockets = list(self._open)
        for sock in sockets:
            with contextlib.suppress(OSError):  # already closed by the browser
                sock.shutdown(socket.SHUT_RDWR)


class PreviewHandler(BaseHTTPRequestHandler):
    """One request to the preview server."""

    server: PreviewHTTPServer
    server_version = "leaflets-serve"
    sys_version = ""
    timeout = 30  # an idle connection (a browser's preconnect) is dropped, never kept for ever

    # --- routing -----------------------------------------------------------------------------

    def do_GET(self) -> None:
        """Answer a GET."""
        self._answer(body=True)

    def do_HEAD(self) -> None:
        """Answer a HEAD (the same headers as GET, no body)."""
        self._answer(body=False)

    def _answer(self, body: bool) -> None:
        if not self._host_allowed():
            self._send(HTTPStatus.FORBIDDEN, b"This server answers only on its own address.\n",
                       "text/plain; charset=utf-8", body)
            return
        target = self.path
        path = urlsplit(target).path
        if path.startswith(PREFIX):
            self._own(path[len(PREFIX):], target, body)
            return
        found = site_target(self.server.preview.settings.output_dir, target)
        if found.redirect is not None:
            self.send_response(HTTPStatus.MOVED_PERMANENTLY)
            self.send_header("Location", found.redirect)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if found.file is None:
            status = HTTPStatus.FORBIDDEN if found.refused else HTTPStatus.NOT_FOUND
            self._send(status, inject(not_found_page(page_key(target), found.refused)),
                       "text/html; charset=utf-8", body)
            return
        try:
            data = found.file.read_bytes()
        except OSError:  # removed by a rebuild between the lookup and the read
            self._send(HTTPStatus.NOT_FOUND, inject(not_found_page(page_key(target), False)),
                       "text/html; charset=utf-8", body)
            return
        kind = mimetypes.guess_type(found.file.name)[0] or "application/octet-stream"
        if kind == "text/html":
            data, kind = inject(data), "text/html; charset=utf-8"
        elif kind.startswith("text/") or kind in ("application/javascript", "image/svg+xml"):
            kind += "; charset=utf-8"
        self._send(HTTPStatus.OK, data, kind, body)

    def _own(self, name: str, target: str, body: bool) -> None:
        """The server's own resources under ``/__leaflets/``."""
        if name in ASSETS:
            file, kind = ASSETS[name]
            self._send(HTTPStatus.OK, resources.files("pipeline.assets").joinpath(file).read_bytes(), kind, body)
        elif name == "findings":
            page = parse_qs(urlsplit(target).query).get("page", [""])[0]
            data = self.server.preview.page_data(page_key(page) if page else "")
            self._send(HTTPStatus.OK, json.dumps(data, ensure_ascii=False).encode(),
                       "application/json; charset=utf-8", body)
        elif name == "events" and body:
            self._events()
        elif name == "events":
            self._send(HTTPStatus.OK, b"", "text/event-stream; charset=utf-8", body)
        else:
            self._send(HTTPStatus.NOT_FOUND, b"Not found.\n", "text/plain; charset=utf-8", body)

    # --- helpers -----------------------------------------------------------------------------

    def _host_allowed(self) -> bool:
        """Refuse a Host the server was not asked to answer to: a web page cannot then reach it
        through a name of its own pointed at 127.0.0.1 (DNS rebinding)."""
        host = self.headers.get("Host")
        preview = self.server.preview
        if host is None or not preview.loopback_only:
            return True
        name = host.rsplit(":", 1)[0] if not host.endswith("]") else host
        return name.lower() in (*LOOPBACK, preview.host.lower())

    def _send(self, status: HTTPStatus, data: bytes, kind: str, body: bool) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        self.end_headers()
        if body:
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # the browser moved on (a reload)
                self.wfile.write(data)

    def _events(self) -> None:
        """The event stream: the current state at once, then every rebuild's events until the end."""
        preview = self.server.preview
        inbox = preview.events.subscribe()
        try:
            self.send_response(HTTPStatus.OK)
            self.send_header("Content-Type", "text/event-stream; charset=utf-8")
            self.send_header("Cache-Control", "no-store")
            self.send_header("X-Content-Type-Options", "nosniff")
            self.end_headers()
            self.wfile.write(b"retry: 1000\n\n")  # reconnect quickly when the server comes back
            for now in preview.current_events():
                self.wfile.write(now.encode())
            while True:
                try:
                    event = inbox.get(timeout=KEEPALIVE_SECONDS)
                except queue.Empty:
                    self.wfile.write(b": keep-alive\n\n")
                    continue
                if event is None:
                    return  # the server is stopping
                self.wfile.write(event.encode())
        except OSError:
            return  # the page was closed or reloaded, or the server shut the connection
        finally:
            preview.events.unsubscribe(inbox)
            self.close_connection = True

    def log_message(self, format: str, *args: Any) -> None:
        """Say nothing per request: the terminal is for the builds' news."""
