import importlib
import re

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from actors.models import Actor
from contributions.models import Submission
from tests.factories import ActorFactory, SubmissionFactory

pytestmark = pytest.mark.django_db

move_logos = importlib.import_module("contributions.migrations.0003_approved_logos_out_of_pending")


def test_logo_approved_before_the_move_leaves_the_pending_directory():
    old = default_storage.save("logos/en-attente/" + "c" * 32 + ".png", ContentFile(b"png"))
    actor = ActorFactory(logo=old)
    submission = SubmissionFactory(
        actor=actor, kind="change", status="approved", payload={"logo": old}, reviewed_at="2026-01-01T00:00Z"
    )
    move_logos.move_approved_logos(apps, None)
    actor = Actor.objects.get(pk=actor.pk)
    assert bool(re.fullmatch(r"logos/[0-9a-f]{32}\.png", actor.logo.name))
    assert default_storage.open(actor.logo.name).read() == b"png"
    assert default_storage.exists(old) is False
    assert actor.history.filter(logo=old).exists() is False
    assert Submission.objects.get(pk=submission.pk).payload == {"logo": actor.logo.name}
