"""What every test that starts Debian's Chromium shares."""

import os
from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")


def browser_environment() -> dict[str, str]:
    """The environment Chromium starts with: ours, less libfaketime.

    Chromium hangs under libfaketime (scripts/with-moved-clock), so in the moved-clock run the
    browser keeps the real clock while the server, its jobs, openssl and every certificate and
    token they make see the moved one. Pages take their dates from the server, so nothing depends
    on the browser's clock agreeing with it."""
    env = dict(os.environ)
    preload = [lib for lib in env.pop("LD_PRELOAD", "").split(":") if lib and "libfaketime" not in lib]
    if preload:
        env["LD_PRELOAD"] = ":".join(preload)
    for name in [name for name in env if name.startswith("FAKETIME")]:
        del env[name]
    return env
