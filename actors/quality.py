"""How complete an actor's profile is, and what would complete it (shown to its editors and curators)."""

from django.utils.translation import gettext_lazy

# (what is checked, label, advice): the key fields a collectivity's staff needs.
ACTOR_CHECKS = [
    ("description", gettext_lazy("Description"), gettext_lazy("Présentez l’organisation en quelques phrases.")),
    ("domains", gettext_lazy("Domaines"), gettext_lazy("Cochez au moins un domaine d’intervention.")),
    ("countries", gettext_lazy("Pays d’intervention"), gettext_lazy("Indiquez les pays où vous intervenez.")),
    ("contact", gettext_lazy("Contact"), gettext_lazy("Donnez un courriel de contact, un site web ou un téléphone.")),
    ("city", gettext_lazy("Ville"), gettext_lazy("Indiquez la ville du siège.")),
    ("identifier", gettext_lazy("SIREN ou RNA"), gettext_lazy("Un SIREN ou un numéro RNA rassure les collectivités.")),
    ("references", gettext_lazy("Références"), gettext_lazy("Ajoutez un projet mené avec une collectivité.")),
]


def actor_missing(actor, has_domains, has_countries, has_references):
    present = {
        "description": bool(actor.description.strip()),
        "domains": has_domains,
        "countries": has_countries,
        "contact": bool(actor.email or actor.website or actor.phone),
        "city": bool(actor.city),
        "identifier": bool(actor.siren or actor.siret or actor.rna),
        "references": has_references,
    }
    return [(label, advice) for key, label, advice in ACTOR_CHECKS if not present[key]]


def completeness(actor):
    """(score 0–100, [(missing field, what would raise the score)]) of one profile."""
    missing = actor_missing(actor, actor.domains.exists(), actor.countries.exists(), actor.participations.exists())
    score = round(100 * (len(ACTOR_CHECKS) - len(missing)) / len(ACTOR_CHECKS))
    return score, missing
