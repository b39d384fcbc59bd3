"""Signed tree heads stamped by a real RFC 3161 authority (local `openssl ts`) through the job queue."""

import hashlib
import uuid

import pytest
from django.test import TestCase

from glasna.evidence import custody_log, tasks
from glasna.evidence.models import TreeHeadStamp
from glasna.evidence.timestamping import TimestampError, verify_token
from tests.evidence.tsa_server import LocalTsa

pytestmark = pytest.mark.django_db


def test_a_signed_head_is_stamped_through_the_queue(local_tsa: LocalTsa, settings) -> None:  # type: ignore[no-untyped-def]
    settings.GLASNA_TSA_URL = local_tsa.url
    custody_log.append("added", uuid.uuid4(), "caseworker")
    with TestCase.captureOnCommitCallbacks(execute=True):
        head = custody_log.sign_head()
    stamp = TreeHeadStamp.objects.get(tree_head=head)
    digest = custody_log.stamp_digest(head)
    assert digest == hashlib.sha256(custody_log.to_signed(head).payload()).digest()
    # The round trip: OpenSSL confirms the token signs this head's digest and chains to the TSA's CA.
    assert verify_token(bytes(stamp.token), digest, local_tsa.ca_pem) == stamp.gen_time
    with pytest.raises(TimestampError):
        verify_token(bytes(stamp.token), hashlib.sha256(b"another head").digest(), local_tsa.ca_pem)


def test_without_a_tsa_only_the_witnesses_are_queued(settings) -> None:  # type: ignore[no-untyped-def]
    settings.GLASNA_TSA_URL = ""
    custody_log.append("added", uuid.uuid4(), "caseworker")
    with TestCase.captureOnCommitCallbacks(execute=True) as callbacks:
        custody_log.sign_head()
    assert len(callbacks) == 1 and not TreeHeadStamp.objects.exists()  # the cosigning job (test_cosigning.py)


def test_a_failing_tsa_leaves_the_head_unstamped_and_the_job_retries(local_tsa: LocalTsa) -> None:
    custody_log.append("added", uuid.uuid4(), "caseworker")
    head = custody_log.sign_head()
    with pytest.raises(TimestampError, match="HTTP 500"):
        tasks.stamp_now(head.pk, local_tsa.at("/error"))  # the huey task re-raises this, so huey retries
    assert not TreeHeadStamp.objects.exists()


def test_the_hourly_job_signs_the_log(settings) -> None:  # type: ignore[no-untyped-def]
    settings.GLASNA_TSA_URL = ""
    custody_log.append("added", uuid.uuid4(), "caseworker")
    tasks.sign_log_hourly.call_local()
    assert custody_log.sign_head().tree_size == 1


def test_an_unreachable_tsa_does_not_break_signing_or_exporting(local_tsa: LocalTsa, settings, caplog) -> None:  # type: ignore[no-untyped-def]
    """The stamp is best effort: huey logs and retries it; the head and the export go ahead."""
    settings.GLASNA_TSA_URL = local_tsa.at("/error")
    custody_log.append("added", uuid.uuid4(), "caseworker")
    with TestCase.captureOnCommitCallbacks(execute=True):
        head = custody_log.sign_head()
    assert head.tree_size == 1 and not TreeHeadStamp.objects.exists()
