"""Receipt codes: 16 digits in four groups, the last a Luhn check digit.

Digits read the same in every language and on every keyboard; 15 random digits give ~2^50
possibilities, and every guess costs an Argon2id run (core.crypto.receipt_keys). The check digit
catches a mistyped receipt before any lookup, so the survivor is told to check it."""

import secrets
import unicodedata


class MalformedReceipt(Exception):
    """Not 16 digits, or the check digit does not match: a typing mistake."""


def _luhn_check_digit(digits: str) -> str:
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2 == 0:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return str((10 - total % 10) % 10)


def new_receipt() -> str:
    body = "".join(str(secrets.randbelow(10)) for _ in range(15))
    return body + _luhn_check_digit(body)


def formatted(receipt: str) -> str:
    return " ".join(receipt[i : i + 4] for i in range(0, 16, 4))


def parse(text: str) -> str:
    """Accept spaces, dashes and any script's decimal digits; return the 16 ASCII digits."""
    digits = []
    for char in unicodedata.normalize("NFKC", text):
        if char in " -\u00a0\t":
            continue
        if unicodedata.category(char) == "Nd":
            digits.append(str(unicodedata.digit(char)))
        else:
            raise MalformedReceipt
    receipt = "".join(digits)
    if len(receipt) != 16 or _luhn_check_digit(receipt[:15]) != receipt[15]:
        raise MalformedReceipt
    return receipt
