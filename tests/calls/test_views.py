import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from actors.models import Country
from calls.models import Call, CallAnswer
from tests.factories import (
    ActorFactory,
    CallFactory,
    CollectivityFactory,
    CuratorFactory,
    DomainFactory,
    EditorshipFactory,
    MembershipFactory,
    VerifiedUserFactory,
)

pytestmark = pytest.mark.django_db


def country(code):
    return Country.objects.get(code=code)


def test_list_shows_open_calls_and_filters_by_country_through_zones(client, django_assert_max_num_queries):
    in_mali = CallFactory(title="Eau à Kayes", countries=[country("ML")])
    west_africa = CallFactory(title="Énergie en Afrique de l’Ouest", zone="afrique-de-l-ouest")
    CallFactory(title="Tourisme au Viêt Nam", countries=[country("VN")])
    CallFactory(title="Clos", deadline=timezone.localdate() - datetime.timedelta(days=1))
    CallFactory(title="En attente", status="pending", reviewed_at=None)
    for _ in range(5):
        CallFactory(countries=[country("SN")])
    with django_assert_max_num_queries(12):
        response = client.get(reverse("calls:list"), {"pays": "ML"})
    titles = [call.title for call in response.context["page_obj"].object_list]
    assert sorted(titles) == sorted([in_mali.title, west_africa.title])
    assert client.get(reverse("calls:list")).context["page_obj"].paginator.count == 8


def test_archive_lists_calls_past_their_deadline(client):
    CallFactory(title="Ouvert")
    CallFactory(title="Clos", deadline=timezone.localdate() - datetime.timedelta(days=1))
    response = client.get(reverse("calls:archive"))
    assert [call.title for call in response.context["page_obj"].object_list] == ["Clos"]


def test_list_survives_malformed_parameters(client):
    CallFactory()
    response = client.get(reverse("calls:list"), {"pays": ["ZZ", "<script>"], "zone": "lune", "tri": "x", "page": "z"})
    assert response.status_code == 200


def test_detail_links_to_partner_search_and_answer(client, django_assert_max_num_queries):
    call = CallFactory(domain=DomainFactory(slug="eau-et-assainissement"), countries=[country("ML")])
    with django_assert_max_num_queries(6):
        response = client.get(call.get_absolute_url())
    assert 'href="/trouver-un-partenaire/?domaine=eau-et-assainissement&amp;pays=ML&amp;role=operateur' in response.text
    assert reverse("calls:answer", args=[call.slug]) in response.text


def test_pending_call_is_hidden_except_from_its_staff_and_curators(client):
    membership = MembershipFactory()
    call = CallFactory(collectivity=membership.collectivity, status="pending", reviewed_at=None)
    anonymous = client.get(call.get_absolute_url()).status_code
    client.force_login(membership.user)
    staff = client.get(call.get_absolute_url()).status_code
    client.force_login(CuratorFactory())
    curator = client.get(call.get_absolute_url()).status_code
    client.force_login(VerifiedUserFactory())
    stranger = client.get(call.get_absolute_url()).status_code
    assert (anonymous, staff, curator, stranger) == (404, 200, 200, 404)


def test_archived_call_shows_but_takes_no_answer(client):
    call = CallFactory(deadline=timezone.localdate() - datetime.timedelta(days=1))
    page = client.get(call.get_absolute_url())
    answer = client.get(reverse("calls:answer", args=[call.slug]))
    assert (page.status_code, "Appel clos le" in page.text, answer.status_code) == (200, True, 302)


def test_editor_answers_on_behalf_of_their_actor(client, mailoutbox):
    membership = MembershipFactory()
    call = CallFactory(collectivity=membership.collectivity, author=membership.user)
    editorship = EditorshipFactory(actor=ActorFactory(name="Eau vive"), user=VerifiedUserFactory())
    client.force_login(editorship.user)
    form_page = client.get(reverse("calls:answer", args=[call.slug]))
    response = client.post(
        reverse("calls:answer", args=[call.slug]),
        {"actor": editorship.actor.pk, "name": "Awa", "email": "awa@example.org", "message": "Nous sommes là."},
    )
    answer = CallAnswer.objects.get()
    assert ("Au nom de" in form_page.text, response.status_code) == (True, 302)
    assert (answer.actor, answer.organisation, answer.user, len(mailoutbox)) == (
        editorship.actor,
        "Eau vive",
        editorship.user,
        1,
    )


def test_answer_form_redisplays_errors_and_refuses_bots(client):
    call = CallFactory()
    url = reverse("calls:answer", args=[call.slug])
    empty = client.post(url, {})
    bot = client.post(url, {"name": "B", "email": "b@example.org", "message": "m", "site_internet": "x"})
    assert (empty.status_code, bot.status_code, CallAnswer.objects.count()) == (200, 200, 0)


def test_space_ties_an_account_and_shows_calls_and_answers(client, django_assert_max_num_queries):
    membership = MembershipFactory()
    call = CallFactory(collectivity=membership.collectivity, author=membership.user)
    CallAnswer.objects.create(call=call, name="Awa", organisation="Eau vive", email="a@e.org", message="Bonjour")
    client.force_login(membership.user)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("calls:space"))
    assert "Eau vive" in response.text and call.title in response.text
    assert response.context["calls"][0].answer_count == 1


