"""The published projects in the standards others read: IATI activities (XML 2.03) for aid transparency,
and the agreements whose mode is « subvention » in the French subsidy standard (SCDL « subventions »).

Every mapping from our vocabulary to a standard's code list is here, once; the /donnees/ page shows them.
Nothing is invented: what the study does not give stays out (IATI) or empty (SCDL)."""

import csv
import io
from datetime import date

from django.conf import settings
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from lxml import etree

from actors.models import CollectivityType, Institution, LegalForm
from curation.exporting import published_participants
from projects.models import IATI_ROLES, Agreement, ContractMode, Project, ProjectStatus, Role

IATI_VERSION = "2.03"

# OECD DAC 5-digit purpose codes (IATI « Sector », vocabulary 1). A theme without its own code takes its
# domain's; the DAC has no code for fair trade, which goes with business development services.
DAC_SECTORS = {
    "appui-au-developpement": ("25030", "Business development services"),
    "creation-entreprises": ("32130", "Small and medium-sized enterprises (SME) development"),
    "commerce-equitable": ("25030", "Business development services"),
    "microfinance": ("24040", "Informal/semi-formal financial intermediaries"),
    "insertion-formation": ("11330", "Vocational training"),
    "agriculture-alimentation": ("31120", "Agricultural development"),
    "numerique": ("22040", "Information and communication technology (ICT)"),
    "construction-habitat": ("16040", "Low-cost housing"),
    "sante": ("12220", "Basic health care"),
    "education-culture": ("16061", "Culture and recreation"),
    "environnement": ("41010", "Environmental policy and administrative management"),
    "tourisme-equitable-et-solidaire": ("33210", "Tourism policy and administrative management"),
    "accueil-villageois": ("33210", "Tourism policy and administrative management"),
    "espaces-naturels": ("41040", "Site preservation"),
    "energies-renouvelables": ("23210", "Energy generation, renewable sources - multiple technologies"),
    "electrification-rurale": ("23631", "Electric power transmission and distribution (isolated mini-grids)"),
    "energie-solaire": ("23231", "Solar energy for isolated grids and standalone systems"),
    "maitrise-energie": ("23183", "Energy conservation and demand-side efficiency"),
    "eau-et-assainissement": ("14030", "Basic drinking water supply and basic sanitation"),
    "eau-potable": ("14031", "Basic drinking water supply"),
    "assainissement-hygiene": ("14032", "Basic sanitation"),
    "dechets": ("14050", "Waste management/disposal"),
}

IATI_ROLE_LABELS = {1: "Funding", 2: "Accountable", 3: "Extending", 4: "Implementing"}

# IATI « ActivityStatus »: 1 pipeline, 2 implementation, 4 closed, 5 cancelled. Without a status, the
# years decide: ended before this year → closed, otherwise implementation.
ACTIVITY_STATUS = {
    ProjectStatus.PLANNED: 1,
    ProjectStatus.RUNNING: 2,
    ProjectStatus.FINISHED: 4,
    ProjectStatus.ABANDONED: 5,
}

# IATI « OrganisationType » (2.03): 11 local government, 10 government, 15 other public sector, 22 national
# NGO, 24 partner-country-based NGO, 60 foundation, 71/72 private sector in the provider / recipient country.
ORGANISATION_TYPES_TEXT = _(
    "collectivité → 11 (Local Government) ; ministère → 10 (Government) ; autre organisme public → 15 ; "
    "association ou réseau en France → 22 (National NGO), à l’étranger → 24 (Partner Country based NGO) ; "
    "fondation → 60 ; coopérative, mutuelle, entreprise de l’ESS en France → 71, à l’étranger → 72 ; autre → 90."
)


def organisation_type(participant):
    if participant.collectivity_id:
        body = participant.collectivity
        if body.institution == Institution.MINISTERE:
            return "10"
        return "15" if body.kind == CollectivityType.ORGANISME_PUBLIC else "11"
    actor = participant.actor
    french = str(actor.country) == "FR"
    if actor.legal_form in (LegalForm.ASSOCIATION, LegalForm.RESEAU):
        return "22" if french else "24"
    if actor.legal_form == LegalForm.FONDATION:
        return "60"
    if actor.legal_form in (LegalForm.COOPERATIVE, LegalForm.MUTUELLE, LegalForm.ENTREPRISE):
        return "71" if french else "72"
    return "90"


