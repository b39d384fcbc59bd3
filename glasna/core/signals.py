"""Signals that connect rooms without importing each other.

`sighting_recorded` is sent by matching when a platform reports a match or feedback on a
survivor's hash; takedown listens to reopen notices as "reappeared". Either room works alone.
Arguments: case_id (int | None), platform (str: platform directory key or free name),
seen_at (datetime), distance (int | None), url (str), kind (str: "match" | "feedback"),
sighting_id (int).
"""

from django.dispatch import Signal

sighting_recorded = Signal()
