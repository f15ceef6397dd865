"""Rebuild `search_text` with the alphabet folding of core.i18n.fold_for_search and the
Russian name first (the directory's order)."""

from django.db import migrations


def rebuild(apps, schema_editor):
    from hamkori.core.i18n import fold_for_search

    Organisation = apps.get_model("registry", "Organisation")
    batch = []
    for organisation in Organisation.objects.only(
        "id", "identifier", "name_ru", "name_kk", "name_tg", "name_en"
    ).iterator(chunk_size=2000):
        names = [organisation.name_ru, organisation.name_kk, organisation.name_tg, organisation.name_en]
        organisation.search_text = fold_for_search(
            " ".join([*(n for n in names if n), organisation.identifier])
        )
        batch.append(organisation)
        if len(batch) >= 2000:
            Organisation.objects.bulk_update(batch, ["search_text"])
            batch = []
    if batch:
        Organisation.objects.bulk_update(batch, ["search_text"])


class Migration(migrations.Migration):
    dependencies = [("registry", "0005_constraint_messages")]

    operations = [migrations.RunPython(rebuild, migrations.RunPython.noop)]