def sector_codes(project):
    """The DAC codes of a project's domains, each once (a theme unknown to DAC_SECTORS takes its domain's)."""
    codes = {}
    for domain in project.domains.all():
        mapped = DAC_SECTORS.get(domain.slug) or (DAC_SECTORS.get(domain.parent.slug) if domain.parent_id else None)
        if mapped:
            codes.setdefault(mapped[0], mapped[1])
    return codes


def activity_status(project, today):
    if project.project_status:
        return ACTIVITY_STATUS[project.project_status]
    return 4 if project.end_year and project.end_year < today.year else 2


def activity_dates(project, today):
    """IATI dates from years: the 1st of January of the start year (2 actual start, or 1 planned start if it
    is to come), the 31st of December of the end year (4 actual end once past, else 3 planned end)."""
    dates = []
    if project.start_year:
        dates.append(("2" if project.start_year <= today.year else "1", date(project.start_year, 1, 1)))
    if project.end_year:
        dates.append(("4" if project.end_year < today.year else "3", date(project.end_year, 12, 31)))
    return dates


def iati_projects():
    """Published projects with what their activity needs; a project without any year is left out (IATI
    requires an activity date and the study gives none)."""
    participants = published_participants().select_related("actor", "collectivity").order_by("position", "pk")
    return (
        Project.objects.published()
        .exclude(start_year__isnull=True, end_year__isnull=True)
        .prefetch_related("countries", "domains__parent", Prefetch("participants", queryset=participants))
        .order_by("slug")
    )


def narrative(parent, tag, text, **attributes):
    element = etree.SubElement(parent, tag, **attributes)
    etree.SubElement(element, "narrative").text = text
    return element


def iati_activity(parent, project, site_url, today):
    reference = settings.IATI_REPORTING_ORG_REF
    activity = etree.SubElement(
        parent,
        "iati-activity",
        {
            "{http://www.w3.org/XML/1998/namespace}lang": "fr",
            "last-updated-datetime": project.updated_at.replace(microsecond=0).isoformat(),
        },
    )
    etree.SubElement(activity, "iati-identifier").text = f"{reference}-{project.slug}"
    narrative(
        activity,
        "reporting-org",
        settings.IATI_REPORTING_ORG_NAME,
        ref=reference,
        type=settings.IATI_REPORTING_ORG_TYPE,
    )
    narrative(activity, "title", project.title)
    narrative(activity, "description", project.summary or project.title, type="1")
    for participant in project.participants.all():
        role = IATI_ROLES.get(participant.role)
        if role:
            narrative(
                activity,
                "participating-org",
                participant.organisation.name,
                role=str(role),
                type=organisation_type(participant),
            )
    etree.SubElement(activity, "activity-status", code=str(activity_status(project, today)))
    for kind, day in activity_dates(project, today):
        etree.SubElement(activity, "activity-date", type=kind, **{"iso-date": day.isoformat()})
    for country in project.countries.all():
        etree.SubElement(activity, "recipient-country", code=str(country.code))
    for code in sector_codes(project):
        etree.SubElement(activity, "sector", vocabulary="1", code=code)
    link = etree.SubElement(
        activity, "document-link", format="text/html", url=f"{site_url}{project.get_absolute_url()}"
    )
    narrative(link, "title", project.title)
    etree.SubElement(link, "category", code="A12")  # « Activity web page »: the project's page
    return activity


def iati_document(site_url, now=None):
    """The XML of every published project with a year, as IATI activities 2.03."""
    stream = io.BytesIO()
    write_iati(stream, site_url, now)
    return stream.getvalue()


def write_iati(stream, site_url, now=None):
    """Write the IATI document to the binary `stream` one activity at a time (projects read by chunks
    with their links): memory holds one chunk, not the tree of a national directory."""
    now = now or timezone.now()
    attributes = {"version": IATI_VERSION, "generated-datetime": now.replace(microsecond=0).isoformat()}
    stream.write(b"<?xml version='1.0' encoding='UTF-8'?>\n")  # xmlfile writes nothing outside the root
    with etree.xmlfile(stream, encoding="UTF-8") as document, document.element("iati-activities", attributes):
        document.write("\n  ", etree.Comment(f" {LICENCE_COMMENT} "))
        for project in iati_projects().iterator(chunk_size=IATI_CHUNK):
            if any(IATI_ROLES.get(p.role) for p in project.participants.all()):
                activity = iati_activity(etree.Element("scratch"), project, site_url, now.date())
                etree.indent(activity, level=1)
                document.write("\n  ", activity)
        document.write("\n")
    stream.write(b"\n")  # etree.tostring(pretty_print=True) of the whole tree ends so: the same bytes


