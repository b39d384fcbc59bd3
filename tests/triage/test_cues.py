"""Urgency cues across the languages and scripts, with the words that raised them."""

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from glasna.triage.cues import CUE_KINDS, CUES_FILE, LIST_LANGUAGES, find_cues


def cues(text):
    return {cue.kind: [t.words for t in cue.triggers] for cue in find_cues(text)}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Albanian, phone-typed without ë/ç
        ("Jam 16 vjec dhe me kerkon 200 euro", {"minor": ["Jam 16 vjec"], "sextortion": ["200 euro"]}),
        ("Jam 16 vjeç, më dërgo foto thotë", {"minor": ["Jam 16 vjeç"], "sextortion": ["më dërgo foto"]}),
        ("do t'i publikoj fotot deri neser", {"threat_publication_deadline": ["do t'i publikoj", "deri neser"]}),
        ("nuk dua te jetoj me", {"self_harm": ["nuk dua te jetoj"]}),
        # Macedonian Cyrillic and its Latin transliteration
        ("Имам 14 години, прати пари до утре или ќе ги објавам", None),
        ("imam 14 godini, prati pari", {"minor": ["imam 14 godini"], "sextortion": ["prati pari"]}),
        ("ke te ubijam", {"threat_violence": ["ke te ubijam"]}),
        ("kje te najdam", {"threat_violence": ["kje te najdam"]}),
        # Serbian Cyrillic, Serbian/Bosnian/Montenegrin/Croatian Latin with and without diacritics
        ("Убићу те ако не пошаљеш слике", {"threat_violence": ["Убићу те"]}),
        ("Ubicu te", {"threat_violence": ["Ubicu te"]}),
        ("ubit ću te", {"threat_violence": ["ubit ću te"]}),
        ("Idem u skolu, 14-godisnja sam", {"minor": ["skolu", "14-godisnja"]}),
        ("da se nademo", {"sextortion": ["da se nademo"]}),
        ("posalji jos slika ili da se nadjemo", {"sextortion": ["posalji jos", "da se nadjemo"]}),
        ("ne želim živjeti", {"self_harm": ["ne želim živjeti"]}),
        # English with a phone apostrophe
        ("I\u2019m 16 and he wants me to send nudes", {"minor": ["I\u2019m 16"], "sextortion": ["send nudes"]}),
        ("he will post them by tomorrow", {"threat_publication_deadline": ["post them", "by tomorrow"]}),
        ("I want to kill myself", {"self_harm": ["kill myself"]}),
    ],
)
def test_cues_and_their_words(text, expected):
    found = cues(text)
    if expected is None:
        assert set(found) == {"minor", "sextortion", "threat_publication_deadline"}
        assert found["minor"] == ["Имам 14 години"]
        assert found["sextortion"] == ["прати пари"]
    else:
        assert found == expected


def test_publication_without_deadline_is_not_the_deadline_cue():
    assert "threat_publication_deadline" not in cues("he will post them")
    assert "threat_publication_deadline" not in cues("do sutra")


@pytest.mark.parametrize("text", ["Imam 18 godina", "jam 25 vjec", "I'm 30", "age 9.5", "compare parent", "razumem"])
def test_no_cue(text):
    assert cues(text) == {}


def test_triggers_are_spans_of_the_original_text():
    text = "Имам 15 години. Убићу те!"
    for cue in find_cues(text):
        for trigger in cue.triggers:
            assert text[trigger.start : trigger.end] == trigger.words


def test_every_cue_has_every_language_and_a_review_note():
    raw = CUES_FILE.read_text(encoding="utf-8")
    data = yaml.safe_load(raw)
    assert set(data["cues"]) == set(CUE_KINDS)
    for spec in data["cues"].values():
        for per_list in next(iter(spec.values())).values():
            assert set(per_list) == set(LIST_LANGUAGES)
    # one "needs native review" comment per phrase list
    lists = sum(len(per) for spec in data["cues"].values() for per in next(iter(spec.values())).values())
    assert raw.count("written for this project; needs native review") == lists


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_hostile_text_never_crashes_and_spans_hold(text):
    for cue in find_cues(text):
        assert cue.kind in CUE_KINDS
        for trigger in cue.triggers:
            assert text[trigger.start : trigger.end] == trigger.words
