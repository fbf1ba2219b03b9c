"""The lists one can follow (by e-mail alert or Atom feed): each with its page, its FilterSet and its
published entries — the pages' own filters, so that an alert finds exactly what the page shows."""

from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit

from django.http import QueryDict
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from actors.filters import ActorFilter
from actors.models import Actor
from calls import selectors as call_selectors
from calls.filters import CallFilter
from projects.filters import ProjectFilter
from projects.models import Project

# Parameters that change the page, not the selection.
IGNORED_PARAMETERS = {"page", "format", "tri"}
MAX_QUERY_LENGTH = 1000


@dataclass(frozen=True)
class FollowableList:
    kind: str
    label: str
    url_name: str
    filterset: type
    entries: object  # () → the published entries

    @property
    def path(self):
        return reverse(self.url_name)

    def filtered(self, query):
        """The list's entries as its page filters them with `query` (a query string)."""
        return self.filterset(QueryDict(query), queryset=self.entries()).qs

    def describe(self, query):
        """« Acteurs — Pays : Mali ; Domaine : Eau » from the filters the query string sets."""
        filterset = self.filterset(QueryDict(query), queryset=self.entries())
        parts = []
        for name, value in filterset.cleaned.items():
            if name == "tri" or not value:
                continue
            field = filterset.form.fields[name]
            labels = dict(getattr(field, "choices", []))
            values = value if isinstance(value, list) else [value]
            parts.append(f"{field.label} : {', '.join(str(labels.get(v, v)) for v in values)}")
        return f"{self.label} — {' ; '.join(parts)}" if parts else str(self.label)


LISTS = {
    "acteurs": FollowableList(
        "acteurs", _("Acteurs de l’ESS"), "actors:actor_list", ActorFilter, lambda: Actor.objects.published()
    ),
    "projets": FollowableList(
        "projets", _("Projets"), "projects:project_list", ProjectFilter, lambda: Project.objects.published()
    ),
    "appels": FollowableList("appels", _("Appels à partenaires"), "calls:list", CallFilter, call_selectors.open_calls),
}


def normalise_query(query):
    """The query string without page, format and sort, its parameters in a stable order."""
    data = QueryDict(query[:MAX_QUERY_LENGTH])
    pairs = sorted(
        (key, value)
        for key, values in data.lists()
        if key not in IGNORED_PARAMETERS
        for value in values
        if value.strip()
    )
    return urlencode(pairs)


def from_url(url):
    """(list, normalised query) for a list page's address (path and query string), or (None, '')."""
    parts = urlsplit(url or "")
    if parts.scheme or parts.netloc:
        return None, ""  # only this site's own list pages, given as a path
    for followable in LISTS.values():
        if parts.path == followable.path:
            return followable, normalise_query(parts.query)
    return None, ""
