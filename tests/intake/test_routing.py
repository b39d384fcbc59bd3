import pytest

from glasna.accounts.models import OrganisationType
from glasna.intake.routing import choose_organisation
from tests.factories import make_organisation

pytestmark = pytest.mark.django_db


@pytest.fixture
def network() -> dict[str, object]:
    return {
        "mk_csos": make_organisation("mk-cso", ["MK"], services=["removal", "psychological"]).organisation,
        "mk_legal": make_organisation(
            "mk-legal", ["MK"], services=["legal"], org_type=OrganisationType.LEGAL_AID
        ).organisation,
        "mk_child": make_organisation("mk-child", ["MK"], serves_children=True).organisation,
        "rs": make_organisation("rs-cso", ["RS"]).organisation,
        "desk": make_organisation(
            "desk", ["AL", "MK", "RS"], is_regional_default=True, serves_children=True
        ).organisation,
    }


def test_by_country_and_first_need(network: dict[str, object]) -> None:
    assert choose_organisation("MK", "25_34", ["legal"]) == network["mk_legal"]
    assert choose_organisation("MK", "25_34", ["removal", "legal"]) == network["mk_csos"]
    assert choose_organisation("RS", "prefer_not", []) == network["rs"]


def test_children_go_to_child_protection(network: dict[str, object]) -> None:
    assert choose_organisation("MK", "under_18", ["removal"]) == network["mk_child"]
    assert choose_organisation("RS", "under_18", []) == network["desk"]


def test_unknown_country_goes_to_regional_desk(network: dict[str, object]) -> None:
    assert choose_organisation("prefer_not", "", []) == network["desk"]
    assert choose_organisation("other", "35_49", ["legal"]) == network["desk"]
