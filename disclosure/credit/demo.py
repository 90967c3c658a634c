"""Demo credit records, on fictional 示例… institutions only (never a real name).

Penalties across kinds and dates: some public now, some past their 公示截止期, one
ended by 信用修复, one withdrawn after its decision was revoked, a 警告 that is not
published; one revocation written into the licence's history; a blacklisted
institution (with a person shown masked); points records, one institution past the
warning threshold. Demo data only: written directly, not through the review of a
staff account (the services are what staff use).
"""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from licensing.choices import EventKind
from licensing.models import Institution, LicenceEvent

from .models import BlacklistEntry, Penalty, PointRecord

MARK = "示例卫罚"


def _institutions():
    """Demo institutions holding a licence, one per county, the first few dozen."""
    seen, chosen = set(), []
    for institution in Institution.objects.filter(
        name__startswith="示例", licences__isnull=False,
    ).select_related("region").order_by("region__code", "pk").distinct():
        if institution.region_id not in seen:
            seen.add(institution.region_id)
            chosen.append(institution)
    return chosen


def _penalty(institution, n, decided, kinds, published=True, **fields):
    licence = institution.licences.select_related("authority").first()
    penalty = Penalty(
        institution=institution, service=licence.service, subject_name=institution.name,
        uscc=institution.uscc, legal_representative="示例法定代表人",
        decision_no=f"{MARK}〔{decided.year}〕{n}号",
        violation_type="示例：未按规定开展" + licence.get_service_display(),
        facts="示例：监督检查发现该机构未按规定建立技术服务管理制度，部分档案资料缺失。",
        basis="示例：《中华人民共和国母婴保健法实施办法》有关规定", kinds=list(kinds),
        content="、".join(kinds), fine=Decimal("0.5") if "罚款" in kinds else None,
        decided_on=decided, authority=licence.authority,
        published_on=decided + timedelta(days=3) if published else None, **fields,
    )
    penalty.full_clean()
    penalty.save()
    return penalty, licence


def seed_credit(today=None):
    """Add the demo credit records once (idempotent); returns how many penalties."""
    if Penalty.objects.filter(decision_no__startswith=MARK).exists():
        return 0
    today = today or timezone.localdate()
    places = _institutions()
    if len(places) < 10:
        return 0
    days = lambda n: today - timedelta(days=n)  # noqa: E731
    _penalty(places[0], 1, days(20), ["罚款"])
    _penalty(places[1], 2, days(200), ["警告", "罚款"])
    _penalty(places[2], 3, days(800), ["罚款", "没收违法所得"], confiscated=Decimal("1.2"))
    _penalty(places[3], 4, days(1500), ["罚款"])  # past its 公示截止期
    repaired, _ = _penalty(places[4], 5, days(400), ["罚款"])
    Penalty.objects.filter(pk=repaired.pk).update(
        ended_on=days(30), end_reason=Penalty.EndReason.REPAIRED,
        end_statement="示例：已完成信用修复，提前结束公示。")
    revoked, _ = _penalty(places[5], 6, days(60), ["罚款"])
    Penalty.objects.filter(pk=revoked.pk).update(
        ended_on=days(40), end_reason=Penalty.EndReason.REVOKED,
        end_statement="示例：原处罚决定已被撤销，撤回公示。")
    _penalty(places[6], 7, days(10), ["警告"], published=False)
    stopped, licence = _penalty(places[7], 8, days(90), ["罚款", "吊销许可证件"])
    LicenceEvent.objects.create(licence=licence, kind=EventKind.REVOKED, date=stopped.decided_on,
                                document_no=stopped.decision_no, note="示例：行政处罚吊销许可")
    licence.save()
    Penalty.objects.filter(pk=stopped.pk).update(
        licence=licence, licence_document=f"{licence.licence_no}")
    listed = places[8].licences.select_related("authority").first()
    entry = BlacklistEntry(
        institution=places[8], person_name="示例张医生", service=listed.service,
        reason="示例：出具虚假医学证明文件", basis="示例：《中华人民共和国母婴保健法》有关规定",
        decision_no=f"示例黑字〔{today.year}〕1号", authority=listed.authority,
        starts_on=days(15))
    entry.full_clean()
    entry.save()
    scored = places[9].licences.select_related("authority").first()
    for behaviour, ago in (("J05", 20), ("J02", 12)):  # 12 points this year: 警示
        day = max(days(ago), today.replace(month=1, day=1))
        PointRecord.objects.create(
            institution=places[9], service=scored.service, behaviour=behaviour,
            occurred_on=day, recorded_on=day, authority=scored.authority)
    return Penalty.objects.filter(decision_no__startswith=MARK).count()
