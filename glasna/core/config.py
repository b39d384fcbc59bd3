"""Reading settings from the environment, and the embedded profile's generated secrets."""

import base64
import json
import os
import secrets
import tempfile
from pathlib import Path
from typing import overload


@overload
def env(name: str, default: str) -> str: ...
@overload
def env(name: str, default: None = None) -> str | None: ...
def env(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(name)
    return default if value in (None, "") else value


def env_bool(name: str, default: bool) -> bool:
    value = env(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = env(name)
    return default if value is None else int(value)


def env_list(name: str, default: list[str]) -> list[str]:
    value = env(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def instance_secrets(data_dir: Path) -> dict[str, str]:
    """Secrets for the embedded profile, generated once into DATA_DIR/secrets.json (mode 0600).

    Production sets GLASNA_SECRET_KEY and GLASNA_INSTANCE_KEY instead; then this file is only a
    fallback that is never read for those values."""
    path = data_dir / "secrets.json"
    if path.exists():
        return json.loads(path.read_text())
    values = {
        "secret_key": secrets.token_urlsafe(50),
        "instance_key": base64.b64encode(secrets.token_bytes(32)).decode(),
    }
    # Several processes may start at once on a fresh DATA_DIR (gunicorn workers, index shards). The
    # file is written whole under a private name and then linked into place, so a reader never sees
    # it half-written; the link fails if another process got there first, and then theirs is used.
    fd, staged = tempfile.mkstemp(prefix=".secrets-", dir=data_dir)  # mode 0600
    try:
        with os.fdopen(fd, "w") as handle:
            json.dump(values, handle)
            handle.flush()
            os.fsync(handle.fileno())
        try:
            os.link(staged, path)
        except FileExistsError:
            return json.loads(path.read_text())
    finally:
        os.unlink(staged)
    return values
