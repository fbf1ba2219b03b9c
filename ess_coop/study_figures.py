"""The study's own figures (AFD / Région Île-de-France / ARENE, 2011), shown beside the directory's.

Each is quoted from the study's text (introduction, method and part 1.1), with where it comes from."""

from django.utils.translation import gettext_lazy as _

METHOD = [
    (150, _("structures de l’ESS repérées et caractérisées"), _("Introduction, repérage des acteurs")),
    (45, _("réponses au questionnaire (taux de retour de 30 %)"), _("Introduction, analyse des pratiques")),
    (24, _("expériences d’intervention conjointe collectivité – acteur de l’ESS repérées"), _("Introduction")),
    (8, _("études de cas approfondies"), _("Introduction, partie 3")),
    (2, _("ateliers de travail entre acteurs de l’ESS et collectivités"), _("Introduction")),
]

RESPONDENTS_BY_FORM = [
    ("association", 24),
    ("cooperative", 5),
    ("fondation", 2),
]

DOMAIN_SHARES = [
    ("appui-au-developpement", _("plus de la moitié des acteurs identifiés")),
    ("tourisme-equitable-et-solidaire", _("un tiers des acteurs interrogés")),
    ("energies-renouvelables", _("moins nombreux dans le panel")),
    ("eau-et-assainissement", _("un acteur identifié sur dix")),
]

OTHER = [
    (_("80 %"), _("des partenariats des collectivités franciliennes se nouent en Afrique de l’Ouest et à Madagascar")),
    (_("9"), _("structures seulement déclarent un effectif de plus de cinq personnes")),
    (_("une vingtaine"), _("de structures comptent plus de onze bénévoles")),
    (_("2 sur 3"), _("des 24 associations répondantes sont de très petite taille (moins de 5 salariés)")),
]
