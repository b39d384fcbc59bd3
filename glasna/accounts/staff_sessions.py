"""Every staff session of the installation, ended at once by its operator: after a suspected
break-in (a leaked database copy, a stolen laptop with many members' sessions), everyone signs in
again with password and code. Survivors' visits hold no staff identity and go on."""

from django.contrib.sessions.models import Session
from django.utils import timezone

from glasna.accounts.views import PENDING

# A signed-in member's session, and one half-way through sign-in (password typed, her key held).
_STAFF_FIELDS = ("_auth_user_id", PENDING)


def end_all_except(current_key: str | None) -> int:
    """End every staff session but `current_key` (the operator's own). Returns how many ended."""
    ended = 0
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.session_key == current_key:
            continue
        data = session.get_decoded()
        if any(field in data for field in _STAFF_FIELDS):
            session.delete()
            ended += 1
    return ended
