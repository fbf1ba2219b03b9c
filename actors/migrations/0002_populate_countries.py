"""Fill the country table from django-countries, each country with its zone."""

from django.db import migrations


def populate(apps, schema_editor):
    from django_countries.data import COUNTRIES

    from actors.zones import ZONE_OF

    Country = apps.get_model("actors", "Country")
    existing = set(Country.objects.values_list("code", flat=True))
    Country.objects.bulk_create(
        [Country(code=code, zone=ZONE_OF[code]) for code in COUNTRIES if code not in existing]
    )


class Migration(migrations.Migration):
    dependencies = [("actors", "0001_initial")]

    operations = [migrations.RunPython(populate, migrations.RunPython.noop)]
