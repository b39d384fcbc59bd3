"""Fixtures of the proceedings tests: a Skopje organisation with a case and evidence, and a clock the
tests move (the takedown room's FrozenClock, patched into this room's clock)."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest

from glasna.cases.models import Case
from glasna.evidence import services as evidence
from glasna.evidence.capture import Capture
from glasna.evidence.models import EvidenceItem
from glasna.proceedings import clock
from tests.factories import OrgBundle, make_organisation, submit
from tests.takedown.conftest import FrozenClock


@dataclass
class Skopje:
    bundle: OrgBundle
    case: Case
    items: list[EvidenceItem]


@pytest.fixture
def skopje(db: Any) -> Skopje:
    bundle = make_organisation("mk-cso", ["MK"], language="mk")
    submit(country="MK")
    case = Case.objects.get(organisation=bundle.organisation)
    items = [
        evidence.add_record(
            bundle.staff, bundle.org_keys, case.pk, "url", f"post {n}", Capture(url=f"https://t.me/invented/{n}")
        )
        for n in range(3)
    ]
    return Skopje(bundle, case, items)


@pytest.fixture
def frozen(monkeypatch: pytest.MonkeyPatch) -> FrozenClock:
    frozen_clock = FrozenClock(dt.datetime(2027, 3, 3, 9, 0, tzinfo=dt.UTC))
    monkeypatch.setattr(clock, "now", frozen_clock)
    monkeypatch.setattr(clock, "today", lambda: frozen_clock().date())
    return frozen_clock