IATI_CHUNK = 1000
LICENCE_COMMENT = "Licence Ouverte / Open Licence 2.0 (Etalab) - annuaire ess_coop"


# --- SCDL « subventions » 2.1.1 -------------------------------------------------------------------

SCDL_VERSION = "2.1.1"
SCDL_COLUMNS = [
    "nomAttribuant",
    "idAttribuant",
    "dateConvention",
    "referenceDecision",
    "nomBeneficiaire",
    "idBeneficiaire",
    "rnaBeneficiaire",
    "objet",
    "montant",
    "nature",
    "conditionsVersement",
    "datesPeriodeVersement",
    "idRAE",
    "notificationUE",
    "pourcentageSubvention",
    "dispositifAide",
]
# Why each column the study cannot fill stays empty (said on the /donnees/ page and in the manifest).
SCDL_NOT_GIVEN = {
    "idAttribuant": _("SIRET de la collectivité : l’étude ne le donne pas."),
    "dateConvention": _("l’étude ne donne que l’année de signature, pas la date."),
    "referenceDecision": _("référence de la délibération non donnée."),
    "idBeneficiaire": _("SIRET du bénéficiaire, quand sa fiche le donne."),
    "rnaBeneficiaire": _("numéro RNA du bénéficiaire, quand sa fiche le donne."),
    "montant": _("montant en euros seulement quand la convention l’indique."),
    "nature": _("numéraire ou nature : non précisé par l’étude."),
    "conditionsVersement": _("non précisées par l’étude."),
    "datesPeriodeVersement": _("dates de versement non données."),
    "idRAE": _("sans objet ou inconnu."),
    "notificationUE": _("non précisé par l’étude."),
    "pourcentageSubvention": _("1.00 pour un bénéficiaire unique ; inconnu quand ils sont plusieurs."),
    "dispositifAide": _("sans objet ou inconnu."),
}
FUNDER_ROLES = (Role.FINANCEUR, Role.MAITRE_OUVRAGE, Role.COORDINATION)


def subsidy_agreements():
    parties = Prefetch("parties", queryset=published_participants().select_related("actor", "collectivity"))
    return (
        Agreement.objects.in_published_projects()
        .filter(mode=ContractMode.SUBVENTION)
        .select_related("project")
        .prefetch_related(parties)
        .order_by("project__slug", "slug")
    )


def scdl_rows(agreement):
    """One row per (granting collectivity, ESS actor) of the agreement's parties."""
    parties = list(agreement.parties.all())
    funders = [p for p in parties if p.collectivity_id and p.role in FUNDER_ROLES] or [
        p for p in parties if p.collectivity_id
    ]
    beneficiaries = [p for p in parties if p.actor_id and not p.actor.is_group]
    amount = agreement.amount if agreement.amount is not None and agreement.currency == "EUR" else None
    subject = (agreement.title or f"{agreement.get_kind_display()} — {agreement.project.title}")[:255]
    for funder in funders:
        for beneficiary in beneficiaries:
            actor = beneficiary.actor
            yield {
                "nomAttribuant": funder.collectivity.name,
                "nomBeneficiaire": actor.name,
                "idBeneficiaire": actor.siret,
                "rnaBeneficiaire": actor.rna,
                "objet": subject,
                "montant": f"{amount:.2f}" if amount is not None else "",
                "pourcentageSubvention": "1.00" if len(beneficiaries) == 1 else "",
            }


def scdl_document():
    """CSV (UTF-8, comma) with exactly the standard's columns; (bytes, columns left empty in every row)."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=SCDL_COLUMNS, restval="", lineterminator="\r\n")
    writer.writeheader()
    filled = set()
    for agreement in subsidy_agreements():
        for row in scdl_rows(agreement):
            writer.writerow(row)
            filled |= {column for column, value in row.items() if value}
    empty = [column for column in SCDL_COLUMNS if column not in filled]
    return buffer.getvalue().encode("utf-8"), empty


def mappings():
    """The mappings, for the /donnees/ page."""
    role_labels = dict(Role.choices)
    return {
        "roles": [
            (role_labels[role], code, IATI_ROLE_LABELS[code])
            for role, code in IATI_ROLES.items()
            if role in role_labels
        ],
        "unmapped_roles": [label for role, label in Role.choices if role not in IATI_ROLES],
        "sectors": list(DAC_SECTORS.items()),
        "organisation_types": ORGANISATION_TYPES_TEXT,
        "scdl_not_given": list(SCDL_NOT_GIVEN.items()),
    }
