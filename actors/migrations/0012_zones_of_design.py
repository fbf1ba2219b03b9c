"""Zones with the public slugs (afrique-de-l-ouest, maghreb, asie-du-sud-est…): every country moved to its zone."""

from django.db import migrations, models


def move_countries(apps, schema_editor):
    # Today's table: a later change of zones.py comes with its own migration calling this again.
    from actors.countries import sync_countries

    sync_countries(apps.get_model("actors", "Country"))


class Migration(migrations.Migration):
    dependencies = [
        ("actors", "0011_study_names_and_embassy"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="country",
            name="country_zone_valid",
        ),
        migrations.AlterField(
            model_name="country",
            name="zone",
            field=models.CharField(
                choices=[
                    ("afrique-de-l-ouest", "Afrique de l’Ouest"),
                    ("afrique-centrale", "Afrique centrale"),
                    ("afrique-de-l-est", "Afrique de l’Est"),
                    ("afrique-australe", "Afrique australe"),
                    ("maghreb", "Maghreb"),
                    ("ocean-indien", "Océan Indien"),
                    ("moyen-orient", "Proche et Moyen-Orient"),
                    ("asie-du-sud-est", "Asie du Sud-Est"),
                    ("asie-du-sud", "Asie du Sud"),
                    ("asie-de-l-est", "Asie de l’Est"),
                    ("asie-centrale-et-caucase", "Asie centrale et Caucase"),
                    ("amerique-latine", "Amérique latine et Caraïbes"),
                    ("amerique-du-nord", "Amérique du Nord"),
                    ("europe", "Europe"),
                    ("oceanie", "Océanie"),
                ],
                max_length=30,
                verbose_name="zone",
            ),
        ),
        migrations.RunPython(move_countries, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="country",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    (
                        "zone__in",
                        [
                            "afrique-de-l-ouest",
                            "afrique-centrale",
                            "afrique-de-l-est",
                            "afrique-australe",
                            "maghreb",
                            "ocean-indien",
                            "moyen-orient",
                            "asie-du-sud-est",
                            "asie-du-sud",
                            "asie-de-l-est",
                            "asie-centrale-et-caucase",
                            "amerique-latine",
                            "amerique-du-nord",
                            "europe",
                            "oceanie",
                        ],
                    )
                ),
                name="country_zone_valid",
            ),
        ),
    ]
