"""A free TCP port on the loopback interface, for the real servers tests start (SMTP, HTTPS,
PostgreSQL, Redis, S3, gunicorn). The port is free when asked; a server bound to it at once wins."""

import socket


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])
