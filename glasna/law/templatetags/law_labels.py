"""Filters that put the knowledge base's codes into words on the law pages."""

from typing import Any

from django import template
from django.utils.translation import get_language

from glasna.intake import taxonomy as t
from glasna.law import labels
from glasna.law.schema import PendingChange

register = template.Library()


@register.filter
def element_label(code: str) -> str:
    return str(labels.ELEMENTS.get(code, code))


@register.filter
def elements_label(codes: Any) -> str:
    return labels.elements(sorted(codes) if isinstance(codes, (set, frozenset)) else list(codes))


@register.filter
def forms_label(codes: Any) -> str:
    forms = dict(t.FORMS)
    return ", ".join(str(forms.get(code, code)) for code in codes)


@register.filter
def prosecution_label(code: str) -> str:
    return str(labels.PROSECUTION.get(code, code))


@register.filter
def where_label(code: str) -> str:
    return str(labels.WHERE.get(code, code))


@register.filter
def roles_label(codes: Any) -> str:
    return "; ".join(str(labels.ROLES.get(code, code)) for code in codes)


@register.filter
def confidence_label(code: str) -> str:
    return str(labels.CONFIDENCE.get(code, code))


@register.filter
def classification_label(code: str) -> str:
    return str(labels.CLASSIFICATION.get(code, code))


@register.filter
def country_label(code: str) -> str:
    return str(dict(t.COUNTRIES).get(code, code))


@register.filter
def jurisdiction_label(code: str) -> str:
    return str(labels.JURISDICTIONS.get(code, code))


@register.filter
def get_item(mapping: dict[str, Any], key: str) -> Any:
    return mapping.get(key)


@register.filter
def draft_label(kind: str) -> str:
    return str(labels.DRAFTS.get(kind, kind))


@register.filter
def deadline_basis(code: str) -> str:
    return str(labels.DEADLINE_BASIS.get(code, labels.DEADLINE_BASIS["unverified"]))


@register.filter
def pending_kind_label(code: str) -> str:
    return str(labels.PENDING_KINDS.get(code, code))


@register.filter
def pending_summary(change: PendingChange) -> tuple[str, str]:
    """(language, text): the summary in the reader's language where the data has it, else English."""
    return change.summary_in(get_language() or "en")
