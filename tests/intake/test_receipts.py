import pytest
from hypothesis import given
from hypothesis import strategies as st

from glasna.intake import receipts


def test_new_receipts_parse_back_and_are_unique() -> None:
    seen = {receipts.new_receipt() for _ in range(200)}
    assert len(seen) == 200
    for receipt in seen:
        assert receipts.parse(receipts.formatted(receipt)) == receipt


def test_accepts_dashes_spaces_and_other_scripts_digits() -> None:
    receipt = receipts.new_receipt()
    arabic_indic = "".join(chr(0x0660 + int(d)) for d in receipt)
    assert receipts.parse("-".join(receipt[i : i + 4] for i in range(0, 16, 4))) == receipt
    assert receipts.parse(arabic_indic) == receipt


@given(st.integers(min_value=0, max_value=15), st.integers(min_value=1, max_value=9))
def test_any_single_digit_typo_is_caught(position: int, delta: int) -> None:
    receipt = receipts.new_receipt()
    typo = receipt[:position] + str((int(receipt[position]) + delta) % 10) + receipt[position + 1 :]
    with pytest.raises(receipts.MalformedReceipt):
        receipts.parse(typo)


@pytest.mark.parametrize("text", ["", "1234", "1234 5678 9012 345X", "12345678901234567", "1234\u200b567890123456"])
def test_malformed(text: str) -> None:
    with pytest.raises(receipts.MalformedReceipt):
        receipts.parse(text)
