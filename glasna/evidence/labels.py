"""Names of custody events as people read them (pages and the PDF report)."""

from django.utils.translation import gettext as _

from glasna.evidence.custody_log import Action


def action_labels() -> dict[str, str]:
    return {
        Action.ADDED: _("added to the vault"),
        Action.VIEWED: _("viewed"),
        Action.EXPORTED: _("exported in a bundle"),
        Action.ANNOTATED: _("note added"),
        Action.SHARED_BY_REFERRAL: _("shared with another organisation by referral"),
        Action.DERIVED: _("made as a copy of another item"),
        Action.DERIVATIVE_MADE: _("a copy was made from it"),
        Action.USED: _("used"),
        Action.SUBMITTED: _("sent by the survivor (its SHA-256 committed)"),
    }


def actor_label(actor: str) -> str:
    """Who did something, as people read it: the codes the log and capture details use are translated."""
    return {"survivor": _("the survivor"), "system": _("Glasna (automatically)")}.get(actor, actor)
