"""The redaction step of a notice to a platform: every notice speaks for a survivor who stays
anonymous (its text says the name is withheld), so what it carries is checked before it leaves.

A draft is redacted as soon as it is made (`redact_draft`), so an unchecked body holds no detected
personal data; the caseworker then sees the preview, keeps false positives or hides more, and
confirms (`confirm`). Sending by e-mail waits for that confirmation (glasna/takedown/views.py)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from glasna.accounts.keyring import KeyUnavailable, OrganisationKeys
from glasna.accounts.models import StaffMember
from glasna.cases.models import Case
from glasna.core import audit
from glasna.core.crypto.primitives import DecryptionError, seal, unseal
from glasna.triage.models import CaseNames, OutgoingCheck
from glasna.triage.outgoing import Correction, Preview, apply

KIND_LABELS = {
    "phone": _("phone number"),
    "email": _("e-mail address"),
    "jmbg": _("personal number"),
    "al_personal_number": _("personal number"),
    "xk_personal_number": _("personal number"),
    "iban": _("bank account (IBAN)"),
    "name": _("name"),
    "added": _("added by you"),
}


def names_in(rows: Iterable[CaseNames], keys: OrganisationKeys) -> list[str]:
    """Every name the rows hold, once each. A row these keys do not open (sealed to a version this
    member does not hold, until rotation re-seals it) gives none."""
    names: list[str] = []
    for row in rows:
        try:
            text = unseal(keys.for_version(row.key_version), bytes(row.sealed)).decode()
        except (DecryptionError, KeyUnavailable):
            continue
        names += [line for line in text.splitlines() if line.strip()]
    return list(dict.fromkeys(names))


def names_of(case: Case, keys: OrganisationKeys) -> list[str]:
    return names_in(CaseNames.objects.filter(case=case), keys)


def set_names(staff: StaffMember, case: Case, names: list[str], request: HttpRequest | None) -> None:
    key = case.organisation.current_key
    cleaned = "\n".join(dict.fromkeys(n.strip() for n in names if n.strip()))
    CaseNames.objects.update_or_create(
        case=case, defaults={"sealed": seal(bytes(key.public_key), cleaned.encode()), "key_version": key.version}
    )
    audit.record(
        "triage.case_names_changed",
        actor=staff.user.get_username(),
        target=f"case:{case.pk}",
        organisation_id=staff.organisation_id,
        request=request,
    )


def protected_of(notice: Any) -> list[str]:
    """What a notice must carry exactly: the notifier, the content's addresses, hashes, reference."""
    from glasna.takedown import notice_builder

    name, email = notice_builder.notifier(notice.organisation)
    out = [name, email, notice_builder.reference(notice), notice.platform.policy_url]
    for item in notice.items:
        out += [item.get("url", ""), item.get("url_display", ""), item.get("sha256", "")]
    return [s for s in out if s]


def preview(notice: Any, keys: OrganisationKeys, correction: Correction) -> list[tuple[str, Preview]]:
    """(language, preview) for the English body and the local one, freshly rendered from the notice."""
    from glasna.takedown import notice_builder

    names, protected = names_of(notice.case, keys), protected_of(notice)
    return [
        (language, apply(body, names, correction, protected)) for language, body in notice_builder.render_bodies(notice)
    ]


def _store(notice: Any, previews: list[tuple[str, Preview]]) -> None:
    bodies = dict(previews)
    notice.body_en = bodies["en"].redacted
    notice.body_local = next((p.redacted for lang, p in previews if lang != "en"), "")
    notice.save(update_fields=["body_en", "body_local"])


def redact_draft(notice: Any, keys: OrganisationKeys) -> None:
    _store(notice, preview(notice, keys, Correction()))


def confirm(
    staff: StaffMember, keys: OrganisationKeys, notice: Any, correction: Correction, request: HttpRequest | None
) -> OutgoingCheck:
    previews = preview(notice, keys, correction)
    _store(notice, previews)
    found = [f for _, p in previews for f in p.found]
    check = OutgoingCheck.objects.create(
        case=notice.case,
        target=f"notice:{notice.pk}",
        hidden=sum(p.hidden for _, p in previews),
        kept=sum(1 for f in found if f.kept),
        added=sum(1 for f in found if f.added),
        checked_by=staff,
    )
    audit.record(
        "triage.outgoing_checked",
        actor=staff.user.get_username(),
        target=f"notice:{notice.pk}",
        organisation_id=staff.organisation_id,
        request=request,
    )
    return check


def checked(notice: Any) -> bool:
    return OutgoingCheck.objects.filter(target=f"notice:{notice.pk}", case_id=notice.case_id).exists()
