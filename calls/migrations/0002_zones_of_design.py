"""Calls take the zones of actors/zones.py (public slugs): the old slugs are renamed."""

from django.conf import settings
from django.db import migrations, models

# The zones before actors/migrations/0012 → their successor (Egypt left North Africa for the Middle East;
# « asie » was split: its calls go to South-East Asia, where the study's Asian cooperations are).
RENAMED = {
    "afrique-ouest": "afrique-de-l-ouest",
    "afrique-est": "afrique-de-l-est",
    "afrique-nord": "maghreb",
    "asie": "asie-du-sud-est",
    "amerique-nord": "amerique-du-nord",
}


def rename_zones(apps, schema_editor):
    for model in ("Call", "HistoricalCall"):
        for old, new in RENAMED.items():
            apps.get_model("calls", model).objects.filter(zone=old).update(zone=new)


class Migration(migrations.Migration):

    dependencies = [
        ('actors', '0012_zones_of_design'),
        ('calls', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='call',
            name='call_zone_valid',
        ),
        migrations.AlterField(
            model_name='call',
            name='zone',
            field=models.CharField(blank=True, choices=[('afrique-de-l-ouest', 'Afrique de l’Ouest'), ('afrique-centrale', 'Afrique centrale'), ('afrique-de-l-est', 'Afrique de l’Est'), ('afrique-australe', 'Afrique australe'), ('maghreb', 'Maghreb'), ('ocean-indien', 'Océan Indien'), ('moyen-orient', 'Proche et Moyen-Orient'), ('asie-du-sud-est', 'Asie du Sud-Est'), ('asie-du-sud', 'Asie du Sud'), ('asie-de-l-est', 'Asie de l’Est'), ('asie-centrale-et-caucase', 'Asie centrale et Caucase'), ('amerique-latine', 'Amérique latine et Caraïbes'), ('amerique-du-nord', 'Amérique du Nord'), ('europe', 'Europe'), ('oceanie', 'Océanie')], max_length=30, verbose_name='zone'),
        ),
        migrations.AlterField(
            model_name='historicalcall',
            name='zone',
            field=models.CharField(blank=True, choices=[('afrique-de-l-ouest', 'Afrique de l’Ouest'), ('afrique-centrale', 'Afrique centrale'), ('afrique-de-l-est', 'Afrique de l’Est'), ('afrique-australe', 'Afrique australe'), ('maghreb', 'Maghreb'), ('ocean-indien', 'Océan Indien'), ('moyen-orient', 'Proche et Moyen-Orient'), ('asie-du-sud-est', 'Asie du Sud-Est'), ('asie-du-sud', 'Asie du Sud'), ('asie-de-l-est', 'Asie de l’Est'), ('asie-centrale-et-caucase', 'Asie centrale et Caucase'), ('amerique-latine', 'Amérique latine et Caraïbes'), ('amerique-du-nord', 'Amérique du Nord'), ('europe', 'Europe'), ('oceanie', 'Océanie')], max_length=30, verbose_name='zone'),
        ),
        migrations.RunPython(rename_zones, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name='call',
            constraint=models.CheckConstraint(condition=models.Q(('zone', ''), ('zone__in', ['afrique-de-l-ouest', 'afrique-centrale', 'afrique-de-l-est', 'afrique-australe', 'maghreb', 'ocean-indien', 'moyen-orient', 'asie-du-sud-est', 'asie-du-sud', 'asie-de-l-est', 'asie-centrale-et-caucase', 'amerique-latine', 'amerique-du-nord', 'europe', 'oceanie']), _connector='OR'), name='call_zone_valid'),
        ),
    ]
