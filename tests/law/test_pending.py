"""Changes in progress (`pending_changes`): read from provisions and jurisdictions, refused when
malformed, and reported as warnings when their review is older than six months (relative to today)."""

import datetime as dt
from pathlib import Path
from typing import Any

from glasna.law import knowledge
from glasna.law.schema import PendingChange, Source
from tests.law import factories

TODAY = dt.date(2026, 12, 4)  # a frozen "today" for check(); nothing here is compared with the real date


def change(**overrides: Any) -> dict[str, Any]:
    return {
        "kind": "bill",
        "summary": "An invented bill would make sharing an offence.",
        "date": TODAY - dt.timedelta(days=30),
        "source": {"citation": "Invented Gazette, 1 November", "url": "https://example.org/bill"},
        "confidence": "secondary_source",
        "reviewed": TODAY - dt.timedelta(days=1),
    } | overrides


def check(tmp_path: Path, *, on_provision: list[Any] | None = None, on_jurisdiction: list[Any] | None = None):  # type: ignore[no-untyped-def]
    provision = factories.provision(**({"pending_changes": on_provision} if on_provision is not None else {}))
    about = factories.jurisdiction(**({"pending_changes": on_jurisdiction} if on_jurisdiction is not None else {}))
    root = factories.write_data(tmp_path, {"ZZ": (about, [provision])})
    return knowledge.check(root, today=TODAY)


def text(kb: knowledge.KnowledgeBase, level: str) -> str:
    return "\n".join(str(p) for p in kb.problems if p.level == level)


def test_pending_changes_are_read_on_provisions_and_jurisdictions(tmp_path: Path) -> None:
    kb = check(
        tmp_path,
        on_provision=[change()],
        on_jurisdiction=[change(kind="transposition_deadline", date=TODAY + dt.timedelta(days=200))],
    )
    assert kb.errors == [] and kb.warnings == []
    (on_provision,) = kb.provisions[0].pending_changes
    assert on_provision.kind == "bill" and on_provision.summary == {
        "en": "An invented bill would make sharing an offence."
    }
    assert on_provision.source.url == "https://example.org/bill"
    (on_jurisdiction,) = kb.jurisdictions["ZZ"].pending_changes
    assert on_jurisdiction.kind == "transposition_deadline"


def test_a_review_older_than_six_months_is_a_warning_not_an_error(tmp_path: Path) -> None:
    stale = TODAY - dt.timedelta(days=200)
    kb = check(tmp_path, on_provision=[change(reviewed=stale)])
    assert kb.errors == []
    assert f"pending change last reviewed {stale.isoformat()}, more than six months ago" in text(kb, "warning")
    assert "ZZ/provisions.yaml provisions[0] (zz-cc-1) pending_changes[0]" in text(kb, "warning")
    fresh = check(tmp_path / "fresh", on_provision=[change(reviewed=TODAY - dt.timedelta(days=150))])
    assert fresh.warnings == []


def test_the_shipped_pending_changes_warn_only_once_six_months_have_passed() -> None:
    shipped = [c for j in knowledge.cached().jurisdictions.values() for c in j.pending_changes]
    assert shipped
    latest = max(c.reviewed for c in shipped)
    assert not [p for p in knowledge.check(today=latest).warnings if "pending change" in p.message]
    later = knowledge.check(today=latest + dt.timedelta(days=200))
    assert [p for p in later.warnings if "more than six months ago" in p.message]
    assert later.errors == []


def test_a_passed_transposition_deadline_is_a_warning(tmp_path: Path) -> None:
    kb = check(tmp_path, on_jurisdiction=[change(kind="transposition_deadline", date=TODAY - dt.timedelta(days=1))])
    assert kb.errors == []
    assert "has passed: record the law now in force" in text(kb, "warning")


BROKEN = {
    "unknown kind": (change(kind="rumour"), "`kind`: unknown value 'rumour'"),
    "future announcement": (change(date=TODAY + dt.timedelta(days=1)), "is in the future: a bill has a date"),
    "future review": (change(reviewed=TODAY + dt.timedelta(days=1)), "is in the future"),
    "summary without English": (change(summary={"sr": "Nešto"}), "`summary` must be English text"),
    "source without citation": (
        change(source={"document": factories.SEED, "section": "s", "lines": [2, 2], "quote": "invented conduct"}),
        "needs a `citation`",
    ),
    "secondary source without url": (
        change(source={"citation": "Invented Gazette"}),
        "`confidence: secondary_source` needs the `source.url`",
    ),
    "missing reviewed": ({k: v for k, v in change().items() if k != "reviewed"}, "`reviewed` is required"),
}


def test_each_kind_of_broken_pending_change_is_an_error(tmp_path: Path) -> None:
    for n, (raw, expected) in enumerate(BROKEN.values()):
        kb = check(tmp_path / str(n), on_provision=[raw])
        assert expected in text(kb, "error"), expected


def test_a_secondary_source_provision_needs_its_citation_and_url(tmp_path: Path) -> None:
    provision = factories.provision(confidence="secondary_source")
    root = factories.write_data(tmp_path, {"ZZ": (factories.jurisdiction(), [provision])})
    assert "secondary_source needs the `source.citation` and `source.url`" in text(
        knowledge.check(root, today=TODAY), "error"
    )


def test_the_summary_is_shown_in_the_readers_language_when_the_data_has_it() -> None:
    pending = PendingChange(
        kind="announced",
        summary={"en": "In English.", "sr-latn": "Na srpskom.", "mk": "На македонски."},
        date=TODAY,
        source=Source(None, "Invented", None, None, None, None),
        confidence="secondary_source",
        reviewed=TODAY,
    )
    assert pending.summary_in("sr-latn") == ("sr-latn", "Na srpskom.")
    assert pending.summary_in("mk") == ("mk", "На македонски.")
    assert pending.summary_in("sq") == ("en", "In English.")
