"""Inspection plans and their draws (plans.py), the roster (roster.py), inspections, item
results and follow-up (results.py)."""

from .plans import (
    Draw,
    DrawEntry,
    InspectionPlan,
    PlanCategory,
    PlanDeadline,
    PlanItem,
    PopulationEntry,
)
from .results import FollowUp, FollowUpDocument, Inspection, ItemResult, RiskNotice
from .roster import Conflict, Inspector

__all__ = [
    "Conflict", "Draw", "DrawEntry", "FollowUp", "FollowUpDocument", "Inspection",
    "InspectionPlan", "Inspector", "ItemResult", "PlanCategory", "PlanDeadline", "PlanItem",
    "PopulationEntry", "RiskNotice",
]
