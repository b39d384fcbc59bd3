"""Columns sealed with the instance key: clear to the application, sealed in the database, bound to
their column, and refusing to open when altered or moved."""

import pytest
from django.db import connection

from glasna.core.crypto.primitives import DecryptionError
from glasna.core.crypto.server_keys import SEALED_PREFIX, open_value, seal_value
from glasna.takedown.models import Notice, NoticeEvent


def test_a_value_opens_only_in_its_own_column() -> None:
    subject = Notice._meta.get_field("subject")
    body = Notice._meta.get_field("body_en")
    sealed = subject.get_prep_value("t.me/invented")
    assert sealed.startswith(SEALED_PREFIX) and "invented" not in sealed
    assert subject.from_db_value(sealed, None, connection) == "t.me/invented"
    with pytest.raises(DecryptionError):
        body.from_db_value(sealed, None, connection)


def test_an_altered_value_is_refused() -> None:
    sealed = seal_value(b"takedown.noticeevent.detail", b"A reply")
    tampered = sealed[:-6] + ("AAAA" if sealed[-6:-2] != "AAAA" else "BBBB") + sealed[-2:]
    with pytest.raises(DecryptionError):
        open_value(b"takedown.noticeevent.detail", tampered)


def test_json_and_values_written_before_sealing_read_as_they_are() -> None:
    items = Notice._meta.get_field("items")
    value = [{"url": "https://invented.example/1", "account": "@invented"}]
    assert items.from_db_value(items.get_prep_value(value), None, connection) == value
    assert items.from_db_value('[{"url": "x"}]', None, connection) == [{"url": "x"}]
    detail = NoticeEvent._meta.get_field("detail")
    assert detail.from_db_value("written in clear", None, connection) == "written in clear"
