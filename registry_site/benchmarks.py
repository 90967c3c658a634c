"""What the benchmarks (`make bench`) share: emptying a scratch register."""

from django.db import connection

from disclosure.models import ApplicationNotice, ListEdition, SetupApplication
from licensing.models import Approval, Institution, Licence, PersonnelQualification
from search.models import IndexEntry

REGISTER = (ApplicationNotice, SetupApplication, ListEdition, PersonnelQualification,
            Approval, Licence, Institution, IndexEntry)


def wipe_register():
    """Delete every institution, licence, decision, application, list edition and search
    entry (regions, authorities and users stay). Only for a scratch database."""
    if connection.vendor == "postgresql":
        # One statement: the ORM's cascade takes minutes at 100k institutions, and
        # published editions refuse the ORM's deletes by design.
        tables = ", ".join(model._meta.db_table for model in REGISTER)
        with connection.cursor() as cursor:
            # Checks deferred to the end of an open transaction must run first.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(f"TRUNCATE {tables} CASCADE")
        return
    if ListEdition.objects.filter(published_on__isnull=False).exists():
        raise RuntimeError("已公布的名单不能删除：请在新的临时数据库上运行基准。")
    for model in REGISTER:
        model.objects.all().delete()
