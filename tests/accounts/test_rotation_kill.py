"""A rotation worker killed with SIGKILL in the middle of a batch (its UPDATE written, not
committed), then resumed from another process: the committed batches and their count survive,
the open batch leaves nothing, and the resume finishes with every record opening with the new key,
none with the old, none wrapped twice. Both processes share one SQLite file
(tests/accounts/rotation_process.py does the work)."""

import signal
import subprocess
import sys
from pathlib import Path

HELPER = Path(__file__).with_name("rotation_process.py")


def _run(step: str, directory: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - our own helper, fixed arguments
        [sys.executable, str(HELPER), step, str(directory)], capture_output=True, text=True, timeout=300
    )


def test_a_worker_killed_mid_batch_is_resumed_without_loss(tmp_path: Path) -> None:
    killed = _run("start", tmp_path)
    assert killed.returncode == -signal.SIGKILL, killed.stdout + killed.stderr
    resumed = _run("resume", tmp_path)
    assert resumed.returncode == 0, resumed.stdout + resumed.stderr
    assert "resumed and finished" in resumed.stdout
