"""Models of the register (register.py), of the decisions that change it (approvals.py)
and of the holiday schedules staff keep (holidays.py)."""

from .approvals import Approval, PersonnelQualification  # noqa: F401
from .holidays import HolidaySchedule  # noqa: F401
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
