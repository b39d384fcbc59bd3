"""The cases room's models, one module per concern."""

from glasna.cases.models.case import (
    RISK_WEIGHTS,
    URGENT_THRESHOLD,
    Case,
    CaseEvent,
    CaseNote,
    CaseStatus,
    Outcome,
    RiskFlag,
)
from glasna.cases.models.plan import CaseService, CaseTask, ServiceKind
from glasna.cases.models.referral import (
    ConsentChannel,
    Referral,
    ReferralFile,
    ReferralService,
    ReferralStatus,
    SharedPart,
)

__all__ = [
    "CaseService",
    "CaseTask",
    "ServiceKind",
    "ConsentChannel",
    "Referral",
    "ReferralFile",
    "ReferralService",
    "ReferralStatus",
    "SharedPart",
    "RISK_WEIGHTS",
    "URGENT_THRESHOLD",
    "Case",
    "CaseEvent",
    "CaseNote",
    "CaseStatus",
    "Outcome",
    "RiskFlag",
]
