"""On a phone the status of a request or an entry stays in sight (screenshots at 390 px checked by hand)."""

import re

import pytest
from django.conf import settings
from django.urls import reverse

from tests.factories import ActorFactory, SubmissionFactory, VerifiedUserFactory

pytestmark = pytest.mark.django_db

ADMIN_CSS = settings.BASE_DIR / "static" / "css" / "admin.css"
SITE_CSS = settings.BASE_DIR / "static" / "css" / "site.css"


def test_my_requests_label_every_cell_so_the_state_shows_on_a_phone(client):
    user = VerifiedUserFactory()
    SubmissionFactory(user=user)
    client.force_login(user)
    html = client.get(reverse("contributions:dashboard")).content.decode()
    assert '<table class="table-stack">' in html
    assert re.findall(r'data-label="([^"]+)"', html) == ["Fiche", "Déposée le", "État", "Motif de l’équipe"]
    assert ".table-stack td[data-label]::before" in SITE_CSS.read_text()


@pytest.mark.parametrize("changelist", ["admin:actors_actor_changelist", "admin:contributions_submission_changelist"])
def test_admin_changelists_pin_their_status_column_on_a_phone(admin_client, changelist):
    SubmissionFactory(actor=ActorFactory())
    html = admin_client.get(reverse(changelist)).content.decode()
    assert ('href="/static/css/admin.css"' in html, 'class="sortable column-status' in html) == (True, True)
    css = ADMIN_CSS.read_text()
    assert re.search(r"#result_list td\.field-status \{\s*position: sticky;\s*right: 0;", css) is not None
