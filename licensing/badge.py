"""许可证明 (a licence badge): what an institution prints or embeds beside its licence
(许可证悬挂) — its licences and their status today, and a QR code (segno) leading to the
live record, so a displayed copy can always be checked and is never stale."""

import segno
from csp.decorators import csp_replace
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.clickjacking import xframe_options_exempt

from .models import Institution
from .views import latest_day


def qr_svg(url):
    """The QR code of `url` as an inline SVG (error correction M, dark on white). Safe to
    insert as it is: segno writes only paths and the fixed title, never the URL's text."""
    return mark_safe(segno.make(url, error="m").svg_inline(  # noqa: S308
        scale=4, dark="#000", light="#fff", title="扫码查看该机构的实时许可信息"))


@xframe_options_exempt  # made to be embedded in the institution's own website
@csp_replace({"frame-ancestors": ["*"]})
def badge(request, pk):
    institution = get_object_or_404(Institution.objects.select_related("region__parent"),
                                    pk=pk)
    today = timezone.localdate()
    live_url = request.build_absolute_uri(reverse("institution_detail", args=[pk]))
    licences = [(licence, licence.status(today)) for licence in
                institution.licences.select_related("authority").prefetch_related(
                    "technologies", "events")]
    updated = latest_day([institution.updated_at, *(lic.updated_at for lic, _ in licences)])
    return render(request, "licensing/badge.html", {
        "institution": institution, "licences": licences, "today": today,
        "data_updated": updated,
        "live_url": live_url, "qr": qr_svg(live_url),
    })
