"""Fill the country table from django-countries, each country with its zone."""

from django.db import migrations


def populate(apps, schema_editor):
    from actors.countries import sync_countries

    sync_countries(apps.get_model("actors", "Country"))


class Migration(migrations.Migration):
    dependencies = [("actors", "0001_initial")]

    operations = [migrations.RunPython(populate, migrations.RunPython.noop)]
