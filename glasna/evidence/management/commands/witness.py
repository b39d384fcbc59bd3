"""`glasna witness`: cosign another installation's newest signed tree head as its witness, from a saved
document or (--configured) by fetching every log of GLASNA_WITNESS_LOGS and collecting cosignatures of
this log from GLASNA_WITNESSES, as the scheduled job does."""

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from glasna.evidence import remote_witness, verify_bundle, witness


class Command(BaseCommand):
    help = (
        "Witness another Glasna log: read its /evidence/tree-heads.json (fetched with ?from=SIZE, SIZE being "
        "the size this witness last cosigned, or without it the first time), check the newest head's signature "
        "by the log key given and its consistency with the last head seen, and print the cosignature as JSON. "
        "An older, inconsistent or forked head is refused, recorded, and exits with status 1. With --configured, "
        "fetch the logs of GLASNA_WITNESS_LOGS and collect cosignatures from GLASNA_WITNESSES now."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("document", type=Path, nargs="?", help="the log's tree-heads.json, saved to a file")
        parser.add_argument("--log-key", help="the log's published public key or fingerprint (as verify.py --key)")
        parser.add_argument("--configured", action="store_true", help="fetch the configured logs and witnesses")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["configured"]:
            report = remote_witness.run_configured()
            for kind in ("witnessed", "collected", "failed"):
                for line in report[kind]:
                    self.stdout.write(f"{kind:10} {line}")
            if report["failed"]:
                raise CommandError(f"{len(report['failed'])} peer(s) failed", returncode=1)
            return
        if options["document"] is None or not options["log_key"]:
            raise CommandError("give a saved tree-heads.json and --log-key, or --configured", returncode=2)
        try:
            document = json.loads(options["document"].read_text())
            log = bytes.fromhex(document["log_public_key"])
            head = document["heads"][0]
            proof = [bytes.fromhex(h) for h in document.get("consistency", {}).get("proof", [])]
            pin = verify_bundle.parse_key(options["log_key"])
        except (OSError, ValueError, KeyError, IndexError, TypeError, verify_bundle.UsageError) as error:
            raise CommandError(f"not a tree-heads document or not a key: {error}", returncode=2) from error
        if not verify_bundle.pins(pin, log):
            raise CommandError("the document's log key is not the key given with --log-key", returncode=1)
        try:
            cosignature = witness.cosign(log, head, proof)
        except witness.Refused as refused:
            raise CommandError(f"refused ({refused.reason}): {refused}", returncode=1) from refused
        self.stdout.write(json.dumps({"tree_head": head, "log_public_key": log.hex(), **cosignature.to_dict()}))
