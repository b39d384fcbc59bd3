"""The embedded profile's generated secrets: made once, never seen half-written, 0600."""

import json
import stat
import subprocess
import sys

import pytest

from glasna.core import config
from glasna.core.config import instance_secrets


def test_secrets_are_generated_once_and_private(tmp_path):
    first = instance_secrets(tmp_path)
    assert instance_secrets(tmp_path) == first
    assert set(first) == {"secret_key", "instance_key"}
    assert stat.S_IMODE((tmp_path / "secrets.json").stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["secrets.json"]


def test_the_file_is_absent_until_written_whole(tmp_path, monkeypatch):
    # A process starting beside this one reads secrets.json as soon as it exists: it must never
    # exist empty or half-written (a shard once crashed on an empty file, JSONDecodeError).
    real_dump = json.dump

    def dump_while_checking(values, handle, **kwargs):
        assert not (tmp_path / "secrets.json").exists()
        real_dump(values, handle, **kwargs)

    monkeypatch.setattr(config.json, "dump", dump_while_checking)
    values = instance_secrets(tmp_path)
    assert json.loads((tmp_path / "secrets.json").read_text()) == values


def test_a_process_that_loses_the_race_uses_the_winners_secrets(tmp_path, monkeypatch):
    theirs = {"secret_key": "theirs", "instance_key": "theirs-too"}
    real_dump = json.dump

    def another_process_publishes_first(values, handle, **kwargs):
        (tmp_path / "secrets.json").write_text(json.dumps(theirs))
        real_dump(values, handle, **kwargs)

    monkeypatch.setattr(config.json, "dump", another_process_publishes_first)
    assert instance_secrets(tmp_path) == theirs
    assert [p.name for p in tmp_path.iterdir()] == ["secrets.json"]


@pytest.mark.parametrize("attempt", range(3))
def test_processes_started_together_agree(tmp_path, attempt):
    # Each child imports everything, says so, then waits on its stdin: all are released at once
    # (a pipe, not a sleep, which the moved-clock run's libfaketime would bend).
    script = (
        "import json, sys; from pathlib import Path;"
        "from glasna.core.config import instance_secrets;"
        "print('ready', flush=True); sys.stdin.readline();"
        "print(json.dumps(instance_secrets(Path(sys.argv[1]))))"
    )
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", script, str(tmp_path)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(8)
    ]
    for process in processes:
        assert process.stdout is not None and process.stdout.readline() == "ready\n"
    for process in processes:
        assert process.stdin is not None
        process.stdin.write("go\n")
        process.stdin.flush()
    results = [process.communicate(timeout=60) for process in processes]
    assert all(process.returncode == 0 for process in processes), [err for _, err in results]
    seen = {out for out, _ in results}
    assert len(seen) == 1
    assert json.loads(seen.pop()) == json.loads((tmp_path / "secrets.json").read_text())
