"""Authorities' public contact details, kept by superusers (admin → 设置 → 卫生健康行政部门)."""

import pytest
from django.urls import reverse

from licensing import roles
from tests.factories import authority

pytestmark = pytest.mark.django_db


def test_a_superuser_sets_an_authoritys_phone_and_uscc_and_nobody_adds_one(client, make_user):
    xingning = authority("450102")
    client.force_login(make_user(superuser=True))
    url = reverse("authorities:edit", args=[xingning.pk])
    bad = client.post(url, {"office_phone": "0771-5123456", "uscc": "123"})
    assert bad.status_code == 200 and "统一社会信用代码" in bad.content.decode()
    client.post(url, {"office_phone": "0771-5123456", "uscc": ""})
    xingning.refresh_from_db()
    assert xingning.office_phone == "0771-5123456"
    assert client.get(reverse("authorities:add")).status_code == 403
    assert "0771-5123456" in client.get(reverse("authorities:index")).content.decode()


def test_staff_cannot_change_an_authority(client, make_user):
    client.force_login(make_user(roles.REGION_STAFF, "45"))
    url = reverse("authorities:edit", args=[authority("450102").pk])
    assert client.post(url, {"office_phone": "0771-1"}).status_code == 403
