"""The evidence columns of the actors' exports — projects with roles and years, partner
collectivities, roles held, contract modes — each one readable cell, computed in SQL by string
aggregation (one correlated subquery per column, never a query per row)."""

from django.db.models import Case, CharField, OuterRef, Q, Value, When
from django.db.models.functions import Cast, Coalesce, Concat
from django.utils.translation import gettext_lazy as _

from actors.models import Collectivity, PublicationStatus
from core.aggregates import choice_label, joined
from core.exports import Column
from projects.models import ContractMode, Participant, Role


def published_participations():
    return Participant.objects.filter(project__status=PublicationStatus.PUBLISHED).order_by()


def with_evidence(actors):
    """The actors annotated export_projects, export_partners, export_roles, export_modes."""
    done = published_participations().filter(actor_id=OuterRef("pk"))
    year = Cast(Coalesce("start_year", "project__start_year"), CharField())
    dated = Q(start_year__isnull=False) | Q(project__start_year__isnull=False)
    project = Concat(
        "project__title",
        Value(" ("),
        choice_label("role", Role.choices),
        Case(When(dated, then=Concat(Value(", "), year)), default=Value("")),
        Value(")"),
        output_field=CharField(),
    )
    partners = published_participations().filter(
        project__participants__actor_id=OuterRef("pk"), collectivity__in=Collectivity.objects.published()
    )
    return actors.annotate(
        export_projects=joined(done, "actor_id", project),
        export_partners=joined(partners, "project__participants__actor_id", "collectivity__name", distinct=True),
        export_roles=joined(done, "actor_id", choice_label("role", Role.choices), distinct=True),
        export_modes=joined(
            done.filter(agreements__mode__in=ContractMode.values),
            "actor_id",
            choice_label("agreements__mode", ContractMode.choices),
            distinct=True,
        ),
    )


EVIDENCE_COLUMNS = [
    Column(_("Projets (rôle, année)"), "export_projects"),
    Column(_("Collectivités partenaires"), "export_partners"),
    Column(_("Rôles tenus"), "export_roles"),
    Column(_("Modes de contractualisation"), "export_modes"),
]
