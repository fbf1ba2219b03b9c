import datetime

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from actors.models import Country
from calls.models import Call, CallAnswer, CallNotification, EmailDomain, Membership
from tests.factories import (
    ActorFactory,
    CallFactory,
    CollectivityFactory,
    DomainFactory,
    MembershipFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def refused(callable_):
    """True when the database refuses the write with an IntegrityError."""
    try:
        with transaction.atomic():
            callable_()
    except IntegrityError:
        return True
    return False


def update(model, pk, **values):
    return lambda: model.objects.filter(pk=pk).update(**values)


def test_call_constraints_refuse_bad_rows():
    call = CallFactory()
    assert [
        refused(update(Call, call.pk, title="")),
        refused(update(Call, call.pk, status="lune")),
        refused(update(Call, call.pk, role="astronaute")),
        refused(update(Call, call.pk, mode="troc")),
        refused(update(Call, call.pk, zone="lune")),
        refused(update(Call, call.pk, status="rejected", reason="")),
        refused(update(Call, call.pk, status="published", reviewed_at=None)),
        refused(update(Call, call.pk, status="pending", reviewed_at=None)),
        refused(update(Call, call.pk, zone="afrique-de-l-ouest")),
    ] == [True, True, True, True, True, True, True, False, False]


def test_membership_constraints_refuse_bad_rows():
    membership = MembershipFactory()
    assert [
        refused(update(Membership, membership.pk, status="lune")),
        refused(update(Membership, membership.pk, verified_at=None)),
        refused(update(Membership, membership.pk, method="")),
        refused(lambda: Membership.objects.create(user=membership.user, collectivity=membership.collectivity)),
        refused(update(Membership, membership.pk, status="pending", verified_at=None, method="")),
    ] == [True, True, True, True, False]


def test_email_domain_must_be_a_lower_case_host_name():
    collectivity = CollectivityFactory()
    domain = EmailDomain.objects.create(collectivity=collectivity, domain="@ValDoise.FR ")
    assert domain.domain == "valdoise.fr"
    assert [
        refused(update(EmailDomain, domain.pk, domain="Val Doise.fr")),
        refused(update(EmailDomain, domain.pk, domain="valdoise")),
        refused(lambda: EmailDomain.objects.create(collectivity=CollectivityFactory(), domain="valdoise.fr")),
        refused(update(EmailDomain, domain.pk, domain="mairie-de-kayes.ml")),
    ] == [True, True, True, False]


def test_notification_is_unique_and_answer_not_empty():
    call, actor = CallFactory(), ActorFactory()
    CallNotification.objects.create(call=call, actor=actor)
    assert refused(lambda: CallNotification.objects.create(call=call, actor=actor))
    assert refused(lambda: CallAnswer.objects.create(call=call, name="A", email="a@example.org", message=""))


def test_call_open_until_its_deadline_then_archived():
    today = timezone.localdate()
    due_today = CallFactory(deadline=today)
    past = CallFactory(deadline=today - datetime.timedelta(days=1))
    CallFactory(status="pending", reviewed_at=None)
    assert (list(Call.objects.open()), list(Call.objects.archived())) == ([due_today], [past])
    assert (due_today.is_open, past.is_open, past.is_public) == (True, False, True)


def test_call_criteria_link_to_partner_search_with_countries_or_zone():
    domain = DomainFactory(slug="eau-et-assainissement")
    with_countries = CallFactory(domain=domain, countries=[Country.objects.get(code="ML")], mode="prestation")
    with_zone = CallFactory(domain=domain, zone="afrique-de-l-ouest", role="amo")
    assert with_countries.partner_search_url() == (
        "/trouver-un-partenaire/?domaine=eau-et-assainissement&pays=ML&role=operateur&mode=prestation"
    )
    assert with_zone.partner_search_url() == (
        "/trouver-un-partenaire/?domaine=eau-et-assainissement&zone=afrique-de-l-ouest&role=amo&mode=subvention"
    )
    assert "SN" in with_zone.country_codes() and with_countries.country_codes() == ["ML"]


def test_call_slug_is_made_from_its_title_once():
    call = CallFactory(title="Opérateur eau à Kayes", author=UserFactory())
    call.title = "Autre titre"
    call.save()
    assert call.slug == "operateur-eau-a-kayes"
