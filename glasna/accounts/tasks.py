"""Background jobs of the accounts room."""

import base64

from huey.contrib.djhuey import db_task

from glasna.accounts import member_mail, rotation


@db_task(retries=2, retry_delay=30)
def rotate_organisation_key(job_id: int, job_key: str) -> None:
    """Re-wrap every record to the new organisation key. The message carries the key that opens
    the new private key held in the job row; a resume from the console sends a fresh one."""
    rotation.run(job_id, base64.b64decode(job_key))


def enqueue(job_id: int, job_key: bytes) -> None:
    rotate_organisation_key(job_id, base64.b64encode(job_key).decode())


@db_task()
def send_member_mail(email: str, subject: str, body: str, username: str, organisation_id: int, actor: str) -> None:
    """Queued through the job outbox by member_mail.tell; retried by the outbox, not by huey."""
    member_mail.send(email, subject, body, username, organisation_id, actor)
