"""The own-key forgery: what anyone can do with a genuine bundle and no access to the organisation.

Swap an original image, rewrite its record, rebuild a custody log from the bundle's own events (with
the new commitment), sign a tree head and the manifest with a fresh Ed25519 key. Every internal check
then passes; only the organisation's published key (or its fingerprint) tells the forgery apart."""

import hashlib
import json
import zipfile
from pathlib import Path

from nacl.signing import SigningKey

from glasna.evidence import custody_log, merkle, tree_heads, verify_bundle


def forge(genuine: Path, out: Path, replacement: bytes, key: SigningKey | None = None) -> bytes:
    """Write the forged bundle to out; return the forger's public key."""
    key = key or SigningKey.generate()
    with zipfile.ZipFile(genuine) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    manifest = json.loads(members["manifest.json"])
    custody = json.loads(members["custody.json"])
    # Swap the first original and make its record say so.
    item = next(i for i in manifest["items"] if i["path"])
    members[item["path"]] = replacement
    item["record"]["sha256"] = hashlib.sha256(replacement).hexdigest()
    item["record"]["size"] = len(replacement)
    # A new log of the bundle's own events, renumbered from 0, the added event carrying the new commitment.
    old_entries = sorted(custody["entries"], key=lambda e: e["index"])
    renumber = {e["index"]: n for n, e in enumerate(old_entries)}
    new_commitment = custody_log.commitment(bytes.fromhex(item["salt"]), item["record"])
    bodies = []
    for entry in old_entries:
        body = json.loads(entry["entry"])
        body["index"] = renumber[entry["index"]]
        if body["item"] == item["id"] and body["action"] in ("added", "derived"):
            body["commitment"] = new_commitment
        bodies.append(json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=True))
    leaves = [merkle.leaf_hash(b.encode("ascii")) for b in bodies]
    head = tree_heads.sign_tree_head(
        bytes(key), len(leaves), custody["tree_head"]["timestamp_ms"], merkle.tree_hash(leaves)
    )
    custody = {
        "tree_head": head.to_dict(),
        "entries": [
            {"index": n, "entry": b, "proof": [h.hex() for h in merkle.inclusion_proof(leaves, n)]}
            for n, b in enumerate(bodies)
        ],
        "stamped_heads": [],  # the TSA's tokens stamp the genuine heads: a forger drops them
        # A log of the bundle's events only: nothing else in it, the forger's head is the earliest.
        "completeness": {
            "first": 0,
            "prefix_frontier": [],
            "other_entries": [],
            "earliest_head": head.to_dict(),
            "consistency_proof": [],
        },
    }
    for each in manifest["items"]:
        each["custody"] = [renumber[i] for i in each["custody"]]
    for name in [n for n in members if n.startswith("timestamps/")]:
        del members[name]
        manifest["files"].pop(name, None)
    members["custody.json"] = json.dumps(custody, indent=1).encode()
    manifest["files"]["custody.json"] = hashlib.sha256(members["custody.json"]).hexdigest()
    public = bytes(key.verify_key)
    manifest["log"] = {"public_key": public.hex(), "fingerprint": verify_bundle.fingerprint(public)}
    members["manifest.json"] = json.dumps(manifest, indent=1, ensure_ascii=False, sort_keys=True).encode()
    signature = key.sign(verify_bundle.BUNDLE_SIG_LABEL + members["manifest.json"]).signature
    members["manifest.sig"] = signature.hex().encode() + b"\n"
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return public
