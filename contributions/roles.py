"""The curators' group and its permissions: what the regional agency's team needs, nothing more."""

from django.contrib.auth.models import Group, Permission

CURATORS = "Curateurs"

CURATOR_PERMISSIONS = {
    "actors": {
        "actor": ["view", "add", "change"],
        "collectivity": ["view", "add", "change"],
        "domain": ["view", "add", "change"],
        "country": ["view", "change"],
    },
    "projects": {
        "project": ["view", "add", "change", "delete"],
        "participant": ["view", "add", "change", "delete"],
        "agreement": ["view", "add", "change", "delete"],
    },
    "case_studies": {
        "casestudy": ["view", "add", "change"],
        "keypoint": ["view", "add", "change", "delete"],
        "part": ["view", "add", "change", "delete"],
        "keyfigure": ["view", "add", "change", "delete"],
    },
    "contributions": {
        "submission": ["view", "change"],
        "editorship": ["view", "add", "delete"],
    },
    # Merges and pairs that are not duplicates (curation, above this app: named here, never imported).
    "curation": {
        "merge": ["view", "change"],
        "notduplicate": ["view", "delete"],
        "importjob": ["view"],
        "invitation": ["view"],
        "exportjob": ["view", "add"],
    },
    # Background tasks: see what failed, start it again (core.admin).
    "core": {"backgroundtask": ["view", "change"]},
    # Calls for partners (the calls app, above this one: named here, never imported).
    "calls": {
        "call": ["view", "change"],
        "membership": ["view", "change"],
        "emaildomain": ["view", "add", "change", "delete"],
        "callanswer": ["view"],
    },
}


def curator_permission_codenames():
    for app_label, models in CURATOR_PERMISSIONS.items():
        for model, actions in models.items():
            for action in actions:
                yield app_label, f"{action}_{model}"


def ensure_curators_group(**kwargs):
    """Create or update the group (called after every migrate: permissions exist by then)."""
    group, _created = Group.objects.get_or_create(name=CURATORS)
    wanted = []
    for app_label, codename in curator_permission_codenames():
        permission = Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
        if permission is not None:
            wanted.append(permission)
    group.permissions.set(wanted)
    return group


def verify_superuser_address(sender, instance, created, raw=False, **kwargs):
    """A superuser made with `createsuperuser` logs in at once: their address counts as verified
    (allauth would otherwise send a link first). Only at creation, only for superusers with an address."""
    if raw or not created or not instance.is_superuser or not instance.email:
        return
    from allauth.account.models import EmailAddress

    EmailAddress.objects.get_or_create(
        user=instance, email=instance.email.lower(), defaults={"verified": True, "primary": True}
    )
