"""What the site-wide search knows of calls (published ones, open or archived)."""

from actors.search_index import country_names, domain_names, labels
from core.search import Document, register

from .models import Call, CallStatus


def call_document(call):
    return Document(
        title=call.title,
        keywords=" ".join(
            [
                call.collectivity.name,
                domain_names([call.domain]),
                country_names(call.countries.values_list("code", flat=True)),
                labels(call.get_zone_display() if call.zone else "", call.get_role_display(), call.get_mode_display()),
            ]
        ),
        body=call.description,
    )


def register_all():
    register(
        Call,
        kind="call",
        queryset=lambda: Call.objects.filter(status=CallStatus.PUBLISHED).select_related("collectivity", "domain"),
        build=call_document,
    )
