from django.db import migrations

INTRO = (
    "<p>本站公开广西壮族自治区妇幼健康领域的许可信息：人类辅助生殖技术、人类精子库、"
    "产前诊断、产前筛查、婚前医学检查和母婴保健专项技术服务机构的许可、校验、变更与注销情况。"
    "所列机构名称均为示例数据。</p>"
)


def create_homepage(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Page = apps.get_model("wagtailcore.Page")
    Site = apps.get_model("wagtailcore.Site")
    Locale = apps.get_model("wagtailcore.Locale")
    HomePage = apps.get_model("registry_site.HomePage")

    # Replace the welcome page created by wagtailcore.0002_initial_data (its Site goes with it).
    page_type = ContentType.objects.get(model="page", app_label="wagtailcore")
    Page.objects.filter(content_type=page_type, slug="home", depth=2).delete()

    home_type, _ = ContentType.objects.get_or_create(model="homepage", app_label="registry_site")
    homepage = HomePage.objects.create(
        title="广西妇幼健康许可信息公开",
        draft_title="广西妇幼健康许可信息公开",
        slug="home",
        content_type=home_type,
        path="00010001",
        depth=2,
        numchild=0,
        url_path="/home/",
        locale=Locale.objects.order_by("pk").first(),
        intro=INTRO,
    )
    Site.objects.create(hostname="localhost", root_page=homepage, is_default_site=True,
                        site_name="广西妇幼健康许可信息公开")


def remove_homepage(apps, schema_editor):
    apps.get_model("registry_site.HomePage").objects.filter(slug="home", depth=2).delete()


class Migration(migrations.Migration):
    dependencies = [("registry_site", "0001_initial")]

    operations = [migrations.RunPython(create_homepage, remove_homepage)]
