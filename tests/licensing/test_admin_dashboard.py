"""The admin dashboard lists every grant still to be published (双公示), most urgent first."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from licensing import roles, services
from licensing.choices import Service
from licensing.dashboard import publicity_rows
from licensing.models import Approval
from licensing.working_days import publicity_deadline, working_days_between
from tests.factories import InstitutionFactory, authority

pytestmark = pytest.mark.django_db

XINGNING = "450102"
APPROVAL = "wagtailsnippets_licensing_approval"


def grant(user, name, decided_on, number, published_on=None):
    approval = Approval(
        institution=InstitutionFactory(name=name), service=Service.PREMARITAL_EXAM,
        authority=authority(XINGNING), received_on=decided_on - timedelta(days=20),
        decision=Approval.Decision.APPROVED, decided_on=decided_on,
        decision_no=f"示例许字〔{decided_on.year}〕{number}号", licence_no=f"PM-DASH-{number:04d}",
        valid_from=decided_on, valid_until=date(decided_on.year + 3, 1, 1),
    )
    services.record_approval(user, approval)
    if published_on:
        services.publish_decision(user, approval, published_on)
    return approval


def decided_with_days_left(left):
    """A decision date (today or earlier) whose deadline is `left` working days away."""
    today = timezone.localdate()
    for back in range(60):
        day = today - timedelta(days=back)
        if working_days_between(today, publicity_deadline(day)) == left:
            return day
    raise AssertionError(left)


def test_a_grant_decided_today_is_on_the_dashboard_from_today(client, xingning_county):
    today = timezone.localdate()
    approval = grant(xingning_county, "示例今天准予医院", today, 1)
    left = working_days_between(today, publicity_deadline(today))
    assert left > 3  # far from its deadline, and still listed
    client.force_login(xingning_county)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "示例今天准予医院" in html and f"剩余{left}个工作日" in html
    assert reverse(f"{APPROVAL}:edit", args=[approval.pk]) in html  # where 公示日期 goes


def test_every_unpublished_grant_is_listed_most_urgent_first(client, xingning_county):
    late = grant(xingning_county, "示例超期医院", decided_with_days_left(-2), 1)
    soon = grant(xingning_county, "示例将到期医院", decided_with_days_left(1), 2)
    later = grant(xingning_county, "示例后到期医院", decided_with_days_left(6), 3)
    grant(xingning_county, "示例已公示医院", decided_with_days_left(-4), 4,
          published_on=timezone.localdate())
    rows = publicity_rows(xingning_county)
    assert [(row.grant, row.left) for row in rows] == [(late, -2), (soon, 1), (later, 6)]
    assert [row.overdue for row in rows] == [True, False, False]
    client.force_login(xingning_county)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "1 项准予许可决定已超过公示期限" in html
    labels = ("已超期2个工作日", "剩余1个工作日", "剩余6个工作日")
    positions = [html.index(label) for label in labels]
    assert positions == sorted(positions)
    assert "示例已公示医院" not in html
    assert 'class="publicity-overdue"' in html


def test_each_authority_sees_its_own_and_the_region_reads_them(client, xingning_county,
                                                               make_user):
    approval = grant(xingning_county, "示例兴宁医院", decided_with_days_left(2), 1)
    assert publicity_rows(make_user(roles.COUNTY_OFFICIALS, "450103")) == []
    staff = make_user(roles.REGION_STAFF, "45")
    assert [row.grant for row in publicity_rows(staff)] == [approval]
    client.force_login(staff)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    # The region may not enter a county's 公示日期: the row opens the read-only view.
    assert reverse(f"{APPROVAL}:inspect", args=[approval.pk]) in html
    assert reverse(f"{APPROVAL}:edit", args=[approval.pk]) not in html
    assert "南宁市兴宁区卫生健康局" in html  # which authority must publish it
