"""The web processes' side of a sharded index: where the shard servers listen, and asking them.

Configured by GLASNA_INDEX_SHARDS (k shard servers, 0 = no shards: each process holds the whole
index, `live_index`), GLASNA_INDEX_SHARD_SOCKETS (the 0700 folder of their Unix sockets, one
`shard-<i>-of-<k>.sock` each) and GLASNA_INDEX_SHARD_KEY (the shared HMAC key, from the
environment only). Every thread keeps its own connections (one request at a time on each); a
search that cannot hear from every shard is retried once on fresh connections (a restarted
shard), then fails with `IndexUnavailable`: a lookup never answers from part of the index."""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext as _

from glasna.matching.shards import ShardedIndex, ShardUnavailable

MIN_KEY_CHARS = 32
SNAPSHOT_TIMEOUT_SECONDS = 3600.0  # writing a shard of tens of millions of hashes takes minutes
log = logging.getLogger(__name__)
_local = threading.local()


class IndexUnavailable(Exception):
    """A shard of the hash index did not answer: the lookup was not made (HTTP 503)."""

    def __init__(self) -> None:
        super().__init__(_("The hash index is not answering at the moment, so no lookup was made. Try again shortly."))


def configured() -> bool:
    return settings.GLASNA_INDEX_SHARDS > 0


def check_key(key: str) -> bytes:
    """The shard key as bytes; shard mode refuses to start without a long enough one."""
    if len(key) < MIN_KEY_CHARS:
        raise ImproperlyConfigured(
            f"GLASNA_INDEX_SHARDS is set: GLASNA_INDEX_SHARD_KEY must hold at least {MIN_KEY_CHARS} characters "
            "(for example the output of `openssl rand -hex 32`), the same for every web process and shard server"
        )
    return key.encode()


def authkey() -> bytes:
    return check_key(settings.GLASNA_INDEX_SHARD_KEY)


def socket_folder() -> Path:
    return Path(settings.GLASNA_INDEX_SHARD_SOCKETS)


def address(shard: int, shards: int) -> str:
    return str(socket_folder() / f"shard-{shard}-of-{shards}.sock")


def addresses() -> list[str]:
    shards = settings.GLASNA_INDEX_SHARDS
    return [address(shard, shards) for shard in range(shards)]


def _client(fresh: bool = False) -> ShardedIndex:
    """This thread's connections to the configured shards (kept per configuration: tests and the
    benchmark switch between set-ups)."""
    config = (tuple(addresses()), settings.GLASNA_INDEX_SHARD_KEY, settings.GLASNA_INDEX_SHARD_TIMEOUT_SECONDS)
    held: dict[tuple[object, ...], ShardedIndex] = _local.__dict__.setdefault("held", {})
    if fresh and config in held:
        held.pop(config).close()
    if config not in held:
        held[config] = ShardedIndex(config[0], authkey(), timeout=config[2])
    return held[config]


def forget() -> None:
    """Drop this thread's connections (after a failure; tests)."""
    for client in _local.__dict__.pop("held", {}).values():
        client.close()


def search(hash_hex: str, threshold: int) -> list[tuple[int, int]]:
    for attempt in (1, 2):
        try:
            return _client(fresh=attempt > 1).search(hash_hex, threshold)
        except ShardUnavailable as error:
            forget()
            if attempt > 1:
                log.error("matching index: lookup refused, %s", error)
                raise IndexUnavailable() from error
    raise AssertionError("unreachable")


def readiness_check() -> None:
    """/health/ready: every shard answers a search (none configured: not applicable)."""
    from glasna.core.health import NotApplicable

    if not configured():
        raise NotApplicable
    search("0" * 64, 0)


def nudge() -> None:
    """Ask every shard to read the database's changes now (after this process added or withdrew
    hashes). Best effort: a shard that is down reads them when it starts, and lookups re-check
    every hit against the database."""
    try:
        _client().refresh()
    except ShardUnavailable as error:
        forget()
        log.warning(
            "matching index: a shard was not told of new changes (it reads them at its next refresh): %s", error
        )


def save_snapshots() -> tuple[Path, int]:
    """Every shard writes a snapshot of what it holds; returns the socket folder and the hash count."""
    client = ShardedIndex(addresses(), authkey(), timeout=SNAPSHOT_TIMEOUT_SECONDS)
    try:
        counts = client.save_snapshots()
    finally:
        client.close()
    return socket_folder(), sum(counts)
