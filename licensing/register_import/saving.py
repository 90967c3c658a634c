"""Saving checked rows in one transaction through the register's services."""

from dataclasses import dataclass

from django.db import transaction

from search.indexing import deferred

from .. import services
from ..models import Institution, Licence

# ---------------------------------------------------------------- saving


@dataclass
class ImportSummary:
    institutions_created: int = 0
    institutions_reused: int = 0
    licences_created: int = 0


def import_rows(user, plans):
    """Save the checked plans, all or nothing, through the service layer (audit-logged).

    The service functions check the rules again, so a change to the register
    between checking and saving is refused rather than imported; any exception
    rolls the whole import back.
    """
    summary = ImportSummary()
    saved = {}  # USCC -> Institution
    # Indexed once, at the end, for every record at once: not after each row.
    with transaction.atomic(), deferred():
        for plan in plans:
            institution = _saved_institution(user, plan.institution, saved, summary)
            services.save_licence(user, Licence(
                institution=institution, service=plan.service, authority=plan.authority,
                decision_no=plan.decision_no, licence_no=plan.licence_no,
                decided_on=plan.decided_on, valid_from=plan.valid_from,
                valid_until=plan.valid_until,
            ))
            summary.licences_created += 1
    return summary


def _saved_institution(user, planned, saved, summary):
    """The registered institution for a plan, created the first time a new one is met."""
    if planned.uscc in saved:
        return saved[planned.uscc]
    if planned.existing is not None:
        institution = planned.existing
        summary.institutions_reused += 1
    else:
        institution = services.save_institution(user, Institution(
            name=planned.name, uscc=planned.uscc, region=planned.region,
            address=planned.address, category=planned.category,
        ))
        summary.institutions_created += 1
    saved[planned.uscc] = institution
    return institution
