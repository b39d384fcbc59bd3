"""Personal-data detection and redaction: examples from the region and properties under Hypothesis."""

import datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from glasna.triage.personal_data import (
    find_personal_data,
    iban_checksum_ok,
    is_valid_iban,
    is_valid_jmbg,
    jmbg_control_digit,
    redact,
)


def kinds(text, names=()):
    return [(s.kind, s.value) for s in find_personal_data(text, names)]


def make_jmbg(day: datetime.date, region: int, serial: int) -> str:
    yyy = day.year % 1000
    first12 = f"{day.day:02d}{day.month:02d}{yyy:03d}{region:02d}{serial:03d}"
    return first12 + str(jmbg_control_digit(first12))


def make_iban(country: str, bban: str) -> str:
    check = 98 - int("".join(str(int(ch, 36)) for ch in bban + country + "00")) % 97
    return f"{country}{check:02d}{bban}"


jmbgs = st.builds(
    make_jmbg,
    st.dates(min_value=datetime.date(1800, 1, 1), max_value=datetime.date(2799, 12, 31)),
    st.integers(0, 99),
    st.integers(0, 999),
)
# BBAN lengths that give the national IBAN length (country + 2 check digits + BBAN)
REGION_BBAN = {"AL": 24, "BA": 16, "HR": 17, "ME": 18, "MK": 15, "RS": 18, "XK": 16}
ibans = st.sampled_from(sorted(REGION_BBAN)).flatmap(
    lambda c: st.text("0123456789", min_size=REGION_BBAN[c], max_size=REGION_BBAN[c]).map(lambda b: make_iban(c, b))
)


def test_regional_examples():
    text = (
        "Zovi me na 069 123 456 ili +355 69 212 3456, pisi na ana.b@gmail.com. "
        "NID J00101001A, IBAN AL47 2121 1009 0000 0002 3569 8741, Ana Petrović, nr 1234567890"
    )
    found = kinds(text, ["ana petrovic"])
    assert ("phone", "069 123 456") in found
    assert ("phone", "+355 69 212 3456") in found
    assert ("email", "ana.b@gmail.com") in found
    assert ("al_personal_number", "J00101001A") in found
    assert ("iban", "AL47 2121 1009 0000 0002 3569 8741") in found
    assert ("name", "Ana Petrović") in found
    assert ("xk_personal_number", "1234567890") in found
    assert redact(text, ["Ana Petrovic"]) == (
        "Zovi me na [phone] ili [phone], pisi na [email]. NID [personal number], IBAN [iban], [name], nr [personal number]"
    )


def test_names_match_across_scripts_and_case():
    assert kinds("Писао ми је МАРКО ЈОВИЋ јуче", ["Marko Jovic"]) == [("name", "МАРКО ЈОВИЋ")]
    assert kinds("Markovic is not Marko", ["Marko"]) == [("name", "Marko")]


def test_jmbg_known_values_and_dates():
    assert is_valid_jmbg(make_jmbg(datetime.date(1990, 1, 1), 71, 0))
    assert not is_valid_jmbg("3102990710000")  # 31 February
    assert not is_valid_jmbg("0101990710001")  # control digit is 8
    assert not is_valid_jmbg("01019907100０8")  # ASCII digits only
    # the documented worked case: m = 11 - (sum mod 11); m of 10 or 11 gives 0
    assert jmbg_control_digit("010199071000") == 8


def test_albanian_number_month_and_day_checked():
    assert kinds("nr J00101001A") == [("al_personal_number", "J00101001A")]
    assert kinds("nr J05501001A")[0][0] == "al_personal_number"  # women: month + 50
    assert kinds("nr J01301001A") == []  # month 13
    assert kinds("nr J00132001A") == []  # day 32


@settings(deadline=None)  # phonenumbers tries seven numbering plans; CI machines are busy
@given(jmbgs)
def test_valid_jmbg_detected_and_redacted(jmbg):
    text = f"moj JMBG je {jmbg}."
    assert ("jmbg", jmbg) in kinds(text)
    assert jmbg not in redact(text)


@settings(deadline=None)  # phonenumbers tries seven numbering plans; CI machines are busy
@given(jmbgs, st.sampled_from([1, 9]))
def test_jmbg_off_by_one_control_digit_not_a_jmbg(jmbg, delta):
    wrong = jmbg[:12] + str((int(jmbg[12]) + delta) % 10)
    assert not is_valid_jmbg(wrong)
    assert "jmbg" not in [k for k, _ in kinds(f"broj {wrong}")]


@settings(deadline=None)  # phonenumbers tries seven numbering plans; CI machines are busy
@given(ibans)
def test_valid_iban_detected_plain_and_grouped(iban):
    assert is_valid_iban(iban)
    grouped = " ".join(iban[i : i + 4] for i in range(0, len(iban), 4))
    for form in (iban, grouped):
        assert ("iban", form) in kinds(f"uplati na {form} do petka")


@settings(deadline=None)  # phonenumbers tries seven numbering plans; CI machines are busy
@given(ibans, st.sampled_from([1, 9]))
def test_iban_off_by_one_check_digits_not_detected(iban, delta):
    check = (int(iban[2:4]) + delta) % 100
    wrong = f"{iban[:2]}{check:02d}{iban[4:]}"
    assert not iban_checksum_ok(wrong)
    assert "iban" not in [k for k, _ in kinds(f"racun {wrong}")]


hostile = st.text(
    alphabet=st.one_of(
        st.characters(codec="utf-8"),
        st.sampled_from(list("0123456789+@.- ()ЈјŠšđĐëç٠١٢٣０１２３\u200b\u202e\ufeffJ")),
    ),
    max_size=120,
)
pieces = st.lists(
    st.one_of(
        hostile, jmbgs, ibans, st.sampled_from(["+38164 123 4567", "ana@example.org", "J00101001A", "069 123 456"])
    ),
    max_size=6,
).map(" ".join)


@settings(max_examples=150, deadline=None)
@given(pieces)
def test_redaction_idempotent_and_leaves_nothing_detectable(text):
    once = redact(text, ["Ana"])
    assert redact(once, ["Ana"]) == once
    assert find_personal_data(once, ["Ana"]) == []


@settings(max_examples=150, deadline=None)
@given(hostile, st.lists(hostile, max_size=3))
def test_hostile_unicode_never_crashes(text, names):
    for span in find_personal_data(text, names):
        assert text[span.start : span.end] == span.value
    redact(text, names)
