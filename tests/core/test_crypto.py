import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from glasna.core.crypto import passphrase
from glasna.core.crypto.primitives import DecryptionError, decrypt, encrypt, new_key, new_keypair, seal, unseal
from glasna.core.crypto.receipt_keys import receipt_secrets
from glasna.core.crypto.server_keys import Expired, open_token, seal_token


@given(st.binary(max_size=2048), st.binary(max_size=64))
@settings(max_examples=50)
def test_encrypt_round_trip(plaintext: bytes, context: bytes) -> None:
    key = new_key()
    assert decrypt(key, encrypt(key, plaintext, context), context) == plaintext


def test_ciphertext_bound_to_its_context() -> None:
    key = new_key()
    ciphertext = encrypt(key, b"secret", b"report:1")
    with pytest.raises(DecryptionError):
        decrypt(key, ciphertext, b"report:2")


def test_tampered_ciphertext_rejected() -> None:
    key = new_key()
    ciphertext = bytearray(encrypt(key, b"secret"))
    ciphertext[-1] ^= 1
    with pytest.raises(DecryptionError):
        decrypt(key, bytes(ciphertext))


def test_wrong_key_rejected() -> None:
    with pytest.raises(DecryptionError):
        decrypt(new_key(), encrypt(new_key(), b"secret"))


def test_sealed_box_opens_only_with_private_key() -> None:
    private, public = new_keypair()
    other_private, _ = new_keypair()
    sealed = seal(public, b"data key")
    assert unseal(private, sealed) == b"data key"
    with pytest.raises(DecryptionError):
        unseal(other_private, sealed)


def test_passphrase_wrap_and_wrong_passphrase() -> None:
    blob = passphrase.wrap(b"k" * 32, "right passphrase", b"staff:1")
    assert passphrase.unwrap(blob, "right passphrase", b"staff:1") == b"k" * 32
    with pytest.raises(passphrase.WrongPassphrase):
        passphrase.unwrap(blob, "wrong passphrase", b"staff:1")
    with pytest.raises(passphrase.WrongPassphrase):
        passphrase.unwrap(blob, "right passphrase", b"staff:2")


def test_wrapped_secret_records_its_cost(settings) -> None:  # type: ignore[no-untyped-def]
    blob = passphrase.wrap(b"s" * 32, "pw")
    settings.GLASNA_ARGON2 = {"time_cost": 2, "memory_cost": 128, "parallelism": 1}
    assert passphrase.unwrap(blob, "pw") == b"s" * 32  # old cost read from the blob


def test_receipt_secrets_deterministic_and_distinct() -> None:
    first = receipt_secrets("1234567812345670")
    assert receipt_secrets("1234567812345670") == first
    other = receipt_secrets("1234567812345671")
    assert other.lookup_id != first.lookup_id and other.key != first.key
    assert first.lookup_id != first.key


def test_receipt_lookup_depends_on_instance_key(settings) -> None:  # type: ignore[no-untyped-def]
    before = receipt_secrets("1234567812345670")
    settings.GLASNA_INSTANCE_KEY = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="
    assert receipt_secrets("1234567812345670") != before


def test_tokens_round_trip_expire_and_resist_forgery() -> None:
    token = seal_token("wizard", {"answers": {"a": 1}})
    assert open_token("wizard", token, 60) == {"answers": {"a": 1}}
    with pytest.raises(DecryptionError):
        open_token("visit", token, 60)  # another purpose's key
    with pytest.raises(Expired):
        open_token("wizard", token, -1)
    with pytest.raises(DecryptionError):
        open_token("wizard", token[:-4] + "AAAA", 60)
