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

__all__ = ["RISK_WEIGHTS", "URGENT_THRESHOLD", "Case", "CaseEvent", "CaseNote", "CaseStatus", "Outcome", "RiskFlag"]
