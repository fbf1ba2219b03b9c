"""The licence of everything the API and the open-data files publish: one place for its name and links."""

from django.utils.translation import gettext_lazy as _

LICENCE_NAME = "Licence Ouverte / Open Licence 2.0"
LICENCE_ID = "etalab-2.0"
LICENCE_URL = "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"
LICENCE_TEXT_URL = "https://www.etalab.gouv.fr/wp-content/uploads/2017/04/ETALAB-Licence-Ouverte-v2.0.pdf"
ATTRIBUTION = _(
    "Annuaire ess_coop — d’après l’étude « L’économie sociale et solidaire, un atout pour la coopération "
    "décentralisée » (AFD, Région Île-de-France, ARENE Île-de-France, 2011)"
)


def licence_info():
    """What the API root, the files' metadata and the pages state about reuse."""
    return {"nom": LICENCE_NAME, "identifiant": LICENCE_ID, "url": LICENCE_URL, "attribution": str(ATTRIBUTION)}
