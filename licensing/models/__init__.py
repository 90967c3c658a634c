"""Models of the register (register.py) and of the decisions that change it (approvals.py)."""

from .approvals import Approval, PersonnelQualification  # noqa: F401
from .register import (  # noqa: F401
    GUANGXI,
    Authority,
    HistoryRow,
    Institution,
    Licence,
    LicenceEvent,
    Region,
    StaffProfile,
    Technology,
    validate_uscc,
)
