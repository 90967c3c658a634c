"""Password guessing is stopped (django-axes): five wrong passwords lock the account on
that address, with a Chinese page; the lockout is in the audit log, and an administrator
lifts it in the admin (登录锁定), which is logged too."""

import pytest
from axes.models import AccessAttempt
from wagtail.models import ModelLogEntry

from licensing import roles

pytestmark = pytest.mark.django_db
PASSWORD = "correct-horse-2026"


@pytest.fixture
def official(make_user, settings):
    settings.AXES_ENABLED = True
    user = make_user(roles.COUNTY_OFFICIALS, "450102")
    user.set_password(PASSWORD)
    user.save()
    return user


def login(client, username, password):
    return client.post("/admin/login/", {"username": username, "password": password})


def test_five_wrong_passwords_lock_the_account_until_an_administrator_lifts_it(
        client, official, admin_client, make_user):
    for _ in range(4):
        assert login(client, official.username, "guess").status_code == 200  # the form again
    locked = login(client, official.username, "guess")
    assert locked.status_code == 429 and "登录已暂时锁定" in locked.content.decode()
    # Locked means locked: even the right password is refused now.
    assert login(client, official.username, PASSWORD).status_code == 429
    assert ModelLogEntry.objects.filter(action="registry.locked_out",
                                        object_id=str(official.pk)).exists()

    region = make_user(roles.REGION_STAFF, "45")
    client.force_login(region)
    assert client.get("/admin/lockouts/").status_code in (302, 403)  # administrators only
    client.logout()

    listing = admin_client.get("/admin/lockouts/").content.decode()
    assert official.username in listing
    attempt = AccessAttempt.objects.get(username=official.username)
    assert admin_client.post(f"/admin/lockouts/delete/{attempt.pk}/").status_code == 302
    assert ModelLogEntry.objects.filter(action="registry.unlocked",
                                        object_id=str(official.pk)).exists()
    response = login(client, official.username, PASSWORD)
    assert response.status_code == 302 and "/admin/" in response["Location"]


def test_the_server_error_page_stands_alone_in_plain_chinese(rf):
    """500.html shares the lockout page's plain frame: no context, no database."""
    from django.views.defaults import server_error

    response = server_error(rf.get("/"))
    html = response.content.decode()
    assert response.status_code == 500
    assert "服务器暂时无法处理您的请求" in html and 'href="tel:12320"' in html
    assert "registry_site/error.css" in html and "<style" not in html and 'href="/"' in html