def test_space_membership_request_waits_for_a_curator(client):
    user = VerifiedUserFactory()
    collectivity = CollectivityFactory(name="Conseil départemental du Val-d’Oise", country="FR")
    client.force_login(user)
    response = client.post(reverse("calls:space"), {"collectivity": collectivity.pk, "job_title": "Chargée"})
    assert (response.status_code, user.collectivity_memberships.get().status) == (302, "pending")


def test_create_call_needs_a_verified_membership(client):
    client.force_login(VerifiedUserFactory())
    assert client.get(reverse("calls:create")).url == reverse("calls:space")


def test_create_call_validates_place_and_deadline(client):
    membership = MembershipFactory()
    client.force_login(membership.user)
    domain = DomainFactory()
    data = {
        "collectivity": membership.collectivity.pk,
        "title": "Opérateur eau",
        "domain": domain.pk,
        "role": "operateur",
        "mode": "prestation",
        "deadline": (timezone.localdate() - datetime.timedelta(days=1)).isoformat(),
        "description": "Un besoin.",
    }
    invalid = client.post(reverse("calls:create"), data)
    assert set(invalid.context["form"].errors) == {"countries", "deadline"}
    data |= {
        "countries": [country("ML").pk],
        "deadline": (timezone.localdate() + datetime.timedelta(days=20)).isoformat(),
    }
    valid = client.post(reverse("calls:create"), data)
    call = Call.objects.get()
    assert (valid.status_code, call.status, call.author, list(call.countries.all())) == (
        302,
        "pending",
        membership.user,
        [country("ML")],
    )


def test_create_call_form_lists_countries_in_french_order(client):
    client.force_login(MembershipFactory().user)
    text = client.get(reverse("calls:create")).text
    assert text.index("Danemark") < text.index("Égypte") < text.index("Espagne")


def call_post(call, **changes):
    data = {
        "collectivity": call.collectivity_id,
        "title": call.title,
        "domain": call.domain_id,
        "countries": [c.pk for c in call.countries.all()],
        "zone": call.zone,
        "role": call.role,
        "mode": call.mode,
        "deadline": call.deadline.isoformat(),
        "description": call.description,
    }
    return {**data, **changes}


def test_collectivity_edits_its_call_which_leaves_the_list_until_the_team_reads_it(client):
    membership = MembershipFactory()
    call = CallFactory(collectivity=membership.collectivity, title="Eau à Kayes", countries=[country("ML")])
    client.force_login(membership.user)
    form = client.get(reverse("calls:edit", args=[call.slug]))
    assert re.findall(r'name="countries" value="(\w+)" id="[^"]+" checked', form.text) == ["ML"]
    unchanged = client.post(reverse("calls:edit", args=[call.slug]), call_post(call))
    assert Call.objects.get().status == "published"
    edited = client.post(
        reverse("calls:edit", args=[call.slug]), call_post(call, title="Eau et assainissement à Kayes")
    )
    call.refresh_from_db()
    assert [unchanged.status_code, edited.status_code] == [302, 302]
    assert (call.status, call.title) == ("pending", "Eau et assainissement à Kayes")
    assert call.title not in client.get(reverse("calls:list")).text


def test_withdrawn_call_leaves_the_list_and_its_answers_stay_in_the_space(client, django_assert_max_num_queries):
    membership = MembershipFactory()
    call = CallFactory(collectivity=membership.collectivity, title="Eau à Kayes")
    CallAnswer.objects.create(call=call, name="Awa", organisation="Eau vive", email="a@e.org", message="Bonjour")
    client.force_login(membership.user)
    confirm = client.get(reverse("calls:withdraw", args=[call.slug]))
    response = client.post(reverse("calls:withdraw", args=[call.slug]))
    with django_assert_max_num_queries(12):
        space = client.get(reverse("calls:space"))
    assert [confirm.status_code, response.status_code, Call.objects.get().status] == [200, 302, "withdrawn"]
    assert "Eau à Kayes" not in client.get(reverse("calls:list")).text
    assert "Eau à Kayes" not in client.get(reverse("calls:archive")).text
    assert ["Eau vive" in space.text, "Retiré" in space.text] == [True, True]
    assert client.get(reverse("calls:edit", args=[call.slug])).url == reverse("calls:space")


def test_another_collectivity_staff_cannot_edit_or_withdraw_a_call(client):
    call = CallFactory(title="Eau à Kayes")
    edit, withdraw = reverse("calls:edit", args=[call.slug]), reverse("calls:withdraw", args=[call.slug])
    anonymous = [client.get(edit).status_code, client.post(withdraw).status_code]
    client.force_login(MembershipFactory().user)
    outsider = [
        client.get(edit).status_code,
        client.post(edit, call_post(call, title="Détourné")).status_code,
        client.get(withdraw).status_code,
        client.post(withdraw).status_code,
    ]
    call.refresh_from_db()
    assert (anonymous, outsider) == ([302, 302], [404, 404, 404, 404])
    assert (call.status, call.title) == ("published", "Eau à Kayes")
