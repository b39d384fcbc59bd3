"""Linkage across organisations at registry scale: 100,000 spaces named 1,000,000 times by 20
organisations, on SQLite in a temporary data directory, with baselines measured in the same run.

    .venv/bin/python bench/bench_linkage.py [--spaces 100000] [--mentions 1000000] [--lookups 5000]

Stages, each against its baseline:
- read: every mention (four link forms of a public space, or a private invite link) normalised
  (networks/identifiers.normalise) and keyed (federation.pseudonym), against lower-casing the raw
  text and looking it up in a dict: what one would write first, and wrong (it misses link forms).
- insert: one Space and one Appearance per organisation and space, bulk-inserted through the ORM,
  against the same number of rows into a bare SQLite table with one indexed text column.
- look up: registry.find, then registry.find_or_create (the path of a case page naming a known
  space; it also writes last_seen), for mentions of recorded spaces, against one indexed SELECT
  on the bare table.
- cross-org: federation.elsewhere for one space (the space page and case panel) and
  federation.overview for one organisation, against COUNT(DISTINCT ...) on the bare table."""

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import timedelta

os.environ["GLASNA_DATA_DIR"] = tempfile.mkdtemp(prefix="glasna-bench-")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "glasna.settings")
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

COUNTRIES = ["AL", "BA", "ME", "MK", "RS", "XK", "HR"]
ORGANISATIONS = 20
BATCH = 5000


def raw_mention(rng: random.Random, space: int) -> tuple[str, str]:
    """A link to space number `space` as someone might write it, and the platform hint given."""
    if space % 5 == 0:
        return f"https://t.me/+Inv{space:07d}Code", ""
    name = f"room_{space:07d}_x"
    form = rng.randrange(4)
    if form == 0:
        return f"https://t.me/{name}", ""
    if form == 1:
        return f"@{name.title()}", "telegram"
    if form == 2:
        return f"telegram.me/{name}?x=1", ""
    return f"t.me/{name.upper()}", ""


