"""A staff member's own sessions: listed with when they began and were last used, ended all at
once except the one she is using (after a password change, or when she fears a device), and held
to GLASNA_MAX_SESSIONS at sign-in: a password and code stolen once cannot keep a session open
beside hers for the rest of the day unnoticed, because her own sign-ins push it out."""

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.contrib.sessions.models import Session
from django.utils import timezone

from glasna.accounts import session_limits
from glasna.accounts.models import StaffMember


@dataclass(frozen=True)
class OwnSession:
    key_hint: str  # the first characters only: enough to tell sessions apart, useless to steal one
    signed_in_at: dt.datetime | None
    seen_at: dt.datetime | None
    current: bool


def _when(value: object) -> dt.datetime | None:
    if not isinstance(value, (int, float)):
        return None
    return dt.datetime.fromtimestamp(value, tz=dt.UTC)


def _hers(member: StaffMember) -> list[Session]:
    user_id = str(member.user_id)
    alive = Session.objects.filter(expire_date__gt=timezone.now())
    return [session for session in alive.iterator() if session.get_decoded().get("_auth_user_id") == user_id]


def listed(member: StaffMember, current_key: str | None) -> list[OwnSession]:
    rows = []
    for session in _hers(member):
        data = session.get_decoded()
        rows.append(
            OwnSession(
                key_hint=session.session_key[:6],
                signed_in_at=_when(data.get(session_limits.SIGNED_IN_AT)),
                seen_at=_when(data.get(session_limits.SEEN_AT, data.get(session_limits.SIGNED_IN_AT))),
                current=session.session_key == current_key,
            )
        )
    epoch = dt.datetime.min.replace(tzinfo=dt.UTC)
    return sorted(rows, key=lambda row: (not row.current, -(row.seen_at or epoch).timestamp()))


def end_others(member: StaffMember, current_key: str | None) -> int:
    ended = 0
    for session in _hers(member):
        if session.session_key != current_key:
            session.delete()
            ended += 1
    return ended


def _last_seen(session: Session) -> float:
    data = session.get_decoded()
    value = data.get(session_limits.SEEN_AT, data.get(session_limits.SIGNED_IN_AT))
    return float(value) if isinstance(value, (int, float)) else 0.0


def end_beyond_limit(member: StaffMember, current_key: str | None) -> int:
    """After a sign-in: end her least recently used other sessions until, with this one, she has
    at most GLASNA_MAX_SESSIONS. Returns how many ended."""
    others = sorted(
        (session for session in _hers(member) if session.session_key != current_key), key=_last_seen, reverse=True
    )
    beyond = others[max(settings.GLASNA_MAX_SESSIONS - 1, 0) :]
    for session in beyond:
        session.delete()
    return len(beyond)
