"""The demo credit records: fictional institutions only, every case a user should see."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from disclosure.credit.models import BlacklistEntry, Penalty, PointRecord
from disclosure.credit.public import public_penalties
from disclosure.credit.scheme import DISHONEST, WARNING
from disclosure.credit.status import credit_status

pytestmark = pytest.mark.django_db


def test_seed_demo_adds_fictional_penalties_of_every_kind_of_case(client):
    call_command("seed_demo", "--institutions", "150", stdout=StringIO())
    call_command("seed_demo", "--institutions", "150", stdout=StringIO())  # idempotent
    today = timezone.localdate()
    penalties = Penalty.objects.filter(decision_no__startswith="示例卫罚")  # the credit demo's own
    assert penalties.count() == 8
    assert not penalties.exclude(institution__name__startswith="示例").exists()
    assert public_penalties().filter(decision_no__startswith="示例卫罚").count() == 4
    assert any(p.public_until < today for p in penalties)
    assert penalties.filter(end_reason="repaired").exists()
    assert penalties.filter(end_reason="revoked").exists()
    assert penalties.filter(kinds="警告", published_on__isnull=True).exists()
    revoking = penalties.get(kinds__contains="吊销许可证件")
    assert credit_status(revoking.institution).level == DISHONEST
    assert credit_status(BlacklistEntry.objects.get().institution).level == DISHONEST
    scored = PointRecord.objects.first().institution
    assert credit_status(scored).level == WARNING
    page = client.get(reverse("credit:index")).content.decode()
    assert "示例张医生" not in page and "示*" in page
    detail = client.get(reverse("institution_detail", args=[revoking.institution_id]))
    assert "信用状况" in detail.content.decode() and "失信" in detail.content.decode()
