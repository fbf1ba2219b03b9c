"""The world zones: the one table from ISO 3166-1 codes to zone (documented in docs/zones.md).

After the UN M49 sub-regions, regrouped as French decentralized cooperation talks about them: the
Maghreb apart from the rest of North Africa, Madagascar and the Indian Ocean islands apart from East
Africa, South-East Asia apart from the rest of Asia. Mauritania is counted in West Africa (M49, Sahel
programmes), Egypt and Sudan with the Middle East and East Africa respectively.

Used by the `zone` filter of every list, the statistics, the search index (zone names are keywords
of every entry that has a country in the zone) and partner matching.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Zone(models.TextChoices):
    """The `zone` values of the public filters."""

    AFRIQUE_OUEST = "afrique-de-l-ouest", _("Afrique de l’Ouest")
    AFRIQUE_CENTRALE = "afrique-centrale", _("Afrique centrale")
    AFRIQUE_EST = "afrique-de-l-est", _("Afrique de l’Est")
    AFRIQUE_AUSTRALE = "afrique-australe", _("Afrique australe")
    MAGHREB = "maghreb", _("Maghreb")
    OCEAN_INDIEN = "ocean-indien", _("Océan Indien")
    MOYEN_ORIENT = "moyen-orient", _("Proche et Moyen-Orient")
    ASIE_SUD_EST = "asie-du-sud-est", _("Asie du Sud-Est")
    ASIE_SUD = "asie-du-sud", _("Asie du Sud")
    ASIE_EST = "asie-de-l-est", _("Asie de l’Est")
    ASIE_CENTRALE = "asie-centrale-et-caucase", _("Asie centrale et Caucase")
    AMERIQUE_LATINE = "amerique-latine", _("Amérique latine et Caraïbes")
    AMERIQUE_NORD = "amerique-du-nord", _("Amérique du Nord")
    EUROPE = "europe", _("Europe")
    OCEANIE = "oceanie", _("Océanie")


# « a mené 2 projets en Afrique de l’Ouest »: the preposition each zone takes in French.
IN_ZONE = {
    Zone.AFRIQUE_OUEST: _("en Afrique de l’Ouest"),
    Zone.AFRIQUE_CENTRALE: _("en Afrique centrale"),
    Zone.AFRIQUE_EST: _("en Afrique de l’Est"),
    Zone.AFRIQUE_AUSTRALE: _("en Afrique australe"),
    Zone.MAGHREB: _("au Maghreb"),
    Zone.OCEAN_INDIEN: _("dans l’océan Indien"),
    Zone.MOYEN_ORIENT: _("au Proche et Moyen-Orient"),
    Zone.ASIE_SUD_EST: _("en Asie du Sud-Est"),
    Zone.ASIE_SUD: _("en Asie du Sud"),
    Zone.ASIE_EST: _("en Asie de l’Est"),
    Zone.ASIE_CENTRALE: _("en Asie centrale et dans le Caucase"),
    Zone.AMERIQUE_LATINE: _("en Amérique latine et aux Caraïbes"),
    Zone.AMERIQUE_NORD: _("en Amérique du Nord"),
    Zone.EUROPE: _("en Europe"),
    Zone.OCEANIE: _("en Océanie"),
}

ZONE_COUNTRIES = {
    Zone.AFRIQUE_OUEST: "BJ BF CV CI GM GH GN GW LR ML MR NE NG SH SN SL TG",
    Zone.AFRIQUE_CENTRALE: "AO CM CF TD CG CD GQ GA ST",
    Zone.AFRIQUE_EST: "BI DJ ER ET KE RW SO SS SD TZ UG",
    Zone.AFRIQUE_AUSTRALE: "BW LS MW MZ NA ZA SZ ZM ZW",
    Zone.MAGHREB: "DZ LY MA TN EH",
    Zone.OCEAN_INDIEN: "MG KM MU YT RE SC IO TF",
    Zone.MOYEN_ORIENT: "BH EG IQ IR IL JO KW LB OM PS QA SA SY AE YE TR CY",
    Zone.ASIE_SUD_EST: "BN KH ID LA MY MM PH SG TH TL VN",
    Zone.ASIE_SUD: "AF BD BT IN MV NP PK LK",
    Zone.ASIE_EST: "CN HK JP KP KR MN MO TW",
    Zone.ASIE_CENTRALE: "AM AZ GE KZ KG TJ TM UZ",
    Zone.AMERIQUE_LATINE: (
        "AI AG AR AW BS BB BZ BO BQ BR VG KY CL CO CR CU CW DM DO EC SV FK GF GD GP GT GY HT HN JM "
        "MQ MX MS NI PA PY PE PR BL KN LC MF PM VC SX SR TT TC UY VE VI GS BV"
    ),
    Zone.AMERIQUE_NORD: "BM CA GL US UM",
    Zone.EUROPE: (
        "AX AL AD AT BY BE BA BG HR CZ DK EE FO FI FR DE GI GR GG VA HU IS IE IM IT JE XK LV LI LT "
        "LU MT MD MC ME NL MK NO PL PT RO RU SM RS SK SI ES SJ SE CH UA GB"
    ),
    Zone.OCEANIE: "AS AU CX CC CK FJ PF GU HM KI MH FM NR NC NZ NU NF MP PW PG PN WS SB TK TO TV VU WF AQ",
}

ZONE_OF = {code: str(zone) for zone, codes in ZONE_COUNTRIES.items() for code in codes.split()}

# Where an actor is based does not make it work in a zone when it is France (every French actor
# would be « en Europe »): zone filters and counts skip a French head office.
HOME_COUNTRY = "FR"


def codes_of(zones):
    """The ISO codes of the given zone slugs (unknown slugs give nothing)."""
    return sorted(code for code, zone in ZONE_OF.items() if zone in set(zones))


def zone_label(slug):
    return dict(Zone.choices).get(slug, slug)


def in_zone(slug):
    return IN_ZONE.get(slug, zone_label(slug))
