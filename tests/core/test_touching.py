import datetime

import pytest
from django.utils import timezone

from actors.models import Actor, Country
from calls.models import Call
from projects.models import Project
from tests.factories import ActorFactory, AgreementFactory, CallFactory, DomainFactory, ParticipantFactory

pytestmark = pytest.mark.django_db

LONG_AGO = timezone.make_aware(datetime.datetime(2020, 1, 1))


def updated_long_ago(*entries):
    for entry in entries:
        type(entry).objects.filter(pk=entry.pk).update(updated_at=LONG_AGO)


def touched(entry):
    return type(entry).objects.get(pk=entry.pk).updated_at > LONG_AGO


def test_adding_removing_or_clearing_links_touches_the_entry():
    first, untouched = ActorFactory(), ActorFactory()
    touched_by = []
    for change in [
        lambda: first.domains.add(DomainFactory()),
        lambda: first.countries.set([Country.objects.get(code="ML")]),
        lambda: first.countries.remove(Country.objects.get(code="ML")),
        lambda: first.domains.clear(),
    ]:
        updated_long_ago(first, untouched)
        change()
        touched_by.append((touched(first), touched(untouched)))
    assert touched_by == [(True, False)] * 4


def test_a_participant_saved_or_deleted_touches_its_project_and_its_actor():
    participant = ParticipantFactory()
    updated_long_ago(participant.project, participant.actor)
    participant.delete()
    assert [touched(participant.project), touched(participant.actor)] == [True, True]


def test_an_agreement_touches_its_project_and_a_call_its_countries():
    project = ParticipantFactory().project
    call = CallFactory()
    updated_long_ago(project, call)
    AgreementFactory(project=project)
    call.countries.set([Country.objects.get(code="SN")])
    assert [touched(project), touched(call)] == [True, True]
    assert [Project.objects.count(), Actor.objects.count(), Call.objects.count()] == [1, 1, 1]
