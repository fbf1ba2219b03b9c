import pytest
from allauth.account.models import EmailAddress
from django.core.exceptions import PermissionDenied

from actors.models import Country
from calls import services
from calls.models import Call, CallNotification, EmailDomain, MembershipStatus
from tests.factories import (
    ActorFactory,
    CallFactory,
    CollectivityFactory,
    CuratorFactory,
    DomainFactory,
    EditorshipFactory,
    MembershipFactory,
    UserFactory,
    VerifiedUserFactory,
)

pytestmark = pytest.mark.django_db


def country(code):
    return Country.objects.get(code=code)


def test_membership_is_verified_at_once_by_a_declared_email_domain():
    collectivity = CollectivityFactory()
    EmailDomain.objects.create(collectivity=collectivity, domain="valdoise.fr")
    user = VerifiedUserFactory(email="agent@valdoise.fr")
    membership = services.request_membership(user, collectivity, "Chargé de mission")
    assert (membership.status, membership.method) == ("verified", "email-domain")


def test_membership_waits_for_a_curator_otherwise():
    collectivity = CollectivityFactory()
    EmailDomain.objects.create(collectivity=collectivity, domain="valdoise.fr")
    other_domain = services.request_membership(VerifiedUserFactory(email="a@gmail.com"), collectivity, "Élu")
    unverified = UserFactory(email="b@valdoise.fr")
    EmailAddress.objects.create(user=unverified, email=unverified.email, verified=False, primary=True)
    unverified_address = services.request_membership(unverified, collectivity, "Agent")
    assert (other_domain.status, unverified_address.status) == ("pending", "pending")


def test_curator_verifies_a_membership_and_the_person_is_told(mailoutbox):
    membership = MembershipFactory(status="pending", method="", verified_at=None)
    with pytest.raises(PermissionDenied):
        services.verify_membership(membership, UserFactory())
    services.verify_membership(membership, CuratorFactory())
    membership.refresh_from_db()
    assert (membership.status, membership.method, len(mailoutbox)) == ("verified", "curator", 1)
    assert mailoutbox[0].subject.startswith("[ess_coop] Votre compte est rattaché à ")


def test_only_verified_staff_submit_a_call():
    membership = MembershipFactory(status=MembershipStatus.PENDING, method="", verified_at=None)
    call = CallFactory.build(collectivity=membership.collectivity, domain=DomainFactory())
    with pytest.raises(PermissionDenied):
        services.submit_call(membership.user, call, [])


@pytest.fixture
def water():
    root = DomainFactory(name="Eau et assainissement", slug="eau-et-assainissement")
    return root, DomainFactory(name="Hygiène", slug="hygiene", parent=root)


