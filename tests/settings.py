"""Test settings: the real settings with cheap key derivation and throwaway storage.

Production Argon2 costs are kept out of tests the way SecureDrop's `insecure_scrypt` does: the
code paths are the same, only the cost numbers differ."""

import os
import tempfile

os.environ.setdefault("GLASNA_DATA_DIR", tempfile.mkdtemp(prefix="glasna-test-"))

from glasna.settings import *  # noqa: E402,F403
from glasna.settings import STORAGES  # noqa: E402

GLASNA_ARGON2 = {"time_cost": 1, "memory_cost": 64, "parallelism": 1}
GLASNA_RECEIPT_ARGON2 = {"time_cost": 1, "memory_cost": 64, "parallelism": 1}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
HUEY = {"huey_class": "huey.MemoryHuey", "immediate": True, "name": "glasna-test"}
GLASNA_QUICK_EXIT_URL = "https://neutral.example/weather"
# No wait for reports sent without JavaScript, and a cheap proof of work: the flood-control tests
# (tests/intake/test_flood.py) set real values.
GLASNA_REPORT_WAIT_SECONDS = 0
GLASNA_REPORT_POW_BITS = 8
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
