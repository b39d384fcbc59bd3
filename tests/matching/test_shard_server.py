"""The shard server's socket folder: private or refused; a stale socket cleared, a live one kept."""

import socket
import tempfile
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from glasna.matching import shard_server


def test_the_socket_folder_is_created_private_and_an_open_one_is_refused(settings) -> None:  # type: ignore[no-untyped-def]
    with tempfile.TemporaryDirectory(prefix="gs") as root:
        settings.GLASNA_INDEX_SHARD_SOCKETS = Path(root) / "sockets"
        folder = shard_server.private_socket_folder()
        assert folder.stat().st_mode & 0o777 == 0o700
        folder.chmod(0o755)
        with pytest.raises(ImproperlyConfigured, match="chmod 700"):
            shard_server.private_socket_folder()


def test_a_stale_socket_is_removed_and_a_live_one_refused() -> None:
    with tempfile.TemporaryDirectory(prefix="gs") as root:
        address = str(Path(root) / "shard-0-of-2.sock")
        with socket.socket(socket.AF_UNIX) as live:
            live.bind(address)
            live.listen()
            with pytest.raises(ImproperlyConfigured, match="already listening"):
                shard_server._clear_stale(address)
        # Closed without unlinking: what a killed server leaves behind.
        assert Path(address).exists()
        shard_server._clear_stale(address)
        assert not Path(address).exists()
