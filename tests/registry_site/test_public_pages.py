"""What every public page shows a citizen: one name per page, plain words, when its data
changed, status with end date, why a licence stopped, where to complain, 大字模式."""

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from licensing.choices import Status
from licensing.models import Approval, Authority, Institution, Licence
from tests.public_site import REVOCATION_NOTE, SUSPENSION_NOTE, build_public_site

pytestmark = pytest.mark.django_db

NAV_PAGES = ("search", "directory", "decisions", "who_approves", "lists", "applications",
             "inspections", "open_data")
SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def site():
    return build_public_site()


def html_of(client, path):
    response = client.get(path)
    assert response.status_code == (404 if path == "/no-such-page/" else 200), path
    return response.content.decode()


def text_of(html):
    """The visible text: no style, tags or attributes."""
    html = re.sub(r"<style.*?</style>", "", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def first(pattern, html):
    match = re.search(pattern, html, flags=re.S)
    assert match, pattern
    return re.sub(r"<[^>]+>", "", match.group(1)).strip()


def test_each_page_has_one_name_in_nav_title_and_heading(client, site):
    for key in NAV_PAGES:
        html = html_of(client, site["paths"][key])
        current = first(r'<nav class="site-nav wide-nav".*?aria-current="page">(.*?)</a>', html)
        heading = first(r"<h1>(.*?)</h1>", html)
        title = first(r"<title>(.*?)</title>", html)
        assert heading == current, key
        assert re.split("[：-]", title)[0].strip() == current, key


def test_back_links_use_the_same_names(client, site):
    paths = site["paths"]
    assert "← 返回许可机构查询" in html_of(client, paths["institution"])
    assert "← 返回辅助生殖机构和精子库名单" in html_of(client, paths["edition"])
    assert "← 返回设置申请信息公开" in html_of(client, paths["application"])
    html = html_of(client, paths["institution"])
    assert 'aria-current="true">许可机构查询' in html  # its section, not the page itself


def test_public_pages_speak_plain_chinese(client, site):
    for key, path in site["paths"].items():
        text = text_of(html_of(client, path))
        assert not re.search(r"(?<![A-Za-z0-9])R\d+", text), key
        for jargon in ("sha256sum", "Atom", "分面"):
            assert jargon not in text, (key, jargon)
        assert text.count("SHA-256") == text.count("校验码（SHA-256）"), key
    edition = html_of(client, site["paths"]["edition"])
    assert "校验码是按公布的CSV文件算出的一串字符" in edition
    assert 'href="#check"' in edition and 'id="check"' in edition
    assert "订阅更新" in html_of(client, site["paths"]["lists"])
    assert "订阅更新" in html_of(client, site["paths"]["applications"])


def test_every_data_page_says_when_its_data_last_changed(client, site):
    for key, path in site["paths"].items():
        if key in ("not_found",):
            continue
        html = html_of(client, path)
        assert re.search(r"数据更新于 \d{4}年\d{1,2}月\d{1,2}日", html), key


def test_the_date_comes_from_the_records_not_the_clock(client, site):
    Institution.objects.update(updated_at=datetime(2025, 4, 3, 10, tzinfo=SHANGHAI))
    Licence.objects.update(updated_at=datetime(2025, 5, 6, 10, tzinfo=SHANGHAI))
    Approval.objects.update(updated_at=datetime(2025, 5, 1, 10, tzinfo=SHANGHAI))
    assert "数据更新于 2025年5月6日" in html_of(client, site["paths"]["institution"])
    assert "数据更新于 2025年5月6日" in html_of(client, site["paths"]["directory"])
    assert "数据更新于 2025年5月6日" in html_of(client, site["paths"]["directory_empty"])
    assert "数据更新于 2025年5月6日" in html_of(client, "/")
    assert "数据更新于 2021年7月1日" in html_of(client, site["paths"]["who_approves"])
    edition = html_of(client, site["paths"]["edition"])
    assert "数据更新于 2026年7月12日" in edition  # its publication: 3 days before 07-15


def test_directory_and_search_show_status_and_end_date(client, site):
    for path in (site["paths"]["directory"], "/search/?q=南宁市妇幼"):
        html = html_of(client, path)
        assert "有效期至2027年1月9日" in html, path
        assert "2026年3月2日暂停执业" in html, path
        assert "status-expired" in html and "有效期至2023年1月9日" in html, path


def test_stopped_licence_shows_date_and_reason_above_its_term(client, site):
    html = html_of(client, site["paths"]["institution"])
    section = html[html.index("婚前医学检查 <span"):]
    assert "该项服务已于2026年3月2日被责令暂停执业" in section
    assert section.index(SUSPENSION_NOTE) < section.index("许可期限")
    assert "示例监字〔2026〕8号" in section
    revoked = html_of(client, f"/institutions/{site['revoked_clinic']}/")
    assert "该许可已于2026年3月1日被吊销或撤销" in revoked and REVOCATION_NOTE in revoked
    assert revoked.index(REVOCATION_NOTE) < revoked.index("原有效期")


def test_status_legend_on_directory_and_institution_pages(client, site):
    for path in (site["paths"]["directory"], site["paths"]["institution"]):
        html = html_of(client, path)
        assert "许可状态说明" in html
        for status in Status:
            assert f'status-{status.value}">{status.label}</span></dt>' in html, (path, status)


def test_institution_page_names_where_to_complain(client, site):
    html = html_of(client, site["paths"]["institution"])
    assert 'href="tel:12320"' in html and "卫生健康热线" in html
    county = Authority.objects.get(region__code="450103")
    assert county.office_phone.startswith("0771-5")
    assert f"向{county.name}反映（机构所在地的卫生健康行政部门；" in html
    assert "婚前医学检查、产前筛查的许可机关）" in html
    assert f'href="tel:{county.office_phone}"' in html
    art = html_of(client, f"/institutions/{site['revoked_clinic']}/")
    region_authority = Authority.objects.get(region__code="45")
    assert region_authority.name in art and region_authority.office_phone in art
    assert "12320" in html_of(client, "/")  # every page's footer


def test_list_edition_says_why_rows_joined_or_left(client, site):
    html = html_of(client, site["paths"]["edition"])
    removed = html[html.index("移出（1）"):]
    assert "示例柳州生殖中心" in removed and "许可被吊销或撤销" in removed
    assert "2026年3月1日" in removed and REVOCATION_NOTE in removed
    assert f'href="/institutions/{site["revoked_clinic"]}/"' in removed
    added = html[html.index("新增（1）"):html.index("移出（1）")]
    assert "示例桂林生殖中心" in added and "新取得许可" in added


def test_large_text_switch_is_a_link_remembered_in_a_cookie(client, site):
    directory = "/institutions/?q=%E5%A6%87%E5%B9%BC"  # 妇幼, as a browser sends it
    html = html_of(client, directory)
    assert '<body class="">' in html
    link = re.search(r'<a class="text-size" href="([^"]+)"', html).group(1).replace("&amp;", "&")
    response = client.get(link)
    assert response.status_code == 302 and response["Location"] == directory
    assert response.cookies["large_text"].value == "1"
    assert response.cookies["large_text"]["httponly"]
    assert '<body class="large-text">' in html_of(client, site["paths"]["institution"])
    assert "退出大字模式" in html_of(client, "/")
    off = client.get(reverse("text_size"), {"size": "normal", "next": "/lists/"})
    assert off["Location"] == "/lists/" and off.cookies["large_text"].value == ""
    assert '<body class="">' in html_of(client, "/lists/")


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/x", "javascript:x",
                                    "", "/\\evil.example"])
