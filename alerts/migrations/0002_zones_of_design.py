"""Alerts followed before the zones took their public slugs (actors/migrations/0012): their queries'
old `zone` values are replaced, otherwise the lists would ignore them and the alert follow everything."""

from urllib.parse import urlencode

from django.db import migrations
from django.http import QueryDict

# Old zone → the zones that cover its countries. « asie » was split in four: together they are exactly
# the old zone. « afrique-nord » lost Egypt to the Middle East: the Maghreb, as the calls' migration.
RENAMED = {
    "afrique-ouest": ["afrique-de-l-ouest"],
    "afrique-est": ["afrique-de-l-est"],
    "afrique-nord": ["maghreb"],
    "asie": ["asie-du-sud-est", "asie-du-sud", "asie-de-l-est", "asie-centrale-et-caucase"],
    "amerique-nord": ["amerique-du-nord"],
}
ZONE_PARAMETERS = ("zone", "zone_projet")


def renamed_query(query):
    """The query string with its old zones replaced, its parameters in the order alerts store them."""
    data = QueryDict(query)
    pairs = []
    for key, values in data.lists():
        if key in ZONE_PARAMETERS:
            values = [new for value in values for new in RENAMED.get(value, [value])]
        pairs += [(key, value) for value in dict.fromkeys(values)]
    return urlencode(sorted(pairs))


def rename_zones(apps, schema_editor):
    Alert = apps.get_model("alerts", "Alert")
    for alert in Alert.objects.filter(query__contains="zone"):
        query = renamed_query(alert.query)
        if query == alert.query:
            continue
        if Alert.objects.filter(email=alert.email, kind=alert.kind, query=query).exists():
            alert.delete()  # the address already follows the list under its new name
        else:
            alert.query = query
            alert.save(update_fields=["query"])


class Migration(migrations.Migration):
    dependencies = [
        ("alerts", "0001_initial"),
    ]

    operations = [migrations.RunPython(rename_zones, migrations.RunPython.noop)]
