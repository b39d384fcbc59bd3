"""Matching a platform's hash against the banks it may see; every hit becomes a sighting."""

from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from glasna.matching import banks, live_index, sightings
from glasna.matching.hash_input import BadHashInput, check_signal
from glasna.matching.index import DEFAULT_THRESHOLD
from glasna.matching.models import HashEntry, Platform, Sighting

MAX_MATCHES = 100
MAX_THRESHOLD = 128  # beyond this every hash "matches" a random one: not a meaningful query


@dataclass(frozen=True)
class Match:
    entry: HashEntry
    distance: int


def lookup(platform: Platform, signal_type: str, signal: str, threshold: int | None = None) -> list[Match]:
    value = check_signal(signal_type, signal)
    if threshold is not None and not 0 <= threshold <= MAX_THRESHOLD:
        raise BadHashInput(_("The threshold must be between 0 and %(max)d bits.") % {"max": MAX_THRESHOLD})
    if signal_type == "video_md5":
        exact = _visible(platform).filter(signal_type="video_md5", hash_value=value)[:MAX_MATCHES]
        matches = [Match(e, 0) for e in exact]
    else:
        bank_thresholds = list(banks.scope_of(platform).values_list("threshold", flat=True))
        radius = threshold if threshold is not None else max(bank_thresholds, default=DEFAULT_THRESHOLD)
        hits = dict(live_index.search(value, radius)[: MAX_MATCHES * 10])
        if not hits:  # most lookups: the consent query below would only be built to find nothing
            return []
        # The database has the last word: withdrawn in another process, bank or consent changed.
        found = _visible(platform).filter(pk__in=list(hits), signal_type__in=live_index.PERCEPTUAL)
        matches = [
            Match(e, hits[e.pk])
            for e in found
            if hits[e.pk] <= (threshold if threshold is not None else e.bank.threshold)
        ]
        matches.sort(key=lambda m: (m.distance, m.entry.pk))
        matches = matches[:MAX_MATCHES]
    _record(platform, matches)
    return matches


def _visible(platform: Platform) -> QuerySet[HashEntry]:
    return HashEntry.objects.filter(banks.visible_to(platform), withdrawn_at__isnull=True).select_related("bank")


def _record(platform: Platform, matches: list[Match]) -> None:
    """One sighting per case per lookup (a video matches many frames), at the nearest distance."""
    nearest: dict[object, Match] = {}
    for match in matches:
        key = match.entry.case_id if match.entry.case_id is not None else f"entry:{match.entry.pk}"
        if key not in nearest or match.distance < nearest[key].distance:
            nearest[key] = match
    for match in nearest.values():
        sightings.record(platform, match.entry, Sighting.MATCH, distance=match.distance)


def by_bank(matches: list[Match]) -> dict[str, list[dict[str, int]]]:
    """Open Media Match's /m/lookup shape: bank name -> [{bank_content_id, distance}]."""
    result: dict[str, list[dict[str, int]]] = {}
    for match in matches:
        result.setdefault(match.entry.bank.name, []).append(
            {"bank_content_id": match.entry.pk, "distance": match.distance}
        )
    return result
