"""Statements of reasons follow the DSA Transparency Database's field rules."""

import datetime as dt
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from glasna.takedown import transparency


def valid() -> dict[str, Any]:
    return {
        "decision_visibility": ["DECISION_VISIBILITY_CONTENT_REMOVED"],
        "decision_ground": "DECISION_GROUND_ILLEGAL_CONTENT",
        "illegal_content_legal_ground": "Criminal Code of Montenegro, Art. 175a",
        "illegal_content_explanation": "Intimate image shared without consent.",
        "category": "STATEMENT_CATEGORY_CYBER_VIOLENCE_AGAINST_WOMEN",
        "category_specification": ["KEYWORD_NON_CONSENSUAL_IMAGE_SHARING_AGAINST_WOMEN"],
        "content_type": ["CONTENT_TYPE_IMAGE"],
        "territorial_scope": ["IE", "HR"],
        "decision_facts": "Removed after a notice from an NGO.",
        "source_type": "SOURCE_ARTICLE_16",
        "automated_detection": "No",
        "automated_decision": "AUTOMATED_DECISION_NOT_AUTOMATED",
        "content_date": dt.date(2026, 11, 20),
        "application_date": dt.date(2026, 11, 22),
    }


def test_a_complete_statement_is_valid() -> None:
    assert transparency.validate(valid()) == {}


@pytest.mark.parametrize(
    "field",
    [
        "decision_ground",
        "category",
        "content_type",
        "decision_facts",
        "source_type",
        "automated_detection",
        "automated_decision",
        "content_date",
        "application_date",
    ],
)
def test_required_fields(field: str) -> None:
    data = valid()
    data.pop(field)
    assert field in transparency.validate(data)


def test_at_least_one_restriction() -> None:
    data = valid()
    data["decision_visibility"] = []
    assert "decision_visibility" in transparency.validate(data)
    data["decision_account"] = "DECISION_ACCOUNT_SUSPENDED"
    assert transparency.validate(data) == {}


def test_conditional_requirements() -> None:
    data = valid()
    data.pop("illegal_content_legal_ground")
    assert "illegal_content_legal_ground" in transparency.validate(data)
    data = valid() | {"decision_ground": "DECISION_GROUND_INCOMPATIBLE_CONTENT"}
    assert {"incompatible_content_ground", "incompatible_content_explanation"} <= set(transparency.validate(data))
    data = valid() | {"decision_visibility": ["DECISION_VISIBILITY_OTHER"], "content_type": ["CONTENT_TYPE_OTHER"]}
    assert {"decision_visibility_other", "content_type_other"} <= set(transparency.validate(data))


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("decision_ground", "DECISION_GROUND_BECAUSE"),
        ("category", "STATEMENT_CATEGORY_CYBER_VIOLENCE_AGAINST_MEN"),
        ("content_type", ["CONTENT_TYPE_HOLOGRAM"]),
        ("territorial_scope", ["ME"]),  # Montenegro is not in the EEA list
        ("automated_detection", "yes"),
        ("category_specification", ["KEYWORD_CYBER_STALKING"]),  # a keyword of another category
        ("application_date", dt.date(2026, 11, 1)),  # before the content
    ],
)
def test_enumerations_and_consistency(field: str, value: Any) -> None:
    assert field in transparency.validate(valid() | {field: value})


def test_the_notice_categories_are_in_the_schema() -> None:
    for forms in (["ibsa_shared"], ["ibsa_faked"], ["cyberstalking"], ["sexual_harassment"], ["child_abuse"], []):
        for gender in ("woman", "man", ""):
            category, keywords = transparency.category_for(forms, gender)
            assert category in transparency.CATEGORIES
            assert set(keywords) <= set(transparency.KEYWORDS[category])


@given(
    st.dictionaries(
        st.sampled_from(sorted(valid())),
        st.one_of(st.text(max_size=20), st.lists(st.text(max_size=10), max_size=3), st.none()),
    )
)
def test_any_input_gives_errors_not_exceptions(data: dict[str, Any]) -> None:
    assert isinstance(transparency.validate(data), dict)
