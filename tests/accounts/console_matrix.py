"""The staff console's pages in the permission matrix (tests/cases/test_permission_matrix.py
renders these tables into docs/permissions.md): every role, and the installation's operator, tries
each page of the console, the organisation settings, the operator console and her own account.
Each actor has her own organisation, so a key rotation one of them starts changes nobody else's
keys; every attempt is made after a fresh code, so the matrix shows who may act, not who is asked
for a code (tests/accounts/test_step_up.py covers that)."""

from collections.abc import Callable

from django.test import Client

from glasna.accounts import founding, keyring, rotation
from glasna.accounts.models import CredentialReset, Organisation, Role, RotationJob, StaffMember
from glasna.core.models import AuditEvent
from glasna.matching import banks, tokens
from glasna.matching.models import PlatformToken
from tests.factories import PASSWORD, OrgBundle, fresh_step_up, make_organisation, signed_in_client

ACTORS = [Role.ORG_ADMIN, Role.INTAKE_OFFICER, Role.CASEWORKER, Role.LAWYER, Role.ANALYST, Role.PLATFORM_ADMIN]
ORGANISATION = "their organisation"
PAGE_ENDPOINTS = [
    "key rotation page",
    "start a key rotation",
    "rotation progress",
    "resume a key rotation",
    "organisation settings",
    "save a setting",
    "create a platform token",
    "revoke a platform token",
    "audit log",
    "audit log as CSV",
    "operator console",
    "sign every staff member out",
]
OWN_ENDPOINTS = [
    "own account",
    "end her other sessions",
    "a new authenticator app",
    "one-time codes",
    "make one-time codes",
    "confirm with a code",
    "directory of organisations",
]
# Actions on another member from the console (the member tables of test_permission_matrix.py).
MEMBER_ENDPOINTS = ["change role", "reset two-step sign-in", "password reset link"]
URL = "/en/staff/"


def _job(organisation: Organisation, bundle: OrgBundle) -> RotationJob:
    job = RotationJob.objects.filter(organisation=organisation).order_by("-pk").first()
    return job if job is not None else rotation.start(organisation, bundle.org_keys, "test")[0]


def _page_attempts(client: Client, actor: StaffMember, bundle: OrgBundle) -> dict[str, Callable[[], bool]]:
    organisation = bundle.organisation
    telegram = tokens.issue("telegram", "Telegram", [banks.survivor_bank()])[0]
    token_form = {"label": f"Token of {actor.pk}", "platform": telegram.pk, "banks": [banks.survivor_bank().pk]}

    def start() -> bool:
        client.post(f"{URL}console/rotation/")
        return RotationJob.objects.filter(organisation=organisation, started_by=actor.user.username).exists()

    def resume() -> bool:
        response = client.post(f"{URL}console/rotation/{_job(organisation, bundle).pk}/resume/")
        return response.status_code == 302 and response.url.endswith("/console/rotation/")  # refused: 404

    def save() -> bool:
        client.post(f"{URL}settings/mail/", {"notice_reply_to": f"desk-{actor.pk}@example.org"})
        organisation.refresh_from_db()
        return organisation.notice_reply_to == f"desk-{actor.pk}@example.org"

    def revoke() -> bool:
        record, _secret = tokens.create(bundle.staff, telegram, [banks.survivor_bank()], f"Revoked by {actor.pk}")
        client.post(f"{URL}settings/tokens/{record.pk}/revoke/")
        record.refresh_from_db()
        return record.revoked_at is not None

    return {
        "key rotation page": lambda: client.get(f"{URL}console/rotation/").status_code == 200,
        "start a key rotation": start,
        "rotation progress": lambda: (
            client.get(f"{URL}console/rotation/{_job(organisation, bundle).pk}/progress/").status_code == 200
        ),
        "resume a key rotation": resume,
        "organisation settings": lambda: client.get(f"{URL}settings/").status_code == 200,
        "save a setting": save,
        "create a platform token": lambda: (
            client.post(f"{URL}settings/tokens/", token_form).status_code == 200
            and PlatformToken.objects.filter(label=token_form["label"]).exists()
        ),
        "revoke a platform token": revoke,
        "audit log": lambda: client.get(f"{URL}audit/").status_code == 200,
        "audit log as CSV": lambda: client.get(f"{URL}audit/", {"format": "csv"}).status_code == 200,
        "operator console": lambda: client.get(f"{URL}operator/").status_code == 200,
        "sign every staff member out": lambda: (
            client.post(f"{URL}operator/sessions/end/").status_code == 302
            and AuditEvent.objects.filter(action="operator.all_sessions_ended", actor=actor.user.username).exists()
        ),
    }


