"""Hypothesis on every parser of outside input that had no property test yet: receipt codes, PDQ and
MD5 hashes and the browser's hash list, perpetrator identifiers, uploaded file names, content
sniffing, and the locale and query parameters of the public pages. Each gives a valid result or its
own clean error, never another exception. (Already fuzzed elsewhere: space identifiers in
tests/networks/test_identifiers.py, URLs in tests/takedown/test_addresses.py, outbound addresses
in tests/core/test_outbound.py, invisible characters in tests/core/test_text.py.)"""

import json
import re
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.test import Client
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from glasna.core.large_uploads import sniff_evidence
from glasna.core.uploads import _safe_name, sniff
from glasna.intake import receipts
from glasna.matching.hash_input import SIGNAL_TYPES, BadHashInput, check_signal, parse_browser_hashes
from glasna.networks.identifiers import InvalidIdentifier
from glasna.networks.perpetrators import HANDLE_PLATFORMS, normalise_perpetrator

# Text a hostile sender might try: any code point, direction overrides, joiners, NUL, full-width digits.
HOSTILE = st.text(max_size=80) | st.sampled_from(["\u202e1234", "\u200d" * 5, "\x00", "１２３４", "٠١٢٣"])


@settings(max_examples=300)
@given(HOSTILE)
@example("٤٥٦٧ ٨٩٠١ ٢٣٤٥ ٦٧٨٩")  # Arabic-Indic digits are digits
@example("1" * 10_000)
def test_a_receipt_is_parsed_or_refused_cleanly(text: str) -> None:
    try:
        receipt = receipts.parse(text)
    except receipts.MalformedReceipt:
        return
    assert re.fullmatch(r"\d{16}", receipt)
    assert receipts.parse(receipts.formatted(receipt)) == receipt


@given(st.integers(0, 10**15 - 1))
def test_every_issued_form_of_a_receipt_parses(body: int) -> None:
    digits = f"{body:015d}"
    receipt = digits + receipts._luhn_check_digit(digits)
    assert receipts.parse(receipts.formatted(receipt).replace(" ", "-")) == receipt


@settings(max_examples=300)
@given(st.sampled_from([*SIGNAL_TYPES, "", "PDQ", "md5"]) | HOSTILE, HOSTILE | st.from_regex(r"[0-9a-fA-F ]{30,66}"))
def test_a_hash_is_normalised_or_refused_cleanly(signal_type: str, value: str) -> None:
    try:
        cleaned = check_signal(signal_type, value)
    except BadHashInput as exc:
        assert str(exc)
        return
    assert signal_type in SIGNAL_TYPES and re.fullmatch(r"[0-9a-f]{32}|[0-9a-f]{64}", cleaned)


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | HOSTILE,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(HOSTILE, children, max_size=4),
    max_leaves=20,
)
_ITEM = st.fixed_dictionaries(
    {
        "signal_type": st.sampled_from(["pdq", "vpdq_frame", "video_md5", "x"]),
        "hash": st.from_regex(r"[0-9a-f]{64}", fullmatch=True) | HOSTILE,
        "quality": st.integers(-5, 105) | st.none() | st.booleans(),
        "media_index": st.integers(-2, 300),
        "frame_ts": st.none() | st.floats(),
        "media_type": st.sampled_from(["image", "video", "audio"]),
    }
)


@settings(max_examples=300)
@given(st.one_of(_JSON.map(json.dumps), st.lists(_ITEM, max_size=5).map(json.dumps), HOSTILE))
@example("[" * 100_000)  # deep nesting: a RecursionError inside json must still be a refusal
def test_the_browser_hash_list_is_parsed_or_refused_cleanly(raw: str) -> None:
    try:
        kept = parse_browser_hashes(raw)
    except BadHashInput as exc:
        assert str(exc)
        return
    assert all(h.signal_type in ("pdq", "vpdq_frame") and len(h.hash_value) == 64 for h in kept)


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(["phone", "email", "viber", *sorted(HANDLE_PLATFORMS), "fax", ""]),
    HOSTILE,
    st.sampled_from(["", "MK", "zz", "ÅÅ"]),
)
@example("email", "a@" + "b" * 300, "")
@example("email", "a@xn--", "")
def test_a_perpetrator_identifier_is_normalised_or_refused_cleanly(kind: str, raw: str, region: str) -> None:
    try:
        found = normalise_perpetrator(kind, raw, region)
    except InvalidIdentifier as exc:
        assert str(exc)
        return
    assert found.value and normalise_perpetrator(found.kind, found.value, region) == found  # a fixed point


@settings(max_examples=300)
@given(HOSTILE | st.text(st.sampled_from("./\\.. \u202e\x00"), max_size=30), st.sampled_from(["png", "pdf", "mp4"]))
def test_an_uploaded_file_name_becomes_a_safe_name(name: str, ext: str) -> None:
    safe = _safe_name(name, ext)
    assert safe.endswith(f".{ext}") and "/" not in safe and "\\" not in safe and "\x00" not in safe
    assert len(safe) <= 121 + len(ext) and "\u202e" not in safe


@settings(max_examples=300)
@given(st.binary(max_size=64))
def test_sniffing_any_bytes_names_a_known_type_or_none(head: bytes) -> None:
    for found in (sniff(head), sniff_evidence(head)):
        assert found is None or (isinstance(found[0], str) and "/" in found[0] and found[1].isalnum())


LANGUAGES = [code for code, _name in django_settings.LANGUAGES]
PAGES = ["/", "/return/", "/safety/", "/rights/", "/evidence/guidance/", "/observatory/", "/report/"]


@pytest.mark.django_db
@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    st.sampled_from(LANGUAGES) | st.text(st.characters(codec="ascii", categories=["Ll", "Pd"]), max_size=8),
    st.sampled_from(PAGES),
    st.dictionaries(HOSTILE, HOSTILE, max_size=4),
)
def test_any_locale_and_query_gets_a_page_or_a_clean_4xx(language: str, page: str, query: dict[str, Any]) -> None:
    response = Client().get(f"/{language}{page}", {k.replace("\x00", ""): v for k, v in query.items()})
    assert response.status_code < 500
