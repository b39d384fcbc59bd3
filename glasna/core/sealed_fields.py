"""Model fields sealed with the instance key (core/crypto/server_keys.seal_value).

For data the server's own jobs must read without a staff key — the takedown notices the delivery,
clock and re-upload jobs work on — but that a database dump must not show. The value is bound to
its table and column. Values written before a column was sealed (no prefix) are read as they are,
so a data migration can seal existing rows by saving them again."""

import json
from typing import Any

from django.db import models

from glasna.core.crypto.server_keys import SEALED_PREFIX, open_value, seal_value


class SealedTextField(models.TextField):
    """Text sealed at rest. Not searchable or orderable in the database."""

    def contribute_to_class(self, cls: Any, name: str, private_only: bool = False) -> None:
        super().contribute_to_class(cls, name, private_only=private_only)
        self.seal_context = f"{cls._meta.app_label}.{cls._meta.model_name}.{name}".encode()

    def _encode(self, value: Any) -> str:
        return str(value)

    def _decode(self, text: str) -> Any:
        return text

    def get_prep_value(self, value: Any) -> Any:
        if value is None:
            return None
        return seal_value(self.seal_context, self._encode(value).encode())

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        if value is None:
            return None
        if isinstance(value, str) and value.startswith(SEALED_PREFIX):
            return self._decode(open_value(self.seal_context, value).decode())
        return self._decode(value) if isinstance(value, str) else value  # written before sealing


class SealedJSONField(SealedTextField):
    """JSON (lists, objects) sealed at rest."""

    # What django-stubs' plugin reads as the attribute's types (as for JSONField).
    _pyi_private_set_type: Any
    _pyi_private_get_type: Any

    def _encode(self, value: Any) -> str:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))

    def _decode(self, text: str) -> Any:
        return json.loads(text)

    def to_python(self, value: Any) -> Any:
        return value
