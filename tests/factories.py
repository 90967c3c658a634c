from datetime import date

import factory
from factory.django import DjangoModelFactory

from licensing.choices import Service
from licensing.demo import demo_uscc
from licensing.models import Authority, Institution, Licence, LicenceEvent, Region


def region(code):
    return Region.objects.get(code=code)


def authority(code):
    return Authority.objects.get(region__code=code)


class InstitutionFactory(DjangoModelFactory):
    class Meta:
        model = Institution

    name = factory.Sequence(lambda n: f"示例测试第{n}医院")
    uscc = factory.Sequence(lambda n: demo_uscc(900000 + n, "450102"))
    region = factory.LazyFunction(lambda: region("450102"))
    category = Institution.Category.GENERAL
    address = "示例路1号"


class LicenceFactory(DjangoModelFactory):
    """A premarital-examination licence granted by the institution's county in 2024."""

    class Meta:
        model = Licence

    institution = factory.SubFactory(InstitutionFactory)
    service = Service.PREMARITAL_EXAM
    authority = factory.LazyAttribute(lambda o: authority(o.institution.region.code))
    decision_no = factory.Sequence(lambda n: f"示例许字〔2024〕{n}号")
    licence_no = factory.Sequence(lambda n: f"PMTEST-2024-{n:05d}")
    decided_on = date(2024, 1, 10)
    valid_from = date(2024, 1, 10)
    valid_until = date(2027, 1, 9)


class LicenceEventFactory(DjangoModelFactory):
    class Meta:
        model = LicenceEvent

    licence = factory.SubFactory(LicenceFactory)


def art_clinic(name, code="450103", techs=("AIH",), granted=date(2020, 1, 2),
               until=date(2029, 1, 1), service=Service.ART):
    """An institution holding a region-granted ART (or sperm-bank) licence with technologies."""
    from licensing.models import Technology

    licence = LicenceFactory(
        institution=InstitutionFactory(name=name, region=region(code)), service=service,
        authority=authority("45"), decided_on=granted, valid_from=granted, valid_until=until,
        licence_no=f"ART-{name}",
    )
    licence.technologies.set(Technology.objects.filter(code__in=techs))
    licence.save()  # a ParentalManyToManyField is written on save
    return licence
