"""A small inspected territory: 兴宁区 (450102) institutions, its roster and plans."""

from datetime import date

import pytest

from disclosure.inspections import draws, services
from disclosure.inspections.models import Inspection, Inspector
from licensing import roles
from licensing.demo import demo_uscc
from licensing.models import Institution
from tests.factories import InstitutionFactory, LicenceFactory, authority, region

XINGNING = "450102"


@pytest.fixture
def county(make_user):
    return make_user(roles.COUNTY_OFFICIALS, XINGNING)


@pytest.fixture
def county2(make_user):
    return make_user(roles.COUNTY_OFFICIALS, XINGNING)


@pytest.fixture
def roster(make_user):
    """Four inspectors of 兴宁区, the first two with logins of the inspector role."""
    people = []
    for n in range(4):
        user = make_user(roles.INSPECTORS, XINGNING) if n < 2 else None
        people.append(Inspector.objects.create(
            authority=authority(XINGNING), name=f"示例执法{n}", certificate_no=f"示例证{n}",
            user=user, code=f"JC0000000{n}"))  # fixed codes: with SECRET, a fixed draw
    return people


@pytest.fixture
def institutions():
    """Six MCH hospitals and four general hospitals with a premarital-examination licence
    in 兴宁区 (and one without: no MCH service, never in a plan's population)."""
    # Fixed USCCs (not the factories' session-wide sequence): with SECRET and the roster's
    # fixed codes, drawn_plan's draw is the same whatever tests ran before.
    mch = [InstitutionFactory(region=region(XINGNING), category=Institution.Category.MCH,
                              name=f"示例妇幼{n}", uscc=demo_uscc(800000 + n, XINGNING))
           for n in range(6)]
    other = [LicenceFactory(institution__region=region(XINGNING),
                            institution__name=f"示例综合{n}",
                            institution__uscc=demo_uscc(800100 + n, XINGNING)).institution
             for n in range(4)]
    InstitutionFactory(region=region(XINGNING), name="示例无母婴许可医院",
                       uscc=demo_uscc(800200, XINGNING))
    return mch, other


# A fixed 抽查密钥 in tests that need to know who is sent where (drawn_plan): the draw is
# then the same every run. Its hex is the SHA-256 of "示例".
SECRET = "0d53f08678d8101b0c7e5053b30224fc671c55051770ba18207435ead7ad37bd"


@pytest.fixture
def drawn_plan(county, roster, institutions, monkeypatch):
    """The 2024 county plan (001 附表4) of 兴宁区, committed and drawn with SECRET: the
    first inspector (who has a login) is sent to some visits and not to others."""
    monkeypatch.setattr(draws.draw_rules, "new_secret", lambda: SECRET)
    plan = services.plan_from_template(county, "2024MCH", authority(XINGNING))
    draws.commit(county, plan, "示例：2024年3月1日福彩3D开奖号码", day=date(2024, 2, 20))
    draws.make_draw(county, plan, "418", day=date(2024, 3, 1))
    plan.refresh_from_db()
    assert 0 < Inspection.objects.filter(inspectors=roster[0]).count() < 5
    return plan