def test_large_text_switch_returns_only_to_this_site(client, target):
    response = client.get(reverse("text_size"), {"size": "large", "next": target})
    assert response["Location"] == "/"
    assert "no-cache" in response["Cache-Control"] or "no-store" in response["Cache-Control"]


def test_page_has_skip_link_current_nav_and_print_footer(client, site):
    html = html_of(client, site["paths"]["decisions"])
    assert '<a class="skip" href="#main">跳到主要内容</a>' in html and 'id="main"' in html
    assert 'aria-current="page">许可决定公示</a>' in html
    assert '<p class="print-only">本页地址：http://testserver/licensing-decisions/' in html
    assert "打印日期：" in html


def test_not_found_page_is_plain_and_helpful(client, db):
    html = html_of(client, "/no-such-page/")
    assert "页面不存在" in html and "跳到主要内容" in html and "/institutions/" in html


def test_demo_authorities_get_fictional_office_phones(db):
    from io import StringIO

    from licensing.management.commands.seed_demo import Command

    Command(stdout=StringIO()).authority_phones()
    phones = list(Authority.objects.values_list("office_phone", flat=True))
    assert phones and all(re.fullmatch(r"0771-5\d{6}", phone) for phone in phones)
    assert Authority.objects.get(region__code="450103").office_phone == "0771-5450103"


def test_demo_stopping_events_carry_a_reason():
    from licensing.demo import Planner

    planner = Planner([("4501", "南宁市")], [("450103", "青秀区", "南宁市")])
    events = [e for plan in planner.plans(300) for lp in plan.licences for e in lp.events
              if e.kind in ("suspended", "revoked")]
    assert events and all(e.note.startswith("示例：") for e in events)
    assert date(2015, 1, 1) <= min(e.date for e in events)


def test_every_public_page_sends_a_strict_content_security_policy(client, site):
    for key, path in site["paths"].items():
        response = client.get(path)
        policy = response["Content-Security-Policy"]
        assert "default-src 'self'" in policy and "unsafe-inline" not in policy, key
        html = response.content.decode()
        assert not re.search(r"<style|\sstyle=|<script(?![^>]*\ssrc=)", html), key
        assert response["X-Content-Type-Options"] == "nosniff", key
        assert response["Referrer-Policy"] == "same-origin", key
        assert "camera=()" in response["Permissions-Policy"], key
    # the badge is made to be framed by the institution's own site; other pages are not
    badge = client.get(site["paths"]["badge"])["Content-Security-Policy"]
    assert "frame-ancestors *" in badge
    assert "frame-ancestors 'self'" in client.get("/")["Content-Security-Policy"]


def test_the_admin_is_left_out_of_the_policy(admin_client):
    response = admin_client.get("/admin/")
    assert response.status_code == 200 and "Content-Security-Policy" not in response
