"""What the benchmarks (`make bench`) share: emptying a scratch register."""

from django.db import connection

from disclosure.credit.models import BlacklistEntry, Penalty, PointRecord
from disclosure.inspections.models import (
    DrawEntry,
    FollowUp,
    Inspection,
    InspectionPlan,
    ItemResult,
    PopulationEntry,
    RiskNotice,
)
from disclosure.inspections.models.plans import Draw
from disclosure.models import ApplicationNotice, ListEdition, SetupApplication
from licensing.models import Approval, Institution, Licence, PersonnelQualification
from search import result_cache
from search.models import IndexEntry

# In deleting order: what refers to institutions (inspections, credit records) first.
INSPECTIONS = (ItemResult, DrawEntry, PopulationEntry, Inspection, FollowUp, RiskNotice, Draw,
               InspectionPlan)
REGISTER = (*INSPECTIONS, PointRecord, BlacklistEntry, Penalty, ApplicationNotice,
            SetupApplication, ListEdition, PersonnelQualification, Approval, Licence,
            Institution, IndexEntry)


def wipe_register():
    """Delete every institution, licence, decision, application, list edition, credit and
    inspection record and search entry (regions, authorities, users and inspector rosters
    stay). Only for a scratch database."""
    if connection.vendor == "postgresql":
        # One statement: the ORM's cascade takes minutes at 100k institutions, and
        # published editions refuse the ORM's deletes by design.
        tables = ", ".join(model._meta.db_table for model in REGISTER)
        with connection.cursor() as cursor:
            # Checks deferred to the end of an open transaction must run first.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(f"TRUNCATE {tables} CASCADE")
        result_cache.index_changed()  # no signal tells the kept search answers
        return
    if ListEdition.objects.filter(published_on__isnull=False).exists():
        raise RuntimeError("已公布的名单不能删除：请在新的临时数据库上运行基准。")
    for model in REGISTER:
        model.objects.all().delete()
    result_cache.index_changed()
