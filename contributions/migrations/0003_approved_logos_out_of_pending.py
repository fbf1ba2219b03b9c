"""Logos accepted before approval moved them: out of logos/en-attente/ to a new logos/<random> name."""

import uuid

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import migrations

PENDING = "logos/en-attente/"


def move_approved_logos(apps, schema_editor):
    Actor = apps.get_model("actors", "Actor")
    HistoricalActor = apps.get_model("actors", "HistoricalActor")
    Submission = apps.get_model("contributions", "Submission")
    for old in Actor.objects.filter(logo__startswith=PENDING).values_list("logo", flat=True).distinct():
        if not default_storage.exists(old):
            continue
        extension = old.rsplit(".", 1)[-1]
        with default_storage.open(old) as pending:
            new = default_storage.save(f"logos/{uuid.uuid4().hex}.{extension}", ContentFile(pending.read()))
        Actor.objects.filter(logo=old).update(logo=new)
        HistoricalActor.objects.filter(logo=old).update(logo=new)
        for submission in Submission.objects.filter(kind="change", status="approved"):
            if submission.payload.get("logo") == old:
                submission.payload["logo"] = new
                submission.save(update_fields=["payload"])
        default_storage.delete(old)


class Migration(migrations.Migration):
    dependencies = [
        ("actors", "0012_zones_of_design"),
        ("contributions", "0002_curator_preferences"),
    ]

    operations = [migrations.RunPython(move_approved_logos, migrations.RunPython.noop)]
