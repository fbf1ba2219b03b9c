"""The projects' list export: the columns (`core.exports.Column`) and the annotations their evidence
cells read — participants with roles, agreements with modes and years — computed in SQL
by string aggregation (one correlated subquery per column, never a query per row)."""

from collections import defaultdict

from django.db.models import Case, CharField, OuterRef, Q, Value, When
from django.db.models.functions import Cast, Coalesce, Concat
from django.utils.translation import gettext_lazy as _

from actors.exports import country_names
from core.aggregates import choice_label, joined
from core.exports import Column, links

from .models import Agreement, AgreementKind, ContractMode, Initiative, Participant, Project, ProjectStatus, Role


def with_evidence(projects):
    """Projects annotated export_participants (« name (role) ») and export_agreements (« kind — mode
    (years) »), in participant and agreement order."""
    participants = Participant.objects.filter(project_id=OuterRef("pk")).order_by()
    who = Concat(
        Coalesce("actor__name", "collectivity__name"),
        Value(" ("),
        choice_label("role", Role.choices),
        Value(")"),
        output_field=CharField(),
    )
    agreements = Agreement.objects.filter(project_id=OuterRef("pk")).order_by()
    return projects.annotate(
        export_participants=joined(participants, "project_id", who),
        export_agreements=joined(agreements, "project_id", agreement_text()),
    )


def agreement_text():
    """« Convention de financement — Subvention (2006-2011) » in SQL."""
    start = Cast(Coalesce("start_year", "signed_year"), CharField())
    dated = Q(start_year__isnull=False) | Q(signed_year__isnull=False)
    years = Case(
        When(
            dated & Q(end_year__isnull=False),
            then=Concat(Value(" ("), start, Value("-"), Cast("end_year", CharField()), Value(")")),
        ),
        When(dated, then=Concat(Value(" ("), start, Value(")"))),
        default=Value(""),
    )
    mode = Case(
        When(mode="", then=Value("")),
        default=Concat(Value(" — "), choice_label("mode", ContractMode.choices)),
    )
    return Concat(choice_label("kind", AgreementKind.choices), mode, years, output_field=CharField())


def agreement_modes(pks):
    """{project pk: its agreements' modes, each once, in agreement order} for a chunk of projects."""
    found = defaultdict(dict)
    for project_id, mode in (
        Agreement.objects.filter(project_id__in=pks).exclude(mode="").values_list("project_id", "mode")
    ):
        found[project_id][mode] = None
    return {pk: list(modes) for pk, modes in found.items()}


PROJECT_COLUMNS = [
    Column(_("Titre"), "title"),
    Column(_("Pays"), per_chunk=links(Project, "countries", "code"), labels=country_names),
    Column(_("Lieux"), "places"),
    Column(_("Domaines"), per_chunk=links(Project, "domains", "name")),
    Column(_("Début"), "start_year"),
    Column(_("Fin"), "end_year"),
    Column(_("État"), "project_status", labels=ProjectStatus.choices),
    Column(_("Initiative"), "initiative", labels=Initiative.choices),
    Column(_("Modes de contractualisation"), per_chunk=agreement_modes, labels=ContractMode.choices),
    Column(_("Participants (rôle)"), "export_participants"),
    Column(_("Conventions (mode, années)"), "export_agreements"),
    Column(_("Résumé"), "summary"),
    Column(_("Fiche"), "slug", page="projects:project_detail"),
]