def timed(label: str, seconds: float, count: int, baseline: float, base_count: int) -> None:
    rate, base_rate = count / seconds, base_count / baseline
    print(f"{label:52s} {rate:12,.0f}/s   baseline {base_rate:12,.0f}/s   cost ×{base_rate / rate:8.1f}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--spaces", type=int, default=100_000)
    parser.add_argument("--mentions", type=int, default=1_000_000)
    parser.add_argument("--lookups", type=int, default=2_000)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)

    from glasna.accounts.models import Organisation
    from glasna.networks import federation, registry
    from glasna.networks.identifiers import Identifier, normalise
    from glasna.networks.models import Appearance, Space

    rng = random.Random(14)
    orgs = [
        Organisation.objects.create(
            name=f"Bench organisation {i}", slug=f"bench-{i}", org_type="womens_rights", countries=[COUNTRIES[i % 7]]
        )
        for i in range(ORGANISATIONS)
    ]
    # Each mention: a space and an organisation, most often the one that first met it (a space
    # circulates in one country; a few cross borders).
    home = [rng.randrange(ORGANISATIONS) for _ in range(args.spaces)]
    mentions = []
    for _ in range(args.mentions):
        space = rng.randrange(args.spaces)
        mentions.append((home[space] if rng.random() < 0.85 else rng.randrange(ORGANISATIONS), space))
    raws = [raw_mention(rng, space) for _org, space in mentions]
    print(f"{args.spaces:,} spaces, {args.mentions:,} mentions by {ORGANISATIONS} organisations")

    # Read: normalise and key every mention.
    start = time.perf_counter()
    identifiers = [normalise(raw, hint) for raw, hint in raws]
    keys = [federation.pseudonym(identifier) for identifier in identifiers]
    read = time.perf_counter() - start
    plain: dict[str, int] = {}
    start = time.perf_counter()
    for (_org, space), (raw, _hint) in zip(mentions, raws, strict=True):
        plain.setdefault(raw.lower(), space)
    base_read = time.perf_counter() - start
    distinct_keys = len(set(keys))
    print(f"  distinct spaces found: normalised {distinct_keys:,}, raw lower-cased text {len(plain):,}")
    timed("read: normalise + pseudonym per mention", read, len(raws), base_read, len(raws))

    # Insert: one Space and Appearance per (organisation, space), in bulk.
    first: dict[tuple[int, str], Identifier] = {}
    for (org, _space), key, identifier in zip(mentions, keys, identifiers, strict=True):
        first.setdefault((org, key), identifier)
    now = timezone.now()
    rows = [(org, key, identifier) for (org, key), identifier in first.items()]
    reporters = [federation.reporter(org.pk) for org in orgs]
    start = time.perf_counter()
    for i in range(0, len(rows), BATCH):
        chunk = rows[i : i + BATCH]
        seen = now - timedelta(days=rng.randrange(700))
        spaces = Space.objects.bulk_create(
            [
                Space(
                    organisation=orgs[org],
                    platform=ident.platform,
                    kind="unknown",
                    identifier_kind=ident.kind,
                    identifier=registry.identifier_key(ident),
                    first_seen=seen,
                    last_seen=seen,
                )
                for org, _key, ident in chunk
            ]
        )
        Appearance.objects.bulk_create(
            [
                Appearance(
                    space=space,
                    organisation=orgs[org],
                    reporter=reporters[org],
                    platform=ident.platform,
                    identifier_kind=ident.kind,
                    pseudonym=key,
                    countries=orgs[org].countries,
                    first_seen=seen,
                )
                for space, (org, key, ident) in zip(spaces, chunk, strict=True)
            ]
        )
    insert = time.perf_counter() - start
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE bench_plain (org INTEGER, key TEXT)")
        cursor.execute("CREATE INDEX bench_plain_key ON bench_plain (key)")
        start = time.perf_counter()
        for i in range(0, len(rows), BATCH):
            with transaction.atomic():  # as bulk_create does for each batch
                cursor.executemany(
                    "INSERT INTO bench_plain (org, key) VALUES (%s, %s)", [(o, k) for o, k, _i in rows[i : i + BATCH]]
                )
        base_insert = time.perf_counter() - start
    timed(f"insert: {len(rows):,} spaces with their appearances", insert, len(rows), base_insert, len(rows))

    # Look up: mentions of known spaces, read only (registry.find) and as a case page does it
    # (find_or_create, which also moves last_seen on: one write per call).
    sample = rng.sample(range(len(mentions)), args.lookups)
    with connection.cursor() as cursor:
        start = time.perf_counter()
        for i in sample:
            cursor.execute("SELECT org FROM bench_plain WHERE key = %s AND org = %s", [keys[i], mentions[i][0]])
            cursor.fetchall()
        base_lookup = time.perf_counter() - start
    start = time.perf_counter()
    for i in sample:
        assert registry.find(orgs[mentions[i][0]], normalise(*raws[i])) is not None
    lookup = time.perf_counter() - start
    timed("look up: normalise + registry.find, known space", lookup, len(sample), base_lookup, len(sample))
    start = time.perf_counter()
    for i in sample:
        registry.find_or_create(orgs[mentions[i][0]], normalise(*raws[i]))
    lookup = time.perf_counter() - start
    timed("look up: registry.find_or_create (writes last_seen)", lookup, len(sample), base_lookup, len(sample))

    # Cross-org: what the space page and the case panel ask, then the overview page.
    picked = list(Space.objects.order_by("?")[: min(2000, args.lookups)])
    timings = []
    for space in picked:
        start = time.perf_counter()
        federation.elsewhere([space])
        timings.append(time.perf_counter() - start)
    cross = sum(timings)
    picked_keys = {a.space_id: a.pseudonym for a in Appearance.objects.filter(space__in=picked)}
    with connection.cursor() as cursor:
        start = time.perf_counter()
        for space in picked:
            cursor.execute(
                "SELECT COUNT(DISTINCT org) FROM bench_plain WHERE key = %s AND org != %s",
                [picked_keys[space.pk], space.organisation_id],
            )
            cursor.fetchall()
        base_cross = time.perf_counter() - start
    timed("cross-org: elsewhere() for one space", cross, len(picked), base_cross, len(picked))
    print(f"{'':52s} median {statistics.median(timings) * 1000:.2f} ms per space")
    start = time.perf_counter()
    sizes = [len(federation.overview(org.pk)) for org in orgs[:5]]
    overview = (time.perf_counter() - start) / 5
    with connection.cursor() as cursor:
        start = time.perf_counter()
        for org in orgs[:5]:
            cursor.execute(
                "SELECT key, COUNT(DISTINCT org) FROM bench_plain WHERE key IN "
                "(SELECT key FROM bench_plain WHERE org = %s) AND org != %s GROUP BY key LIMIT 500",
                [orgs.index(org), orgs.index(org)],
            )
            cursor.fetchall()
        base_overview = (time.perf_counter() - start) / 5
    print(
        f"{'cross-org: overview() for one organisation':52s} {overview * 1000:10.1f} ms     "
        f"baseline {base_overview * 1000:10.1f} ms     cost ×{overview / base_overview:8.1f}"
        f"   ({min(sizes)}-{max(sizes)} rows)"
    )


if __name__ == "__main__":
    main()
