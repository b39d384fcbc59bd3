"""Words for the room's codes (translated; the records keep codes)."""

from django.utils.translation import gettext_lazy as _

WARNINGS = {
    "out_of_order": _("A step is dated before a step it normally follows. Check the dates."),
    "decision_without_filing": _("A decision is recorded but no filing. Add the filing date if you know it."),
    "unverified_deadline": _("The deadline rests on a law entry marked unverified. Ask a lawyer."),
}
