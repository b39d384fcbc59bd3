"""Reading settings from the environment, and the embedded profile's generated secrets."""

import base64
import json
import os
import secrets
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
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process created it first: use theirs
        return json.loads(path.read_text())
    with os.fdopen(fd, "w") as handle:
        json.dump(values, handle)
    return values
