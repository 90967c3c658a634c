"""New setup applications (R3) as pure functions.

在接到新的设置申请后1个月内向社会公开申请机构信息（桂卫妇幼发〔2021〕15号 二(二)1）.
"""

import calendar
from datetime import date


def disclosure_deadline(received_on):
    """公开期限: one calendar month after receipt, clamped to the month's end
    (2026-01-31 → 2026-02-28, 2028-01-31 → 2028-02-29). Disclosure on that day is on time."""
    year = received_on.year + received_on.month // 12
    month = received_on.month % 12 + 1
    last_day = calendar.monthrange(year, month)[1]
    return date(year, month, min(received_on.day, last_day))


def disclosed_on_time(received_on, disclosed_on):
    return disclosed_on <= disclosure_deadline(received_on)


# 申请办理流程: received → disclosed → under review → approved / refused; withdrawn any time.
RECEIVED, DISCLOSED, UNDER_REVIEW = "received", "disclosed", "under_review"
APPROVED, REFUSED, WITHDRAWN = "approved", "refused", "withdrawn"
STATUS_LABELS = {
    RECEIVED: "已受理", DISCLOSED: "已公开", UNDER_REVIEW: "审查中",
    APPROVED: "准予许可", REFUSED: "不予许可", WITHDRAWN: "申请人撤回",
}
_NEXT = {
    RECEIVED: {DISCLOSED, WITHDRAWN},
    DISCLOSED: {UNDER_REVIEW, WITHDRAWN},
    UNDER_REVIEW: {APPROVED, REFUSED, WITHDRAWN},
    APPROVED: set(), REFUSED: set(), WITHDRAWN: set(),
}


def may_move(current, new):
    """Whether the lifecycle allows `current` → `new` (staying put is always allowed)."""
    return new == current or new in _NEXT[current]
