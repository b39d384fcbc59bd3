"""Background jobs of the accounts room."""

import base64
import logging

from huey.contrib.djhuey import db_task

from glasna.accounts import member_mail, rotation

logger = logging.getLogger(__name__)


@db_task(retries=2, retry_delay=30)
def rotate_organisation_key(job_id: int, job_key: str) -> None:
    """Re-wrap every record to the new organisation key. The message carries the key that opens
    the new private key held in the job row; a resume from the console sends a fresh one."""
    rotation.run(job_id, base64.b64decode(job_key))


def enqueue(job_id: int, job_key: bytes) -> bool:
    """Straight to the broker, never through the job outbox: the message carries the job key, and
    the database must never hold it beside the key it opens (docs/security.md, "Key rotation").
    False when the broker did not take it: the job stays running in the database, and an
    administrator resumes it from the rotation page (a fresh key, a fresh message)."""
    try:
        rotate_organisation_key(job_id, base64.b64encode(job_key).decode())
    except Exception as exc:  # noqa: BLE001 - any broker failure: the rotation is stored, the page says so
        logger.warning("job broker unavailable, key rotation %s waits for a resume: %s", job_id, type(exc).__name__)
        return False
    return True


@db_task()
def send_member_mail(email: str, subject: str, body: str, username: str, organisation_id: int, actor: str) -> None:
    """Queued through the job outbox by member_mail.tell; retried by the outbox, not by huey."""
    member_mail.send(email, subject, body, username, organisation_id, actor)
