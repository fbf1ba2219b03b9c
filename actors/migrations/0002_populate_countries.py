"""Fill the country table from django-countries, each country with its zone.

The zone table is frozen here as it was when this migration was written (0010 moved the countries
to the zones of `actors/zones.py`): a migration must not depend on today's table."""

from django.db import migrations

ZONE_COUNTRIES_2011 = {
    "afrique-ouest": "BJ BF CV CI GM GH GN GW LR ML MR NE NG SH SN SL TG",
    "afrique-centrale": "AO CM CF TD CG CD GQ GA ST",
    "afrique-est": "BI DJ ER ET KE RW SO SS SD TZ UG",
    "afrique-australe": "BW LS MW MZ NA ZA SZ ZM ZW",
    "afrique-nord": "DZ EG LY MA TN EH",
    "ocean-indien": "MG KM MU YT RE SC IO TF",
    "moyen-orient": "BH IQ IR IL JO KW LB OM PS QA SA SY AE YE TR CY",
    "asie": (
        "AF AM AZ BD BT BN KH CN GE HK IN ID JP KZ KG LA MO MY MV MN MM NP KP PK PH KR LK TW TJ TH TL TM UZ VN SG"
    ),
    "amerique-latine": (
        "AI AG AR AW BS BB BZ BO BQ BR VG KY CL CO CR CU CW DM DO EC SV FK GF GD GP GT GY HT HN JM "
        "MQ MX MS NI PA PY PE PR BL KN LC MF PM VC SX SR TT TC UY VE VI GS BV"
    ),
    "amerique-nord": "BM CA GL US UM",
    "europe": (
        "AX AL AD AT BY BE BA BG HR CZ DK EE FO FI FR DE GI GR GG VA HU IS IE IM IT JE XK LV LI LT "
        "LU MT MD MC ME NL MK NO PL PT RO RU SM RS SK SI ES SJ SE CH UA GB"
    ),
    "oceanie": ("AS AU CX CC CK FJ PF GU HM KI MH FM NR NC NZ NU NF MP PW PG PN WS SB TK TO TV VU WF AQ"),
}

ZONE_OF_2011 = {code: zone for zone, codes in ZONE_COUNTRIES_2011.items() for code in codes.split()}


def populate(apps, schema_editor):
    from actors.countries import sync_countries

    sync_countries(apps.get_model("actors", "Country"), ZONE_OF_2011)


class Migration(migrations.Migration):
    dependencies = [("actors", "0001_initial")]

    operations = [migrations.RunPython(populate, migrations.RunPython.noop)]
