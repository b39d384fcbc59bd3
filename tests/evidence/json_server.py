"""A real HTTP server on 127.0.0.1 serving JSON documents by path and query (another installation's
published tree heads or cosignatures), recording the paths asked for."""

import http.server
import json
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
    def __init__(self) -> None:
        self.documents: dict[str, Any] = {}
        self.asked: list[str] = []
        handler = type("Handler", (_Handler,), {"documents": self.documents, "asked": self.asked})
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, args=(0.05,), daemon=True).start()


@contextmanager
def json_server() -> Iterator[JsonServer]:
    server = JsonServer()
    try:
        yield server
    finally:
        server.httpd.shutdown()
        server.httpd.server_close()
