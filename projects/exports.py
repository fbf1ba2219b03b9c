"""The projects' list export: the columns [(header, function(project) → value)] and the annotations
their evidence cells read — participants with roles, agreements with modes and years — computed in SQL
by string aggregation (one correlated subquery per column, never a query per row)."""

from django.db.models import Case, CharField, OuterRef, Q, Value, When
from django.db.models.functions import Cast, Coalesce, Concat
from django.utils.translation import gettext_lazy as _

from core.aggregates import choice_label, joined
from core.exports import join

from .models import Agreement, AgreementKind, ContractMode, Participant, Role


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


def modes_text(project):
    return join(dict.fromkeys(a.get_mode_display() for a in project.agreements.all() if a.mode))


PROJECT_COLUMNS = [
    (_("Titre"), lambda p: p.title),
    (_("Pays"), lambda p: join(c.name for c in p.countries.all())),
    (_("Lieux"), lambda p: p.places),
    (_("Domaines"), lambda p: join(d.name for d in p.domains.all())),
    (_("Début"), lambda p: p.start_year),
    (_("Fin"), lambda p: p.end_year),
    (_("État"), lambda p: p.get_project_status_display() if p.project_status else ""),
    (_("Initiative"), lambda p: p.get_initiative_display() if p.initiative else ""),
    (_("Modes de contractualisation"), modes_text),
    (_("Participants (rôle)"), lambda p: p.export_participants or ""),
    (_("Conventions (mode, années)"), lambda p: p.export_agreements or ""),
    (_("Résumé"), lambda p: p.summary),
    (_("Fiche"), lambda p: p.get_absolute_url()),
]
