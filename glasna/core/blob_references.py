"""Which blob names the database refers to, for the orphan sweep (core/blob_sweep.py).

A record keeps a blob's name in a field called `blob_name` or ending in `_blob_name` (core/blobs.py):
today intake's Attachment, evidence's EvidenceItem and cases' ReferralFile. The fields are found in
the app registry, not listed here, so that a new one is covered without touching core (which imports
no other app); tests/core/test_blob_sweep.py checks the rule against every stored record."""

from collections.abc import Collection

from django.apps import apps
from django.db.models import Model

# Well under SQLite's limit on parameters in one query.
_CHUNK = 500


def reference_fields() -> list[tuple[type[Model], str]]:
    """(model, column attribute) of every field that holds a blob name."""
    found = []
    for model in apps.get_models():
        if model._meta.proxy:  # the same table as its concrete model
            continue
        for field in model._meta.concrete_fields:
            if field.name == "blob_name" or field.name.endswith("_blob_name"):
                found.append((model, field.attname))
    return found


def referenced_among(names: Collection[str]) -> set[str]:
    """Those of `names` that some record refers to."""
    wanted = sorted(set(names))
    found: set[str] = set()
    for model, column in reference_fields():
        # The base manager: a default manager that hides some rows must not hide their blobs.
        rows = model._base_manager.all()
        for start in range(0, len(wanted), _CHUNK):
            chunk = wanted[start : start + _CHUNK]
            found.update(rows.filter(**{f"{column}__in": chunk}).values_list(column, flat=True))
    return found
