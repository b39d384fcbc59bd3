"""A real HTTP server on 127.0.0.1 serving JSON documents by path and query (another installation's
published tree heads or cosignatures), recording the paths asked for."""

import http.server
import json
import ssl
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any


class _Handler(http.server.BaseHTTPRequestHandler):
    documents: dict[str, Any]
    asked: list[str]

    def do_GET(self) -> None:  # noqa: N802 - http.server's hook name
        self.asked.append(self.path)
        document = self.documents.get(self.path)
        body = json.dumps(document).encode() if document is not None else b"{}"
        self.send_response(200 if document is not None else 404)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: Any) -> None:
        pass


class JsonServer:
    """`handler` replaces the document lookup (a subclass of _Handler, given `attributes`); with
    `tls` the server speaks HTTPS and its base names `localhost`, the certificate's name."""

    def __init__(
        self, handler: type[_Handler] = _Handler, tls: ssl.SSLContext | None = None, **attributes: Any
    ) -> None:
        self.documents: dict[str, Any] = {}
        self.asked: list[str] = []
        handler = type("Handler", (handler,), {"documents": self.documents, "asked": self.asked, **attributes})
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        if tls is not None:
            self.httpd.socket = tls.wrap_socket(self.httpd.socket, server_side=True)
        origin = "https://localhost" if tls is not None else "http://127.0.0.1"
        self.base = f"{origin}:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, args=(0.05,), daemon=True).start()


@contextmanager
def json_server(
    handler: type[_Handler] = _Handler, tls: ssl.SSLContext | None = None, **attributes: Any
) -> Iterator[JsonServer]:
    server = JsonServer(handler, tls, **attributes)
    try:
        yield server
    finally:
        server.httpd.shutdown()
        server.httpd.server_close()
