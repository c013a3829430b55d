"""Create the home page, the catalogue root under it, and the default site.

Replaces the placeholder page that wagtailcore's initial data migration
creates, following Wagtail's project template. Pages are created with explicit
tree paths because model methods (treebeard's add_child) are not available to
migrations.
"""

from django.db import migrations


def create_site_pages(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Page = apps.get_model("wagtailcore.Page")
    Site = apps.get_model("wagtailcore.Site")
    Locale = apps.get_model("wagtailcore.Locale")
    HomePage = apps.get_model("showcase.HomePage")
    CataloguePage = apps.get_model("showcase.CataloguePage")

    if HomePage.objects.exists():
        return
    placeholder_type = ContentType.objects.get(model="page", app_label="wagtailcore")
    Page.objects.filter(content_type=placeholder_type, slug="home", depth=2).delete()

    locale = Locale.objects.order_by("pk").first()
    home_type, _ = ContentType.objects.get_or_create(model="homepage", app_label="showcase")
    catalogue_type, _ = ContentType.objects.get_or_create(model="cataloguepage", app_label="showcase")

    home = HomePage.objects.create(
        title="AI use cases in law enforcement",
        draft_title="AI use cases in law enforcement",
        slug="home",
        content_type=home_type,
        path="00010001",
        depth=2,
        numchild=1,
        url_path="/home/",
        locale=locale,
        intro=(
            "<p>Police agencies, industry and academia describe how they use artificial intelligence, "
            "and every case is reviewed against the principles of responsible AI innovation in law "
            "enforcement before it is published.</p>"
        ),
    )
    CataloguePage.objects.create(
        title="Use cases",
        draft_title="Use cases",
        slug="cases",
        content_type=catalogue_type,
        path="000100010001",
        depth=3,
        numchild=0,
        url_path="/home/cases/",
        locale=locale,
    )
    root = Page.objects.get(depth=1)
    root.numchild = Page.objects.filter(depth=2).count()
    root.save(update_fields=["numchild"])
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "port": 80, "root_page_id": home.pk, "site_name": "AI for Law Enforcement"},
    )


def remove_site_pages(apps, schema_editor):
    apps.get_model("showcase.CataloguePage").objects.all().delete()
    apps.get_model("showcase.HomePage").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("showcase", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(create_site_pages, remove_site_pages)]
