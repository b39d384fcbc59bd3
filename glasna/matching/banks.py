"""Putting hashes into banks and taking them out again, with the survivor's consent scope."""

import time
import uuid
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from glasna.core import audit
from glasna.matching import live_index
from glasna.matching.hash_input import SubmittedHash
from glasna.matching.models import ChangeCounter, HashBank, HashEntry, Platform, Source, Submission

SURVIVOR_BANK = "survivor-submissions"
EVERY_PLATFORM = "*"
PERCEPTUAL = ("pdq", "vpdq_frame")


class UnknownPlatform(ValueError):
    pass


def next_seq() -> int:
    """A change number that grows with commit order and never falls behind the clock (seconds),
    so it also reads as a timestamp for exchange clients. Call inside a transaction: the counter
    row stays locked until commit, so a later number is never committed before an earlier one."""
    counter, _created = ChangeCounter.objects.select_for_update().get_or_create(pk=1)
    counter.last = max(counter.last + 1, int(time.time()))
    counter.save(update_fields=["last"])
    return counter.last


def survivor_bank() -> HashBank:
    bank, _created = HashBank.objects.get_or_create(
        name=SURVIVOR_BANK, defaults={"description": "Hashed on survivors' devices through the portal"}
    )
    return bank


def consent_choices() -> list[Platform]:
    return list(Platform.objects.filter(active=True).order_by("name"))


def clean_consent(keys: Iterable[str]) -> list[str]:
    """The platform keys chosen, or [EVERY_PLATFORM]; UnknownPlatform when one is not (or no longer) known."""
    chosen = sorted(set(keys))
    if EVERY_PLATFORM in chosen:
        return [EVERY_PLATFORM]
    known = set(Platform.objects.filter(key__in=chosen, active=True).values_list("key", flat=True))
    if not chosen or set(chosen) - known:
        raise UnknownPlatform(", ".join(sorted(set(chosen) - known)))
    return chosen


def add_report_hashes(
    report_id: uuid.UUID, case_id: int | None, organisation_id: int, items: list[SubmittedHash], consent: list[str]
) -> list[HashEntry]:
    bank = survivor_bank()
    with transaction.atomic():
        seq = next_seq()
        submission = Submission.objects.create(every_platform=consent == [EVERY_PLATFORM])
        if not submission.every_platform:
            submission.platforms.set(Platform.objects.filter(key__in=consent))
        entries = HashEntry.objects.bulk_create(
            [
                HashEntry(
                    submission=submission,
                    bank=bank,
                    report_id=report_id,
                    case_id=case_id,
                    signal_type=item.signal_type,
                    hash_value=item.hash_value,
                    quality=item.quality,
                    media_index=item.media_index,
                    media_type=item.media_type,
                    frame_ts=item.frame_ts,
                    source=Source.SURVIVOR_DEVICE,
                    change_seq=seq,
                )
                for item in items
            ]
        )
        audit.record(
            "matching.hashes_added",
            actor="survivor",
            target=f"report:{report_id} ({len(entries)} hashes)",
            organisation_id=organisation_id,
        )
    if not all(e.pk for e in entries):  # backends without RETURNING on bulk insert
        entries = list(HashEntry.objects.filter(change_seq=seq, report_id=report_id))
    transaction.on_commit(lambda: live_index.apply_local(entries))
    return entries


def withdraw(entries: QuerySet[HashEntry], actor: str, organisation_id: int | None, target: str) -> int:
    """Mark hashes withdrawn (the exchange tells platforms to delete them), clear their links to the
    report and case, and take them out of this process's index as it commits."""
    with transaction.atomic():
        ids = list(entries.filter(withdrawn_at__isnull=True).values_list("pk", flat=True))
        if not ids:
            return 0
        seq = next_seq()
        HashEntry.objects.filter(pk__in=ids).update(
            withdrawn_at=timezone.now(), change_seq=seq, report=None, case=None, modified_at=timezone.now()
        )
        audit.record(
            "matching.hashes_withdrawn",
            actor=actor,
            target=f"{target} ({len(ids)} hashes)",
            organisation_id=organisation_id,
        )
    # After commit: a rolled-back withdrawal must not leave this process's index short of a live hash.
    transaction.on_commit(lambda: live_index.remove_local(ids))
    return len(ids)


def withdraw_for_report(report_id: uuid.UUID, organisation_id: int | None, actor: str = "survivor") -> int:
    return withdraw(HashEntry.objects.filter(report_id=report_id), actor, organisation_id, f"report:{report_id}")


def report_entries(report_id: uuid.UUID) -> QuerySet[HashEntry]:
    return HashEntry.objects.filter(report_id=report_id, withdrawn_at__isnull=True).order_by("media_index", "frame_ts")


def visible_to(platform: Platform) -> Q:
    """Entries a platform may receive and match: in one of its banks, and within the survivor's consent."""
    consent = Q(submission__every_platform=True) | Q(submission__in=Submission.objects.filter(platforms=platform))
    return Q(bank__in=scope_of(platform)) & consent


def scope_of(platform: Platform) -> QuerySet[HashBank]:
    """The platform's banks, narrowed to the banks of the organisation token it came with."""
    banks = platform.banks.all()
    scope = getattr(platform, "bank_scope", None)
    return banks if scope is None else banks.filter(pk__in=scope)