def test_publishing_a_call_notifies_matching_actors_once(water, mailoutbox, django_capture_on_commit_callbacks):
    root, theme = water
    in_mali = ActorFactory(name="Eau vive", email="contact@eauvive.example")
    in_mali.domains.set([theme])
    in_mali.countries.set([country("ML")])
    based_in_senegal = ActorFactory(name="Kinkeliba", country="SN")
    based_in_senegal.domains.set([root])
    EditorshipFactory(actor=based_in_senegal, user=UserFactory(email="editrice@kinkeliba.example"))
    in_vietnam = ActorFactory(name="Gret", email="gret@example.org")
    in_vietnam.domains.set([root])
    in_vietnam.countries.set([country("VN")])
    no_address = ActorFactory(name="Sans adresse")
    no_address.domains.set([root])
    no_address.countries.set([country("ML")])
    membership = MembershipFactory()
    call = CallFactory(
        collectivity=membership.collectivity,
        author=membership.user,
        domain=root,
        zone="afrique-de-l-ouest",
        status="pending",
        reviewed_at=None,
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.publish_call(call, CuratorFactory())
    recipients = sorted(to for message in mailoutbox for to in message.to)
    assert recipients == sorted([membership.user.email, "contact@eauvive.example", "editrice@kinkeliba.example"])
    assert services.notify_matching(call) == 0
    assert CallNotification.objects.filter(call=call).count() == 2


def test_a_call_is_refused_with_a_reason_only():
    call = CallFactory(status="pending", reviewed_at=None, author=UserFactory())
    curator = CuratorFactory()
    with pytest.raises(ValueError):
        services.reject_call(call, curator, "  ")
    services.reject_call(call, curator, "Hors du champ de l’annuaire.")
    assert (call.status, call.reason) == ("rejected", "Hors du champ de l’annuaire.")


def test_author_cannot_publish_their_own_call():
    curator = CuratorFactory()
    call = CallFactory(status="pending", reviewed_at=None, author=curator)
    with pytest.raises(PermissionDenied):
        services.publish_call(call, curator)


def test_answer_is_kept_and_relayed_to_the_collectivity(mailoutbox):
    membership = MembershipFactory()
    colleague = MembershipFactory(collectivity=membership.collectivity)
    call = CallFactory(collectivity=membership.collectivity, author=membership.user)
    actor = ActorFactory(name="Eau vive")
    data = {"name": "Awa", "email": "awa@eauvive.example", "message": "Nous avons fait cela à Kayes."}
    answer = services.answer_call(call, data, actor=actor)
    assert (answer.organisation, len(mailoutbox)) == ("Eau vive", 1)
    message = mailoutbox[0]
    assert (message.to, message.reply_to) == ([membership.user.email, colleague.user.email], ["awa@eauvive.example"])
    assert "Nous avons fait cela à Kayes." in message.body


def test_a_closed_call_takes_no_answer():
    call = CallFactory(status="withdrawn")
    with pytest.raises(PermissionDenied):
        services.answer_call(call, {"name": "A", "email": "a@example.org", "message": "m"})


def test_editing_a_published_call_sends_it_back_to_the_team():
    membership = MembershipFactory()
    call = CallFactory(collectivity=membership.collectivity, reason="Bien.", countries=[country("ML")])
    call.title = "Appel précisé"
    services.edit_call(membership.user, call, [country("SN")])
    call.refresh_from_db()
    assert (call.status, call.reason, call.title) == ("pending", "", "Appel précisé")
    assert [str(c.code) for c in call.countries.all()] == ["SN"]
    assert list(Call.objects.open()) == []


def test_withdrawing_a_call_never_decided_is_allowed():
    membership = MembershipFactory()
    call = CallFactory(collectivity=membership.collectivity, status="pending", reviewed_at=None)
    services.withdraw_call(membership.user, call)
    call.refresh_from_db()
    assert (call.status, call.reviewed_at, call.history.first().history_user) == ("withdrawn", None, membership.user)


def test_only_the_staff_of_its_collectivity_change_a_call_and_never_once_withdrawn():
    call = CallFactory()
    outsider = MembershipFactory().user
    colleague = MembershipFactory(collectivity=call.collectivity).user
    refused = []
    for attempt in [
        lambda: services.edit_call(outsider, call, []),
        lambda: services.withdraw_call(outsider, call),
        lambda: services.withdraw_call(colleague, call),
        lambda: services.edit_call(colleague, call, []),
    ]:
        try:
            attempt()
            refused.append(False)
        except PermissionDenied:
            refused.append(True)
    call.refresh_from_db()
    assert (refused, call.status) == ([True, True, False, True], "withdrawn")


def test_an_edited_call_is_announced_to_the_curators_again(mailoutbox, django_capture_on_commit_callbacks):
    from contributions.models import CuratorNotice, CuratorPreference

    immediate = CuratorFactory()
    CuratorPreference.objects.create(user=immediate, notice=CuratorNotice.IMMEDIATE)
    membership = MembershipFactory()
    call = CallFactory(collectivity=membership.collectivity)
    with django_capture_on_commit_callbacks(execute=True):
        services.edit_call(membership.user, call, [country("ML")])
    assert [m.to for m in mailoutbox] == [[immediate.email]]