def _own_attempts(client: Client, actor: StaffMember) -> dict[str, Callable[[], bool]]:
    def end_others() -> bool:
        client.post(f"{URL}account/sessions/end/")
        return AuditEvent.objects.filter(action="staff.other_sessions_ended", actor=actor.user.username).exists()

    return {
        "own account": lambda: client.get(f"{URL}account/").status_code == 200,
        "end her other sessions": end_others,
        "a new authenticator app": lambda: (
            b'id="totp-secret"' in fresh_step_up(client).get(f"{URL}account/authenticator/").content
        ),
        "one-time codes": lambda: client.get(f"{URL}one-time-codes/").status_code == 200,
        "make one-time codes": lambda: b'id="one-time-codes"' in client.post(f"{URL}one-time-codes/new/").content,
        "confirm with a code": lambda: client.get(f"{URL}confirm/").status_code == 200,
        "directory of organisations": lambda: client.get(f"{URL}directory/").status_code == 200,
    }


def _actor(role: str, number: int) -> tuple[StaffMember, OrgBundle]:
    if role == Role.PLATFORM_ADMIN:  # in her own organisation, as commands/create_operator.py makes her
        fields = {"slug": "m-operators", "name": "Operators (invented)", "countries": ["MK"], "language": "en"}
        founded = founding.found(fields, "m-operator", "", PASSWORD, role=Role.PLATFORM_ADMIN)
        operator = StaffMember.objects.get(user__username="m-operator")
        keys = keyring.unlock_with_recovery_code(founded.organisation, founded.recovery_code, actor="test")
        return operator, OrgBundle(founded.organisation, founded.recovery_code, keys, operator, PASSWORD)
    bundle = make_organisation(f"m-org-{number}", ["MK"], role=Role.ORG_ADMIN)
    return keyring.create_staff(bundle.organisation, f"m-actor-{number}", PASSWORD, role, bundle.org_keys), bundle


def matrices() -> tuple[dict[tuple[str, str, str], bool], dict[tuple[str, str, str], bool]]:
    """(console pages, own pages), keyed by (role label, situation, endpoint)."""
    pages: dict[tuple[str, str, str], bool] = {}
    own: dict[tuple[str, str, str], bool] = {}
    for number, role in enumerate(ACTORS):
        actor, bundle = _actor(role, number)
        client = fresh_step_up(signed_in_client(actor))
        for endpoint, attempt in _page_attempts(client, actor, bundle).items():
            pages[(str(role.label), ORGANISATION, endpoint)] = attempt()
            fresh_step_up(client)
        for endpoint, attempt in _own_attempts(client, actor).items():
            own[(str(role.label), ORGANISATION, endpoint)] = attempt()
    return pages, own


def attempt_member(client: Client, endpoint: str, member: StaffMember) -> bool:
    """One of MEMBER_ENDPOINTS on `member` (a caseworker), after a fresh code."""
    fresh_step_up(client)
    page = f"{URL}console/members/{member.pk}/"
    if endpoint == "change role":
        client.post(f"{page}role/", {"role": Role.LAWYER})
        member.refresh_from_db()
        return member.role == Role.LAWYER
    if endpoint == "reset two-step sign-in":
        client.post(f"{page}recovery/", {"action": "second_factor"})
        target = f"staff:{member.user.username}"
        return AuditEvent.objects.filter(action="staff.second_factor_reset", target=target).exists()
    client.post(f"{page}recovery/", {"action": "password"})
    return CredentialReset.objects.filter(staff=member).exists()


def expected_page(role: str, endpoint: str) -> bool:
    if endpoint in ("operator console", "sign every staff member out"):
        return role == str(Role.PLATFORM_ADMIN.label)
    return role == str(Role.ORG_ADMIN.label)


def table(matrix: dict[tuple[str, str, str], bool], endpoints: list[str]) -> list[str]:
    lines = ["| role | " + " | ".join(endpoints) + " |", "|---|" + "---|" * len(endpoints)]
    for role in ACTORS:
        cells = ["yes" if matrix[(str(role.label), ORGANISATION, e)] else "no" for e in endpoints]
        lines.append(f"| {role.label} | " + " | ".join(cells) + " |")
    return lines


def rendered(pages: dict[tuple[str, str, str], bool], own: dict[tuple[str, str, str], bool]) -> list[str]:
    return [
        "## Console pages, organisation settings and the operator console (each tried after a fresh code)",
        "",
        *table(pages, PAGE_ENDPOINTS),
        "",
        "## A staff member's own pages",
        "",
        *table(own, OWN_ENDPOINTS),
        "",
        "Invitation and password reset links and the two-step set-up open without signing in (each link",
        "works once, and guessing is throttled). The recovery-code page opens only for an administrator",
        "waiting for the key when nobody active holds it (tests/accounts/test_recover_admin.py).",
    ]
