"""Migration 0003 attributes heads signed before keys were recorded: to today's key when it verifies
them, to no key otherwise (the published history must not claim a key signed what it did not)."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from nacl.signing import SigningKey

from glasna.evidence import log_key
from glasna.evidence.tree_heads import sign_tree_head

BEFORE, AFTER = [("evidence", "0002_custody_head_row")], [("evidence", "0003_tree_head_public_key")]


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("latest_schema_after")
def test_old_heads_are_attributed_only_to_a_key_that_verifies_them() -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    tree_head = executor.loader.project_state(BEFORE).apps.get_model("evidence", "TreeHead")
    ours = sign_tree_head(log_key.signing_seed(), 1, 1_740_000_000_000, b"\x01" * 32)
    theirs = sign_tree_head(bytes(SigningKey.generate()), 2, 1_740_000_001_000, b"\x02" * 32)
    for head in (ours, theirs):
        tree_head.objects.create(
            tree_size=head.tree_size, timestamp_ms=head.timestamp_ms, root_hash=head.root_hash, signature=head.signature
        )
    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    migrated = executor.loader.project_state(AFTER).apps.get_model("evidence", "TreeHead")
    keys = {row.tree_size: bytes(row.public_key) for row in migrated.objects.all()}
    assert keys == {1: log_key.public_key(), 2: b""}
