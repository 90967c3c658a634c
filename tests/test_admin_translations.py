"""The Wagtail admin speaks Chinese to staff: what Wagtail ships untranslated in zh_Hans is
translated by the project (locale/zh_Hans), and the compiled catalogue matches its source."""

import gettext
import re
from datetime import date
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from disclosure.editions import generate_draft
from licensing import roles
from tests.factories import InstitutionFactory

pytestmark = pytest.mark.django_db

LOCALE = Path(settings.BASE_DIR) / "locale" / "zh_Hans" / "LC_MESSAGES"
# English that staff met on these screens, and what they read now.
KNOWN = {
    "Password": "密码",  # the login page
    "Go to the first error": "转到第一个错误",  # a form with an error
    "has been submitted for moderation": "已提交复核",  # the workflow's message
    "Search all pages": "搜索全部页面",  # the dashboard's search box
}


def visible_text(html):
    """What a staff member reads (and hears): text and the titles, placeholders and labels
    of elements, without scripts and styles."""
    html = re.sub(r"<(script|style|svg|template)\b.*?</\1>", " ", html, flags=re.S)
    attributes = re.findall(r'\b(?:title|placeholder|aria-label)="([^"]*)"', html)
    return " ".join([re.sub(r"<[^>]+>", " ", html), *attributes])


def pages(make_user):
    county = make_user(roles.COUNTY_OFFICIALS, "450102")
    staff, reviewer = make_user(roles.REGION_STAFF, "45"), make_user(roles.REGION_STAFF, "45")
    institution = InstitutionFactory()
    texts = {"login": visible_text(Client().get(reverse("wagtailadmin_login")).content.decode())}
    for role, user in (("county", county), ("region", staff)):
        client = Client()
        client.force_login(user)
        for name, url in {
            "dashboard": reverse("wagtailadmin_home"),
            "listing": reverse("wagtailsnippets_licensing_institution:list"),
            "edit": reverse("wagtailsnippets_licensing_institution:edit", args=[institution.pk]),
        }.items():
            texts[f"{role} {name}"] = visible_text(client.get(url).content.decode())
        error = client.post(reverse("wagtailsnippets_licensing_institution:add"), {"name": ""})
        texts[f"{role} form with an error"] = visible_text(error.content.decode())
    edition = generate_draft(staff, date(2025, 12, 31))
    client = Client()
    client.force_login(staff)
    submitted = client.post(
        reverse("wagtailsnippets_disclosure_listedition:edit", args=[edition.pk]),
        {"note": "示例", "action-submit": "提交复核"}, follow=True)
    texts["workflow message"] = visible_text(submitted.content.decode())
    edition.refresh_from_db()
    assert edition.workflow_in_progress  # the message is the one of a real submission
    assert f"半年名单“{edition}”已提交复核。" in texts["workflow message"]
    client.force_login(reviewer)
    texts["reviewer dashboard"] = visible_text(client.get(reverse("wagtailadmin_home"))
                                               .content.decode())
    return texts


def test_staff_screens_show_no_known_english(make_user):
    texts = pages(make_user)
    everything = "\n".join(texts.values())
    for english, chinese in KNOWN.items():
        assert english not in everything, [name for name, t in texts.items() if english in t]
        assert chinese in everything, chinese
    # The shortcuts dialog, sort links, the "new" header and a filter with no result too.
    for english in ("Show keyboard shortcuts", "Sort by '", "New: ", "Save changes"):
        assert english not in everything, english


def _po_entries(path):
    """(msgctxt, msgid) -> msgstr of a .po file (enough of the format for this catalogue)."""
    entries, current, key = {}, {}, None

    def flush():
        if current.get("msgid"):
            msgstr = current.get("msgstr", current.get("msgstr[0]", ""))
            entries[(current.get("msgctxt"), current["msgid"])] = msgstr
        current.clear()

    for line in path.read_text(encoding="utf-8").splitlines() + [""]:
        if not line.strip():
            flush()
        elif match := re.match(r'(msgctxt|msgid_plural|msgid|msgstr(?:\[0\])?) "(.*)"$', line):
            key = match.group(1)
            current[key] = match.group(2)
        elif line.startswith('"') and key:
            current[key] += line[1:-1]

    def text(value):
        return value.replace('\\"', '"').replace("\\n", "\n").replace("\\\\", "\\")

    return {(ctx and text(ctx), text(mid)): text(msgstr) for (ctx, mid), msgstr in entries.items()}


@pytest.mark.parametrize("domain", ["django", "djangojs"])
def test_the_committed_catalogue_is_compiled_from_its_source(domain):
    """The .mo is committed (running the site needs no msgfmt); it must say what the .po says."""
    catalogue = gettext.GNUTranslations((LOCALE / f"{domain}.mo").open("rb"))._catalog
    entries = _po_entries(LOCALE / f"{domain}.po")
    assert entries
    for (ctx, msgid), msgstr in entries.items():
        key = f"{ctx}\x04{msgid}" if ctx else msgid
        compiled = catalogue.get(key, catalogue.get((key, 0)))
        assert compiled == msgstr, msgid


WAGTAIL_CATALOGUES = [("wagtail", "django"), ("wagtail/admin", "django"),
                      ("wagtail/admin", "djangojs"), ("wagtail/users", "django"),
                      ("wagtail/snippets", "django")]


@pytest.mark.parametrize(("app", "domain"), WAGTAIL_CATALOGUES)
def test_every_message_of_the_admin_staff_use_has_a_chinese_translation(app, domain):
    """After a Wagtail upgrade, a message it ships without zh_Hans fails here until
    locale/zh_Hans/LC_MESSAGES says it in Chinese."""
    import wagtail

    package = Path(wagtail.__file__).resolve().parent.parent
    # Django merges every app's catalogue with the project's: any of them may answer.
    catalogues = [gettext.GNUTranslations(path.open("rb"))._catalog for path in (
        LOCALE / f"{domain}.mo",
        *package.glob(f"wagtail/**/locale/zh_Hans/LC_MESSAGES/{domain}.mo"),
    )]
    missing = []
    english = package / app / "locale" / "en" / "LC_MESSAGES" / f"{domain}.po"
    for ctx, msgid in _po_entries(english):
        key = f"{ctx}\x04{msgid}" if ctx else msgid
        if not any(catalogue.get(key) or catalogue.get((key, 0)) for catalogue in catalogues):
            missing.append(msgid)
    assert not missing, missing


@pytest.mark.django_db
def test_the_admin_names_the_registry_not_wagtail(client, make_user):
    from licensing import roles

    login = client.get("/admin/login/").content.decode()
    assert "登录广西妇幼健康许可登记管理系统" in login and "Sign in to Wagtail" not in login
    client.force_login(make_user(roles.COUNTY_OFFICIALS, "450102"))
    home = client.get("/admin/").content.decode()
    title = home[home.index("<title>"):home.index("</title>")]
    assert "广西妇幼健康许可登记管理" in title and "Wagtail" not in title
