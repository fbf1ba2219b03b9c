"""Fuzz of every admin form and every form of the actors' space: no value, however hostile, gives a 500.

Each example picks a form page, reads the names of its fields from the page, and posts a random mix of
hostile values (some fields left out, some repeated). The test client re-raises any server error.
`FUZZ_EXAMPLES` sets the number of examples (scripts/fuzz_forms.py runs a long campaign)."""

import os
import re

import pytest
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory
from django.urls import reverse
from hypothesis import HealthCheck, Phase, given, note, settings
from hypothesis import strategies as st

from tests.factories import (
    ActorFactory,
    AgreementFactory,
    CaseStudyFactory,
    CollectivityFactory,
    DomainFactory,
    EditorshipFactory,
    ParticipantFactory,
    SubmissionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "60"))
HOSTILE = [
    "",
    " ",
    "0",
    "-1",
    "1.5",
    "99999999999999999999999999",
    "NaN",
    "abc",
    "on",
    "\x00",
    "a\r\nBcc: x@example.org",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "../../etc/passwd",
    "2026-13-45",
    "ML",
    "FR",
    "W751234567",
    "732829320",
    "association",
    "published",
    "approve",
    "reject",
    "https://example.org",
    "javascript:alert(1)",
    "x@example.org",
    "é" * 3000,
    "\u202e\ufeff🙂",
]
values = st.one_of(st.sampled_from(HOSTILE), st.text(max_size=40))
NAME = re.compile(r'<(?:input|select|textarea)[^>]*\bname="([^"]+)"')


@pytest.fixture
def world(django_user_model):
    """One object of each kind, an editor, a curator (superuser) and a pending submission."""
    domain = DomainFactory()
    actor = ActorFactory(email="x@example.org")
    actor.domains.add(domain)
    collectivity = CollectivityFactory()
    participant = ParticipantFactory(actor=actor)
    agreement = AgreementFactory(project=participant.project, parties=[participant])
    case_study = CaseStudyFactory()
    editorship = EditorshipFactory(actor=actor)
    submission = SubmissionFactory(actor=actor)
    superuser = django_user_model.objects.create_superuser("fuzz-admin", "fuzz@example.org", "motdepasse-solide")
    objects = {
        "actors.actor": actor,
        "actors.collectivity": collectivity,
        "actors.domain": domain,
        "projects.project": participant.project,
        "projects.participant": participant,
        "projects.agreement": agreement,
        "case_studies.casestudy": case_study,
        "contributions.editorship": editorship,
        "auth.user": UserFactory(),
    }
    twin = ActorFactory(name=actor.name)
    admin_pages = [
        reverse("curation:merge") + f"?nature=acteur&a={actor.pk}&b={twin.pk}",
        reverse("curation:duplicates"),
        reverse("admin:contributions_submission_review", args=[submission.pk]),
    ]
    request = RequestFactory().get("/")
    request.user = superuser
    for model, model_admin in admin.site._registry.items():
        info = (model._meta.app_label, model._meta.model_name)
        if model_admin.has_add_permission(request):
            admin_pages.append(reverse("admin:{}_{}_add".format(*info)))
        if f"{info[0]}.{info[1]}" in objects:
            admin_pages.append(reverse("admin:{}_{}_change".format(*info), args=[objects[f"{info[0]}.{info[1]}"].pk]))
    space_pages = [
        reverse("contributions:create"),
        reverse("contributions:edit", args=[actor.slug]),
        reverse("contributions:add_reference", args=[actor.slug]),
        reverse("contributions:claim", args=[ActorFactory().slug]),
        reverse("contributions:contact", args=[actor.slug]),
    ]
    return {"superuser": superuser, "editor": editorship.user, "admin": admin_pages, "space": space_pages}


FIELDS = {}


def fields_of(client, url):
    """The names of the form's fields, read from the page once per URL."""
    if url not in FIELDS:
        response = client.get(url)
        assert response.status_code < 500, url
        names = {name for name in NAME.findall(response.content.decode()) if name != "csrfmiddlewaretoken"}
        FIELDS[url] = sorted(names)
    return FIELDS[url]


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    # No shrinking: a failing example is printed as it was (shrinking posts for minutes).
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(data=st.data())
def test_admin_and_space_forms_never_answer_a_server_error(client, world, data):
    side = data.draw(st.sampled_from(["admin", "space"]))
    client.force_login(world["superuser"] if side == "admin" else world["editor"])
    url = data.draw(st.sampled_from(world[side]))
    post = {}
    for name in fields_of(client, url):
        choice = data.draw(st.integers(0, 9))
        if choice == 0:
            continue  # left out
        if choice == 1:
            post[name] = data.draw(st.lists(values, min_size=2, max_size=3))
        elif choice == 2 and ("logo" in name or "file" in name):
            post[name] = SimpleUploadedFile("x.html", data.draw(st.binary(max_size=64)), "text/html")
        else:
            post[name] = data.draw(values)
    note(f"POST {url} {post!r}")
    response = client.post(url, post)
    assert response.status_code < 500
