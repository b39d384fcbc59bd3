"""Refuse passwords built around the words an attacker tries first against a Glasna installation
(ASVS 6.1.2 / 6.2.11): the service's name, the organisations on it, staff roles, and "password" in
the region's languages. A long passphrase that merely contains such a word is fine; what is
refused is a password that, once those words are taken out, has fewer than MIN_REST characters
left ("Glasna2026!", "Lozinka123", "shelter-admin")."""

import re
import unicodedata
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MIN_REST = 8
# The list is documented here and in docs/security.md; keep both in step.
WORDS = (
    "glasna",
    "password",
    "passwort",
    "lozinka",
    "лозинка",
    "šifra",
    "шифра",
    "fjalekalim",
    "fjalëkalim",
    "admin",
    "administrator",
    "caseworker",
    "lawyer",
    "analyst",
    "intake",
    "shelter",
    "skloniste",
    "склониште",
    "strehimore",
    "ngo",
    "welcome",
    "dobrodosli",
    "miresevini",
    "qwerty",
    "123456",
    "654321",
)
_LEET = {"0": "o", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s"}
# "1" and "!" stand for i or for l: both readings are tried.
_READINGS = (str.maketrans({**_LEET, "1": "i", "!": "i"}), str.maketrans({**_LEET, "1": "l", "!": "l"}))


def fold(text: str, reading: int = 0) -> str:
    """Lower case, accents and look-alike digits folded, everything but letters and digits dropped."""
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return re.sub(r"[\W_]+", "", text.translate(_READINGS[reading]))


def context_words(username: str = "") -> list[str]:
    from glasna.accounts.models import Organisation

    words = [*WORDS, username]
    for name, slug in Organisation.objects.values_list("name", "slug"):
        words += [name, slug, *name.split()]
    folded = {fold(word) for word in words}
    # Longest first, so that "administrator" goes before "admin"; very short words are noise.
    return sorted((word for word in folded if len(word) >= 3), key=len, reverse=True)


def rest_after_removing(password: str, words: list[str]) -> str:
    """What is left of the password once every context word is taken out, under the reading of
    look-alike characters that leaves least."""
    rests = []
    for reading in range(len(_READINGS)):
        rest = fold(password, reading)
        for word in words:
            rest = rest.replace(word, "")
        rests.append(rest)
    return min(rests, key=len)


class ContextWordsValidator:
    def validate(self, password: str, user: Any = None) -> None:
        words = context_words(getattr(user, "username", "") or "")
        if len(rest_after_removing(password, words)) < MIN_REST:
            raise ValidationError(
                _(
                    "This password is built around a word that is tried first here (the name of "
                    "Glasna or of an organisation, a role, or the word “password”). Add more of "
                    "your own words."
                ),
                code="password_context_word",
            )

    def get_help_text(self) -> str:
        return _("Not built around the name of Glasna, of an organisation or of a role.")
