"""Seeds the search thesaurus (``showcase.thesaurus_seed``); editors keep it in the admin afterwards."""

from django.db import migrations

from showcase.thesaurus_seed import SEED


def seed(apps, schema_editor):
    ThesaurusEntry = apps.get_model("showcase", "ThesaurusEntry")
    if ThesaurusEntry.objects.exists():
        return
    entries = []
    for line in SEED:
        terms, targets = line.split("=>", 1) if "=>" in line else (line, "")
        entries.append(ThesaurusEntry(terms=terms.strip(), expands_to=targets.strip()))
    ThesaurusEntry.objects.bulk_create(entries)


def unseed(apps, schema_editor):
    apps.get_model("showcase", "ThesaurusEntry").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("showcase", "0008_thesaurus_entry")]
    operations = [migrations.RunPython(seed, unseed)]
