import os

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from hypothesis import settings

from licensing import roles
from licensing.models import Authority, StaffProfile

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")

# In CI, Hypothesis draws the same examples every run (derandomize): a landing never
# hangs on a lucky draw. Locally it keeps exploring new examples each run.
settings.register_profile("ci", derandomize=True, print_blob=True)
if IN_CI:
    settings.load_profile("ci")


def require(condition, reason):
    """Skip when a local machine lacks a service; in CI the same gap is a failure."""
    if not condition:
        if IN_CI:
            pytest.fail(f"required in CI: {reason}")
        pytest.skip(reason)


@pytest.fixture
def make_user(db):
    """make_user(role, division_code) -> a staff user of that role and authority."""
    counter = iter(range(1, 10_000))

    def make(role=None, code=None, superuser=False):
        user = get_user_model().objects.create_user(
            username=f"user{next(counter)}", password="pw-test-123", is_superuser=superuser,
            is_staff=superuser,
        )
        if role:
            user.groups.add(Group.objects.get(name=role))
        if code:
            authority = Authority.objects.get(region__code=code)
            StaffProfile.objects.create(user=user, authority=authority)
        return user

    return make


@pytest.fixture
def region_staff(make_user):
    return make_user(roles.REGION_STAFF, "45")


@pytest.fixture
def nanning_city(make_user):
    return make_user(roles.CITY_OFFICIALS, "4501")


@pytest.fixture
def xingning_county(make_user):
    """County official of 南宁市兴宁区 (450102)."""
    return make_user(roles.COUNTY_OFFICIALS, "450102")


@pytest.fixture
def inspector(make_user):
    return make_user(roles.INSPECTORS, "45")


@pytest.fixture(autouse=True)
def fresh_work_calendar():
    """A test's holiday schedules are rolled back with it: so is the calendar read from
    them (kept in memory between requests, see licensing/working_days.py)."""
    from licensing.working_days import forget_calendar

    yield
    forget_calendar()
