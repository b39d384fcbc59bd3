"""The helplines data (glasna/intake/data/helplines.yaml): every entry carries its source, confidence
and review date; Croatia's two lines as their sources give them."""

import datetime as dt

from django.utils import translation

from glasna.intake import helplines


def test_every_entry_says_where_it_comes_from() -> None:
    for country, kinds in helplines._load()["countries"].items():
        for kind, entry in kinds.items():
            if entry is None:
                continue
            assert entry["source"] and entry["confidence"] in {"verified_in_seed", "general_knowledge", "unverified"}
            assert isinstance(entry["reviewed"], dt.date) and entry["reviewed"] <= dt.date.today(), (country, kind)
            assert entry["phone"] is None or isinstance(entry["phone"], str), (country, kind)


def test_croatian_survivor_gets_the_victims_line_and_the_childrens_line_in_croatian() -> None:
    with translation.override("hr"):
        gbv = helplines.helpline("HR", "gbv_helpline")
        child = helplines.helpline("HR", "child_helpline")
    assert gbv is not None and gbv["phone"] == "116 006" and gbv["confidence"] == "general_knowledge"
    assert gbv["name"] == "Nacionalni pozivni centar za žrtve kaznenih djela i prekršaja"
    assert child is not None and child["phone"] == "116 111" and child["name"].startswith("Hrabri telefon")
    assert helplines.helpline("HR", "police_cyber_unit") is None
