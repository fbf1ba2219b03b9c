import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from projects.models import Agreement, AgreementKind, ContractMode, Participant, Role
from tests.factories import (
    ActorFactory,
    AgreementFactory,
    CollectivityFactory,
    ParticipantFactory,
    ProjectFactory,
)

pytestmark = pytest.mark.django_db


def refused(callable_):
    try:
        with transaction.atomic():
            callable_()
    except IntegrityError:
        return True
    return False


def test_project_slug_unique():
    ProjectFactory(slug="mobil-asie")
    assert refused(lambda: ProjectFactory(slug="mobil-asie"))


@pytest.mark.parametrize(("start", "end"), [(1850, None), (None, 2300), (2012, 2010), (0, None)])
def test_project_year_constraints_refuse_out_of_range_or_reversed(start, end):
    assert refused(lambda: ProjectFactory(start_year=start, end_year=end))


def test_project_year_constraints_accept_open_and_equal_ranges():
    assert not refused(lambda: ProjectFactory(start_year=2008, end_year=2008))
    assert not refused(lambda: ProjectFactory(start_year=None, end_year=2011))


def test_project_initiative_constraint_refuses_unknown_value():
    assert refused(lambda: ProjectFactory(initiative="etat"))


def test_project_progress_constraint_refuses_unknown_value():
    assert refused(lambda: ProjectFactory(project_status="paused"))


def test_project_years_display():
    assert [
        ProjectFactory.build(start_year=s, end_year=e).years for s, e in [(2006, 2011), (2006, None), (2006, 2006)]
    ] == [
        "2006-2011",
        "depuis 2006",
        "2006",
    ]


def test_participant_requires_exactly_one_organisation():
    project = ProjectFactory()
    actor, collectivity = ActorFactory(), CollectivityFactory()
    assert refused(lambda: Participant.objects.create(project=project, role=Role.FINANCEUR))
    assert refused(
        lambda: Participant.objects.create(project=project, actor=actor, collectivity=collectivity, role=Role.FINANCEUR)
    )
    assert not refused(lambda: Participant.objects.create(project=project, actor=actor, role=Role.OPERATEUR))
    assert not refused(
        lambda: Participant.objects.create(project=project, collectivity=collectivity, role=Role.FINANCEUR)
    )


def test_participant_clean_explains_exactly_one_organisation():
    with pytest.raises(ValidationError):
        Participant(project=ProjectFactory(), role=Role.FINANCEUR).clean()


def test_participant_role_constraint_refuses_unknown_role():
    assert refused(lambda: ParticipantFactory(role="mecene"))


def test_participant_same_organisation_and_role_unique_per_project():
    first = ParticipantFactory(role=Role.OPERATEUR)
    assert refused(lambda: ParticipantFactory(project=first.project, actor=first.actor, role=Role.OPERATEUR))
    # The same organisation may hold another role (roles change over time).
    assert not refused(lambda: ParticipantFactory(project=first.project, actor=first.actor, role=Role.AMO))


def test_participant_same_collectivity_and_role_unique_per_project():
    collectivity = CollectivityFactory()
    first = ParticipantFactory(actor=None, collectivity=collectivity, role=Role.FINANCEUR)
    assert refused(
        lambda: ParticipantFactory(project=first.project, actor=None, collectivity=collectivity, role=Role.FINANCEUR)
    )


def test_participant_years_constraint_refuses_end_before_start():
    assert refused(lambda: ParticipantFactory(start_year=2010, end_year=2008))


def test_participant_iati_role_mapping():
    assert [
        ParticipantFactory.build(role=r).iati_role for r in (Role.FINANCEUR, Role.MAITRE_OUVRAGE, Role.OPERATEUR)
    ] == [
        1,
        2,
        4,
    ]


def test_agreement_slug_unique_per_project():
    agreement = AgreementFactory(slug="financement")
    assert refused(lambda: AgreementFactory(project=agreement.project, slug="financement"))
    assert not refused(lambda: AgreementFactory(slug="financement"))


def test_agreement_kind_constraint_refuses_unknown_kind():
    assert refused(lambda: AgreementFactory(kind="contrat"))


def test_agreement_mode_constraint_refuses_unknown_mode():
    assert refused(lambda: AgreementFactory(kind=AgreementKind.AUTRE, mode="don"))


def test_agreement_framework_has_no_mode():
    assert refused(lambda: AgreementFactory(kind=AgreementKind.CONVENTION_CADRE, mode=ContractMode.SUBVENTION))
    assert not refused(lambda: AgreementFactory(kind=AgreementKind.CONVENTION_CADRE, mode=""))


@pytest.mark.parametrize("kind", [AgreementKind.MARCHE_PUBLIC, AgreementKind.COMMANDE_DIRECTE, AgreementKind.DSP])
def test_agreement_procurement_kinds_are_prestation(kind):
    assert refused(lambda: AgreementFactory(kind=kind, mode=ContractMode.SUBVENTION))
    assert not refused(lambda: AgreementFactory(kind=kind, mode=ContractMode.PRESTATION))


def test_agreement_funding_is_subvention():
    assert refused(lambda: AgreementFactory(kind=AgreementKind.CONVENTION_FINANCEMENT, mode=ContractMode.PRESTATION))


def test_agreement_amount_must_be_positive_and_have_currency():
    assert refused(lambda: AgreementFactory(amount=-1, currency="EUR"))
    assert refused(lambda: AgreementFactory(amount=1000, currency=""))
    assert not refused(lambda: AgreementFactory(amount=1000, currency="EUR"))


def test_agreement_year_constraints():
    assert refused(lambda: AgreementFactory(signed_year=1700))
    assert refused(lambda: AgreementFactory(start_year=2011, end_year=2009))


def test_agreement_clean_explains_mode_rules():
    agreement = Agreement(kind=AgreementKind.MARCHE_PUBLIC, mode=ContractMode.SUBVENTION)
    with pytest.raises(ValidationError) as exc:
        agreement.clean()
    assert list(exc.value.message_dict) == ["mode"]


def test_agreement_parties_link_participants():
    project = ProjectFactory()
    first = ParticipantFactory(project=project)
    second = ParticipantFactory(project=project, actor=None, collectivity=CollectivityFactory(), role=Role.FINANCEUR)
    agreement = AgreementFactory(project=project, parties=[first, second])
    assert set(agreement.parties.all()) == {first, second}
    assert list(first.agreements.all()) == [agreement]


def test_deleting_an_actor_with_participations_is_refused():
    participant = ParticipantFactory()
    from django.db.models import ProtectedError

    with pytest.raises(ProtectedError):
        participant.actor.delete()


def test_technical_support_is_an_implementing_role_for_iati():
    assert ParticipantFactory.build(role=Role.APPUI_TECHNIQUE).iati_role == 4
