"""Divisions of China (licensing/data, GB/T 2260 codes), Guangxi's health authorities
and the vocabulary of approved technologies."""

import csv
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data"
GUANGXI = "45"

TECHNOLOGIES = [
    # 人类辅助生殖技术
    ("AIH", "夫精人工授精", "art"),
    ("AID", "供精人工授精", "art"),
    ("IVF-ET", "体外受精-胚胎移植", "art"),
    ("ICSI", "卵胞浆内单精子显微注射", "art"),
    ("PGT", "植入前胚胎遗传学检测", "art"),
    # 产前诊断
    ("PD-GC", "遗传咨询", "prenatal_diagnosis"),
    ("PD-IMG", "医学影像", "prenatal_diagnosis"),
    ("PD-BIO", "生化免疫", "prenatal_diagnosis"),
    ("PD-CYT", "细胞遗传", "prenatal_diagnosis"),
    ("PD-MOL", "分子遗传", "prenatal_diagnosis"),
    # 产前筛查
    ("PS-SERUM", "血清学产前筛查", "prenatal_screening"),
    ("PS-CFDNA", "孕妇外周血胎儿游离DNA产前筛查", "prenatal_screening"),
    # 母婴保健专项技术（R5）
    ("LIGATION", "结扎手术", "mch_special"),
    ("TERMINATION", "终止妊娠手术", "mch_special"),
]


def rows(name):
    with open(DATA / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def county_authority_name(city, county):
    # A district (区) is named with its city: 南宁市兴宁区卫生健康局; a county or
    # county-level city stands alone: 横县卫生健康局.
    return f"{city}{county}卫生健康局" if county.endswith("区") else f"{county}卫生健康局"


def load(apps, schema_editor):
    Region = apps.get_model("licensing", "Region")
    Authority = apps.get_model("licensing", "Authority")
    Technology = apps.get_model("licensing", "Technology")

    provinces = Region.objects.bulk_create(
        Region(code=r["code"], name=r["name"], level="province") for r in rows("provinces.csv")
    )
    by_code = {r.code: r for r in provinces}
    cities = Region.objects.bulk_create(
        Region(code=r["code"], name=r["name"], level="city", parent=by_code[r["provinceCode"]])
        for r in rows("cities.csv")
    )
    by_code.update({r.code: r for r in cities})
    counties = Region.objects.bulk_create(
        Region(code=r["code"], name=r["name"], level="county", parent=by_code[r["cityCode"]])
        for r in rows("areas.csv")
    )

    guangxi = by_code[GUANGXI]
    authorities = [Authority(region=guangxi, name="广西壮族自治区卫生健康委员会")]
    authorities += [
        Authority(region=city, name=f"{city.name}卫生健康委员会")
        for city in cities
        if city.code.startswith(GUANGXI)
    ]
    authorities += [
        Authority(region=county, name=county_authority_name(by_code[county.code[:4]].name,
                                                            county.name))
        for county in counties
        if county.code.startswith(GUANGXI)
    ]
    Authority.objects.bulk_create(authorities)

    Technology.objects.bulk_create(
        Technology(code=code, name=name, service=service, sort_order=i)
        for i, (code, name, service) in enumerate(TECHNOLOGIES)
    )


def unload(apps, schema_editor):
    for model in ("Technology", "Authority"):
        apps.get_model("licensing", model).objects.all().delete()
    Region = apps.get_model("licensing", "Region")
    for level in ("county", "city", "province"):
        Region.objects.filter(level=level).delete()


class Migration(migrations.Migration):
    dependencies = [("licensing", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
